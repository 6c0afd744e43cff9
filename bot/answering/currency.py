"""The currency a question asks an amount in ("What is the fee in Korean won?", "원화로 얼마예요?"), and whether the
chosen lines state one in it: a page that prices in its own currency does not answer in won, and converting is
a guess the product does not make."""

from __future__ import annotations

import re

# Each currency by the ways a page writes it beside a figure, and the ways a question asks for it.
_CURRENCIES: dict[str, tuple[str, str]] = {
    # name: (written beside a figure, asked for)
    "KRW": (r"KRW|₩|\d\s*(?:천|만|억)?\s*원(?![가-힣])|\bwon\b", r"\bin\s+(?:korean\s+)?won\b|\bin\s+krw\b|원화로"),
    "USD": (r"USD|US\$|\$\s*\d|\d\s*달러|\bdollars?\b", r"\bin\s+(?:us\s+)?dollars\b|\bin\s+usd\b|달러화로"),
    "EUR": (r"EUR|€|\d\s*유로|\beuros?\b", r"\bin\s+euros?\b|\bin\s+eur\b|유로화로"),
    "JPY": (r"JPY|¥|\d\s*엔(?![가-힣])|\byen\b", r"\bin\s+(?:japanese\s+)?yen\b|\bin\s+jpy\b|엔화로"),
}
_WRITTEN = {name: re.compile(written, re.IGNORECASE) for name, (written, _asked) in _CURRENCIES.items()}
_ASKED = {name: re.compile(asked, re.IGNORECASE) for name, (_written, asked) in _CURRENCIES.items()}
# A figure with a currency code or symbol of any kind, as a page in its own currency writes it ("EVK 900").
_ANY_AMOUNT = re.compile(r"\b[A-Z]{3}\s*\d|\d[\d,.]*\s*[A-Z]{3}\b|[₩$€¥£]\s*\d|\d\s*(?:천|만|억)?\s*원(?![가-힣])")


def asked_currencies(question: str) -> frozenset[str]:
    """The currencies the question asks its amount in."""
    return frozenset(name for name, pattern in _ASKED.items() if pattern.search(question))


def unstated_currencies(question: str, texts: list[str]) -> tuple[str, ...]:
    """Currencies asked that no text writes a figure in, when the texts do give amounts (in another currency)."""
    asked = asked_currencies(question)
    joined = "\n".join(texts)
    if not asked or not _ANY_AMOUNT.search(joined):
        return ()
    return tuple(sorted(name for name in asked if not _WRITTEN[name].search(joined)))
