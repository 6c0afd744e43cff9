"""Answers on notices as they are written ("○ 항목: 값" lines, numbered sections, editions, corrections, similar
programs), from a small corpus generated here: the mechanisms, not particular wording, are under test."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import ingested_bot

from bot.answering.fact_types import HAS_POINTS, answer_types
from bot.answering.fields import asked_fields
from bot.answering.prepare import intent_of, language_of
from bot.answering.support import unsupported
from bot.answering.units import rate_subjects
from bot.concepts import question_concepts
from bot.models import Turn
from bot.service import PolicyBot
from bot.translit import name_in_hangul
from bot.vocab import VocabularyError, parse_forms, parse_table
from ingestion.notice import guess_title, parse_dates, parse_field_line, parse_header, program_key

FIXTURE_NOTE = "※ 이 문서는 테스트용 가상 공고입니다 (test fixture)."


def _notice(year: int, number: int, day: str, limit: str, ratio: str, window: str, phone: str) -> str:
    return f"""{FIXTURE_NOTE}
{year}년 바다물류 바우처 지원사업 공고
해양물류부 공고 제{year}-{number}호
{day}

1. 사업 개요
○ 사업 목적: 중소 수출기업의 해외 물류비 부담 완화
○ 지원 규모: {number * 10}개사 내외

2. 지원 대상
○ 신청 자격: 직전년도 수출실적 1천만불 이하 중소기업
※ 단, 창업 3년 미만 기업은 수출실적 요건을 적용하지 않음

3. 지원 항목
- 해외 운송비
- 창고 보관료
- 통관 대행 수수료

4. 지원 내용
○ 지원 한도: 기업당 최대 {limit}
○ 지원 비율: 총 사업비의 {ratio}

5. 신청 기간 및 방법
○ 신청 기간: {window}
○ 신청 방법: 온라인 접수

6. 문의처
○ 해양물류부 물류혁신과 ({phone})
"""


OTHER_PROGRAM = f"""{FIXTURE_NOTE}
2026년 하늘전시회 참가 지원사업 공고
무역진흥원 공고 제2026-8호
2026. 2. 2.

1. 지원 내용
○ 지원 한도: 기업당 최대 1,500만원
○ 지원 비율: 참가비의 50%

2. 전시회 일정
○ 전시회 개최: 2026. 5. 12.(화) ~ 5. 15.(금)

3. 문의처
○ 무역진흥원 전시지원팀 (02-555-7000)
"""

CORRECTION = f"""{FIXTURE_NOTE}
해양물류부 공고 제2026-52호
「2026년 바다물류 바우처 지원사업 공고」 정정 공고
2026. 2. 10.

1. 정정 내용
○ 신청 기간: (당초) 2026. 2. 3.(화) ~ 2. 27.(금) → (정정) 2026. 2. 3.(화) ~ 3. 6.(금)

2. 문의처
○ 해양물류부 물류혁신과 (044-555-1234)
"""


@pytest.fixture(scope="module")
def notice_bot(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    docs = tmp_path_factory.mktemp("notices")
    (docs / "sea-2025.txt").write_text(_notice(2025, 17, "2025. 1. 22.", "1억원", "50%",
                                               "2025. 2. 5.(수) ~ 2. 28.(금) 18:00", "044-555-1200"), "utf-8")
    (docs / "sea-2026.txt").write_text(_notice(2026, 41, "2026. 1. 20.", "1억 5천만원", "70% (자부담 30%)",
                                               "2026. 2. 3.(화) ~ 2. 27.(금) 18:00", "044-555-1234"), "utf-8")
    (docs / "sky-2026.txt").write_text(OTHER_PROGRAM, "utf-8")
    return ingested_bot(docs, tmp_path_factory.mktemp("notice-index"))


def _correction_bot(notice_bot: PolicyBot, tmp_path: Path) -> PolicyBot:
    (tmp_path / "sea-2026-correction.txt").write_text(CORRECTION, "utf-8")
    report = notice_bot.ingest([tmp_path / "sea-2026-correction.txt"])
    assert not report.failed
    return notice_bot


def test_notice_metadata_is_parsed_at_ingestion(notice_bot: PolicyBot) -> None:
    docs = {d.doc_id: d.meta for d in notice_bot.store.documents()}
    meta = next(m for m in docs.values() if "2026년 바다물류" in str(m["title"]))
    assert meta["notice_date"] == "2026-01-20" and meta["apply_start"] == "2026-02-03"
    assert meta["apply_end"] == "2026-02-27" and meta["program"] == program_key("2025년 바다물류 바우처 지원사업 공고")


def test_field_question_quotes_the_newest_edition_and_names_the_older(notice_bot: PolicyBot) -> None:
    answer = notice_bot.answer("바다물류 바우처 기업당 지원한도는 얼마인가요?")
    assert answer.outcome == "answered", answer.text
    assert "1억 5천만원" in answer.text and answer.editions_note
    assert "2026-01-20" in answer.text and "2025-01-22" in answer.text  # both dates
    assert {c.doc_date for c in answer.citations} == {"2026-01-20", "2025-01-22"}
    assert "1,500만원" not in answer.text  # the other program's figure is never mixed in


def test_a_year_in_the_question_selects_that_edition(notice_bot: PolicyBot) -> None:
    answer = notice_bot.answer("2025년 바다물류 바우처 지원 비율은?")
    assert "50%" in answer.text and "70%" not in answer.text, answer.text


def test_a_year_named_from_now_selects_that_edition(notice_bot: PolicyBot) -> None:
    history = [Turn(role="user", content="바다물류 바우처 지원 비율은?")]
    clock = notice_bot.clock
    try:
        notice_bot.clock = lambda: date(2026, 3, 2)
        last_year = notice_bot.answer("작년엔 얼마였어요?", history)
        assert "50%" in last_year.text and "70%" not in last_year.text, last_year.text
        # A clock behind the notices counts from the newest edition: its year is the asker's 올해.
        notice_bot.clock = lambda: date(2024, 6, 1)
        assert "50%" in notice_bot.answer("바다물류 바우처 작년엔 지원 비율이 몇 %였어요?").text
        # A year later the 2026 notice is last year's.
        notice_bot.clock = lambda: date(2027, 3, 2)
        assert "70%" in notice_bot.answer("작년엔 얼마였어요?", history).text
    finally:
        notice_bot.clock = clock
    # The asker's own year is no edition: the newest notice answers, naming the older one.
    situation = notice_bot.answer("작년 매출이 20억인데 바다물류 바우처 지원 비율은 몇 %예요?")
    assert "70%" in situation.text and situation.editions_note, situation.text


def test_a_year_named_from_now_that_no_edition_is_for_is_not_answered_by_the_newest(notice_bot: PolicyBot) -> None:
    clock = notice_bot.clock
    try:
        notice_bot.clock = lambda: date(2026, 3, 2)
        answer = notice_bot.answer("바다물류 바우처 작년에 지원 비율이 몇 %였어요?")  # past tense: 2025's edition
        assert "50%" in answer.text and "70%" not in answer.text, answer.text
        notice_bot.clock = lambda: date(2028, 3, 2)  # last year is 2027: no notice is for it
        answer = notice_bot.answer("바다물류 바우처 작년엔 지원 비율이 몇 %였어요?")
        assert answer.outcome == "abstained" and "2027" in answer.text and "70%" not in answer.text, answer.text
    finally:
        notice_bot.clock = clock


def test_an_edition_that_lacks_the_field_asked_does_not_answer_with_another(tmp_path_factory: pytest.TempPathFactory,
                                                                          ) -> None:
    docs = tmp_path_factory.mktemp("lacking")
    older = _notice(2025, 17, "2025. 1. 22.", "1억원", "50%", "2025. 2. 5.(수) ~ 2. 28.(금) 18:00", "044-555-1200")
    (docs / "sea-2025.txt").write_text(older.replace("○ 지원 규모: 170개사 내외\n", ""), "utf-8")
    (docs / "sea-2026.txt").write_text(_notice(2026, 41, "2026. 1. 20.", "1억 5천만원", "70%",
                                               "2026. 2. 3.(화) ~ 2. 27.(금) 18:00", "044-555-1234"), "utf-8")
    bot = ingested_bot(docs, tmp_path_factory.mktemp("lacking-index"))
    bot.clock = lambda: date(2026, 3, 2)
    for question in ("2025년 바다물류 바우처 선정 규모는?", "바다물류 바우처 작년엔 몇 개사 뽑았어요?"):
        answer = bot.answer(question)
        assert answer.outcome == "abstained" and "410" not in answer.text, answer.text  # not the 2026 figure
    assert "410개사" in bot.answer("바다물류 바우처 선정 규모는?").text


RATE_TABLE = f"""{FIXTURE_NOTE}
2026년 누리 수출 물류 지원사업 공고
누리진흥원 공고 제2026-3호
2026. 1. 12.

1. 지원 유형 및 한도
지원 유형 | 지원 내용 | 지원 비율 | 기업당 한도
해상 운송 | 컨테이너 해상 운임 | 70% | 2,000만원
해외 공동물류센터 | 진흥원 지정 해외 공동물류센터 보관료·입출고료 | 50% | 1,000만원

2. 문의처
○ 누리진흥원 수출지원팀 (02-555-0100)
"""


def test_a_rate_is_named_by_what_it_is_a_rate_of(tmp_path_factory: pytest.TempPathFactory) -> None:
    assert rate_subjects("운송비 할인율은 몇 %예요?") == {"할인"} and rate_subjects("경쟁률이 얼마나 돼요?") == {"경쟁"}
    docs = tmp_path_factory.mktemp("rates")
    (docs / "nuri-2026.txt").write_text(RATE_TABLE, "utf-8")
    bot = ingested_bot(docs, tmp_path_factory.mktemp("rates-index"))
    # The row holds every other word of the question: its 50% is the 지원 비율, not a 할인율.
    discount = bot.answer("누리 물류 지원 해외 공동물류센터 보관료 할인율은 몇 %예요?")
    assert discount.outcome == "abstained" and "할인" in discount.missing_terms, discount.text
    assert "50%" in bot.answer("누리 물류 지원 해외 공동물류센터 보관료 지원율은 몇 %예요?").text


def test_percentage_points_asked_are_not_a_rate(notice_bot: PolicyBot) -> None:
    assert HAS_POINTS in answer_types("비수도권 기업은 몇 %p 더 올려줘요?") and HAS_POINTS.search("기준금리 - 0.3%p")
    assert not HAS_POINTS.search("총 사업비의 70%") and HAS_POINTS not in answer_types("지원 비율은 몇 %예요?")
    answer = notice_bot.answer("바다물류 바우처 창업 기업은 지원 비율을 몇 %p 더 받아요?")
    assert answer.outcome == "abstained" and "70%" not in answer.text, answer.text  # the rate is no difference


def test_similar_program_gets_its_own_figure(notice_bot: PolicyBot) -> None:
    answer = notice_bot.answer("하늘전시회 참가 지원 한도는?")
    assert "1,500만원" in answer.text and "1억" not in answer.text, answer.text


def test_deadline_and_contact_come_from_their_fields(notice_bot: PolicyBot) -> None:
    deadline = notice_bot.answer("바다물류 바우처 신청 마감일은?")
    assert "2. 27." in deadline.text and "신청 기간" in deadline.text, deadline.text
    contact = notice_bot.answer("바다물류 바우처 문의는 어디로 하나요?")
    assert "044-555-1234" in contact.text, contact.text


def test_a_date_elsewhere_is_not_a_deadline(notice_bot: PolicyBot) -> None:
    answer = notice_bot.answer("하늘전시회 참가 지원 마감일은?")  # its notice states no window
    assert answer.outcome == "abstained" and "missing_fact_type" in answer.reasons, answer.text


def test_a_condition_in_the_next_sentence_comes_along(notice_bot: PolicyBot) -> None:
    answer = notice_bot.answer("바다물류 바우처 신청 자격은?")
    assert "1천만불 이하" in answer.text and "창업 3년 미만" in answer.text, answer.text


def test_list_question_is_answered_with_the_items_under_its_heading(notice_bot: PolicyBot) -> None:
    answer = notice_bot.answer("바다물류 바우처 지원 항목은 어떤 것들이 있나요?")
    assert answer.intent == "list"
    for item in ("해외 운송비", "창고 보관료", "통관 대행 수수료"):
        assert item in answer.text, answer.text
    assert len(answer.citations) >= 1


def test_english_and_mixed_questions(notice_bot: PolicyBot) -> None:
    english = notice_bot.answer("What is the support limit of the 바다물류 voucher?")
    assert english.language == "en" and "1억 5천만원" in english.text, english.text
    mixed = notice_bot.answer("바다물류 바우처 limit이 어떻게 되나요?")
    assert mixed.language == "ko" and "1억 5천만원" in mixed.text, mixed.text
    off_topic = notice_bot.answer("What is Vietnam's corporate tax rate?")
    assert off_topic.outcome == "abstained" and "vietnam" in off_topic.missing_terms


def test_follow_up_from_the_conversation_not_from_a_leading_word(notice_bot: PolicyBot) -> None:
    history = [Turn(role="user", content="바다물류 바우처 지원 비율은?")]
    follow = notice_bot.answer("그럼 하늘전시회 참가 지원사업은요?", history)
    assert follow.resolved_question and "50%" in follow.text and "70%" not in follow.text, follow.text
    standalone = notice_bot.answer("이번 하늘전시회 참가 지원 한도는?", history)
    assert standalone.resolved_question is None and "1,500만원" in standalone.text, standalone.text


def test_a_correction_is_the_newest_edition_of_its_field(notice_bot: PolicyBot, tmp_path: Path) -> None:
    bot = _correction_bot(notice_bot, tmp_path)
    deadline = bot.answer("2026년 바다물류 바우처 신청 마감일은?")
    assert "3. 6." in deadline.text and "2026-02-10" in deadline.text, deadline.text
    limit = bot.answer("2026년 바다물류 바우처 지원 한도는?")  # the correction does not restate it
    assert "1억 5천만원" in limit.text, limit.text


# ---- pure parts ---------------------------------------------------------------------------------------------


def test_notice_header_and_fields() -> None:
    text = _notice(2026, 41, "2026. 1. 20.", "1억 5천만원", "70%", "2026. 2. 3.(화) ~ 2. 27.(금) 18:00", "044")
    header = parse_header(text)
    assert header.notice_no == "2026-41" and header.notice_date == date(2026, 1, 20)
    assert (header.apply_start, header.apply_end) == (date(2026, 2, 3), date(2026, 2, 27))
    assert guess_title(text) == "2026년 바다물류 바우처 지원사업 공고"
    field = parse_field_line("○ 지원 한도: 기업당 최대 1억 5천만원")
    assert field is not None and field.key == "지원한도" and field.value == "기업당 최대 1억 5천만원"
    assert parse_field_line("온라인 접수 https://example.kr") is None
    assert parse_dates("2026년 2월 3일(월) ~ 2월 21일(금)") == [date(2026, 2, 3), date(2026, 2, 21)]
    assert parse_dates("지원 비율 3.5%", 2026) == []
    assert program_key("「2026년 바다물류 지원사업 공고」 정정 공고") == program_key(
        "2025년도 바다물류 지원사업 재공고")


def test_question_analysis() -> None:
    assert language_of("What is 수출바우처?") == "en" and language_of("수출바우처 limit이 어떻게 되나요?") == "ko"
    assert [f.name for f in asked_fields("신청 마감일은?")] == ["신청기간"]
    assert not asked_fields("What is the procedure?")  # "due" is a word, not a part of "procedure"
    assert intent_of("4가지 전략은 무엇인가요?") == "list" and intent_of("추진과제는 모두 몇 개인가요?") == "count"
    labels = {c.label for c in question_concepts("What is 수출바우처?")}
    assert "what" not in labels and "is" not in labels and "바우처" in labels
    vietnam = question_concepts("What is Vietnam's corporate tax rate?")
    assert [c.label for c in unsupported(vietnam, "법인 세금 수출")] == ["vietnam"]
    assert name_in_hangul("Arven", "아르벤 공화국의 표시 규정") and not name_in_hangul("Vietnam", "아르벤 공화국")


def test_a_proper_name_is_not_a_common_word_that_sounds_like_it() -> None:
    common = "관광사업자 등록을 마친 기업, 인정 인증, 선정 절차"
    for name in ("Gangneung", "Incheon", "Sejong"):  # by sound 관광, 인정, 선정
        assert not name_in_hangul(name, common, proper=True), name
    places = "강릉 인천 세종 지역, 아르벤은 노바포트의 벨로리아"
    for name in ("Gangneung", "Incheon", "Sejong", "Arven", "Novaport", "Veloria"):
        assert name_in_hangul(name, places, proper=True), name
    question = question_concepts("What is the support limit for tourism companies in Gangneung?")
    assert [c.label for c in unsupported(question, f"○ 지원 한도: 기업당 최대 4천만원\n{common}")] == ["gangneung"]


def test_vocabulary_refuses_duplicate_keys() -> None:
    assert parse_forms([(1, "limit\t한도")], "x.tsv") == {"limit": ("한도",)}
    with pytest.raises(VocabularyError, match="duplicate key 'limit'"):
        parse_forms([(1, "limit\t한도"), (2, "limit\t상한")], "x.tsv")
    with pytest.raises(VocabularyError, match="'한도' written twice"):
        parse_forms([(1, "limit\t한도|상한|한도")], "x.tsv")


def test_a_table_refuses_an_entry_written_twice_in_one_cell() -> None:
    assert parse_table([(1, "지원규모\tnumber\t지원규모|선정규모")], "x.tsv", 3) == [
        ("지원규모", "number", "지원규모|선정규모")]
    with pytest.raises(VocabularyError, match="'선정규모' written twice"):
        parse_table([(1, "지원규모\tnumber\t지원규모|선정규모|선정규모")], "x.tsv", 3)
    with pytest.raises(VocabularyError, match="duplicate key"):
        parse_table([(1, "a\tb\tc"), (2, "a\td\te")], "x.tsv", 3)


def test_a_noun_used_as_an_adverb_is_not_required() -> None:
    """"최종적으로", "구체적으로" qualify the verb: a passage that states the figure need not repeat them."""
    concepts = {c.label: c for c in question_concepts("본경선 여론조사 비율은 최종적으로 몇 퍼센트로 정했나요?")}
    assert concepts["최종"].predicate and not concepts["여론"].predicate
    assert unsupported(list(concepts.values()), "본경선 여론조사 비율은 10%로 정했다.") == []


def test_kinds_of_fact_asked_are_read_from_words_not_syllables() -> None:
    """"배" of 배터리 or 배정 is no multiple: a battery fee question wants an amount, which a standard's number
    ("IEC 62133") is not; an amount in a currency code ("VND 5,000,000") is one."""
    from bot.answering.fact_types import HAS_MONEY, answer_types

    wanted = answer_types("배터리 시험성적서 받는 비용은 보통 얼마 들어요?")
    assert HAS_MONEY in wanted
    assert not HAS_MONEY.search("시험성적서(UN 38.3 운송 시험, IEC 62133 안전 시험)")
    assert HAS_MONEY.search("위반 시 VND 5,000,000 이하의 벌금") is None  # a bound qualifies, it does not answer
    assert HAS_MONEY.search("허가 수수료: 모델당 USD 200")


def test_a_counter_after_the_asked_noun_names_no_thing() -> None:
    """"날짜가 몇 월이에요?": the 월 of "몇 월" is a counter, so 날짜 is still the last noun and names the kind of
    answer (the passage states a date, not the word 날짜)."""
    concepts = {c.label: c for c in question_concepts("결과 발표 날짜가 몇 월이에요?")}
    assert concepts["날짜"].asked and not concepts["발표"].asked
