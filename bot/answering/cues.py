"""What the words naming a notice field do in a question ("마감일", "한도", "contact"): they name the kind of answer,
so they are understood without being looked for, and the field's own labels are searched beside the question."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.answering.fields import NoticeField
from bot.answering.prepare import Prepared
from bot.concepts import Concept, squash


def mark_field_cues(prepared: Prepared) -> Prepared:
    """Words that name the notice field asked for ("마감일", "limit") are answered by the field line, which
    may word them otherwise ("신청 기간", "한도"): they name the kind of answer, like "어떤 역할"."""
    if not prepared.fields:
        return prepared
    spaced = " ".join(prepared.resolved.lower().split())
    # A word of a cue the question writes whole ("최대" of "최대 얼마", "address" of "e-mail address") names a figure
    # or contact field too; the words of a text field's cue ("지원 항목") name what the answer lists.
    cues_of = {f.name: {squash(cue) for cue in (*f.cues, *f.labels)} | {
        word for cue in f.cues if " " in cue and cue in spaced and f.answer_type != "text"
        for word in re.findall(r"[가-힣]{2,}|[a-z]{3,}", cue)} for f in prepared.fields}
    cued: list[tuple[Concept, NoticeField]] = []
    for c in prepared.concepts:
        for f in prepared.fields:
            if any(squash(form) in cues_of[f.name] for form in (c.label, *c.forms)):
                cued.append((c, f))
                break
    marked = {c.label for c, _ in cued}
    # A field cue is understood even when the glossary has no Korean form for it ("effective" → 시행일): it names
    # the kind of answer and is neither missing nor an unknown word.
    concepts = [replace(c, asked=True, checkable=True) if c.label in marked else c for c in prepared.concepts]
    return replace(prepared, concepts=concepts, field_cued=tuple(cued))


def search_terms(prepared: Prepared) -> list[str]:
    """Korean words searched beside the question's own: the label of a notice field it asks for ("신청 기간" for
    "마감일"), and the other Korean forms the evidence check accepts for its concepts ("부가세" → 부가가치세): a
    passage that writes the other form is one the check would accept, and it should be found."""
    return [label for f in prepared.fields for label in dict.fromkeys((f.labels[0], _shortest_korean(f.labels)))
            if label] + [
        form for c in prepared.concepts for form in c.forms[1:] if re.fullmatch(r"[가-힣]{2,}", form)]


def _shortest_korean(labels: tuple[str, ...]) -> str:
    """A field's most general Korean label ("한도" of 지원한도): notices name the field after their program ("융자
    한도", "바우처 한도"), which its first label ("지원한도") does not find."""
    return min((label for label in labels if re.fullmatch(r"[가-힣]{2,}", label)), key=len, default="")
