"""The index as a whole, as the answer stages need it, cached per index generation: the documents (for editions
and for telling a follow-up from a question that names its subject), their chunks and texts, the programs carried
on by integrated notices, and contacts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.answering.evidence import DocInfo
from bot.answering.lineage import Lineage
from bot.answering.support import Haystack
from bot.concepts import Concept, squash
from bot.contacts import ContactBook
from bot.models import Contact
from bot.retrieval import Passage
from bot.translit import SoundIndex, is_common_noun, latin_spellings, sound_index
from ingestion.index import StoredChunk

if TYPE_CHECKING:
    from bot.service import PolicyBot


class Library:
    """What the answer stages need to know about the index as a whole, cached per index generation: the
    documents (for editions and for telling a follow-up from a question that names its subject) and contacts."""

    def __init__(self, bot: PolicyBot) -> None:
        self.bot = bot
        self.generation = bot.store.generation()
        infos = bot.store.documents()
        self.documents = [DocInfo.of(d.meta, d.doc_id) for d in infos]
        self._infos = {d.doc_id: d for d in infos}
        self._hashes = {d.doc_id: d.doc_hash for d in infos}
        self.titles = squash(" ".join(d.title for d in self.documents))
        self.contacts = ContactBook(bot.store)
        self.lineage = Lineage(self.documents, lambda doc_id: [
            line for ch in self.chunks_of(doc_id) for line in ch.text.split("\n")])
        self._chunks: dict[str, list[StoredChunk]] = {}
        self._texts: dict[str, Haystack] = {}
        self._sounds: SoundIndex | None = None

    def names_subject(self, concepts: list[Concept]) -> bool:
        """The question names something that identifies a document: a name/number, or a term of some title."""
        return any(c.specific or (c.checkable and any(len(f) >= 2 and squash(f) in self.titles for f in c.forms))
                   for c in concepts if not c.asked)

    def latin_names(self, concepts: list[Concept]) -> list[str]:
        """How the index's English pages spell the names a Korean question writes in Hangul (켈바리아 → kelvaria):
        words the glossary has no English for and Kiwi's dictionary does not know as common nouns."""
        words = [c.label for c in concepts
                 if re.fullmatch("[가-힣]{3,}", c.label) and not c.english and not is_common_noun(c.label)]
        if not words:
            return []
        if self._sounds is None:
            self._sounds = sound_index(self.bot.store.keyword_latin_terms())
        return [term for word in words for term in latin_spellings(word, self._sounds)]

    def text_of(self, doc: DocInfo) -> Haystack:
        """A document's title and whole text, prepared for look-ups once per index generation."""
        if doc.doc_id not in self._texts:
            self._texts[doc.doc_id] = Haystack("\n".join([doc.title, *(ch.text for ch in self.chunks_of(doc.doc_id))]))
        return self._texts[doc.doc_id]

    def chunks_of(self, doc_id: str) -> list[StoredChunk]:
        """A document's chunks (current version), read once per index generation."""
        if doc_id not in self._chunks:
            self._chunks[doc_id] = self.bot.store.doc_chunks(doc_id, doc_hash=self._hashes.get(doc_id))
        return self._chunks[doc_id]

    def contact_of(self, doc_id: str) -> Contact | None:
        """The contact of the document that answers (its own 문의처 or 담당 부서), when it names one."""
        info = self._infos.get(doc_id)
        return self.contacts.for_doc(doc_id, info.doc_hash, info.meta) if info is not None else None

    def contact_about(self, doc_id: str, words: list[str], notices: Sequence[str] = ()) -> Contact | None:
        """The document's contact line for what the question names ("해외 인증" → that sub-program's team), else
        its contact. A FAQ's questions are its program's: the program's ``notices`` are asked for such a line
        before the FAQ's own general contact ("공급기업 풀 등록 문의: …" in the notice)."""
        info = self._infos.get(doc_id)
        if info is None:
            return None
        for about in (doc_id, *notices):
            if (known := self._infos.get(about)) is not None and (
                    line := self.contacts.for_words(about, known.doc_hash, self.chunks_of(about), words)) is not None:
                return line
        return self.contact_of(doc_id)

    def contact_for(self, passages: list[Passage]) -> Contact | None:
        for p in passages:
            contact = self.contacts.for_doc(p.chunk.doc_id, str(p.chunk.meta.get("doc_hash", "")), p.chunk.meta)
            if contact is not None:
                return contact
        return self.default_contact()

    def default_contact(self) -> Contact | None:
        for doc in self.bot.store.documents()[:5]:
            contact = self.contacts.for_doc(doc.doc_id, doc.doc_hash, doc.meta)
            if contact is not None:
                return contact
        return None


def library_of(bot: PolicyBot) -> Library:
    lib: Library | None = getattr(bot, "_library", None)
    if lib is None or lib.generation != bot.store.generation():
        lib = Library(bot)
        bot._library = lib  # type: ignore[attr-defined]
    return lib
