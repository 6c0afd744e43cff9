"""Block Kit builders for Slack messages and modals. Pure functions of an ``Answer``: no I/O, no Slack client.

Everything that comes from a document or a user is passed through :func:`escape_mrkdwn` so that document text
cannot inject ``<@U…>`` mentions, ``<!channel>`` or ``<https://…|links>`` into a message.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bot.models import Answer, Citation, Contact
from bot.text import QuestionError, clean_text
from bot.wording import word

Block = dict[str, Any]

# action_id of every interactive element; the app registers one handler per id.
ACTION_SOURCES = "policy_sources"
ACTION_FEEDBACK_UP = "policy_feedback_up"
ACTION_FEEDBACK_DOWN = "policy_feedback_down"
ACTION_CONTACT = "policy_contact"
ACTION_POST = "policy_post"

PLACEHOLDER_TEXT = "찾는 중… / Searching…"
USAGE = ("사용법: `/policy 질문` — 예: `/policy 수출바우처 지원한도는?` · 질문 앞 옵션: "
         "`status:open|upcoming|closed` `kind:notice|press_release|regulation|guide` `issuer:기관` "
         "`since:YYYY-MM-DD` `until:YYYY-MM-DD`")
STATUS_WORDS = {"upcoming": "접수 예정", "open": "접수 중", "closed": "마감"}
ASK_HINT = "무엇이 궁금하신가요? 예: `수출바우처 지원한도는?` / Ask me about the policy documents."
ANSWER_FAILED = "답변 중 오류가 발생했습니다."
POST_FAILED = "채널에 게시하지 못했습니다. 봇을 채널에 초대해 주세요 (`/invite @policybot`)."
NOTHING_TO_POST = "게시할 답변을 찾지 못했습니다."
NO_SOURCES = "출처를 찾지 못했습니다."
NO_CONTACT = "담당자 정보가 없습니다."
THANKS = "피드백 감사합니다! / Thanks for the feedback."

SECTION_LIMIT = 3000  # characters of one section/context text object
VALUE_LIMIT = 2000  # characters of a button value
FALLBACK_LIMIT = 3000  # characters of the notification ``text`` we send alongside blocks
MODAL_TITLE = "출처 / Sources"

_MENTION_RE = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
_CHANNEL_RE = re.compile(r"<#[CG][A-Z0-9]+(?:\|([^>]*))?>")
_SPECIAL_RE = re.compile(r"<!(?:subteam\^[A-Z0-9]+|here|channel|everyone)(?:\|([^>]*))?>")
_LINK_RE = re.compile(r"<((?:https?|mailto|tel):[^|>]+)(?:\|([^>]*))?>")


def escape_mrkdwn(text: str) -> str:
    """Escape the three characters Slack treats as control characters in mrkdwn and plain ``text``."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape_mrkdwn(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def clean_user_text(text: str) -> str:
    """A user's Slack message as a plain question: mentions dropped, links as labels, entities decoded, then
    ``bot.text.clean_text`` (control and invisible characters removed, one line)."""
    text = _MENTION_RE.sub("", text)
    text = _CHANNEL_RE.sub(lambda m: "#" + (m.group(1) or "channel"), text)
    text = _SPECIAL_RE.sub(lambda m: m.group(1) or "", text)
    text = _LINK_RE.sub(lambda m: m.group(2) or m.group(1), text)
    return clean_text(unescape_mrkdwn(text), single_line=True)


def question_problem(problem: QuestionError) -> str:
    """A polite reply to a message that cannot be asked: a hint when it holds no question, else what is wrong."""
    if problem.reason == "empty":
        return ASK_HINT
    return f"{escape_mrkdwn(str(problem))} 조금 줄여서 다시 물어봐 주세요. / Please shorten it and ask again."


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _split(text: str, limit: int = SECTION_LIMIT - 100) -> list[str]:
    """Split on line breaks into pieces of at most ``limit`` characters (hard-cut a single overlong line)."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current or not pieces:
        pieces.append(current)
    return pieces


def action_value(key: str, question: str) -> str:
    """Button value: the cache key of the answer plus the question, so a click survives a restart."""
    payload = {"k": key, "q": question}
    value = json.dumps(payload, ensure_ascii=False)
    while len(value) > VALUE_LIMIT:
        payload["q"] = payload["q"][: len(payload["q"]) - (len(value) - VALUE_LIMIT) - 1]
        value = json.dumps(payload, ensure_ascii=False)
    return value


def parse_action_value(value: str | None) -> tuple[str, str]:
    """``(key, question)`` from :func:`action_value`; empty strings for anything malformed."""
    try:
        data = json.loads(value or "")
    except ValueError:
        return "", ""
    if not isinstance(data, dict):
        return "", ""
    return str(data.get("k", "")), str(data.get("q", ""))


def contact_value(contact: Contact) -> str:
    data = contact.model_dump(include={"doc_id", "department", "people", "phone", "source"})
    value = json.dumps(data, ensure_ascii=False)
    while len(value) > VALUE_LIMIT and data["people"]:
        data["people"] = data["people"][:-1]
        value = json.dumps(data, ensure_ascii=False)
    return _truncate(value, VALUE_LIMIT)


def parse_contact_value(value: str | None) -> Contact | None:
    try:
        return Contact.model_validate_json(value or "")
    except ValueError:
        return None


def pages_label(pages: list[int]) -> str:
    if not pages:
        return ""
    if len(pages) == 1:
        return f"p. {pages[0]}"
    return f"pp. {min(pages)}–{max(pages)}"


def citation_label(citation: Citation) -> str:
    """``[n] 문서 제목 › 섹션 경로 · p. 3`` (escaped mrkdwn)."""
    section = " › ".join(citation.section_path) if citation.section_path else citation.section
    parts = [f"*[{citation.n}]* {escape_mrkdwn(citation.doc_title)}"]
    dated = [citation.doc_date or "", STATUS_WORDS.get(citation.doc_status or "", "")]
    if any(dated):
        parts.append(f" ({escape_mrkdwn(', '.join(d for d in dated if d))})")
    if section:
        parts.append(f" › {escape_mrkdwn(section)}")
    if citation.pages:
        parts.append(f" · {pages_label(citation.pages)}")
    return "".join(parts)


def contact_line(contact: Contact) -> str:
    line = escape_mrkdwn(contact.one_line())
    if contact.phone and contact.phone not in contact.one_line():
        line += f" ☎ {escape_mrkdwn(contact.phone)}"
    return line


def answer_body(answer: Answer) -> str:
    """The answer as mrkdwn: the text itself, or for an abstention the "not found" line and what is missing (the
    contact has a block of its own); read from the answer's outcome, never from its wording."""
    if answer.outcome != "abstained":
        return escape_mrkdwn(answer.text.strip())
    lines = [f"*{word('not_found', answer.language)}* {word('no_guess', answer.language)}"]
    # ``abstain_reason`` is a diagnostic (English, for logs); users see the missing concepts instead.
    if answer.missing_terms:
        missing = ", ".join(escape_mrkdwn(t) for t in answer.missing_terms)
        lines.append(f"{word('missing', answer.language)}: {missing}")
    return "\n".join(lines)


def fallback_text(answer: Answer) -> str:
    """The message's top-level ``text`` (notifications, screen readers, thread history): plain and escaped."""
    return escape_mrkdwn(_truncate(answer.text.strip(), FALLBACK_LIMIT))


def _button(text: str, action_id: str, value: str, style: str | None = None) -> Block:
    button: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": text, "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def citations_context(citations: list[Citation]) -> Block | None:
    """A context block with one element per citation (Slack allows 10: the overflow shares the last one)."""
    if not citations:
        return None
    labels = [citation_label(c) for c in citations]
    if len(labels) > 10:
        labels = labels[:9] + ["\n".join(labels[9:])]
    return {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": _truncate(label, SECTION_LIMIT)} for label in labels],
    }


def answer_blocks(answer: Answer, key: str, *, ephemeral: bool = False) -> list[Block]:
    """The full answer message: text, citations, related section, and the action buttons.

    ``key`` identifies the answer in the app's cache (buttons carry it); ``ephemeral`` adds the
    "채널에 게시 / Post to channel" button used by ``/policy``.
    """
    blocks = _sections(answer_body(answer))[:40]
    context = citations_context(answer.citations)
    if context:
        blocks.append(context)
    if answer.related_section:
        label = word("related", answer.language)
        blocks.append({
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": _truncate(
                f"{label}: {escape_mrkdwn(answer.related_section)}", SECTION_LIMIT)}],
        })
    if answer.outcome == "abstained" and answer.contact:
        label = word("contact_label", answer.language)
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _truncate(
            f"*{label}:* {contact_line(answer.contact)}", SECTION_LIMIT)}})
    value = action_value(key, answer.question)
    buttons: list[Block] = []
    if answer.citations:
        buttons.append(_button("출처 보기", ACTION_SOURCES, value))
    buttons.append(_button("👍", ACTION_FEEDBACK_UP, value))
    buttons.append(_button("👎", ACTION_FEEDBACK_DOWN, value))
    if answer.contact:
        buttons.append(_button("담당자 연결", ACTION_CONTACT, contact_value(answer.contact)))
    if ephemeral:
        buttons.append(_button("채널에 게시 / Post to channel", ACTION_POST, value, style="primary"))
    blocks.append({"type": "actions", "block_id": f"policy_actions:{key}"[:255], "elements": buttons})
    return blocks


def placeholder_blocks() -> list[Block]:
    return [{"type": "context", "elements": [{"type": "mrkdwn", "text": f":mag: {PLACEHOLDER_TEXT}"}]}]


def error_blocks(language: str = "ko") -> list[Block]:
    text = (
        "Sorry, something went wrong while answering. Please try again."
        if language == "en" else "답변을 만드는 중 오류가 발생했습니다. 잠시 후 다시 시도해 주세요."
    )
    return [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]


def sources_modal(answer: Answer) -> Block:
    """A ``views.open`` view quoting every cited passage (quote in bold context of its whole chunk)."""
    blocks: list[Block] = []
    for citation in answer.citations[:24]:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _truncate(
            citation_label(citation), SECTION_LIMIT)}})
        quote = escape_mrkdwn(citation.quote.strip()).replace("\n", "\n>")
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _truncate(
            f">{quote}", SECTION_LIMIT)}})
        passage = citation.passage.strip()
        if passage and passage != citation.quote.strip():
            blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": _truncate(
                escape_mrkdwn(passage), SECTION_LIMIT)}]})
        blocks.append({"type": "divider"})
    if not blocks:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": "인용된 출처가 없습니다."}})
    elif blocks[-1]["type"] == "divider":
        blocks.pop()
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": MODAL_TITLE},
        "close": {"type": "plain_text", "text": "닫기"},
        "blocks": blocks,
    }


def sources_text(answer: Answer) -> str:
    """The sources as one mrkdwn text, for an ephemeral message when no modal can be opened."""
    lines = []
    for citation in answer.citations:
        lines.append(citation_label(citation))
        lines.append(">" + escape_mrkdwn(citation.quote.strip()).replace("\n", "\n>"))
    return _truncate("\n".join(lines) or "인용된 출처가 없습니다.", SECTION_LIMIT)


def contact_blocks(contact: Contact) -> list[Block]:
    lines = [f"*담당자 연결 / Contact*\n{escape_mrkdwn(contact.department)}"]
    lines.extend(f"• {escape_mrkdwn(person)}" for person in contact.people)
    if contact.phone:
        lines.append(f"☎ {escape_mrkdwn(contact.phone)}")
    blocks: list[Block] = [{"type": "section", "text": {"type": "mrkdwn", "text": _truncate(
        "\n".join(lines), SECTION_LIMIT)}}]
    if contact.source:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": _truncate(
            f"출처: {escape_mrkdwn(contact.source)}", SECTION_LIMIT)}]})
    return blocks


def _sections(mrkdwn: str) -> list[Block]:
    return [{"type": "section", "text": {"type": "mrkdwn", "text": piece}} for piece in _split(mrkdwn)]


def text_blocks(text: str, *, escaped: bool = False) -> list[Block]:
    """Plain text (escaped unless it already is) as section blocks."""
    return _sections(text if escaped else escape_mrkdwn(text))[:40]


def asked_by_blocks(user_id: str | None, question: str) -> list[Block]:
    """The header of an answer posted to a channel from ``/policy``: who asked what."""
    asked_by = f"<@{user_id}> 님의 질문" if user_id else "질문"
    return [{"type": "section", "text": {"type": "mrkdwn", "text": f"*{asked_by}:* {escape_mrkdwn(question)[:2800]}"}}]


def triage_blocks(text: str) -> list[Block]:
    return _sections(escape_mrkdwn(text))[:40]
