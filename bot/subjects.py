"""What a question names as the subject of what it asks: the program ("전기차 충전기 설치 지원사업") or, in English,
what the asked thing is for ("the registration fee for cosmetics"). The answering document must speak of it;
``bot.answering.decide.decide_program`` abstains when it does not."""

from __future__ import annotations

import re

from bot.concepts import Concept
from bot.glossary import stem
from bot.text import is_english
from bot.tokens import analyse

# What a question writes after a program's name: "… 설치 지원사업", "… 프로그램".
_PROGRAM_NOUNS = frozenset({"사업", "프로그램"})
_NAME_TAGS = ("NNG", "NNP", "SL", "SN", "XSN", "XPN")


def program_words(question: str, concepts: list[Concept]) -> list[Concept]:
    """The question's concepts written as one run of nouns before 사업 or 프로그램 ("전기차 충전기 설치 지원사업"):
    the name of the program asked about. A particle ends the run ("기업은 사업 …" names no program)."""
    tokens = analyse(question)
    names: set[str] = set()
    for i, (form, tag, _start, _len) in enumerate(tokens):
        if form not in _PROGRAM_NOUNS or not tag.startswith("NN"):
            continue
        j = i - 1
        while (j >= 0 and tokens[j][1] in _NAME_TAGS
               and not question[tokens[j][2] + tokens[j][3]:tokens[j + 1][2]].strip()):
            names.add(tokens[j][0].lower())
            j -= 1
    return [c for c in concepts if c.label.lower() in names]


# "the registration fee for cosmetics", "tariff on cars": the words after for/on/of name what the asked thing is of.
_EN_OBJECT = re.compile(r"\b(?:for|on|of)\s+(?:(?:the|a|an|our|my|your|their|its|imported|korean|new)\s+)*"
                        r"([a-z][a-z\-]*(?:\s+[a-z][a-z\-]*)?)", re.IGNORECASE)


def english_objects(question: str, concepts: list[Concept]) -> list[Concept]:
    """The English question's concepts written right after for/on/of ("the registration fee for cosmetics in
    Morvessa" → cosmetics): the subject the asked thing belongs to, which the answering page must speak of."""
    if not is_english(question):
        return []
    phrases = {m.group(1).lower() for m in _EN_OBJECT.finditer(question)}
    words = phrases | {stem(w) for phrase in phrases for w in phrase.split()}
    return [c for c in concepts if c.label.lower() in words]
