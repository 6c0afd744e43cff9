"""Which documents speak for one program, over the years and beside each other. Editions share a program key
("2028년 ○○ 지원사업 공고", "2029년 ○○ 지원사업 공고", a correction of either). A program may also move into a newer
integrated notice of the same issuer (통합공고) as one of its sub-programs, under a line of its own ("다. 해외 인증 획득
지원"): that notice is then the program's newest edition although its title names another program, and last year's
notice of the program is its older edition. An issuer renames programs rarely and reuses a sub-program's name for
that program. A FAQ or guide names the notice it is about in 「」 near its top ("「2030년 ○○ 융자 계획 공고」 관련"):
the notice's title says what the FAQ is about too."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable

from bot.answering.evidence import DocInfo
from bot.concepts import squash
from ingestion.notice import program_key

# A line's item mark: "다.", "2.", "1)", "○", "-", "□".
_ITEM_MARK = re.compile(r"^\s*(?:[가-하]\s*[.)]|\(?\d{1,2}\s*[.)]|[○◦●□■▪•\-–*])\s*")
_LABEL_END = re.compile(r"\s*[:：].*$")
_PROGRAM_WORD = re.compile(r"(?:지원)?(?:사업)?$")
_QUOTED = re.compile(r"[「『]([^」』]{4,})[」』]")
_PARENTHESES = re.compile(r"\([^()]*\)")
_HEAD_LINES = 12  # a FAQ says which notice it is about before its first question


def program_name(program: str) -> str:
    """A program name without its closing "사업" and "지원": a sub-program line may end either way."""
    return _PROGRAM_WORD.sub("", program)


def names_program(line: str, program: str, min_chars: int = 6, min_share: float = 0.6) -> bool:
    """``line`` (an item, heading or field label) is the name of ``program``, or its end: "다. 해외 인증 획득 지원"
    names "비솔도해외인증획득지원사업" (the issuer's region dropped). A shorter end ("인증 지원") names too little."""
    name = program_name(program)
    label = program_name(squash(_LABEL_END.sub("", _ITEM_MARK.sub("", line))))
    return bool(label) and len(label) >= max(min_chars, min_share * len(name)) and name.endswith(label)


def carries(old: DocInfo, new: DocInfo, new_lines: Iterable[str]) -> bool:
    """``new`` is a later notice of ``old``'s issuer that holds ``old``'s program as a sub-program of its own (a FAQ's
    heading "3. 해외 인증 획득 지원" names a program it explains, it carries none)."""
    if old.companion or new.companion:
        return False
    if not (old.issuer and old.issuer == new.issuer and old.date and new.date and old.date < new.date):
        return False
    if not old.program.endswith("사업") or old.program == new.program:
        return False
    return any(names_program(line, old.program) for line in new_lines)


def loose_key(program: str) -> str:
    """A program key without its parenthesised words: "혁신성장자금(정책자금)융자계획" and a FAQ's
    "혁신성장자금융자계획" name one program."""
    return _PARENTHESES.sub("", program)


_LABELLED_VALUE = re.compile(r"^\s*[-○·•*]?\s*[^:：\n]{1,15}[:：]\s*(\S.*)$")


def names_document(lines: Iterable[str], target: DocInfo, regionless: bool = False) -> bool:
    """One of the first lines quotes ``target``'s title in 「」 or gives it as a label's value ("대상 사업: 2026년
    ○○ 지원사업 (공고 제2026-09호)"), its year and the word 공고 aside; ``regionless``: also without the issuer's
    region before the name (``_same_name``)."""
    key = loose_key(target.program)
    head = list(lines)[:_HEAD_LINES]
    names = [name for line in head for name in _QUOTED.findall(line)]
    names += [m.group(1) for line in head if (m := _LABELLED_VALUE.match(line))]
    keys = [loose_key(program_key(name)) for name in names]
    return len(key) >= 4 and any(k == key or (regionless and _same_name(k, key)) for k in keys)


def _same_name(a: str, b: str, min_chars: int = 8) -> bool:
    """Two program keys name one program: equal, or one is the other with the issuer's region before it
    ("청람도중소기업작업환경개선지원사업" and a press release's 「2028년 중소기업 작업환경 개선 지원사업」). Not
    for ``Lineage.about``: a document about a notice is its companion, which may answer for it."""
    return a == b or (min(len(a), len(b)) >= min_chars and (a.endswith(b) or b.endswith(a)))


class Lineage:
    """Integrated notices that continue a program, and the programs an integrated notice continues, found once
    per document and index generation."""

    def __init__(self, documents: list[DocInfo], lines_of: Callable[[str], list[str]]) -> None:
        self._documents = documents
        self._lines_of = lines_of
        self._carried: dict[str, list[DocInfo]] = {}
        self._about: dict[str, list[DocInfo]] = {}

    def carried_by(self, new: DocInfo) -> list[DocInfo]:
        """Older notices whose program ``new`` holds as a sub-program, newest first."""
        if new.doc_id not in self._carried:
            peers = [d for d in self._documents if d.issuer and d.issuer == new.issuer and d.doc_id != new.doc_id]
            lines = self._lines_of(new.doc_id) if peers else []
            self._carried[new.doc_id] = sorted((d for d in peers if carries(d, new, lines)),
                                               key=lambda d: d.date or "", reverse=True)
        return self._carried[new.doc_id]

    def about(self, doc: DocInfo) -> list[DocInfo]:
        """The documents ``doc`` says it is about: a FAQ's notice."""
        if doc.doc_id not in self._about:
            lines = [line for line in self._lines_of(doc.doc_id)[: _HEAD_LINES * 3] if line.strip()]
            self._about[doc.doc_id] = [d for d in self._documents if d.doc_id != doc.doc_id
                                       and d.program != doc.program and names_document([doc.title, *lines], d)]
        return self._about[doc.doc_id]

    def related(self, a: DocInfo, b: DocInfo) -> bool:
        """``a`` and ``b`` speak for one program under two keys: one carries the other's program, or is about it."""
        return (any(d.doc_id == b.doc_id for d in self.carried_by(a))
                or any(d.doc_id == a.doc_id for d in self.carried_by(b)) or self.one_about_other(a, b))

    def one_about_other(self, a: DocInfo, b: DocInfo) -> bool:
        """One of ``a`` and ``b`` is about the other (a FAQ and its notice)."""
        return any(d.doc_id == b.doc_id for d in self.about(a)) or any(d.doc_id == a.doc_id for d in self.about(b))

    def carriers_of(self, old: DocInfo, among: Collection[str] | None = None) -> list[DocInfo]:
        """Newer notices that hold ``old``'s program as a sub-program; with ``among``, only those documents are read
        (the retrieved ones: a notice that carries the program holds the question's words too), so an index of many
        notices of one issuer is not read whole for a question."""
        return [d for d in self._documents
                if d.issuer and d.issuer == old.issuer and d.doc_id != old.doc_id
                and (among is None or d.doc_id in among) and (d.date or "") > (old.date or "")
                and any(c.doc_id == old.doc_id for c in self.carried_by(d))]
