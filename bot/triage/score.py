"""Scoring programs for a question: retrieved passages map onto catalogue programs by chunk id (best passage's
fused score), plus a lexical term for the inquiry's *distinctive* words (those in few programs), scaled so the
question's best program has 1.0.

Everything derived from the index lives in one ``ProgramIndex`` per index generation (``Store.generation()``):
the programs and their text, the document frequency of words, and the caches of per-question scores and whole
triage results. A write to the index changes the generation, so the next triage builds a new ``ProgramIndex``
and nothing computed on the old index is served again. It is built once per generation, by one thread while the
others wait for it."""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from bot.catalogue import Program, load_catalogue
from bot.lru import LRU
from bot.text import is_english
from ingestion.korean import keyword_tokens

if TYPE_CHECKING:
    from bot.service import PolicyBot
    from bot.triage.models import Triage

TOP_PASSAGES = 8  # passages retrieved per question
DISTINCTIVE_SHARE = 0.2  # a word in at most this share of a document's programs points to specific ones
LEXICAL_WEIGHT = 0.3
SECOND_PASSAGE_WEIGHT = 0.0
SCORE_CACHE_SIZE = 4096  # per-question scores kept per index generation
RESULT_CACHE_SIZE = 1024  # whole triage results kept per index generation

@dataclass
class ProgramIndex:
    """The programs of one index generation and what triage derives from them (see the module docstring)."""

    programs: dict[str, Program]
    by_chunk: dict[str, str]
    texts: dict[str, str]  # program id → squashed lower-case title and text
    distinctive_limit: int  # a word in at most this many programs is distinctive
    generation: tuple[str, int] = ("", 0)
    scores: LRU[str, dict[str, float]] = field(default_factory=lambda: LRU(SCORE_CACHE_SIZE))
    results: LRU[tuple[object, ...], Triage] = field(default_factory=lambda: LRU(RESULT_CACHE_SIZE))
    _holders: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def holders(self, token: str) -> tuple[str, ...]:
        """The programs whose text holds ``token`` (as a substring of the squashed text)."""
        found = self._holders.get(token)
        if found is None:
            found = tuple(pid for pid, t in self.texts.items() if token in t)
            self._holders[token] = found  # one dict assignment: safe to race, every racer computes the same
        return found

    def df(self, token: str) -> int:
        return len(self.holders(token))

    def idf(self, token: str) -> float:
        return math.log(1 + len(self.texts) / max(1, self.df(token)))

    def distinctive(self, token: str) -> bool:
        return len(token) > 1 and not token.endswith("다") and 0 < self.df(token) <= self.distinctive_limit


_index_lock = threading.Lock()
# Per bot (its answers, hence its triage results, depend on its settings): the index of its newest generation.
_index_cache: WeakKeyDictionary[PolicyBot, ProgramIndex] = WeakKeyDictionary()


def program_index(bot: PolicyBot, generation: tuple[str, int] | None = None) -> ProgramIndex:
    """The program index of the bot's index at ``generation`` (default: now); built once per generation, by one
    thread while the others wait for it. Its caches are sized by ``answer_cache_size`` (0: no caching)."""
    generation = generation if generation is not None else bot.store.generation()
    cached = _index_cache.get(bot)
    if cached is not None and cached.generation == generation:
        return cached
    with _index_lock:
        cached = _index_cache.get(bot)
        if cached is not None and cached.generation == generation:
            return cached
        index = _build_index(bot, generation)
        _index_cache[bot] = index
        return index


def built_index(bot: PolicyBot, generation: tuple[str, int]) -> ProgramIndex | None:
    """The program index of ``generation`` if it is built already; never builds (cheap enough for an event loop)."""
    cached = _index_cache.get(bot)
    return cached if cached is not None and cached.generation == generation else None


def _build_index(bot: PolicyBot, generation: tuple[str, int]) -> ProgramIndex:
    # The catalogue is read after ``generation`` was: it is of that generation or a newer one, never an older.
    catalogue = load_catalogue(bot.store)
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
    size = bot.settings.answer_cache_size
    return ProgramIndex(programs, by_chunk, squashed, limit, generation,
                        scores=LRU(min(size, SCORE_CACHE_SIZE)), results=LRU(min(size, RESULT_CACHE_SIZE)))


@lru_cache(maxsize=8192)
def query_tokens(text: str) -> tuple[str, ...]:
    """Keyword tokens of a question (Kiwi morphemes; an English question's glossary expansion in Korean). Depends
    on the text alone, so it is cached across index generations."""
    from bot.glossary import ENGLISH_STOPWORDS, GLOSSARY, korean_expansion

    tokens = keyword_tokens(text)
    if is_english(text):
        expansion = " ".join(korean_expansion(text))
        tokens = [t for t in tokens if t not in ENGLISH_STOPWORDS and t not in GLOSSARY] + keyword_tokens(expansion)
    return tuple(tokens)


def score_segment(bot: PolicyBot, index: ProgramIndex, text: str, mode: str = "hybrid") -> dict[str, float]:
    """Programs of one question, scaled so that the best has 1.0 (empty when no passage maps to a program).
    Cached per index generation: the same question in another inquiry is not retrieved again."""
    key = f"{mode}\n{' '.join(text.split())}"
    cached = index.scores.get(key)
    if cached is not None:
        return dict(cached)
    scores = _score(bot, index, text, mode)
    index.scores.put(key, dict(scores))
    return scores


def _score(bot: PolicyBot, index: ProgramIndex, text: str, mode: str) -> dict[str, float]:
    result = bot.retrieve(text, TOP_PASSAGES, mode=mode)
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
        total = sum(index.idf(t) for t in sorted(query))
        lexical = {pid: 0.0 for pid in index.texts}
        for t in sorted(query):
            for pid in index.holders(t):
                lexical[pid] += index.idf(t) / total
        top_lex = max(lexical.values())
        for pid, lex in lexical.items():
            if lex and (pid in scores or lex >= 0.99 * top_lex):
                scores[pid] = scores.get(pid, 0.0) + LEXICAL_WEIGHT * lex / top_lex
        best = max(scores.values())
        scores = {pid: s / best for pid, s in scores.items()}
    return scores
