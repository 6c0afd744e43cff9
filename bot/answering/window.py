"""The evidence window: which passages the concept check of stage 5 (decide) reads. The passages ranked first
for the answering document, and beyond them those of its passages that hold what the first ones lack."""

from __future__ import annotations

import re

from bot.answering.evidence import DocInfo
from bot.answering.library import Library
from bot.answering.prepare import Prepared
from bot.answering.select import passages_text
from bot.answering.support import Haystack, holds
from bot.concepts import Concept
from bot.retrieval import Passage, retrieve
from ingestion.index import Store
from ingestion.notice import parse_field_line


def evidence_text(window: list[Passage], lib: Library, target: DocInfo) -> str:
    """The text the concept check reads: the passages, and the title of the notice a FAQ is about (it says what
    the FAQ's answers are about too)."""
    return passages_text(window) + "".join(f"\n{d.title}" for d in lib.lineage.about(target))


def passages_holding(store: Store, lib: Library, prepared: Prepared, target: DocInfo, missing: list[Concept],
                     window: list[Passage], extra_terms: list[str]) -> list[Passage]:
    """The target's passages, beyond ``window``, about the words the window lacks (not a number: a "3" is
    somewhere in any notice) that state a fact of the kind asked, found by searching the document for the
    question with those words."""
    text = lib.text_of(target)
    lacking = [c for c in missing if not re.search(r"\d", c.label) and holds(c, text)]
    if not lacking:
        return []
    found = retrieve(store, prepared.resolved, 5, target.doc_id,
                     extra_terms=[*extra_terms, *(f for c in lacking for f in c.forms if re.search("[가-힣]", f))])
    known = {p.chunk.chunk_id for p in window}

    def answers(p: Passage) -> bool:
        # What the passage is about (its heading, a FAQ's question, the labels of its field lines) names every
        # lacking word, and it states the kind of fact asked: "medium-sized" in a sentence about something else
        # is not the booth size asked for.
        labels = Haystack("\n".join([p.chunk.section_label, *(f.label for line in p.chunk.text.splitlines()
                                                             if (f := parse_field_line(line)) is not None)]))
        return (all(holds(c, labels) for c in lacking)
                and (not prepared.wanted or any(pat.search(p.chunk.text) for pat in prepared.wanted)))
    return [p for p in found.passages if p.chunk.chunk_id not in known and answers(p)]


def names_unheld(concepts: list[Concept], passages: list[Passage], store: Store, most: int = 3) -> set[str]:
    """The documents holding a name of the question written in Latin letters (an acronym, "TSM") that none of
    ``passages`` holds, when at most ``most`` documents hold it: a name found in many says little of which."""
    names = [c for c in concepts if c.specific and not c.asked and re.fullmatch(r"[a-z][a-z0-9\-]+", c.label)]
    if not names:  # most questions: no text to prepare
        return set()
    text = Haystack("\n".join(p.chunk.text for p in passages))
    names = [c for c in names if not holds(c, text)]
    docs: set[str] = set()
    for name in names:
        hits = store.get_chunks([cid for cid, _ in store.keyword_search([name.label], 20)])
        holders = {chunk.doc_id for chunk in hits.values()}
        if 0 < len(holders) <= most:
            docs |= holders
    return docs
