"""Vocabularies as data files beside this module, loaded once. A key defined twice is an error, not a silent
override: a later line replacing an earlier one is how a vocabulary drifts toward the questions it was tried on."""

from __future__ import annotations

from functools import cache
from importlib import resources


class VocabularyError(ValueError):
    """A vocabulary file is malformed (duplicate key, missing column)."""


def _lines(name: str) -> list[tuple[int, str]]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")]


@cache
def word_set(name: str) -> frozenset[str]:
    """Whitespace-separated words of a word-list file."""
    return frozenset(word for _, line in _lines(name) for word in line.split())


@cache
def forms_map(name: str) -> dict[str, tuple[str, ...]]:
    """``key<TAB>form|form…`` lines of a packaged file; raises VocabularyError on a duplicate key."""
    return parse_forms(_lines(name), name)


def parse_forms(lines: list[tuple[int, str]], name: str) -> dict[str, tuple[str, ...]]:
    """``(line number, line)`` pairs of ``key<TAB>form|form…``; a duplicate key or an empty form list raises."""
    out: dict[str, tuple[str, ...]] = {}
    for n, line in lines:
        key, _, forms = line.partition("\t")
        key = key.strip()
        values = tuple(f.strip() for f in forms.split("|") if f.strip())
        if not key or not values:
            raise VocabularyError(f"{name}:{n}: expected 'key<TAB>form|form…'")
        if key in out:
            raise VocabularyError(f"{name}:{n}: duplicate key {key!r} (merge its forms into one line)")
        out[key] = values
    return out


@cache
def table(name: str, columns: int) -> list[tuple[str, ...]]:
    """Tab-separated rows of exactly ``columns`` columns, first column unique."""
    rows: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for n, line in _lines(name):
        cells = tuple(c.strip() for c in line.split("\t"))
        if len(cells) != columns:
            raise VocabularyError(f"{name}:{n}: expected {columns} tab-separated columns, found {len(cells)}")
        if cells[0] in seen:
            raise VocabularyError(f"{name}:{n}: duplicate key {cells[0]!r}")
        seen.add(cells[0])
        rows.append(cells)
    return rows
