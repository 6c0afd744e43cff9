"""Prompt templates: declared variables, loud failures, literal braces, loaded once."""

from __future__ import annotations

import pytest

from bot.templates import Template, TemplateError, load_template


def test_render_substitutes_declared_variables_and_keeps_literal_braces() -> None:
    t = Template.parse("t.md", "<!-- variables: q, p -->\nJSON {\"a\": 1} and {single} and $x\n{{p}} / {{ q }}\n")
    assert t.variables == {"q", "p"}
    assert t.render(q="질문 {{p}}", p="발췌") == "JSON {\"a\": 1} and {single} and $x\n발췌 / 질문 {{p}}\n"


@pytest.mark.parametrize(("source", "fragment"), [
    ("no declaration {{q}}", "declare its variables"),
    ("<!-- variables: q -->\n{{q}} {{other}}", "not declared: other"),
    ("<!-- variables: q, unused -->\n{{q}}", "never used: unused"),
])
def test_a_template_that_does_not_match_its_declaration_fails_to_load(source: str, fragment: str) -> None:
    with pytest.raises(TemplateError, match=fragment):
        Template.parse("bad.md", source)


def test_missing_or_unknown_variables_fail_loudly() -> None:
    t = Template.parse("t.md", "<!-- variables: a, b -->\n{{a}}{{b}}")
    with pytest.raises(TemplateError, match="missing b"):
        t.render(a="1")
    with pytest.raises(TemplateError, match="unknown c"):
        t.render(a="1", b="2", c="3")


def test_the_shipped_prompts_load_once_and_render() -> None:
    for language in ("ko", "en"):
        template = load_template(f"answer_{language}.md")
        assert load_template(f"answer_{language}.md") is template  # read and checked once per process
        assert template.variables == {"passages", "question"}
        text = template.render(passages="[1] 발췌 {중괄호}", question="질문?")
        assert "[1] 발췌 {중괄호}" in text and "질문?" in text and "{{" not in text and "<!--" not in text
