"""Scoring programs for a question: retrieved passages map onto catalogue programs by chunk id (best passage's
fused score), plus a lexical term for the inquiry's *distinctive* words (those in few programs), scaled so the
question's best program has 1.0. The per-catalogue program index is built once and shared under a lock."""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.catalogue import Program, load_catalogue
from bot.text import is_english
from ingestion.korean import keyword_tokens

if TYPE_CHECKING:
    from bot.catalogue import Catalogue
    from bot.service import PolicyBot

TOP_PASSAGES = 8  # passages retrieved per question
DISTINCTIVE_SHARE = 0.2  # a word in at most this share of a document's programs points to specific ones
LEXICAL_WEIGHT = 0.3
SECOND_PASSAGE_WEIGHT = 0.0


@dataclass
class ProgramIndex:
    programs: dict[str, Program]
    by_chunk: dict[str, str]
    texts: dict[str, str]  # program id → squashed lower-case title and text
    distinctive_limit: int  # a word in at most this many programs is distinctive
    _df: dict[str, int] = field(default_factory=dict)

    def df(self, token: str) -> int:
        if token not in self._df:
            self._df[token] = sum(1 for t in self.texts.values() if token in t)
        return self._df[token]

    def idf(self, token: str) -> float:
        return math.log(1 + len(self.texts) / max(1, self.df(token)))

    def holders(self, token: str) -> list[str]:
        return [pid for pid, t in self.texts.items() if token in t]

    def distinctive(self, token: str) -> bool:
        return len(token) > 1 and not token.endswith("다") and 0 < self.df(token) <= self.distinctive_limit


_index_lock = threading.Lock()
_index_cache: dict[tuple[str, str], tuple[Catalogue, ProgramIndex]] = {}  # per index: the catalogue it was built from


def program_index(bot: PolicyBot) -> ProgramIndex:
    """The program index of the bot's current catalogue (``load_catalogue`` returns the same object until the
    index changes); built once per catalogue, by one thread while the others wait for it."""
    catalogue = load_catalogue(bot.store)
    key = bot.store.cache_key
    with _index_lock:
        cached = _index_cache.get(key)
        if cached is not None and cached[0] is catalogue:
            return cached[1]
        index = _build_index(bot, catalogue)
        _index_cache[key] = (catalogue, index)
        return index


def _build_index(bot: PolicyBot, catalogue: Catalogue) -> ProgramIndex:
    programs = {p.id: p for p in catalogue.programs}
    by_chunk = {cid: p.id for p in catalogue.programs for cid in p.chunk_ids}
    chunks = bot.store.get_chunks(list(by_chunk))
    texts: dict[str, list[str]] = {pid: [] for pid in programs}
    for cid in sorted(chunks, key=lambda c: chunks[c].chunk_index):
        texts[by_chunk[cid]].append(chunks[cid].text)
    # Squashed lower-case text: query words are matched as substrings, so a compound the tokenizer splits one
    # way in the document and another in the question ("수출닥터제를" / "수출닥터제") still matches.
    squashed = {pid: re.sub(r"\s+", "", " ".join([programs[pid].title, *t])).lower() for pid, t in texts.items()}
    per_doc: dict[str, int] = {}
    for p in programs.values():
        per_doc[p.doc_id] = per_doc.get(p.doc_id, 0) + 1
    limit = max(2, round(DISTINCTIVE_SHARE * min(per_doc.values(), default=1)))
    return ProgramIndex(programs, by_chunk, squashed, limit)


def query_tokens(text: str) -> list[str]:
    from bot.glossary import ENGLISH_STOPWORDS, GLOSSARY, korean_expansion

    tokens = keyword_tokens(text)
    if is_english(text):
        expansion = " ".join(korean_expansion(text))
        tokens = [t for t in tokens if t not in ENGLISH_STOPWORDS and t not in GLOSSARY] + keyword_tokens(expansion)
    return tokens


def score_segment(bot: PolicyBot, index: ProgramIndex, text: str) -> dict[str, float]:
    """Programs of one question, scaled so that the best has 1.0 (empty when no passage maps to a program)."""
    result = bot.retrieve(text, TOP_PASSAGES)
    seen: dict[str, int] = {}
    raw: dict[str, float] = {}
    for p in result.passages:
        pid = index.by_chunk.get(p.chunk.chunk_id)
        if pid is None:
            continue
        k = seen.get(pid, 0)
        if k < 2:
            raw[pid] = raw.get(pid, 0.0) + p.score * (1.0 if k == 0 else SECOND_PASSAGE_WEIGHT)
        seen[pid] = k + 1
    if not raw:
        return {}
    best = max(raw.values())
    scores = {pid: s / best for pid, s in raw.items()}
    query = {t for t in query_tokens(text) if len(t) > 1 and index.df(t)}
    if query:
        # Lexical coverage, idf-weighted: a program holding the inquiry's rare words (a program name, a term
        # only it uses) gains over one that only shares the common ones.
        total = sum(index.idf(t) for t in query)
        lexical = {pid: 0.0 for pid in index.texts}
        for t in query:
            for pid in index.holders(t):
                lexical[pid] += index.idf(t) / total
        top_lex = max(lexical.values())
        for pid, lex in lexical.items():
            if lex and (pid in scores or lex >= 0.99 * top_lex):
                scores[pid] = scores.get(pid, 0.0) + LEXICAL_WEIGHT * lex / top_lex
        best = max(scores.values())
        scores = {pid: s / best for pid, s in scores.items()}
    return scores
