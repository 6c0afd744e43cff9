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
    """``(line number, line)`` pairs of ``key<TAB>form|form…``; a duplicate key, a form written twice or an empty
    form list raises."""
    out: dict[str, tuple[str, ...]] = {}
    for n, line in lines:
        key, _, forms = line.partition("\t")
        key = key.strip()
        values = tuple(f.strip() for f in forms.split("|") if f.strip())
        if not key or not values:
            raise VocabularyError(f"{name}:{n}: expected 'key<TAB>form|form…'")
        if key in out:
            raise VocabularyError(f"{name}:{n}: duplicate key {key!r} (merge its forms into one line)")
        _refuse_repeats(values, name, n)
        out[key] = values
    return out


def _refuse_repeats(entries: tuple[str, ...], name: str, n: int) -> None:
    """One entry of a '|'-separated list written twice: harmless to a set, but a sign the list grew by appending."""
    seen: set[str] = set()
    for entry in entries:
        if entry in seen:
            raise VocabularyError(f"{name}:{n}: {entry!r} written twice in one list")
        seen.add(entry)


@cache
def table(name: str, columns: int) -> list[tuple[str, ...]]:
    """Tab-separated rows of exactly ``columns`` columns, first column unique."""
    return parse_table(_lines(name), name, columns)


def parse_table(lines: list[tuple[int, str]], name: str, columns: int) -> list[tuple[str, ...]]:
    """``(line number, line)`` pairs of tab-separated cells; a wrong number of columns, a duplicate first cell or an
    entry written twice in one '|'-separated cell raises."""
    rows: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for n, line in lines:
        cells = tuple(c.strip() for c in line.split("\t"))
        if len(cells) != columns:
            raise VocabularyError(f"{name}:{n}: expected {columns} tab-separated columns, found {len(cells)}")
        if cells[0] in seen:
            raise VocabularyError(f"{name}:{n}: duplicate key {cells[0]!r}")
        for cell in cells[1:]:
            _refuse_repeats(tuple(cell.split("|")), name, n)
        seen.add(cells[0])
        rows.append(cells)
    return rows
