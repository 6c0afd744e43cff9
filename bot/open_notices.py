"""Questions about what is open now ("지금 신청 가능한 지원사업", "접수 중인 창업 공고", "which programs are open
now?") and what opens later ("접수 예정인 공고"). They are answered from the documents' application windows on the
day asked (``PolicyBot.today()``, fixed by tests and ``POLICYBOT_TODAY``), not by the extractive pipeline: a list
of notices with their windows, deadlines and links, each cited. Words of the question other than the ask
("수출", "창업") narrow the list to notices that contain them.

Also here: each citation of an answer gets its document's status and window (``annotate_status``)."""

from __future__ import annotations

import re
import threading
from datetime import date
from typing import TYPE_CHECKING

from bot.concepts import squash
from bot.glossary import korean_expansion, stem
from bot.guard import is_injection
from bot.models import Answer, Citation
from bot.text import clean_question, language_of
from bot.wording import word
from ingestion.index import DocFilter, DocumentInfo, Store, StoredChunk
from ingestion.korean import keyword_tokens
from ingestion.notice import Status, parse_field_line, status_on

if TYPE_CHECKING:
    from bot.service import PolicyBot

MAX_LISTED = 20

# "지금 신청 가능한 …", "현재 접수 중인 …", "신청할 수 있는 공고", "모집 중인 사업": the time or the status, and
# notices/programs as the thing asked for (not "신청 가능한 기업", which asks about eligibility).
_NOW = r"(?:지금|현재|당장|오늘|요즘|이번\s*(?:주|달))"
_CAN_APPLY = (r"(?:신청|지원|접수|응모)\s*(?:이|을|를)?\s*"
              r"(?:가능한|가능하|할\s*수\s*있|해\s*볼\s*수\s*있|받는|받고\s*있)")
_IN_PROGRESS = r"(?:접수|모집|공모|신청)\s*(?:진행\s*)?중"
# 것/거/게 ending the sentence ("신청 가능한 거죠?", "… 거예요?", "… 게 맞나요?") asks whether one can apply, not
# which notices one can apply to.
_NOTICES = r"(?:지원\s*)?(?:사업|공고|프로그램|모집|과제|(?:것|거|게)(?!죠|지요|예요|에요|야|지(?![가-힣])|\s*맞))"
_OPEN_KO = re.compile(
    rf"{_NOW}\s*.*?(?:{_CAN_APPLY}|{_IN_PROGRESS})|(?:{_CAN_APPLY}|{_IN_PROGRESS})\w*\s+(?:\S+\s+){{0,3}}?{_NOTICES}"
    r"|마감\s*(?:안\s*된|되지\s*않은|전인)\s*(?:\S+\s+){0,2}?" + _NOTICES)
_ELIGIBILITY = re.compile(r"(?:가능한|할\s*수\s*있는)\s*"
                          r"(?:기업|자격|대상|조건|요건|업종|서류|방법|금액|한도|나이|연령)")
_OPEN_EN = re.compile(
    r"\b(?:open|accepting applications|taking applications)\b.{0,30}\b(?:now|currently|today|at the moment)\b"
    r"|\b(?:now|currently)\b.{0,20}\b(?:open|accepting)\b|\bcan (?:i|we) (?:still )?apply (?:for|to)?\b.{0,40}\bnow\b"
    r"|\bstill open\b|\bopen (?:calls|notices|programs|programmes)\b", re.I)
_UPCOMING = re.compile(r"접수\s*예정|모집\s*예정|신청\s*예정|곧\s*(?:시작|열리|접수|모집|신청)|다가오는\s*(?:공고|모집)"
                       r"|\bupcoming\b|\bopening soon\b|\bwill open\b|\bopen(?:s)? (?:soon|later|next)\b", re.I)

# Words of such questions that ask, rather than say which notices.
_ASK_WORDS = frozenset(
    "지금 현재 당장 오늘 요즘 이번 주 달 신청 접수 모집 공모 응모 지원 사업 지원사업 "
    "공고 프로그램 과제 가능 중 진행 있다 수 하다 되다 뭐 무엇 어떤 어느 것 거 게 "
    "목록 알리다 주다 좀 건 개 예정 곧 시작 열리다 마감 전 안 않다 다가오다 받다 보다 "
    "which what are is can i we for applications application accepting open now currently today upcoming soon "
    "list show me programs program programmes notices notice calls call support the any there still apply at moment "
    "later next will opening taking".split())


def asked_status(question: str) -> Status | None:
    """"open" for a question about notices open now, "upcoming" for those opening later, else None."""
    if _UPCOMING.search(question):
        return "upcoming"
    if _ELIGIBILITY.search(question):
        return None
    if _OPEN_KO.search(question) or _OPEN_EN.search(question):
        return "open"
    return None


def topic_terms(question: str) -> list[str]:
    """The question's words that say which notices (Korean morphemes; English words through the glossary)."""
    terms = [t for t in keyword_tokens(question) if t not in _ASK_WORDS and len(t) >= 2 and not t.isdigit()]
    terms = [t for t in terms if not re.fullmatch(r"[a-z][a-z\-]*", t)]  # English words: their Korean forms
    # Only the English words that say which notices are translated: the glossary also knows the asking words
    # ("open" → 개방, "applications" → 신청서), which would narrow the list to nothing.
    topical = [w for w in re.findall(r"[A-Za-z][A-Za-z\-]*", question)
               if w.lower() not in _ASK_WORDS and stem(w.lower()) not in _ASK_WORDS]
    terms += [t for t in korean_expansion(" ".join(topical)) if t not in _ASK_WORDS]
    return list(dict.fromkeys(terms))


def _window(meta: dict[str, object]) -> tuple[str, str]:
    return str(meta.get("apply_start") or ""), str(meta.get("apply_end") or "")


def _group_key(info: DocumentInfo) -> str:
    """An item synced from a source and its attachments are one notice."""
    item = str(info.meta.get("item_id") or "")
    return f"{info.meta.get('origin', '')}|{item}" if item else info.doc_id


def _window_chunk(store: Store, info: DocumentInfo) -> tuple[StoredChunk | None, str]:
    """The chunk and sentence stating the application window (else the first chunk and its first sentence)."""
    chunks = sorted(store.doc_chunks(info.doc_id, doc_hash=info.doc_hash), key=lambda c: c.chunk_index)
    for chunk in chunks:
        for s, e in chunk.sentence_spans or ((0, len(chunk.text)),):
            sentence = chunk.text[s:e].strip()
            field = parse_field_line(sentence)
            if field is not None and re.search(r"(신청|접수|모집).*(기간|일정)", field.key):
                return chunk, sentence
    if not chunks:
        return None, ""
    first = chunks[0]
    s, e = (first.sentence_spans or ((0, len(first.text)),))[0]
    return first, first.text[s:e].strip()


def _days(a: date, b: str) -> int | None:
    try:
        return (date.fromisoformat(b) - a).days
    except ValueError:
        return None


def _line(language: str, info: DocumentInfo, status: str, today: date, n: int) -> str:
    start, end = _window(info.meta)
    parts = [str(info.meta.get("title") or info.doc_id)]
    if start or end:
        parts.append(word("window", language).format(start=start or "?", end=end or "?"))
    days = _days(today, end) if status == "open" and end else _days(today, start) if start else None
    if days is not None:
        key = ("closes_today" if days == 0 else "closes_in") if status == "open" else "opens_in"
        parts.append(word(key, language).format(days=days))
    issuer = str(info.meta.get("issuer") or "")
    if issuer:
        parts.append(issuer)
    if info.meta.get("url"):
        parts.append(str(info.meta["url"]))
    return f"- {' · '.join(parts)} [{n}]"


def notices_by_status(store: Store, status: str, today: date, filters: DocFilter | None = None
                      ) -> list[DocumentInfo]:
    """One document per notice whose status on ``today`` is ``status`` (and that ``filters`` admits), soonest
    deadline (or opening) first. Of an item and its attachments, the item's own document represents it."""
    groups: dict[str, list[DocumentInfo]] = {}
    for info in store.documents():
        meta = info.meta
        if status_on(meta.get("apply_start") or None, meta.get("apply_end") or None, today,
                     meta.get("withdrawn") or None) != status:
            continue
        if filters is not None and filters.active and not filters.matches(meta, today):
            continue
        groups.setdefault(_group_key(info), []).append(info)
    chosen = [min(docs, key=lambda d: (len(d.doc_id), d.doc_id)) for docs in groups.values()]
    key = 1 if status == "open" else 0
    return sorted(chosen, key=lambda d: (_window(d.meta)[key] or "9999", str(d.meta.get("title", ""))))


def _about_topic(bot: PolicyBot, notices: list[DocumentInfo], topic: list[str], question: str
                 ) -> list[DocumentInfo]:
    """The notices whose title, issuer or best passages contain a word of the topic."""
    from bot.retrieval import retrieve

    forms = [squash(t) for t in topic]
    ids = {d.doc_id for d in notices}
    siblings: dict[str, list[str]] = {}
    for info in bot.store.documents():
        key = _group_key(info)
        siblings.setdefault(key, []).append(info.doc_id)
    group_of = {d.doc_id: _group_key(d) for d in notices}
    all_ids = {doc for d in notices for doc in siblings.get(group_of[d.doc_id], [d.doc_id])}
    found = retrieve(bot.store, " ".join(topic) or question, top_k=min(100, 5 * len(all_ids)), doc_ids=all_ids)
    text_of: dict[str, str] = {}
    for p in found.passages:
        owner = next((d for d in notices if p.chunk.doc_id in siblings.get(group_of[d.doc_id], [])), None)
        if owner is not None:
            text_of[owner.doc_id] = text_of.get(owner.doc_id, "") + squash(p.chunk.text)
    out = []
    for d in notices:
        own = squash(f"{d.meta.get('title', '')} {d.meta.get('issuer', '')}") + text_of.get(d.doc_id, "")
        if d.doc_id in ids and any(f and f in own for f in forms):
            out.append(d)
    return out


def open_notice_answer(bot: PolicyBot, question: str, today: date, filters: DocFilter | None = None
                       ) -> Answer | None:
    """The answer to a question about open (or upcoming) notices, or None when the question asks something
    else."""
    text = clean_question(question, bot.settings.max_question_chars)
    status = asked_status(text)
    if status is None or is_injection(text):
        return None  # the pipeline answers (or refuses) everything else
    language = language_of(text)
    notices = notices_by_status(bot.store, status, today, filters)
    topic = topic_terms(text)
    if topic and notices:
        notices = _about_topic(bot, notices, topic, text)
    day = today.isoformat()
    citations: list[Citation] = []
    lines: list[str] = []
    for info in notices[:MAX_LISTED]:
        chunk, quote = _window_chunk(bot.store, info)
        if chunk is None:
            continue
        n = len(citations) + 1
        start, end = _window(info.meta)
        citations.append(Citation(
            n=n, chunk_id=chunk.chunk_id, doc_id=info.doc_id, doc_title=str(info.meta.get("title") or info.doc_id),
            doc_date=str(info.meta.get("notice_date") or info.meta.get("published") or "") or None,
            doc_status=status, doc_window=f"{start or '?'} ~ {end or '?'}", section=chunk.section_label,
            section_path=list(chunk.section_path), pages=list(chunk.pages), quote=quote, passage=chunk.text,
            score=1.0))
        lines.append(_line(language, info, status, today, n))
    if lines:
        head_key = "upcoming_head" if status == "upcoming" else "open_topic_head" if topic else "open_head"
        head = word(head_key, language).format(today=day, n=len(notices), topic=" ".join(topic))
        if len(notices) > MAX_LISTED:
            lines.append(word("more_notices", language).format(n=len(notices) - MAX_LISTED))
        body = "\n".join([head, *lines])
    else:
        body = word("upcoming_none" if status == "upcoming" else "open_none", language).format(today=day)
    return Answer(question=text, language=language, text=body, citations=citations, outcome="answered",  # type: ignore[arg-type]
                  intent="list", confidence=1.0 if citations else 0.0,
                  related_doc_id=citations[0].doc_id if citations else None)


# ---- status of cited documents -----------------------------------------------------------------------------------


_windows_lock = threading.Lock()
_windows: dict[tuple[object, ...], dict[str, tuple[str, str, str]]] = {}


def windows(store: Store) -> dict[str, tuple[str, str, str]]:
    """doc_id → (apply_start, apply_end, withdrawn) of every document, read once per index generation."""
    key = (store.cache_key, store.generation())
    with _windows_lock:
        found = _windows.get(key)
    if found is None:
        found = {d.doc_id: (*_window(d.meta), str(d.meta.get("withdrawn") or "")) for d in store.documents()}
        with _windows_lock:
            _windows.clear()  # one generation per index is enough
            _windows[key] = found
    return found


def annotate_status(answer: Answer, store: Store, today: date) -> Answer:
    """Each citation's document status (upcoming / open / closed) and window on ``today``, in place."""
    if not answer.citations:
        return answer
    known = windows(store)
    for c in answer.citations:
        if c.doc_id not in known:
            continue
        start, end, withdrawn = known[c.doc_id]
        c.doc_status = status_on(start or None, end or None, today, withdrawn or None)
        c.doc_window = f"{start or '?'} ~ {end or '?'}" if (start or end) else None
    return answer


def status_word(status: str | None, language: str) -> str:
    """"접수 중" / "open" …, or "" for a document without a window."""
    return word(f"status_{status}", language) if status else ""
