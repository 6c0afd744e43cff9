"""The responsible department and people of a document, read from its own 담당 부서 block (or manifest)."""

from __future__ import annotations

import re

from bot.models import Contact
from ingestion.headings import CONTACT_LABEL
from ingestion.index import Store

_PHONE = r"0\d{1,2}-\d{3,4}-\d{4}"
_ROLE = r"(과\s?장|팀\s?장|국\s?장|서기관|사무관|주무관|연구관|전문관|행정관|담당자?)"
_PERSON = re.compile(_ROLE + r"\s*([가-힣]{2,4})\s*\((" + _PHONE + r")\)")
PHONE = re.compile(_PHONE)  # a Korean phone number as notices write it (02-555-0100)


def _squash(text: str) -> str:
    return re.sub(r"\s", "", text)


def parse_contact(doc_id: str, department: str, text: str) -> Contact:
    """People as 'role name (phone)' in document order; the first phone is the main number."""
    people = [f"{_squash(m.group(1))} {m.group(2)} ({m.group(3)})" for m in _PERSON.finditer(text)]
    phone = PHONE.search(text)
    return Contact(doc_id=doc_id, department=department, people=people, phone=phone.group(0) if phone else None,
                   source=CONTACT_LABEL if text else "manifest")


class ContactBook:
    """Caches one contact per document version."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._cache: dict[tuple[str, str], Contact | None] = {}

    def for_doc(self, doc_id: str, doc_hash: str, meta: dict[str, object]) -> Contact | None:
        key = (doc_id, doc_hash)
        if key not in self._cache:
            chunks = self.store.doc_chunks(doc_id, top_section=CONTACT_LABEL)
            text = "\n".join(c.text for c in sorted(chunks, key=lambda c: c.chunk_index))
            department = str(meta.get("department") or meta.get("publisher") or "")
            if not department and not text:
                self._cache[key] = None
            else:
                self._cache[key] = parse_contact(doc_id, department or str(meta.get("title", "")), text)
        return self._cache[key]
