"""Which edition of a program a question asks about, by the words it uses: a year written next to a word of a
title ("지원사업 2025년에는", "2025년 공고"), or a year named from now ("작년엔 몇 개였어요?", "재작년 공고에서는").

A year named from now counts from the program's own newest edition when that is later than today's year: the
notices then speak of a year the clock has not reached (a call published in December for the next year, or a
machine whose clock is behind), and the asker's "올해" is that call's year, "작년" the edition before it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.concepts import YEAR_DEIXIS, squash
from bot.situation import background_end
from bot.tokens import analyse

if TYPE_CHECKING:  # evidence reads what prepare (which reads this module) makes of a question
    from bot.answering.evidence import DocInfo

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_YEAR_UNIT = {"년", "년도", "도"}


def edition_years(question: str, titles: str) -> tuple[str, ...]:
    """Years of the question that say which edition: written next to a word of some document title ("지원사업
    2025년에는", "2025년 공고", "2025 물류비 지원사업"). A year beside another noun qualifies that noun ("2025년
    매출액", "신규 해외법인은 2023년에"), a range ("2014년부터 2023년까지") or a date ("2025년 12월") is no edition."""
    tokens = [(form, tag.split("-")[0], start, start + length) for form, tag, start, length in analyse(question)]
    years: list[str] = []
    for i, (form, tag, _start, _end) in enumerate(tokens):
        if tag != "SN" or not _YEAR.fullmatch(form):
            continue
        j = i + 1
        while j < len(tokens) and tokens[j][0] in _YEAR_UNIT:
            j += 1
        rest = question[tokens[j - 1][3]:].lstrip() if j > i else ""
        if (j < len(tokens) and tokens[j][1] == "SN") or re.match(r"(?:부터|까지|에서|~|–|-|→)", rest):
            continue
        if any(len(word) >= 2 and squash(word) in titles for word in (_word_before(tokens, i), _word_after(tokens, j))):
            years.append(form)
    return tuple(dict.fromkeys(years))


_NOUNISH = ("NN", "XSN", "SL", "XR")


def _word_after(tokens: list[tuple[str, str, int, int]], j: int) -> str:
    """The noun written right after position ``j`` as one word ("물류비" of "물류비 지원사업")."""
    word = ""
    while j < len(tokens) and tokens[j][1].startswith(_NOUNISH) and tokens[j][1] != "NNB":
        word += tokens[j][0]
        if j + 1 < len(tokens) and tokens[j + 1][2] > tokens[j][3]:
            break  # a space ends the word
        j += 1
    return word


def _word_before(tokens: list[tuple[str, str, int, int]], i: int) -> str:
    """The noun written right before position ``i`` as one word ("지원사업" of "입점 지원사업 2025년")."""
    j = i - 1
    while j >= 0 and not tokens[j][1].startswith(_NOUNISH):
        if tokens[j][1].startswith("S") and tokens[j][1] != "SL":
            return ""  # punctuation between them
        j -= 1
    word = ""
    while j >= 0 and tokens[j][1].startswith(_NOUNISH) and tokens[j][1] != "NNB":
        word = tokens[j][0] + word
        if j - 1 >= 0 and tokens[j - 1][3] < tokens[j][2]:
            break
        j -= 1
    return word


_TOPIC = {"은", "는", "ᆫ"}
_PLACE = {"에", "에서"}
_POSSESSIVE_DEIXIS = re.compile(r"\b(last|previous|past)\s+year['’]s\b", re.IGNORECASE)


def edition_offset(question: str, titles: str) -> int:
    """How many years before the current edition the question asks about (-1 for "작년엔 한도가 얼마였어요?"),
    or 0 (none, or several: see ``edition_offsets``)."""
    return single_offset(edition_offsets(question, titles))


def single_offset(offsets: tuple[int, ...]) -> int:
    """The one edition the offsets name, or 0: none named, or several compared."""
    return offsets[0] if len(offsets) == 1 else 0


def edition_offsets(question: str, titles: str) -> tuple[int, ...]:
    """The editions the question sets itself in, as years before the current one (-1 for "작년엔 한도가
    얼마였어요?", (-1, 0) for "작년이랑 올해 각각 몇 %예요?"). The year word must say when the question is set — as
    its topic ("작년엔", "재작년에는"), beside a title's word ("작년 공고에서는"), joined with another year word
    ("작년이랑 올해"), in a question asked in the past tense, or "last year's" — outside the asker's situation: "작년
    매출이 25억인데", "작년에 수출실적이 없으면" tell of the asker's year, not of an edition. Two such years
    ("작년엔 …? 올해는요?") compare editions."""
    offsets: set[int] = {-1} if _POSSESSIVE_DEIXIS.search(question) else set()
    tokens = [(form, tag.split("-")[0], start, start + length) for form, tag, start, length in analyse(question)]
    told = background_end(question)
    past = _asked_in_past(tokens)
    for i, (form, _tag, start, _end) in enumerate(tokens):
        if form not in YEAR_DEIXIS or form.isascii() or start < told:
            continue
        j = i + 1
        while j < len(tokens) and tokens[j][0] in _PLACE and tokens[j][1].startswith("J"):
            j += 1
        topic = j < len(tokens) and tokens[j][0] in _TOPIC and tokens[j][1] == "JX"
        titled = j == i + 1 and any(len(word) >= 2 and squash(word) in titles
                                    for word in (_word_after(tokens, i + 1), _word_before(tokens, i)))
        # Two years joined as one ("작년이랑 올해 각각", "작년과 올해") set the question in both.
        joined = (j == i + 1 and j + 1 < len(tokens) and tokens[j][0] in _AND
                  and tokens[j + 1][0] in YEAR_DEIXIS and not tokens[j + 1][0].isascii())
        if joined:
            offsets.update({YEAR_DEIXIS[form], YEAR_DEIXIS[tokens[j + 1][0]]})
        if topic or titled or past:
            offsets.add(YEAR_DEIXIS[form])
    return tuple(sorted(offsets))


_PAST = re.compile("[었았였]")
_AND = {"이랑", "랑", "와", "과", "하고"}
_EMBEDDED_QUESTION = {"는지", "ᆫ지", "은지"}


def _asked_in_past(tokens: list[tuple[str, str, int, int]]) -> bool:
    """The question itself is in the past tense ("작년에 몇 개사 뽑았었어요?", "얼마였는지 알려주세요"): a year
    named from now then says when it is set, with any particle — the asker's own past is told in a clause before
    it ("작년에 받은 기업도 올해 신청할 수 있나요?" asks in the present)."""
    endings = [k for k, (_form, tag, _s, _e) in enumerate(tokens) if tag == "EF"][-1:]
    endings += [k for k, (form, tag, _s, _e) in enumerate(tokens) if tag == "EC" and form in _EMBEDDED_QUESTION]
    return any(k > 0 and tokens[k - 1][1] == "EP" and _PAST.search(tokens[k - 1][0]) for k in endings)


def edition_year(doc: DocInfo) -> int | None:
    """The year an edition is for: the year its title names ("2031년 … 공고", published in December 2030), else
    the year of a notice's date. A FAQ, a release or an information page dated 2034 is no 2034 edition: its date
    says when it was written or updated, not which year's program it speaks for."""
    found = _YEAR.search(doc.title) or (_YEAR.match(doc.date or "") if doc.doc_kind in ("notice", "") else None)
    return int(found.group(1)) if found else None


def editions_named_from_now(group: Sequence[DocInfo], offset: int, this_year: int) -> list[DocInfo]:
    """The editions of ``group`` in the year ``offset`` years from now, now being the newest edition's year when
    that is later than ``this_year`` (see the module docstring); empty when none is."""
    wanted = year_named_from_now(group, offset, this_year)
    return [d for d in group if edition_year(d) == wanted] if wanted is not None else []


def _now(group: Sequence[DocInfo], this_year: int) -> int | None:
    """The year the asker's "올해" is: the later of ``this_year`` and the group's newest edition; None when no
    edition is dated."""
    years = [y for d in group if (y := edition_year(d)) is not None]
    return max(this_year, *years) if years else None


def year_named_from_now(group: Sequence[DocInfo], offset: int, this_year: int) -> int | None:
    """The year ``offset`` years from now (see ``editions_named_from_now``); None when the question names none."""
    now = _now(group, this_year)
    return now + offset if offset and now is not None else None


def years_named_from_now(group: Sequence[DocInfo], offsets: Sequence[int], this_year: int) -> tuple[str, ...]:
    """The years several offsets from now name ("작년이랑 올해" → the two newest editions' years); empty when the
    group has no dated edition."""
    now = _now(group, this_year)
    return tuple(str(now + offset) for offset in offsets) if now is not None else ()
