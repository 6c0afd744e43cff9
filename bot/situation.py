"""The asker's situation told before the question ("공장이 경남에 있으면 | 지원 비율을 더 받나요?", "We already
applied before the deadline was extended. | Do we need to apply again?"): where it ends, so that its words are
not looked for as the thing asked, and whether what is asked points back at it."""

from __future__ import annotations

import re

from bot.tokens import analyse
from bot.vocab import word_set

_GENERIC = word_set("generic_ko.txt") | word_set("attributes_ko.txt")


# Connective endings that close a clause about the asker's situation: condition (-면), reason (-니까, -라서),
# concession (-지만, -어도), and background (-는데) after a state or a past event: after a present action it
# usually says what the asking is for ("시험성적서 받는데 비용이 얼마 들어요?"), unless the asker is its subject.
_SITUATION_ENDINGS = {"으면", "면", "니까", "으니까", "라서", "이라서", "어서", "아서", "지만", "어도", "아도", "라도",
                      "이라도"}
_BACKGROUND_ENDINGS = {"는데", "은데", "ᆫ데", "인데", "던데"}
_STATE_TAGS = ("VCP", "VCN", "VA", "VX", "EP")  # 이다, 아니다, adjectives, a past-tense ending (and 있다/없다)


_FIRST_PERSON = {"저", "저희", "제", "나", "내", "우리"}
_REFERRING = {"그거", "그것", "이거", "이것", "거기", "그곳", "이곳"}  # demonstrative pronouns, as Kiwi writes them


def _speaks_of_oneself(tokens: tuple[tuple[str, str, int, int], ...]) -> bool:
    """The asker talks to someone about their own case: a first-person pronoun, or the conversational polite
    ending (-요, -죠). An encyclopedic question ("…길이 막혀서 어떤 곳이 뽑힙니까?") tells no situation of the asker:
    its clauses name what identifies the answer."""
    return any(tag == "NP" and form in _FIRST_PERSON for form, tag, _s, _l in tokens) or any(
        tag == "EF" and form.endswith(("요", "죠")) for form, tag, _s, _l in tokens)  # 죠: 지요 contracted


def points_back(question: str) -> bool:
    """What is asked points back at the situation told before it with a demonstrative ("… 트랙도 있던데 그건 한도가
    얼마예요?", "임시저장만 해놨는데 이거 접수된 거 맞죠?"): the situation holds the thing asked about."""
    end = background_end(question)
    return bool(end) and any(t[1] == "NP" and t[0] in _REFERRING for t in analyse(question) if t[2] >= end)


def background_end(question: str) -> int:
    """Where the clause telling the asker's situation ends ("공장이 경남에 있으면 | 지원 비율을 더 받나요?"), or 0.
    Only a clause followed by one naming what is asked counts: "어디에 물어보면 돼요?" and "현물로 내도 되나요?"
    end in the same endings but ask in the clause itself."""
    tokens = analyse(question)
    end = 0
    if not _speaks_of_oneself(tokens):
        return 0
    for i, (form, tag, start, length) in enumerate(tokens):
        state = i > 0 and (tokens[i - 1][1].startswith(_STATE_TAGS) or tokens[i - 1][0] in ("있", "없"))
        # "저희 수출이 800만 달러 넘는데": a present action the asker tells of themselves is their situation too.
        state = state or (form in _BACKGROUND_ENDINGS and any(
            t[1] == "NP" and t[0] in _FIRST_PERSON for t in tokens[:i] if t[2] >= end))
        # A sentence told before the question ("포털 로그인이 안 돼요. 어디로 전화하면 돼요?"): a final ending not
        # followed by a question mark.
        told = tag == "EF" and not (i + 1 < len(tokens) and tokens[i + 1][0] in ("?", "？"))
        closes = told or (tag == "EC" and (form in _SITUATION_ENDINGS or (form in _BACKGROUND_ENDINGS and state))) or (
            tag == "ETM" and state and i + 1 < len(tokens) and tokens[i + 1][:2] == ("데", "NNB"))
        if not closes:
            continue
        cut = tokens[i + 1][2] + tokens[i + 1][3] if tag == "ETM" else start + length
        # ... or one pointing back at it ("작년에 떼 놓은 거 있는데 그거 내도 돼요?")
        if any(_content_noun(t) or (t[1] == "NP" and t[0] in _REFERRING) for t in tokens if t[2] >= cut):
            end = cut
    return end


_ENGLISH_FIRST_PERSON = re.compile(r"\b(?:we|i|our|my|us|me)\b", re.IGNORECASE)
_ENGLISH_OPENING_CLAUSE = re.compile(
    r"^\s*(?:if|when|since|because|as|although|though|while|once|after)\b[^,?]*,", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!]\s+(?=\S)")


# The asker naming themselves before the question ("Embassy here: …", "Hi, this is the trade office, …").
_ENGLISH_SELF_INTRO = re.compile(
    r"^\s*(?:(?:hi|hello|hey|dear \w+)\s*[,!]?\s*)?(?!(?:what|how|when|where|who|which|why|is|are|do|does|can|will)\b)"
    r"(?:[\w.'&-]+(?:\s+[\w.'&-]+){0,5}\s+here|this is\s+[^,:;.?!]{1,60})\s*[:,;!.—–-]", re.IGNORECASE)


def english_background_end(question: str) -> int:
    """The English form of ``background_end``: statements before the question ("We already applied before the
    deadline was extended. Do we need to apply again?") or an opening "If/When …," clause, told in the first
    person; or the asker naming themselves ("Embassy here:")."""
    intro = _ENGLISH_SELF_INTRO.match(question)
    if intro and re.search(r"[A-Za-z]{3,}", question[intro.end():]):
        return intro.end()
    ends = [m.end() for m in _SENTENCE_END.finditer(question.rstrip())]
    if ends and _ENGLISH_FIRST_PERSON.search(question[:ends[-1]]):
        return ends[-1]
    opening = _ENGLISH_OPENING_CLAUSE.match(question)
    rest = question[opening.end():] if opening else ""
    if opening and _ENGLISH_FIRST_PERSON.search(opening.group()) and re.search(r"[A-Za-z]{3,}", rest):
        return opening.end()
    return 0


def _content_noun(token: tuple[str, str, int, int]) -> bool:
    form, tag = token[0], token[1].split("-")[0]
    return tag in ("NNG", "NNP") and form not in _GENERIC
