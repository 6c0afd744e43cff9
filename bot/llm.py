"""Optional LLM answers through any OpenAI-compatible endpoint. The model only rephrases the retrieved
passages; every number and name it writes is checked against the passages it cites, and any answer that
fails the check is dropped for the extractive one."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from bot.concepts import squash
from bot.config import Settings
from bot.models import Answer, Citation
from bot.retrieval import Passage
from bot.templates import load_template

log = logging.getLogger(__name__)
_MARKER = re.compile(r"\[(\d{1,2})\]")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9&\-]{1,}")
_QUOTED = re.compile(r"[‘'“\"「｢『]([^’'”\"」｣』]{2,40})[’'”\"」｣』]")


def build_prompt(question: str, language: str, passages: list[Passage]) -> str:
    """The prompt ``prompts/answer_<language>.md`` with the numbered passages and the question."""
    blocks = [f"[{i}] ({p.chunk.title} — {p.chunk.section_label})\n{p.chunk.text}" for i, p in enumerate(passages, 1)]
    return load_template(f"answer_{language}.md").render(passages="\n\n".join(blocks), question=question)


def unsupported_claims(text: str, language: str, cited_text: str, question: str) -> list[str]:
    """Numbers, Latin names and quoted names of the answer that the cited passages do not contain. Words that
    merely repeat the question, or English prose around Korean evidence, are not claims."""
    flat = squash(cited_text)
    body = _MARKER.sub(" ", text)
    bad = [n for n in _NUMBER.findall(body) if squash(n) not in flat]
    latin = [] if language == "en" else _LATIN.findall(body)
    bad += [w for w in latin if squash(w) not in flat and squash(w) not in squash(question)]
    bad += [q for q in _QUOTED.findall(body) if re.search(r"[가-힣]", q) and squash(q) not in flat]
    return bad


def _quote_for(passage: Passage, sentence: str) -> str:
    """The sentence of the passage that shares the most characters with the answer sentence citing it."""
    spans = passage.chunk.sentence_spans or ((0, len(passage.chunk.text)),)
    target = set(squash(sentence))
    return max((passage.chunk.text[s:e].strip() for s, e in spans), key=lambda t: len(target & set(squash(t))))


class _TokenHookError(Exception):
    """What the ``on_token`` hook raised (a time budget, a cancelled request): not an LLM failure."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.cause = cause


def _generate(chat: object, prompt: str, on_token: Callable[[str], None] | None) -> str:
    """The model's reply; with ``on_token``, streamed, each piece handed to it as it arrives."""
    if on_token is None:
        return str(chat.invoke(prompt).content)  # type: ignore[attr-defined]
    parts: list[str] = []
    for chunk in chat.stream(prompt):  # type: ignore[attr-defined]
        piece = str(chunk.content or "")
        if piece:
            parts.append(piece)
            try:
                on_token(piece)
            except Exception as exc:
                raise _TokenHookError(exc) from exc
    return "".join(parts)


def llm_answer(settings: Settings, question: str, language: str, passages: list[Passage], fallback: Answer,
               on_token: Callable[[str], None] | None = None) -> Answer | None:
    """An LLM answer that passed the checks, or None (the caller keeps the extractive answer). ``on_token``
    receives the reply as it streams in: a draft, since the checks run on the whole reply."""
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    if not passages:
        return None
    chat = ChatOpenAI(
        base_url=settings.llm_base_url, model=settings.llm_model or "",
        api_key=SecretStr(settings.llm_api_key or "none"), timeout=settings.llm_timeout_s, max_retries=0, temperature=0,
    )
    try:
        text = _generate(chat, build_prompt(question, language, passages), on_token).strip()
    except _TokenHookError as exc:
        raise exc.cause from None
    except Exception as exc:  # network, auth, bad JSON: the extractive answer stands
        log.warning("LLM call failed, using the extractive answer: %s", exc)
        return None
    if not text or "NOT_FOUND" in text:
        return None
    cited = sorted({int(n) for n in _MARKER.findall(text)})
    if not cited or any(n < 1 or n > len(passages) for n in cited):
        log.warning("LLM answer without valid citations, using the extractive answer")
        return None
    cited_text = "\n".join(passages[n - 1].chunk.text for n in cited)
    bad = unsupported_claims(text, language, cited_text, question)
    if bad:
        log.warning("LLM answer has claims not in its citations %s, using the extractive answer", bad)
        return None
    renumber = {old: new for new, old in enumerate(cited, 1)}
    text = _MARKER.sub(lambda m: f"[{renumber.get(int(m.group(1)), int(m.group(1)))}]", text)
    sentences = re.split(r"(?<=[.!?。])\s+|\n+", text)
    citations = []
    for old in cited:
        p = passages[old - 1]
        citing = " ".join(s for s in sentences if f"[{renumber[old]}]" in s) or text
        citations.append(Citation(
            n=renumber[old], chunk_id=p.chunk.chunk_id, doc_id=p.chunk.doc_id, doc_title=p.chunk.title,
            section=p.chunk.section_label, section_path=list(p.chunk.section_path), pages=list(p.chunk.pages),
            quote=_quote_for(p, citing), passage=p.chunk.text, score=round(p.score, 4),
        ))
    return fallback.model_copy(update={"text": text, "citations": citations, "mode": "llm",
                                       "related_section": citations[0].section})
