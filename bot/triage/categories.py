"""Categories of programs for routing: product configuration (keywords), matched on the program's title, then
its strategy heading, then its extract."""

from __future__ import annotations

from bot.catalogue import Program
from bot.triage.models import Category

# Product config: keywords that put a program in a category, checked on the program's title, then its strategy
# heading (the first category in this order that matches wins: most specific first), then its extract.
CATEGORY_KEYWORDS: dict[str, tuple[str, ...]] = {
    "startups": ("스타트업", "창업", "VC", "TIPS", "투자"),
    "talent": ("인재", "인력", "유학생", "채용", "교육", "수출전사"),
    "rnd": ("R&D", "연구", "기술개발", "PoC"),
    "regulation_certification": ("규제", "인증", "표준", "무역환경"),
    "one_team_network": ("원팀", "협의체", "민관", "재외공관", "지원센터", "네트워크"),
    "overseas_expansion": ("해외진출", "해외법인", "법인", "현지", "해외"),
    "export_voucher_finance": ("바우처", "금융", "자금", "융자", "보증", "수출"),
}


def category_of(program: Program | None) -> Category:
    """The first category (CATEGORY_KEYWORDS order) whose keywords the program's title holds; else its strategy
    heading; else the category whose keywords its extract holds most; else "other"."""
    if program is None:
        return "other"
    for where in (program.title, program.strategy.title if program.strategy else ""):
        for name, words in CATEGORY_KEYWORDS.items():
            if any(w.lower() in where.lower() for w in words):
                return name  # type: ignore[return-value]
    extract = " ".join(program.extract).lower()
    counts = {name: sum(extract.count(w.lower()) for w in words) for name, words in CATEGORY_KEYWORDS.items()}
    best = max(counts, key=lambda n: counts[n])
    return best if counts[best] else "other"  # type: ignore[return-value]
