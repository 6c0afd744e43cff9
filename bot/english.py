"""English word forms from lemminflect's bundled tables (no download): the irregular inflections a suffix rule
cannot guess ("sold" of sell, "paid" of pay, "children" of child), in both directions."""

from __future__ import annotations

from functools import lru_cache

import lemminflect


@lru_cache(maxsize=8192)
def english_inflections(word: str) -> frozenset[str]:
    """Every inflected form of ``word`` (lower-case) as a noun or verb."""
    forms = lemminflect.getAllInflections(word)
    return frozenset(f.lower() for group in forms.values() for f in group)


@lru_cache(maxsize=8192)
def english_lemmas(word: str) -> tuple[str, ...]:
    """The base forms ``word`` may be an inflection of ("sold" → sell), most likely first."""
    lemmas = lemminflect.getAllLemmas(word)
    return tuple(dict.fromkeys(f.lower() for group in lemmas.values() for f in group if f.lower() != word))


@lru_cache(maxsize=8192)
def verb_only(word: str) -> bool:
    """``word`` is a form of a verb and of no noun ("held", "located"; not "start", "fair", "expo")."""
    lemmas = lemminflect.getAllLemmas(word)
    return "VERB" in lemmas and "NOUN" not in lemmas


@lru_cache(maxsize=8192)
def may_be_noun(word: str) -> bool:
    """``word`` is a form of a noun ("renewal", "transit", "fees"), whatever else it may be; an adjective or a
    verb alone ("online", "enter") is not."""
    return "NOUN" in lemminflect.getAllLemmas(word)
