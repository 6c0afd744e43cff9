"""The responsible department and people of a document, read from its own 담당 부서 block (or manifest)."""

from __future__ import annotations

import re

from bot.models import Contact
from ingestion.headings import CONTACT_LABEL
from ingestion.index import Store, StoredChunk
from ingestion.notice import LINE_MARK, parse_field_line

_PHONE = r"0\d{1,2}-\d{3,4}-\d{4}"
_ROLE = r"(과\s?장|팀\s?장|국\s?장|서기관|사무관|주무관|연구관|전문관|행정관|담당자?)"
_PERSON = re.compile(_ROLE + r"\s*([가-힣]{2,4})\s*\((" + _PHONE + r")\)")
PHONE = re.compile(_PHONE)  # a Korean phone number as notices write it (02-555-0100)
# A number written with its country code, as foreign pages do ("+399 21 480 7700", "+82-2-555-0100").
INTERNATIONAL_PHONE = re.compile(r"\+\d{1,3}(?:[\s-]\d{1,4}){2,4}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _squash(text: str) -> str:
    return re.sub(r"\s", "", text)


def parse_contact(doc_id: str, department: str, text: str) -> Contact:
    """People as 'role name (phone)' in document order; the first phone is the main number."""
    people = [f"{_squash(m.group(1))} {m.group(2)} ({m.group(3)})" for m in _PERSON.finditer(text)]
    phone = PHONE.search(text)
    return Contact(doc_id=doc_id, department=department, people=people, phone=phone.group(0) if phone else None,
                   source=CONTACT_LABEL if text else "manifest")


# A heading or label that names the contact block of a notice or page ("6. 문의처", "## Contact").
_CONTACT_NAME = re.compile(r"문의|연락처|담당\s*부서|\bcontacts?\b|\benquir|\binquir", re.IGNORECASE)
# Any phone number as pages write it: "02-777-4410", "1588-7700", "+82-2-555-9010", "☎ 051-555-8120".
_ANY_PHONE = re.compile(r"\+?\d{1,4}(?:[-\s.]\d{1,4}){1,4}(?!\d)")
_LEAD = re.compile(rf"^\s*{LINE_MARK}\s*")


def contact_block(chunks: list[StoredChunk]) -> tuple[str, str]:
    """The lines under a document's contact heading ("6. 문의처", "## Contact"), or its contact field lines
    ("○ 문의처: …"), with the heading they were read under: a notice without a 담당 부서 block or a manifest still
    names who answers for it."""
    lines: list[str] = []
    source = ""
    for ch in sorted(chunks, key=lambda ch: ch.chunk_index):
        heading = ch.section_path[-1] if ch.section_path else ""
        for line in ch.text.split("\n"):
            text = line.strip()
            field = parse_field_line(text)
            under = bool(_CONTACT_NAME.search(heading)) and _squash(text.lstrip("#")) != _squash(heading)
            if text and text not in lines and (under or (field and _CONTACT_NAME.search(field.label))):
                lines.append(text)
                source = source or (heading if under else field.label if field else "")
    return "\n".join(lines), source


def department_of(block: str) -> str:
    """Who the first contact line names: the line without its bullet, label and numbers ("가. 사업 일반:
    한국콘텐츠수출원 글로벌사업팀 02-777-4410" → 한국콘텐츠수출원 글로벌사업팀)."""
    for line in block.split("\n"):
        text = _who(line)
        text = _ANY_PHONE.sub(" ", re.sub(r"☎|\b(?:Tel|Phone)\b\.?|전화", " ", text, flags=re.IGNORECASE))
        text = re.sub(r"\(\s*\)", "", re.sub(r"\s+", " ", text)).strip(" ,:;")
        text = re.sub(r"([:;,])(?:\s*[,;])+", r"\1", text)  # "Helpdesk: +399 …, mail" → "Helpdesk: mail"
        if text.startswith("(") and text.endswith(")"):
            text = text[1:-1].strip()
        if re.search(r"[가-힣A-Za-z]{2}", text):
            return text
    return ""


# A label naming the way to reach someone ("이메일:", "문의:", "Contact:"), not whom: its value is the contact.
_CHANNEL = re.compile(rf"{_CONTACT_NAME.pattern}|이메일|메일|전화|팩스|e-?mail|\bfax\b|\bphone\b|\btel\b",
                      re.IGNORECASE)


def _who(line: str) -> str:
    """The part of a contact line that says who answers: a field's value when it names someone beyond numbers, an
    address and office hours ("가. 사업 일반: 한국콘텐츠수출원 글로벌사업팀 02-777-4410"), or when its label only
    names the way to reach them ("이메일: a@b.example"); else the whole line, whose label is then the desk ("VTO
    Export Desk: +399 …, desk@… (weekdays)")."""
    field = parse_field_line(line)
    if field is not None:
        rest = _ANY_PHONE.sub(" ", field.value)
        if re.search(r"[가-힣A-Za-z]{2}", re.sub(r"\([^)]*\)", " ", EMAIL.sub(" ", rest))):
            return field.value
        if _CHANNEL.search(field.label) and rest.strip():
            return field.value
    return _LEAD.sub("", line)


class ContactBook:
    """Caches one contact per document version."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._cache: dict[tuple[str, str], Contact | None] = {}
        self._blocks: dict[tuple[str, str], tuple[str, str]] = {}

    def for_words(self, doc_id: str, doc_hash: str, chunks: list[StoredChunk], words: list[str]) -> Contact | None:
        """The contact line of the document (its ``chunks``, as the caller has read them) whose label names what
        the question is about, when its contact block gives one line per program or matter; None when no line
        stands out."""
        key = (doc_id, doc_hash)
        if key not in self._blocks:
            self._blocks[key] = contact_block(chunks)
        block, source = self._blocks[key]
        line = line_naming(block, words)
        return _from_block(doc_id, department_of(line), line, source) if line else None

    def for_doc(self, doc_id: str, doc_hash: str, meta: dict[str, object]) -> Contact | None:
        key = (doc_id, doc_hash)
        if key not in self._cache:
            chunks = self.store.doc_chunks(doc_id, top_section=CONTACT_LABEL)
            text = "\n".join(c.text for c in sorted(chunks, key=lambda c: c.chunk_index))
            department = str(meta.get("department") or meta.get("publisher") or "")
            if not text:
                block, source = contact_block(self.store.doc_chunks(doc_id))
                if block:
                    self._cache[key] = _from_block(doc_id, department or department_of(block), block, source)
                    return self._cache[key]
            if not department and not text:
                self._cache[key] = None
            else:
                self._cache[key] = parse_contact(doc_id, department or str(meta.get("title", "")), text)
        return self._cache[key]


def line_naming(block: str, words: list[str]) -> str | None:
    """The contact line whose label names more of ``words`` than any other ("○ 해외 인증 획득 지원: 글로벌사업팀
    043-555-0738" for a question about 해외 인증), when the block has one labelled line per program or matter."""
    scored = []
    for line in block.split("\n"):
        field = parse_field_line(line)
        if field is not None and PHONE.search(field.value):
            label = _squash(field.label)
            scored.append((sum(1 for w in words if w and w in label), line))
    scored.sort(key=lambda pair: -pair[0])
    if len(scored) >= 2 and scored[0][0] > scored[1][0]:
        return scored[0][1]
    return None


def _from_block(doc_id: str, department: str, block: str, source: str) -> Contact:
    people = [f"{_squash(m.group(1))} {m.group(2)} ({m.group(3)})" for m in _PERSON.finditer(block)]
    phone = PHONE.search(block) or _ANY_PHONE.search(block)
    return Contact(doc_id=doc_id, department=department or "", people=people,
                   phone=phone.group(0).strip() if phone else None, source=source)
