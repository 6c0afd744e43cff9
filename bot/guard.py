"""Input hygiene before anything reaches retrieval: control characters, length, and attempts to override
the assistant's instructions (which are refused, never obeyed)."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

_INJECTION_PATTERNS = [
    r"ignore\s+(all\s+|any\s+|the\s+|your\s+|previous\s+|prior\s+|above\s+)*(instructions|rules|prompts?)",
    r"disregard\s+(all\s+|any\s+|the\s+|your\s+|previous\s+|prior\s+)*(instructions|rules)",
    r"(system|developer|hidden)\s+prompt",
    r"you\s+are\s+now\s+",
    r"pretend\s+(to\s+be|you\s+are)",
    r"jail\s*break",
    r"act\s+as\s+(an?\s+)?(unrestricted|different)",
    r"(이전|앞의|위의|기존)\s*(의\s*)?(지시|명령|지침|규칙|프롬프트)",
    r"(지시|명령|지침|규칙)\s*(을|를|은|는)?\s*(모두\s*)?(무시|잊)",
    r"시스템\s*프롬프트",
    r"프롬프트\s*(를|을)?\s*(보여|출력|알려|공개)",
    r"(너는|당신은)\s*이제\s*",
    r"역할\s*(을|를)?\s*(바꿔|변경)",
]
_INJECTION = re.compile("|".join(_INJECTION_PATTERNS), re.IGNORECASE)


class QuestionError(ValueError):
    """The question cannot be processed (empty or too long); the message is shown to the user."""


def clean_question(question: str, max_chars: int) -> str:
    """NFC, no control or bidi characters, collapsed whitespace; raises QuestionError when empty or too long."""
    text = unicodedata.normalize("NFC", question or "")
    text = _CONTROL.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise QuestionError("질문이 비어 있습니다. / The question is empty.")
    if len(text) > max_chars:
        raise QuestionError(
            f"질문이 너무 깁니다 ({len(text)}자, 최대 {max_chars}자). / The question is too long "
            f"({len(text)} characters, at most {max_chars})."
        )
    return text


def is_injection(text: str) -> bool:
    """True for text that tries to change the assistant's instructions or extract its prompt."""
    return bool(_INJECTION.search(text))
