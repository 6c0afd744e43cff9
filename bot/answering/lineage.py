"""Which documents speak for one program over the years. Editions share a program key ("2028년 ○○ 지원사업 공고",
"2029년 ○○ 지원사업 공고", a correction of either). A program may also move into a newer integrated notice of the
same issuer (통합공고) as one of its sub-programs, under a line of its own ("다. 해외 인증 획득 지원"): that notice
is then the program's newest edition although its title names another program, and last year's notice of the
program is its older edition. An issuer renames programs rarely and reuses a sub-program's name for that program."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from bot.answering.evidence import DocInfo
from bot.concepts import squash

# A line's item mark: "다.", "2.", "1)", "○", "-", "□".
_ITEM_MARK = re.compile(r"^\s*(?:[가-하]\s*[.)]|\(?\d{1,2}\s*[.)]|[○◦●□■▪•\-–*])\s*")
_LABEL_END = re.compile(r"\s*[:：].*$")
_PROGRAM_WORD = re.compile(r"(?:지원)?(?:사업)?$")


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
    """``new`` is a later notice of ``old``'s issuer that holds ``old``'s program as a sub-program of its own."""
    if not (old.issuer and old.issuer == new.issuer and old.date and new.date and old.date < new.date):
        return False
    if not old.program.endswith("사업") or old.program == new.program:
        return False
    return any(names_program(line, old.program) for line in new_lines)


class Lineage:
    """Integrated notices that continue a program, and the programs an integrated notice continues, found once
    per document and index generation."""

    def __init__(self, documents: list[DocInfo], lines_of: Callable[[str], list[str]]) -> None:
        self._documents = documents
        self._lines_of = lines_of
        self._carried: dict[str, list[DocInfo]] = {}

    def carried_by(self, new: DocInfo) -> list[DocInfo]:
        """Older notices whose program ``new`` holds as a sub-program, newest first."""
        if new.doc_id not in self._carried:
            peers = [d for d in self._documents if d.issuer and d.issuer == new.issuer and d.doc_id != new.doc_id]
            lines = self._lines_of(new.doc_id) if peers else []
            self._carried[new.doc_id] = sorted((d for d in peers if carries(d, new, lines)),
                                               key=lambda d: d.date or "", reverse=True)
        return self._carried[new.doc_id]

    def carriers_of(self, old: DocInfo) -> list[DocInfo]:
        """Newer notices that hold ``old``'s program as a sub-program."""
        return [d for d in self._documents
                if d.issuer and d.issuer == old.issuer and d.doc_id != old.doc_id
                and any(c.doc_id == old.doc_id for c in self.carried_by(d))]
