"""The fields of a Korean notice (공고문) as it is written: "○ 항목: 값" lines, a 공고 번호, a date line and an
application window such as "2026. 2. 3.(화) ~ 2. 27.(금) 18:00".

Answers need them twice: to find the line that holds what was asked ("마감일" is the end of 신청 기간, "문의"
is 문의처) and to tell editions of one program apart (the notice's own date decides which is newest). Parsing is
pure and line-based, so it holds on any notice that uses these conventions and is harmless on text that does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

# The mark a notice's line opens with: a bullet, "가.", "1)", "(1)".
LINE_MARK = r"(?:[○◦●□■▪▫•∙·※◎◇◆▶▷►☞➢\-–*+]|[가-하]\.|\d{1,2}[.)]|\(\d{1,2}\))"
# "○ 지원 한도: 기업당 최대 1억 5천만원", "- 신청기간 : …", "가. 지원대상: …", "1) 문의처: …"
_FIELD_LINE = re.compile(
    rf"^\s*{LINE_MARK}?\s*"
    r"(?P<label>[가-힣A-Za-z][가-힣A-Za-z ·/()]{0,18}?)\s*[:：]\s*(?P<value>\S.*)$"
)
_NOTICE_NO = re.compile(r"공고\s*제?\s*(?P<no>\d{2,4}\s*[-–]\s*\d+)\s*호")
# A day as notices write it, the year optional: "2026. 2. 3.", "2월 21일", "2028-02-15".
DATE = re.compile(
    r"(?:(?P<y>(?:19|20)\d\d)\s*(?:[.\-/]|년)\s*)?(?P<m>1[0-2]|0?[1-9])\s*(?:[.\-/]|월)\s*"
    r"(?P<d>3[01]|[12]\d|0?[1-9])(?!\d)\s*(?:일|\.)?"
)
# The words that name a document's own date with 일 (공고일, 게시일, 작성일 …): not 발표일, a result's date.
DOCUMENT_DATE_WORDS = "공고|게시|작성|발행|배포|보도"
# The notice's date on a line of its own, bare ("2026. 1. 20.") or after the label of the document's own date
# ("공고일: 2031. 2. 3.", "게시일자 : …"); a deadline or a window on such a line dates no notice.
_FULL_DATE_LINE = re.compile(
    rf"^\s*(?:(?:{DOCUMENT_DATE_WORDS})\s*일(?:자)?\s*[:：]\s*)?"
    r"((?:19|20)\d\d)\s*[.년]\s*(\d{1,2})\s*[.월]\s*(\d{1,2})\s*[.일]?\s*(?:\([^)]*\))?\s*$"
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*년")
# Labels that name an application window (신청 기간, 접수기간, 모집 기간, application period).
_WINDOW_LABEL = re.compile(r"(신청|접수|모집|공모|application).*(기간|일정|기한|period)|^(신청|접수)\s*마감", re.I)


@dataclass(frozen=True)
class FieldLine:
    """One "label: value" line; ``key`` is the label without spaces, the form labels are compared in."""

    label: str
    value: str
    # A change table's row also gives the value it replaced (its 변경 전 / 당초 column).
    before: str = ""

    @property
    def key(self) -> str:
        return re.sub(r"\s+", "", self.label)


def parse_field_line(line: str) -> FieldLine | None:
    """The field a line states, or None. A URL or a time ("18:00") is not a label."""
    m = _FIELD_LINE.match(line.strip())
    if m is None:
        return None
    label = m.group("label").strip()
    if m.group("value").startswith("//") or re.fullmatch(r"[\d\s]+", label):
        return None
    return FieldLine(label, m.group("value").strip())


TABLE_SEP = " | "
# The column of a change table that holds the value in force: "구분 | 변경 전 | 변경 후", "항목 | 당초 | 정정".
_AFTER_COLUMN = re.compile(r"(?:변경|정정|수정|조정)\s*후|^\s*(?:정정|변경)\s*$|^\s*after\s*$|^\s*new\s*$|revised",
                           re.IGNORECASE)
_BEFORE_COLUMN = re.compile(r"(?:변경|정정|수정|조정)\s*전|당초|종전|^\s*before\s*$|^\s*old\s*$|previous|original",
                            re.IGNORECASE)
_ROW_LABEL = re.compile(r"^[가-힣A-Za-z][가-힣A-Za-z ·/()]{0,18}$")
_LOCATION = re.compile(r"\s*(?:[○◦●□■▪•∙◎◇◆▶▷►\-–]|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+\.|\d{1,2}\.|[가-하]\.)\s*(?=\S)")


def is_change_header(header: str | None) -> bool:
    """The header of a change table: a column after the first holds the value in force (변경 후, 정정 후, after)."""
    return header is not None and any(_AFTER_COLUMN.search(c) for c in header.split("|")[1:])


def table_field(row: str, header: str | None) -> FieldLine | None:
    """The field a table row states: its first cell is the label ("신청 마감 | 2026. 3. 20. | 2026. 4. 3."), its
    value the column the header marks as the one in force (변경 후, 정정) or else the rest of the row. A change
    table in a 변경·정정 공고 is how the new value of a field is written, not as a "○ 항목: 값" line."""
    if TABLE_SEP not in row or (header is not None and row.strip() == header.strip()):
        return None
    cells = [c.strip() for c in row.split("|")]
    # A change table may locate the field as the notice numbers it ("Ⅲ. 지원 내용 ○ 지원 한도"): the last part
    # after a bullet or section number is the field's own label.
    cells[0] = _LOCATION.split(cells[0])[-1].strip()
    if len(cells) < 2 or not _ROW_LABEL.match(cells[0]) or not any(cells[1:]):
        return None
    value = " | ".join(c for c in cells[1:] if c)
    before = ""
    if header is not None:
        columns = [c.strip() for c in header.split("|")]
        after = [i for i, c in enumerate(columns) if i > 0 and _AFTER_COLUMN.search(c)]
        if after and after[0] < len(cells) and cells[after[0]]:
            value = cells[after[0]]
            was = [i for i, c in enumerate(columns) if 0 < i < after[0] and _BEFORE_COLUMN.search(c)]
            before = cells[was[0]] if was and was[0] < len(cells) else ""
    return FieldLine(cells[0], value, before)


# "○ 지원 제외 대상" (the items follow as "- …" lines): a field whose value is the lines under it. A note in
# brackets after the label counts or sums the items ("○ 제출 서류 (6종)", "○ 평가 배점 (총 100점, 4개 항목)").
_LABEL_ONLY = re.compile(r"^\s*[○◦●□■▪•∙◎◇◆▶▷►]\s*(?P<label>[가-힣A-Za-z][가-힣A-Za-z ·/]{1,18}?)"
                         r"\s*(?:\([^()]{1,30}\))?\s*[:：]?\s*$")


def parse_label_line(line: str) -> FieldLine | None:
    """A bullet line that is only a label: the field it names, with an empty value (its items follow it)."""
    m = _LABEL_ONLY.match(line)
    return FieldLine(m.group("label").strip(), "") if m else None


# A value that points to the lines after it: "○ 신청 자격: 아래 요건을 모두 갖춘 기업", "Eligible firms: the following".
_POINTS_BELOW = re.compile(r"아래|다음\s*(?:과|의|각|요건|사항|중|에\s*해당)|하기|as follows|the following|below",
                           re.IGNORECASE)


def points_below(value: str) -> bool:
    """The field's value is (also) the item lines under it."""
    return bool(_POINTS_BELOW.search(value))


def parse_fields(text: str) -> list[FieldLine]:
    return [f for f in (parse_field_line(line) for line in text.split("\n")) if f is not None]


def parse_dates(text: str, default_year: int | None = None) -> list[date]:
    """Dates in reading order; a date without a year takes the year of the date before it (or ``default_year``)."""
    out: list[date] = []
    year = default_year
    for m in DATE.finditer(text):
        if m.group("y"):
            year = int(m.group("y"))
        elif year is None:
            continue
        elif not (m.group(0).rstrip().endswith(".") or "월" in m.group(0)):
            continue  # without a year, "3.5" in a figure is not a date; "3. 5." and "3월 5일" are
        try:
            out.append(date(year, int(m.group("m")), int(m.group("d"))))
        except ValueError:
            continue
    return out


@dataclass(frozen=True)
class NoticeHeader:
    """What a notice says about itself; every field is optional (a press release has none of the window)."""

    notice_no: str | None = None
    notice_date: date | None = None
    apply_start: date | None = None
    apply_end: date | None = None

    def as_meta(self) -> dict[str, str]:
        """Scalar metadata for the index (ISO dates), only the fields that were found."""
        out: dict[str, str] = {}
        if self.notice_no:
            out["notice_no"] = self.notice_no
        if self.notice_date:
            out["notice_date"] = self.notice_date.isoformat()
        if self.apply_start:
            out["apply_start"] = self.apply_start.isoformat()
        if self.apply_end:
            out["apply_end"] = self.apply_end.isoformat()
        return out


def parse_header(text: str, head_lines: int = 12) -> NoticeHeader:
    """The notice number and date from the first lines, and the window from the first window field."""
    lines = [line for line in text.split("\n") if line.strip()]
    notice_no = None
    notice_date = None
    for line in lines[:head_lines]:
        if notice_no is None and (m := _NOTICE_NO.search(line)):
            notice_no = re.sub(r"\s+", "", m.group("no"))
        if notice_date is None and (d := _FULL_DATE_LINE.match(line)):
            try:
                notice_date = date(int(d.group(1)), int(d.group(2)), int(d.group(3)))
            except ValueError:
                pass
    title_year = next((int(m.group(1)) for line in lines[:3] for m in [_YEAR.search(line)] if m), None)
    default_year = notice_date.year if notice_date else title_year
    start = end = None
    for field in parse_fields(text):
        if _WINDOW_LABEL.search(field.key):
            dates = parse_dates(field.value, default_year)
            if dates:
                start, end = dates[0], dates[-1]
                break
    return NoticeHeader(notice_no, notice_date, start, end)


_EDITION_NOISE = re.compile(
    r"(?:19|20)\d\d\s*년?\s*(?:도)?|제?\s*\d+\s*차|\(?(?:재|정정|변경|수정|연장|시행)?\s*공고\)?|정정|변경|연장|안내|모집"
    r"|\d+\s*[-–]\s*\d+\s*호|[「」『』\"'“”]"
)


_QUOTED_NAME = re.compile(r"[「『]([^」』]{4,})[」』]")
# What a title says after the program's name: "… 지원사업 시행 공고", "… 지원사업 참여기업 모집 공고".
_AFTER_PROGRAM = re.compile(r"(사업)(?!.*사업).*$")


def program_key(title: str) -> str:
    """The program a title names, without its year, round or the word 공고: "2026년 ○○ 지원사업 공고",
    "2025년도 ○○ 지원사업 재공고" and "「2026년 ○○ 지원사업 공고」 정정 공고" share one key: editions of one
    program (a correction being the newest). A notice about another notice names it in 「」 ("「2026년 ○○
    지원사업」 신청 기간 연장 공고"): that name is the program; and the words after the last "사업" say what the
    notice does (시행, 참여기업 모집), not which program it is."""
    quoted = _QUOTED_NAME.search(title)
    name = quoted.group(1) if quoted else title
    key = re.sub(r"\s+", "", _EDITION_NOISE.sub(" ", name)).strip()
    cut = _AFTER_PROGRAM.sub(r"\1", key)
    if cut == key:  # a name without 사업 ("○○ 바우처"): what the document is for may still follow it
        cut = _DOCUMENT_TAIL.sub("", key)
    return cut if len(cut) >= 4 else key


# What a title names after a program called otherwise than "…사업": whom the notice recruits ("참여기업 모집 공고"
# once 모집 and 공고 are gone), or that the document answers questions about it ("자주 묻는 질문(FAQ)").
_DOCUMENT_TAIL = re.compile(r"(?:(?:참여|참가|수혜)기업|자주묻는질문|질의응답|\(?(?:FAQ|Q&A)\)?)+$", re.IGNORECASE)


_NOT_A_TITLE = re.compile(r"^\s*(?:[※○◦●□■▪•\-–*<(]|\[[^\]]*\]?\s*$|\d{1,2}\s*[.)]\s)")


# A title is a name, not a sentence: "… 지원한다." or "… 바랍니다" is body text.
_SENTENCE_END = re.compile(r"[.!?。]\s*$|(?:다|요|음|함|임)\s*$")


# A Korean notice's line about the document itself: "작성: 한울진흥원 탄소설비팀", "게시일: 2028. 3. 10.". (An English
# page's "Velmora: registration of imported food supplements" is its title.)
_META_LINE = re.compile(r"^\s*[가-힣][가-힣 ]{0,8}\s*[:：]")


def guess_title(text: str, max_chars: int = 80) -> str | None:
    """A document's title when nothing else names it: its first short line that is not a note, bullet, date,
    "작성: …" line or table row (a notice puts its title first; a file name such as "notice_final(2).txt" says
    little). A tag in brackets may open it ("[자주 묻는 질문] 2028년 … 지원사업"); a bracketed tag alone
    ("[보도자료]") is no title, nor is a line naming only the document's kind ("보 도 자 료") or the time of its
    release ("보도시점 5.8(수) 09:40"): a press release's headline comes after them, and it is a sentence
    ("… 해외진출 확실하게 이끈다")."""
    kind = None
    for line in [line.strip() for line in text.split("\n") if line.strip()][:_HEAD_LINES]:
        if named := _kind_only(line):
            kind = kind or named
            continue
        if _CLOCK_TIME.search(line) or (kind == "press_release" and not re.search(r"\s", line)):
            continue  # a release time, or the releasing body alone ("다온지역에너지재단"): a headline has spaces
        if (line and len(line) <= max_chars and not _NOT_A_TITLE.match(line) and not _NOTICE_NO.search(line)
                and not _FULL_DATE_LINE.match(line) and (kind == "press_release" or not _SENTENCE_END.search(line))
                and TABLE_SEP not in line and not _META_LINE.match(line)):
            return line
    return None


# A press release's header (kind, releasing body, release time, department, people) can take eight lines before
# its headline.
_HEAD_LINES = 12
_CLOCK_TIME = re.compile(r"(?<!\d)(?:[01]?\d|2[0-3]):[0-5]\d(?!\d)")


# "청람도 보도자료", "[중소벤처기업부 보도참고자료]": who releases it and the kind — a label, not a headline.
_PRESS_LABEL = re.compile(r"^[\[(<【]?\s*(?:\S{1,15}\s*)?보\s*도\s*(?:참\s*고\s*)?자\s*료\s*[\])>】]?$")


def _kind_only(line: str) -> str | None:
    """The kind of document a line names when that is all it says besides who issues it ("보도자료", "[보 도 자
    료]", "공고", "청람도 보도자료")."""
    if _PRESS_LABEL.match(line):
        return "press_release"
    bare = re.sub(r"[\s\[\]()<>【】「」『』]", "", line)
    return next((code for code, words in _KIND_WORDS if bare and words.fullmatch(bare)), None)


# ---- the life of a notice: kind, issuing body, status ----------------------------------------------------

KINDS = ("notice", "press_release", "regulation", "guide")
"""Every document is one of these: a notice (공고: a program with an application window), a press release
(보도자료), regulation information (규제·인증·표시 기준 of a market) or a guide (안내서, FAQ, 매뉴얼)."""

# A FAQ, guide or press release speaks for a program's notice and may share its program key ("2032년 ○○ 지원사업
# 자주 묻는 질문(FAQ)"), but it is no edition of the notice whatever its date.
COMPANION_KINDS = frozenset({"guide", "press_release"})

_KIND_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("press_release", re.compile(r"보도\s*자료|보도\s*참고|press\s*release|press_release", re.I)),
    ("notice", re.compile(r"공고|모집")),
    # Before the English "notice": "해외 수출규제 정보 (export-regulation notice)" is regulation information.
    ("regulation", re.compile(r"규제|규정|기술\s*장벽|TBT|인증\s*(?:제도|기준|요건)|표시\s*(?:기준|의무)|수입\s*요건"
                              r"|regulation|regulatory|export\s+licen[cs]|export\s+control|dual[-\s]use", re.I)),
    ("notice", re.compile(r"notice|announcement|call\s+for", re.I)),
    ("guide", re.compile(r"안내서|가이드|매뉴얼|설명서|FAQ|Q\s*&\s*A|질의\s*응답|자주\s*묻는\s*질문|묻고\s*답하기"
                         r"|질문과\s*답변|guide|manual|handbook", re.I)),
)


def kind_code(text: str | None) -> str | None:
    """The kind a word or label names: "보도자료 (press release)" → press_release, "공고" / "notice" → notice,
    "regulation" → regulation, "안내" / "guide" → guide; a code passes through; None when nothing matches."""
    if not text:
        return None
    value = text.strip().lower().replace("-", "_").replace(" ", "_")
    if value in KINDS:
        return value
    for kind, pattern in _KIND_WORDS:
        if pattern.search(text):
            return kind
    if re.search(r"안내|지침", text):
        return "guide"
    return None


_KIND_LINES = 6  # a kind label stands above or beside the title


def classify_kind(title: str, text: str, declared: str | None = None, header: NoticeHeader | None = None) -> str:
    """The kind of a document: what its metadata declares, else a line near its top that only names its kind, else
    what its title says, else a notice when it has a notice number or an application window, else a guide
    (explanatory text that announces nothing)."""
    if (kind := kind_code(declared)) is not None:
        return kind
    # A line that only names the kind ("[보도자료]", "청람도 보도자료") says what the document is, before its title
    # does: a press release headlined "… 참여기업 모집" that states the program's window is no notice for it.
    for line in [line for line in text.split("\n") if line.strip()][:_KIND_LINES]:
        if (kind := _kind_only(line)) is not None:
            return kind
    if (kind := kind_code(title)) is not None:
        return kind
    header = header or parse_header(text)
    if header.notice_no or header.apply_end:
        return "notice"
    head = "\n".join(text.split("\n")[:6])
    return kind_code(head) or "guide"


# "해양물류부 공고 제2026-41호", "중소벤처기업부공고 제2026 - 38 호": the body that issues the notice.
_ISSUER = re.compile(r"(?P<issuer>[가-힣A-Za-z·()][가-힣A-Za-z·() ]{0,38}?)\s*공고\s*제?\s*\d{2,4}\s*[-–]\s*\d+\s*호")


def parse_issuer(text: str, head_lines: int = 12) -> str | None:
    """The issuing body named before the notice number in the first lines, or None."""
    for line in [line for line in text.split("\n") if line.strip()][:head_lines]:
        m = _ISSUER.search(line)
        if m:
            issuer = m.group("issuer").strip(" ·")
            # "(공고 제2026-09호)" after a program's name cites another notice; it names no issuer.
            if len(issuer) >= 2 and issuer.count("(") <= issuer.count(")"):
                return issuer
    return None


STATUSES = ("upcoming", "open", "closed")
Status = Literal["upcoming", "open", "closed"]


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def status_on(apply_start: date | str | None, apply_end: date | str | None, today: date,
              withdrawn: date | str | None = None) -> Status | None:
    """Where ``today`` falls in an application window: upcoming, open or closed (a withdrawn notice is closed);
    None when the document has no window. Derived whenever it is asked, never stored, so it is never stale."""
    start, end = _as_date(apply_start), _as_date(apply_end)
    if withdrawn and str(withdrawn).strip():
        return "closed"
    if start is None and end is None:
        return None
    if start is not None and today < start:
        return "upcoming"
    if end is not None and today > end:
        return "closed"
    return "open"


def parse_compact_date(value: str | None) -> date | None:
    """"20260203", "2026-02-03", "2026.02.03", "2026-02-03 10:11:12" → a date; None otherwise."""
    if not value:
        return None
    digits = re.sub(r"\D", "", str(value))[:8]
    if len(digits) != 8:
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def parse_window(value: str | None) -> tuple[date | None, date | None]:
    """An application window as sources write it: "20260203 ~ 20260227", "2026-02-03 ~ 2026-02-27",
    "2026. 2. 3. ~ 2. 27."; (None, None) for "상시" or "예산 소진 시까지"."""
    if not value:
        return None, None
    parts = re.split(r"\s*[~∼〜–]\s*", str(value).strip(), maxsplit=1)
    compact = [parse_compact_date(p) for p in parts]
    if all(compact):
        return compact[0], compact[-1]
    dates = parse_dates(str(value))
    if dates:
        return dates[0], dates[-1]
    return None, None
