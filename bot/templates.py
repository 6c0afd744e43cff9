"""Prompt templates (``prompts/*.md``), loaded once through ``importlib.resources`` so they work from a wheel.

A template declares its variables on its first line, ``<!-- variables: passages, question -->``, and writes
them as ``{{name}}``. Loading fails when a placeholder is not declared or a declared variable is never used;
rendering fails when a variable is missing or unknown. Everything else — single braces, ``$``, JSON — is
literal text, and substituted values are never scanned again."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

PACKAGE = "prompts"
_DECLARATION = re.compile(r"\A<!--\s*variables:\s*([^>]*?)\s*-->[ \t]*\n")
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


class TemplateError(ValueError):
    """A template and its variables do not match (the message names the template and the variables)."""


@dataclass(frozen=True)
class Template:
    name: str
    variables: frozenset[str]
    text: str  # without the declaration line

    @classmethod
    def parse(cls, name: str, source: str) -> Template:
        m = _DECLARATION.match(source)
        if m is None:
            raise TemplateError(f"{name}: the first line must declare its variables: <!-- variables: a, b -->")
        declared = frozenset(v.strip() for v in m.group(1).split(",") if v.strip())
        text = source[m.end():]
        used = set(_PLACEHOLDER.findall(text))
        if used - declared:
            raise TemplateError(f"{name}: placeholders not declared: {', '.join(sorted(used - declared))}")
        if declared - used:
            raise TemplateError(f"{name}: declared but never used: {', '.join(sorted(declared - used))}")
        return cls(name, declared, text)

    def render(self, **values: str) -> str:
        missing, unknown = self.variables - values.keys(), values.keys() - self.variables
        if missing or unknown:
            problems = [f"missing {', '.join(sorted(missing))}" if missing else "",
                        f"unknown {', '.join(sorted(unknown))}" if unknown else ""]
            raise TemplateError(f"{self.name}: {'; '.join(p for p in problems if p)}")
        return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), self.text)


@cache
def load_template(name: str) -> Template:
    """The template ``prompts/<name>``, read and checked once per process."""
    source = resources.files(PACKAGE).joinpath(name).read_text(encoding="utf-8")
    return Template.parse(name, source)
