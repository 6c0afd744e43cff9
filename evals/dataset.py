"""QA datasets in the shared format (one JSON object a line: id, lang, q, facts, answerable) and the string
comparison every metric uses: all whitespace removed, the four middle-dot code points unified to ``·``.

Optional fields (the multi-document sets use them): ``history`` — earlier user turns of the conversation, oldest
first, for follow-up questions; ``absent`` — strings a correct answer must not contain outside its labelled
edition notes (e.g. the figure of a similar program); ``tags`` — categories the report breaks results down by."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

SEED_QA = Path(__file__).resolve().parent / "seed_qa.jsonl"
MULTIDOC_SPLITS = {
    "tune": Path(__file__).resolve().parent / "multidoc_tune.jsonl",
    # reporting only: never tune answering code or questions on it
    "holdout": Path(__file__).resolve().parent / "multidoc_holdout.jsonl",
}
# The "notices" suite (evals/notices/): written apart from the multidoc sets and from the answering code.
NOTICES_SPLITS = {
    "tune": Path(__file__).resolve().parent / "notices_tune.jsonl",
    # reporting only: never tune answering code or questions on it
    "unseen": Path(__file__).resolve().parent / "notices_unseen.jsonl",
}
# The "probes" suite (evals/probes/): fresh documents written to find what fails on notices nothing was built on;
# answering was changed from its failures, so it is a tune set only.
PROBES_SPLITS = {
    "tune": Path(__file__).resolve().parent / "probes_tune.jsonl",
}
# The "probes2" suite (evals/probes2/): fresh documents and questions written from the documents alone, without
# knowledge of the answering code; a tune split, written to find failures.
PROBES2_SPLITS = {
    "tune": Path(__file__).resolve().parent / "probes2_tune.jsonl",
}
# The "fresh" suite (evals/fresh/): documents and questions written from the documents alone, without knowledge of
# the answering code; the splits are about different documents.
FRESH_SPLITS = {
    "tune": Path(__file__).resolve().parent / "fresh_tune.jsonl",
    # reporting only: never tune answering code or questions on it
    "unseen": Path(__file__).resolve().parent / "fresh_unseen.jsonl",
}
# The "fresh2" suite (evals/fresh2/): documents and questions written from the documents alone, without knowledge
# of the answering code; the splits are about different documents.
FRESH2_SPLITS = {
    "tune": Path(__file__).resolve().parent / "fresh2_tune.jsonl",
    # reporting only: never tune answering code or questions on it
    "unseen": Path(__file__).resolve().parent / "fresh2_unseen.jsonl",
}
# The "fresh3" suite (evals/fresh3/): the same way, by a fourth helper, about eight other documents.
FRESH3_SPLITS = {
    "tune": Path(__file__).resolve().parent / "fresh3_tune.jsonl",
    # reporting only: never tune answering code or questions on it
    "unseen": Path(__file__).resolve().parent / "fresh3_unseen.jsonl",
    # tune data: see the note on the probe splits below
    "probe": Path(__file__).resolve().parent / "fresh3_probe.jsonl",
}
# The "fresh4" suite (evals/fresh4/): the same way, by a fifth helper, about eight other documents.
FRESH4_SPLITS = {
    "tune": Path(__file__).resolve().parent / "fresh4_tune.jsonl",
    # reporting only: never tune answering code or questions on it
    "unseen": Path(__file__).resolve().parent / "fresh4_unseen.jsonl",
    # tune data: see the note on the probe splits below
    "probe": Path(__file__).resolve().parent / "fresh4_probe.jsonl",
}
# The "fresh5" suite (evals/fresh5/): the same way, by a sixth helper, about eight other documents.
FRESH5_SPLITS = {
    "tune": Path(__file__).resolve().parent / "fresh5_tune.jsonl",
    # reporting only: never tune answering code or questions on it
    "unseen": Path(__file__).resolve().parent / "fresh5_unseen.jsonl",
    # tune data: see the note on the probe splits below
    "probe": Path(__file__).resolve().parent / "fresh5_probe.jsonl",
}
# The "fresh6" suite (evals/fresh6/): the same way, by a seventh helper, about eight other documents.
FRESH6_SPLITS = {
    "tune": Path(__file__).resolve().parent / "fresh6_tune.jsonl",
    # reporting only: never tune answering code or questions on it
    "unseen": Path(__file__).resolve().parent / "fresh6_unseen.jsonl",
}
# The "fresh7" suite (evals/fresh7/): the same way, by an eighth helper, about eight other documents.
FRESH7_SPLITS = {
    "tune": Path(__file__).resolve().parent / "fresh7_tune.jsonl",
    # reporting only: never tune answering code or questions on it
    "unseen": Path(__file__).resolve().parent / "fresh7_unseen.jsonl",
}

# The "probe" splits of fresh3–fresh5: questions a later helper wrote from the suites' documents alone, without
# the answering code or any question file, kept only where they ask about the tune group's documents (the unseen
# group's documents are not tuned on); tune data, for finding what fails.

_WHITESPACE = re.compile(r"\s+")
_MIDDLE_DOTS = re.compile("[\u2027\u00b7\u318d\u2024\u30fb\u2219]")  # ‧ · ㆍ ․ ・ ∙


@dataclass(frozen=True)
class QAItem:
    id: str
    lang: str
    q: str
    facts: list[list[str]] = field(default_factory=list)
    answerable: bool = True
    history: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def match_key(text: str) -> str:
    """The form two strings are compared in: no whitespace at all, one middle dot."""
    return _MIDDLE_DOTS.sub("·", _WHITESPACE.sub("", text))


def group_present(group: list[str], text: str) -> bool:
    """True when ``text`` holds at least one alternative of the fact group."""
    key = match_key(text)
    return any(match_key(alt) and match_key(alt) in key for alt in group)


def missing_groups(facts: list[list[str]], text: str) -> list[list[str]]:
    """Fact groups of which ``text`` holds no alternative (empty list: the answer is complete)."""
    return [g for g in facts if not group_present(g, text)]


def absent_found(absent: list[str], text: str) -> list[str]:
    """The strings of ``absent`` that ``text`` holds (same comparison as the facts)."""
    key = match_key(text)
    return [a for a in absent if match_key(a) and match_key(a) in key]


def _string_list(raw: dict[str, object], name: str, where: str) -> list[str]:
    value = raw.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{where}: {name} must be a list of non-empty strings")
    return list(value)


def load_dataset(path: Path) -> list[QAItem]:
    """Read and validate a QA JSONL file. Raises ValueError on a malformed line or a duplicate id."""
    items: list[QAItem] = []
    seen: set[str] = set()
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{n}: not JSON: {exc}") from exc
        missing = {"id", "lang", "q", "facts", "answerable"} - set(raw)
        if missing:
            raise ValueError(f"{path}:{n}: missing fields {sorted(missing)}")
        facts = raw["facts"]
        if not isinstance(facts, list) or not all(
            isinstance(g, list) and g and all(isinstance(a, str) and a.strip() for a in g) for g in facts
        ):
            raise ValueError(f"{path}:{n}: facts must be a list of non-empty lists of strings")
        if raw["answerable"] and not facts:
            raise ValueError(f"{path}:{n}: an answerable question needs at least one fact group")
        if raw["lang"] not in ("ko", "en"):
            raise ValueError(f"{path}:{n}: lang must be ko or en")
        if raw["id"] in seen:
            raise ValueError(f"{path}:{n}: duplicate id {raw['id']!r}")
        where = f"{path}:{n}"
        history, absent, tags = (_string_list(raw, k, where) for k in ("history", "absent", "tags"))
        seen.add(raw["id"])
        items.append(QAItem(str(raw["id"]), str(raw["lang"]), str(raw["q"]), facts, bool(raw["answerable"]),
                            history, absent, tags))
    return items
