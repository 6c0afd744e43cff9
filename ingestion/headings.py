"""The heading grammar of Korean government notices, in one place: ``ingestion.structure`` classifies lines
with it and writes the canonical labels below into every chunk's section path, and ``bot.catalogue`` reads
those labels back with the same patterns.

Levels: 0 ``붙임N`` (attachment) and ``담당 부서`` (contact block); 1 ``(전략 N) …``, ``Ⅲ. …``, ``QN …`` and
headings a format marks itself (DOCX/HWPX heading styles, Markdown/HTML headings); 2 numbered tasks ``N. …``.
Text before the first heading is the body (``본문``)."""

from __future__ import annotations

import re

BODY_LABEL = "본문"
CONTACT_LABEL = "담당 부서"

ATTACHMENT = re.compile(r"^붙임\s*(\d+)(\.)?\s*(.*)$")
STRATEGY = re.compile(r"^\(\s*전략\s*(\d+)\s*\)\s*(.+)$")
ROMAN = re.compile(r"^([ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ])\s*[.．]\s*(.+)$")
ROMAN_VALUES = {r: i for i, r in enumerate("ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ", start=1)}
TASK = re.compile(r"^(\d{1,2})\s*\.\s+(\S.*)$")
QUESTION = re.compile(r"^Q\s*(\d{1,2})(?:[.:)]|\s)\s*(.+)$")
# "담당 부서 글로벌성장정책관 책임자 …" opens the contact block; "담당 부서: 경제정책과" is a field line of the header.
CONTACT = re.compile(r"^담당\s*부서(?!\s*[:：])")
# A numbered line that ends like a sentence is body text ("1. 지원한다."), not a heading ("1. 사업개요").
SENTENCE_END = re.compile(r"[.!?。]$|(니다|한다|된다|있다|없다|했다|이다|였다|세요|해요|어요|아요|예요|에요|까요)$")
MAX_HEADING_CHARS = 90
MAX_TASK_CHARS = 60


def clean_title(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip()


# ---- canonical labels (what structure writes into section paths) ---------------------------------------------


def attachment_label(number: str | int) -> str:
    return f"붙임{number}"


def strategy_label(number: str | int, title: str) -> str:
    return f"(전략 {number}) {clean_title(title)}"


def roman_label(numeral: str, title: str) -> str:
    return f"{numeral}. {clean_title(title)}"


def question_label(number: str | int, title: str) -> str:
    return f"Q{number} {clean_title(title)}"


def task_label(number: str | int, title: str) -> str:
    return f"{int(number)}. {clean_title(title)}"


# ---- reading labels back (what the catalogue needs) ------------------------------------------------------------


def parse_task(label: str) -> tuple[int, str] | None:
    """(N, title) of a task label ``N. title``."""
    m = TASK.match(label)
    return (int(m.group(1)), m.group(2).strip()) if m else None


def parse_strategy(label: str) -> tuple[int, str] | None:
    """(N, title) of ``(전략 N) title`` or ``Ⅲ. title`` (Ⅲ → 3); None for other level-1 headings."""
    if m := STRATEGY.match(label):
        return int(m.group(1)), m.group(2).strip()
    if m := ROMAN.match(label):
        return ROMAN_VALUES[m.group(1)], m.group(2).strip()
    return None


def is_attachment(label: str) -> bool:
    return bool(ATTACHMENT.match(label))


def is_question(label: str) -> bool:
    return bool(QUESTION.match(label))


def is_container(label: str) -> bool:
    """Level-0 labels (붙임N, 본문, 담당 부서) hold strategies and tasks; they are not strategies themselves."""
    return is_attachment(label) or label in (BODY_LABEL, CONTACT_LABEL)
