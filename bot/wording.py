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
    "quoted": {"ko": "", "en": "Here is what the documents say:"},
    "sources": {"ko": "출처", "en": "Sources"},
    # A question that names no program, which two programs' documents answer equally well (bot/answering/rivals.py).
    "two_programs": {"ko": "질문에 사업 이름이 없고, 두 사업의 문서가 모두 답합니다. 사업마다 따로 보여 드립니다 — "
                           "어느 사업인지 알려 주시면 그 사업으로 답하겠습니다.",
                     "en": "The question names no program, and the documents of two programs both answer it; here is "
                           "each — tell me which program you mean and I will answer for that one."},
    # Notices by status (bot/open_notices.py): {today}, {n}, {topic}, {start}, {end}, {days} are filled in.
    "open_head": {"ko": "오늘({today}) 기준으로 신청할 수 있는 공고는 {n}건입니다:",
                  "en": "As of {today}, {n} notice(s) are open for applications:"},
    "open_topic_head": {"ko": "오늘({today}) 기준으로 신청할 수 있는 ‘{topic}’ 관련 공고는 {n}건입니다:",
                        "en": "As of {today}, {n} notice(s) about “{topic}” are open for applications:"},
    "open_none": {"ko": "오늘({today}) 기준으로 신청할 수 있는 공고를 보유한 문서에서 찾지 못했습니다.",
                  "en": "As of {today}, none of the notices I hold is open for applications."},
    "upcoming_head": {"ko": "오늘({today}) 기준으로 접수가 아직 시작되지 않은 공고는 {n}건입니다:",
                      "en": "As of {today}, {n} notice(s) will open for applications later:"},
    "upcoming_none": {"ko": "오늘({today}) 기준으로 접수 예정인 공고를 보유한 문서에서 찾지 못했습니다.",
                      "en": "As of {today}, none of the notices I hold is due to open later."},
    "window": {"ko": "신청 기간 {start} ~ {end}", "en": "applications {start} to {end}"},
    "closes_in": {"ko": "마감까지 {days}일", "en": "closes in {days} day(s)"},
    "closes_today": {"ko": "오늘 마감", "en": "closes today"},
    "opens_in": {"ko": "{days}일 후 접수 시작", "en": "opens in {days} day(s)"},
    "more_notices": {"ko": "외 {n}건", "en": "and {n} more"},
    "status_upcoming": {"ko": "접수 예정", "en": "upcoming"},
    "status_open": {"ko": "접수 중", "en": "open"},
    "status_closed": {"ko": "마감", "en": "closed"},
}


def word(key: str, language: str) -> str:
    """The wording of ``key`` in ``language`` (English for anything but Korean)."""
    return WORDS[key]["ko" if language == "ko" else "en"]
