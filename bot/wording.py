"""The words users read around an answer, in Korean and English, in one place: the answer renderer, Slack and
the CLI take them from here and decide what to show from the structured ``Answer`` (its ``outcome``), never by
looking for these strings in a text."""

from __future__ import annotations

from typing import Literal

Language = Literal["ko", "en"]

WORDS: dict[str, dict[str, str]] = {
    "not_found": {"ko": "문서에서 찾지 못했습니다.", "en": "I could not find this in the documents I hold."},
    "no_guess": {"ko": "추측해서 답하지 않겠습니다.", "en": "I will not guess."},
    # Limits (bot/limits.py): {size}, {limit}, {seconds} are filled in.
    "input_too_long": {
        "ko": "질문과 대화 기록이 너무 깁니다 ({size:,}자, 최대 {limit:,}자). 새 대화를 시작하거나 질문을 줄여 주세요.",
        "en": "The question and conversation history are too long ({size:,} characters; the limit is {limit:,}). "
              "Start a new chat or shorten the question.",
    },
    "over_budget": {
        "ko": "답변 시간이 한도({seconds}초)를 넘었습니다. 질문을 짧게 나누어 다시 물어봐 주세요.",
        "en": "Answering took longer than its {seconds}-second budget. Please ask a shorter question.",
    },
    "missing": {"ko": "문서에 없는 내용", "en": "Not found"},
    "contact": {"ko": "담당 부서에 문의해 주세요", "en": "For this, please contact the responsible department"},
    "contact_label": {"ko": "담당자", "en": "Contact"},
    "related": {"ko": "관련 사업/섹션", "en": "Related"},
    "refusal": {
        "ko": "지시를 바꾸거나 내부 설정을 공개할 수는 없습니다. 보유한 정책 문서에 관한 질문에는 출처와 함께 답해 "
              "드립니다. 사업이나 공고에 대해 질문해 주세요.",
        "en": "I can't change my instructions or reveal them. I answer questions about the policy documents I hold, "
              "with citations — please ask about a program or notice.",
    },
    "quoted_in_korean": {"ko": "", "en": "Here is what the documents say (quoted in Korean):"},
    "sources": {"ko": "출처", "en": "Sources"},
}


def word(key: str, language: str) -> str:
    """The wording of ``key`` in ``language`` (English for anything but Korean)."""
    return WORDS[key]["ko" if language == "ko" else "en"]
