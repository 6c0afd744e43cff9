"""Attempts to override the assistant's instructions, which are refused, never obeyed. (Cleaning and length
limits of what people type are in ``bot.text``.)"""

from __future__ import annotations

import re

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


def is_injection(text: str) -> bool:
    """True for text that tries to change the assistant's instructions or extract its prompt."""
    return bool(_INJECTION.search(text))
