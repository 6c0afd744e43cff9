"""Support-desk triage: which programs an inquiry is about, its category, who to route it to, a drafted reply
from the answer service, and whether a human has to look at it.

How an inquiry is triaged:

1. It is cleaned (NFC, control characters) and checked for instruction-override attempts.
2. Long messages are split into sentences (Kiwi, ``ingestion.korean.split_sentences``); greetings, closings and
   signatures are dropped and the questions are picked out ("…나요?", "What …", "1) …"). A short question
   that leans on the sentence before it ("그것도 지원되나요?") is read together with that sentence.
3. Each question is retrieved on its own (hybrid retrieval, ``PolicyBot.retrieve``); passages map onto
   catalogue programs by chunk id (the catalogue is derived from section paths, see ``bot.catalogue``).
   A program's score in a question is its best passage's fused score plus a quarter of its second best, plus a
   lexical term for the inquiry's *distinctive* words (those that occur in few programs); scores are scaled
   so the question's best program has 1.0 and summed over questions (earlier questions weigh a little more).
4. The draft reply is ``PolicyBot.answer`` for each question (at most MAX_QUESTIONS), joined with renumbered
   citations.
5. ``needs_human`` with a reason: an instruction-override attempt; no program matches; a question the
   documents do not answer (the answer abstained); or no specific program (the inquiry has no distinctive
   word, or the two best programs score within AMBIGUOUS_MARGIN of each other in the main question).
"""

from __future__ import annotations

import csv
import io
import math
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from bot.catalogue import Program, load_catalogue
from bot.guard import is_injection
from bot.models import Answer, Citation, Contact
from ingestion.korean import hangul_ratio, keyword_tokens, split_sentences

if TYPE_CHECKING:
    from bot.service import PolicyBot

Category = Literal[
    "export_voucher_finance", "overseas_expansion", "startups", "talent", "rnd", "regulation_certification",
    "one_team_network", "other",
]

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

TOP_PASSAGES = 8  # passages retrieved per question
MAX_QUESTIONS = 5  # questions answered one by one; the rest are left to the human
MAX_SEGMENTS = 8  # questions/sentences retrieved
WHOLE_VIEW_CHARS = 1500  # the whole message (greetings removed) is retrieved too, this long at most
AMBIGUOUS_MARGIN = 0.05  # (best - second) / best below this in the main question: several programs match
DISTINCTIVE_SHARE = 0.2  # a word in at most this share of a document's programs points to specific ones
LEXICAL_WEIGHT = 0.3
SECOND_PASSAGE_WEIGHT = 0.0
TRUNCATION_NOTE = "long inquiry ({total:,} characters): truncated to {n:,} characters per question for the answer step"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_GREETING = re.compile(
    r"^(안녕하(세요|십니까)|수고(하십니다|하세요|가? ?많으십니다|많으세요)|반갑습니다|감사(합니다|드립니다)|고맙습니다|"
    r"담당자\s*님|관계자\s*님|(바쁘신|바쁘실)|답변\s*(부탁|기다리)|좋은 하루|"
    r"dear\b|hi\b|hello\b|good (morning|afternoon|evening)\b|greetings\b|to whom it may concern|"
    r"(best|kind|warm)?\s*regards\b|thanks?\b|thank you\b|sincerely\b|cheers\b|many thanks\b)",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(r"(드림|올림|배상)\s*[.!]?$|^(tel|phone|email|e-mail|mobile|fax|전화|휴대폰|이메일)\b",
                       re.IGNORECASE)
_KO_QUESTION = re.compile(
    r"(\?|？|나요|까요|니까|는지요|은지요|인지요|가요|인가|는가|ㄴ가|던데|는지|은지|인지|할지|될지|건지|"
    r"궁금|알려\s*주|알고\s*싶|문의|여쭙|여쭤|부탁드|알 수 있|가능한지|되나|있나|맞나|"
    r"어떻게|얼마|언제|어디|누가|무엇|뭔가|뭐)"
)
_EN_QUESTION = re.compile(
    r"(\?|^(what|how|when|where|who|whom|which|why|can|could|is|are|does|do|did|will|would|should|may|"
    r"shall|has|have)\b|\b(i would like to know|please (let|tell|advise|confirm|explain)|wondering|"
    r"could you|can you|would you)\b)",
    re.IGNORECASE,
)
_ANAPHOR = re.compile(r"^(이런|이러한|이 경우|그런|그러한|그렇다면|그럼|그 경우|해당|this|that|it|such|"
                      r"in (that|this) case)\b",
                      re.IGNORECASE)
_ENUMERATOR = re.compile(r"^\s*(\(?\d{1,2}[.)]|[①-⑳]|[-*•◦▪]|첫째|둘째|셋째|넷째|다섯째|마지막으로)[,.]?\s*")


class ProgramMatch(BaseModel):
    program_id: str
    number: int
    title: str
    strategy: str | None = Field(default=None, description="Strategy heading, e.g. '(전략 1) 내수 넘어 수출로'.")
    doc_id: str
    score: float = Field(description="Relative score: the best program of a question scores 1.0 in it.")
    pages: list[int] = Field(default_factory=list)
    section: str = ""


class TriageQuestion(BaseModel):
    """One question picked out of the inquiry, with its own best programs and whether it was answered."""

    text: str
    program_ids: list[str] = Field(default_factory=list)
    answered: bool | None = Field(default=None, description="None when it was not sent to the answer service.")
    abstain_reason: str | None = None


class Triage(BaseModel):
    inquiry: str = Field(description="The inquiry after cleaning (control characters removed).")
    language: Literal["ko", "en"]
    matches: list[ProgramMatch] = Field(default_factory=list, description="Best first.")
    category: Category = "other"
    contact: Contact | None = Field(default=None, description="Who to route the inquiry to.")
    draft_reply: str = ""
    citations: list[Citation] = Field(default_factory=list)
    questions: list[TriageQuestion] = Field(default_factory=list)
    needs_human: bool = False
    reason: str | None = Field(default=None, description="Why a human is needed (all reasons, '; '-joined).")
    reasons: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    timings_ms: dict[str, float] = Field(default_factory=dict)

    @property
    def program_ids(self) -> list[str]:
        return [m.program_id for m in self.matches]

    @property
    def text(self) -> str:
        """A plain-text summary for chat channels (Slack support desk): the draft reply, then the routing."""
        lines = [self.draft_reply.strip()] if self.draft_reply.strip() else []
        lines.append("")
        if self.matches:
            top = self.matches[0]
            lines.append(f"사업 / Program: {top.number}. {top.title}" + (f" ({top.strategy})" if top.strategy else ""))
        lines.append(f"분류 / Category: {self.category}")
        if self.contact:
            lines.append(f"담당 / Route to: {self.contact.one_line()}")
        if self.needs_human:
            lines.append(f"⚠ 담당자 확인 필요 / Needs a human: {self.reason}")
        return "\n".join(lines).strip()


TRIAGE_MAX_CHARS = 10_000  # the web endpoint's limit; triage() itself takes any length


class TriageRequest(BaseModel):
    inquiry: str = Field(description="The inquiry (a chat message or a whole email), Korean or English.")


class TriageError(ValueError):
    """The inquiry cannot be triaged (it is empty)."""


# ---- splitting -----------------------------------------------------------------------------------------------


def clean_inquiry(text: str) -> str:
    """NFC, control and bidi characters removed, blank runs collapsed; line breaks are kept for splitting."""
    text = unicodedata.normalize("NFC", text or "")
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n", text).strip()


def _is_question(sentence: str) -> bool:
    if hangul_ratio(sentence) >= 0.3:
        return bool(_KO_QUESTION.search(sentence))
    return bool(_EN_QUESTION.search(sentence.strip()))


def _is_chatter(sentence: str) -> bool:
    """Greetings, thanks, sign-offs and signatures: nothing to triage on."""
    s = sentence.strip()
    if len(s) < 2:
        return True
    if _GREETING.match(s) and len(s) <= 60 and "?" not in s:
        return True
    return bool(_SIGN_OFF.search(s)) and len(s) <= 40


@dataclass
class Segments:
    content: list[str] = field(default_factory=list)  # every sentence that is not chatter
    questions: list[str] = field(default_factory=list)  # questions, each with the context it leans on


def split_inquiry(text: str) -> Segments:
    """Content sentences and questions of an inquiry (Kiwi sentence split, chatter dropped)."""
    sentences = [text[a:b].strip() for a, b in split_sentences(text)]
    # split_sentences leaves lines of up to 60 characters whole; split those at ?/! and sentence ends too.
    pieces: list[str] = []
    for s in sentences:
        if len(s) > 60:
            pieces.append(s)
            continue
        if hangul_ratio(s) >= 0.3:
            parts = re.split(r"(?<=[?？!])\s+|(?<=[다요]\.)\s+", s)
        else:
            parts = re.split(r"(?<=[?!])\s+|(?<=\.)\s+(?=[A-Z])", s)
        pieces.extend(p.strip() for p in parts if p.strip())
    seg = Segments()
    closing = False
    for raw in pieces:
        s = _ENUMERATOR.sub("", raw).strip() or raw
        if _is_chatter(s):
            closing = closing or bool(re.match(r"^(감사|고맙|thanks?|thank you|(best|kind|warm)?\s*regards|sincerely)",
                                                s, re.IGNORECASE))
            continue
        if closing and len(s) <= 40 and not _is_question(s):
            continue  # a signature line after the closing
        if _is_question(s):
            context = next((c for c in reversed(seg.content) if not _is_question(c)), None)
            if context and (len(keyword_tokens(s)) <= 4 or _ANAPHOR.match(s)):
                seg.questions.append(f"{context} {s}")  # "이런 경우 지원되나요?" leans on the sentence before
            else:
                seg.questions.append(s)
        seg.content.append(s)
    return seg


# ---- scoring -------------------------------------------------------------------------------------------------


@dataclass
class _Index:
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


_index_cache: dict[tuple[str, int], _Index] = {}


def _program_index(bot: PolicyBot) -> _Index:
    catalogue = load_catalogue(bot.store)
    key = (str(bot.store.settings.data_dir), id(catalogue))
    if key in _index_cache:
        return _index_cache[key]
    programs = {p.id: p for p in catalogue.programs}
    by_chunk = {cid: p.id for p in catalogue.programs for cid in p.chunk_ids}
    chunks = bot.store.get_chunks(list(by_chunk))
    texts: dict[str, list[str]] = {pid: [] for pid in programs}
    for cid in sorted(chunks, key=lambda c: int(chunks[c].meta.get("chunk_index", 0))):
        texts[by_chunk[cid]].append(chunks[cid].text)
    # Squashed lower-case text: query words are matched as substrings, so a compound the tokenizer splits one
    # way in the document and another in the question ("수출닥터제를" / "수출닥터제") still matches.
    squashed = {pid: re.sub(r"\s+", "", " ".join([programs[pid].title, *t])).lower() for pid, t in texts.items()}
    per_doc: dict[str, int] = {}
    for p in programs.values():
        per_doc[p.doc_id] = per_doc.get(p.doc_id, 0) + 1
    limit = max(2, round(DISTINCTIVE_SHARE * min(per_doc.values(), default=1)))
    index = _Index(programs, by_chunk, squashed, limit)
    _index_cache.clear()
    _index_cache[key] = index
    return index


def _query_tokens(bot: PolicyBot, text: str) -> list[str]:
    from bot.glossary import ENGLISH_STOPWORDS, GLOSSARY, korean_expansion

    tokens = keyword_tokens(text)
    if hangul_ratio(text) < 0.3:
        expansion = " ".join(korean_expansion(text))
        tokens = [t for t in tokens if t not in ENGLISH_STOPWORDS and t not in GLOSSARY] + keyword_tokens(expansion)
    return tokens


def _score_segment(bot: PolicyBot, index: _Index, text: str) -> dict[str, float]:
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
    query = {t for t in _query_tokens(bot, text) if len(t) > 1 and index.df(t)}
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


# ---- answering -----------------------------------------------------------------------------------------------

_MARKER = re.compile(r"\[(\d+)\]")


def _join_answers(questions: list[str], answers: list[Answer]) -> tuple[str, list[Citation]]:
    if len(answers) == 1:
        return answers[0].text, list(answers[0].citations)
    parts: list[str] = []
    citations: list[Citation] = []
    for i, (q, a) in enumerate(zip(questions, answers, strict=True), start=1):
        offset = len(citations)
        known = {c.n for c in a.citations}
        text = _MARKER.sub(lambda m, off=offset, ok=known: f"[{int(m.group(1)) + off}]"  # type: ignore[misc]
                           if int(m.group(1)) in ok else m.group(0), a.text)
        citations.extend(c.model_copy(update={"n": c.n + offset}) for c in a.citations)
        parts.append(f"{i}) {q}\n{text}")
    return "\n\n".join(parts), citations


# ---- the triage ----------------------------------------------------------------------------------------------


def _match(program: Program, score: float) -> ProgramMatch:
    return ProgramMatch(
        program_id=program.id, number=program.number, title=program.title,
        strategy=program.strategy.label if program.strategy else None, doc_id=program.doc_id,
        score=round(score, 4), pages=program.pages, section=program.section,
    )


def triage(inquiry: str, bot: PolicyBot | None = None) -> Triage:
    """Triage one support inquiry (Korean or English, a one-liner or a long email)."""
    from bot.answering import language_of

    if bot is None:
        from bot.service import get_bot

        bot = get_bot()
    started = time.perf_counter()
    text = clean_inquiry(inquiry)
    if not text:
        raise TriageError("empty inquiry")
    language: Literal["ko", "en"] = "ko" if language_of(text) == "ko" else "en"
    notes: list[str] = []
    reasons: list[str] = []
    timings: dict[str, float] = {}
    limit = bot.settings.max_question_chars

    if is_injection(text):
        answer = bot.answer(text[:limit])
        return Triage(inquiry=text, language=language, draft_reply=answer.text, contact=answer.contact,
                      needs_human=True, reason="prompt injection: the inquiry tries to change the assistant's "
                      "instructions", reasons=["prompt injection"], notes=notes,
                      timings_ms={"total": round((time.perf_counter() - started) * 1000, 1)})

    t0 = time.perf_counter()
    segments = split_inquiry(text)
    questions = segments.questions or ([" ".join(segments.content)] if segments.content else [text])
    questions = list(dict.fromkeys(q if len(q) <= limit else q[:limit] for q in questions))
    timings["split"] = round((time.perf_counter() - t0) * 1000, 1)

    t0 = time.perf_counter()
    index = _program_index(bot)
    views: list[tuple[str, float]] = [(q, 1.0 / (1 + 0.15 * i)) for i, q in enumerate(questions[:MAX_SEGMENTS])]
    whole = " ".join(segments.content)[:WHOLE_VIEW_CHARS]
    if len(questions) > 1 and whole:
        views.append((whole, 0.5))
    per_view = [(_score_segment(bot, index, v), w) for v, w in views]
    totals: dict[str, float] = {}
    for scores, weight in per_view:
        for pid, s in scores.items():
            totals[pid] = totals.get(pid, 0.0) + weight * s
    norm = sum(w for _, w in per_view) or 1.0
    # Each question's best program first (in question order: the first question is the main one), then the
    # rest by their summed score.
    ranked_ids: list[str] = []
    for scores, _ in per_view[: len(questions[:MAX_SEGMENTS])]:
        if scores:
            best_pid = max(scores, key=lambda pid: scores[pid])
            if best_pid not in ranked_ids:
                ranked_ids.append(best_pid)
    ranked_ids += [pid for pid, _ in sorted(totals.items(), key=lambda kv: -kv[1]) if pid not in ranked_ids]
    ranked = [(pid, totals[pid]) for pid in ranked_ids]
    matches = [_match(index.programs[pid], s / norm) for pid, s in ranked[:5]]
    timings["match"] = round((time.perf_counter() - t0) * 1000, 1)

    t0 = time.perf_counter()
    asked = questions[:MAX_QUESTIONS]
    if len(questions) > MAX_QUESTIONS:
        notes.append(f"{len(questions)} questions found; the first {MAX_QUESTIONS} were answered")
    if len(text) > limit or any(len(q) >= limit for q in asked):
        notes.append(TRUNCATION_NOTE.format(n=limit, total=len(text)))
    answers = [bot.answer(q) for q in asked]
    draft, citations = _join_answers(asked, answers)
    timings["answer"] = round((time.perf_counter() - t0) * 1000, 1)

    triage_questions = []
    for i, q in enumerate(questions):
        scores = per_view[i][0] if i < len(per_view) and i < MAX_SEGMENTS else {}
        got: Answer | None = answers[i] if i < len(answers) else None
        triage_questions.append(TriageQuestion(
            text=q, program_ids=[pid for pid, _ in sorted(scores.items(), key=lambda kv: -kv[1])[:3]],
            answered=None if got is None else not got.abstained,
            abstain_reason=got.abstain_reason if got is not None else None,
        ))

    # ---- does a human have to look at it?
    if not matches:
        reasons.append("no program matches the inquiry")
    unanswered = [i for i, a in enumerate(answers, start=1) if a.abstained]
    if unanswered:
        which = "the question" if len(answers) == 1 else "question " + ", ".join(str(i) for i in unanswered)
        detail = answers[unanswered[0] - 1].abstain_reason or "not in the documents"
        reasons.append(f"the documents do not answer {which} ({detail})")
    all_tokens = {t for q in questions for t in _query_tokens(bot, q)}
    if matches and not any(index.distinctive(t) for t in all_tokens):
        reasons.append("the inquiry names no specific program (only general words)")
    elif per_view and len(main := sorted(per_view[0][0].values(), reverse=True)) >= 2 \
            and (main[0] - main[1]) / main[0] < AMBIGUOUS_MARGIN:
        reasons.append(f"several programs match closely (score margin {(main[0] - main[1]) / main[0]:.2f})")

    top = index.programs[matches[0].program_id] if matches else None
    contact = (top.contact if top else None) or next((a.contact for a in answers if a.contact), None)
    timings["total"] = round((time.perf_counter() - started) * 1000, 1)
    return Triage(
        inquiry=text, language=language, matches=matches, category=category_of(top), contact=contact,
        draft_reply=draft, citations=citations, questions=triage_questions, needs_human=bool(reasons),
        reason="; ".join(reasons) or None, reasons=reasons, notes=notes, timings_ms=timings,
    )


# ---- CSV -----------------------------------------------------------------------------------------------------

OUTPUT_COLUMNS = ["program_ids", "program_titles", "category", "contact", "needs_human", "reason", "draft_reply",
                  "error"]
ENCODINGS = ("utf-8-sig", "cp949")


class CsvInputError(ValueError):
    """The CSV cannot be read at all (binary, unknown encoding, no header); the message names the file."""


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    if b"\x00" in data[:4096]:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise CsvInputError(f"{path}: line {line}: not a text CSV (binary data: NUL bytes)")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), "utf-8" if encoding == "utf-8-sig" else encoding
        except UnicodeDecodeError as exc:
            last = exc
    line = data[: last.start].count(b"\n") + 1
    raise CsvInputError(f"{path}: not UTF-8 or CP949 text (undecodable bytes at line {line})")


@dataclass
class _Rows:
    header: list[str]
    rows: list[tuple[int, list[str], str]]  # (line number, cells, error)
    warnings: list[str]


def _parse(path: Path, text: str) -> _Rows:
    """Rows with their line numbers. Ragged rows are padded (or their extra cells kept under extra_N); a quote
    that never closes swallows the rest of the file in the csv module, so the rest is re-read line by line."""
    lines = text.splitlines()
    if not lines:
        raise CsvInputError(f"{path}: the file is empty (no header line)")
    header = next(csv.reader([lines[0]]))
    if not any(h.strip() for h in header):
        raise CsvInputError(f"{path}: line 1: empty header")
    rows: list[tuple[int, list[str], str]] = []
    warnings: list[str] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    next(reader)
    line_no = 2
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            # Unbalanced quote (or another quoting error): report it, then keep the following lines as rows.
            msg = f"{path}: line {start}: malformed CSV ({exc})"
            warnings.append(msg)
            rest = lines[start - 1 :]
            for k, raw in enumerate(rest):
                if not raw.strip():
                    continue
                err = f"malformed CSV at line {start} (unbalanced quote); cells split without quoting" if k == 0 \
                    else ""
                cells = [c.strip().strip('"') for c in _split_loose(raw)]
                rows.append((start + k, cells, err))
            break
        line_no = start
        if not cells or not any(c.strip() for c in cells) and len(cells) <= 1:
            if reader.line_num >= len(lines):
                break
            continue
        rows.append((line_no, cells, ""))
    return _Rows(header=header, rows=rows, warnings=warnings)


def _split_loose(line: str) -> list[str]:
    """Split a line on commas outside well-formed quotes; a dangling quote is treated as a literal character."""
    try:
        return next(csv.reader([line], strict=True))
    except (csv.Error, StopIteration):
        return line.split(",")


def triage_csv(
    in_path: str | Path, out_path: str | Path, column: str = "inquiry", bot: PolicyBot | None = None,
    on_row: Callable[[int, int], None] | None = None,
) -> dict[str, object]:
    """Triage every row of a CSV (UTF-8, UTF-8 with BOM or CP949) into ``out_path`` (UTF-8 with BOM, so Excel
    opens it): all input columns plus OUTPUT_COLUMNS, exactly one output row per input row. ``column`` names the
    inquiry column; when absent, the first column is used. Returns a summary (rows, needs_human, errors,
    encoding, column, warnings). Raises CsvInputError when the file cannot be read as CSV at all."""
    in_path, out_path = Path(in_path), Path(out_path)
    try:
        data = in_path.read_bytes()
    except OSError as exc:
        raise CsvInputError(f"{in_path}: cannot read ({exc.strerror or exc})") from exc
    text, encoding = _decode(in_path, data)
    parsed = _parse(in_path, text)
    header = [h.strip() for h in parsed.header]
    col = header.index(column) if column in header else 0
    width = max([len(header)] + [len(cells) for _, cells, _ in parsed.rows])
    extra = [f"extra_{i}" for i in range(1, width - len(header) + 1)]
    out_header = header + extra + [c if c not in header else f"triage_{c}" for c in OUTPUT_COLUMNS]
    warnings = list(parsed.warnings)
    if column not in header:
        warnings.append(f"{in_path}: no column {column!r}; using the first column {header[0]!r}")
    if bot is None:
        from bot.service import get_bot

        bot = get_bot()
    needs_human = errors = 0
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with out_path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(out_header)
        total = len(parsed.rows)
        for i, (line_no, cells, parse_error) in enumerate(parsed.rows, start=1):
            if len(cells) < len(header):
                warnings.append(f"{in_path}: line {line_no}: {len(cells)} cells, expected {len(header)}; padded")
            padded = cells + [""] * (width - len(cells))
            inquiry = padded[col] if col < len(padded) else ""
            added = _triage_row(inquiry, bot, parse_error)
            needs_human += added["needs_human"] == "true"
            errors += bool(added["error"])
            writer.writerow(padded + [added[c] for c in OUTPUT_COLUMNS])
            if on_row:
                on_row(i, total)
    return {"rows": len(parsed.rows), "needs_human": needs_human, "errors": errors, "encoding": encoding,
            "column": header[col], "output": str(out_path), "warnings": warnings}


def _triage_row(inquiry: str, bot: PolicyBot, parse_error: str) -> dict[str, str]:
    empty = dict.fromkeys(OUTPUT_COLUMNS, "")
    if not clean_inquiry(inquiry):
        return {**empty, "needs_human": "true", "reason": "empty inquiry",
                "error": "; ".join(e for e in (parse_error, "empty inquiry") if e)}
    try:
        result = triage(inquiry, bot)
    except Exception as exc:  # one bad row must not stop the file
        return {**empty, "needs_human": "true", "reason": "triage failed",
                "error": "; ".join(e for e in (parse_error, f"triage failed: {exc}") if e)}
    reason = "; ".join([result.reason or ""] + result.notes).strip("; ")
    return {
        "program_ids": ";".join(result.program_ids[:3]),
        "program_titles": ";".join(f"{m.number}. {m.title}" for m in result.matches[:3]),
        "category": result.category,
        "contact": result.contact.one_line() if result.contact else "",
        "needs_human": "true" if result.needs_human else "false",
        "reason": reason,
        "draft_reply": result.draft_reply,
        "error": parse_error,
    }


__all__ = [
    "CATEGORY_KEYWORDS", "TRIAGE_MAX_CHARS", "CsvInputError", "ProgramMatch", "Triage", "TriageError",
    "TriageQuestion", "TriageRequest", "category_of",
    "clean_inquiry", "split_inquiry", "triage", "triage_csv",
]
