"""What kind of answer a question asks, beyond its words: a number counted in a named counter ("몇 페이지"), a bound
("몇 점 넘어야"), an e-mail address, a charge named as the thing asked ("What is the fee …?"), a unit Kiwi glues to
its 당 ("팔레트당"), a noun after 어느/어떤 that the answer must speak of, and the asker's situation told before the
question. The notice is generated here (fictional, marked as a fixture); nothing is taken from an evaluation set."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import bot_over
from test_answering_mechanisms import line_candidates

from bot.answering.config import AnswerConfig
from bot.answering.currency import asked_currencies, unstated_currencies
from bot.answering.decide import decide_measured_action, decide_numbered_name, numbered_names
from bot.answering.fact_types import (
    HAS_BOUNDING_NUMBER,
    HAS_DATE,
    HAS_DAY,
    HAS_DURATION,
    HAS_EMAIL,
    HAS_MONEY,
    HAS_NUMBER,
    HAS_PLACE,
    HAS_PLACES,
    HAS_YEARS,
    answer_types,
)
from bot.answering.items import named_items
from bot.answering.prepare import listed_words, prepare
from bot.answering.select import pick
from bot.answering.units import asked_counters, counts_in, counts_things, english_per_units, per_units
from bot.concepts import question_concepts
from bot.service import PolicyBot
from bot.situation import background_end, points_back
from bot.tokens import analyse

NOTICE = """하람산업진흥원 공고 제2033-05호

2033년 하람시 포장재 개선 지원사업 공고

※ 이 문서는 테스트용 가상 공고입니다 (test fixture).

2033. 3. 2.
하람산업진흥원장

1. 사업 개요
○ 사업 목적: 하람시 수출 중소기업의 친환경 포장재 전환 지원
○ 총 사업비: 12억원
○ 선정 규모: 30개사 내외

2. 지원 내용
○ 지원 한도: 기업당 최대 2,000만원
○ 지원 비율: 총 사업비의 70%
○ 사업 기간: 협약일부터 6개월 이내

3. 신청 자격
○ 하람시에 본사 또는 공장을 둔 중소기업
○ 최근 연도 매출액 100억원 이하인 기업

4. 선정 평가
○ 평가 항목: 사업성 50점, 기술성 30점, 수출 계획 20점

5. 신청 방법
○ 접수 기간: 2033. 3. 10.(목) ~ 3. 31.(목) 18:00
○ 제출 서류: 참여 신청서, 사업계획서, 최근 3년 재무제표

6. 문의처
○ 하람산업진흥원 포장지원팀 051-700-1200
"""


PAGE = """# Valdoria: Export Licences for Dual-Use Goods

This is a fictional test fixture. Valdoria, its office and its currency do not exist.

## 1. Overview

From 1 May 2033, every exporter established in Valdoria must hold a licence from the Valdorian Trade Office (VTO)
before shipping any item on the Valdorian control list.

## 2. Fees

| Licence | Validity | Fee |
|---|---|---|
| Individual licence (one shipment) | 6 months | VLD 800 |
| Open licence (many shipments) | 2 years | VLD 3,000 |

Expedited processing of an individual licence takes 5 working days, for a surcharge of VLD 500.

## 3. Items covered

The control list has three categories relevant to Korean industry:

- Category 1 — advanced materials (specialty alloys)
- Category 3 — electronics (high-speed converters)
- Category 6 — sensors and lasers

## 4. Contacts

VTO Licensing Desk: +399 20 100 2000
"""


@pytest.fixture(scope="module")
def haram(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("haram"), {"haram-packaging-2033.txt": NOTICE,
                                                        "haram-valdoria-licences-2033.md": PAGE})


def test_counters_asked_and_stated() -> None:
    assert asked_counters("사업계획서는 몇 페이지 이내로 써야 돼요?") == {"페이지"}
    assert asked_counters("몇 개사 뽑아요?") == {"개"}
    # Times and shares have their own checks.
    assert asked_counters("몇 년 동안 유지해야 돼요?") == frozenset()
    assert asked_counters("나라에서 몇 퍼센트까지 내줘요?") == frozenset()
    assert counts_in("개", "선정 규모: 30개사 내외")
    assert counts_in("페이지", "사업계획서 15쪽 이내")  # a counter that counts the same thing
    assert counts_in("번", "연 두 번 점검")
    assert not counts_in("페이지", "최근 3년 이내 환수 처분을 받은 기업")
    assert asked_counters("몇 년도에 바뀌었어요?") == frozenset()
    assert asked_counters("전화 문의는 몇 번으로 하나요?") == frozenset()  # a phone number, as often as a count
    # Lines that count things in another counter may count the same thing ("몇 채" asked, "한 척" written).
    assert counts_things("함정 한 척이 반파되었다") and counts_things("참여 신청서 1부")
    assert not counts_things("최근 3년 이내, 기업당 최대 2,000만원, 총 사업비의 70%, 국세·지방세 납세증명서")
    # A native numeral is a word of its own: 한도, 세금 and 열람 count nothing.
    assert not counts_things("○ 지원 한도: 기업당 최대 1억원") and not counts_things("세금 감면, 서류 열람")
    assert counts_in("곳", "센터 세 곳") and not counts_in("도", "지원 한도")
    assert counts_things("함정 한척이 반파되었다") and counts_in("번", "연 두번 점검")  # glued, as Kiwi reads it


def test_a_unit_kiwi_glues_to_its_dang() -> None:
    assert per_units("보관료는 팔레트당 한 달에 얼마예요?") == {"팔레트"}
    assert per_units("담당 부서와 해당 기업, 식당") == frozenset()


def test_kinds_of_answer_asked() -> None:
    # A bound asked in Korean is answered by a figure written as one.
    bound = answer_types("서면 평가에서 몇 점 넘어야 선정돼요?")
    assert HAS_BOUNDING_NUMBER in bound
    assert HAS_BOUNDING_NUMBER.search("70점 이상인 기업") and not HAS_BOUNDING_NUMBER.search("사업성 50점")
    assert HAS_EMAIL in answer_types("담당자 이메일 주소가 뭐예요?")
    assert HAS_EMAIL not in answer_types("담당자 전화번호가 뭐예요?")
    # A charge named as the thing asked asks its amount; its exemptions do not.
    assert HAS_MONEY in answer_types("What is the fee for an individual licence?")
    assert HAS_MONEY in answer_types("등록 수수료는 어떻게 되나요?")
    assert HAS_MONEY not in answer_types("What are the fee exemptions for small firms?")


def test_always_and_anytime_ask_no_date() -> None:
    for said in ("담당자가 언제나 확인할 수 있어야 하는 서류는?", "언제든지 신청할 수 있나요?", "언제라도 괜찮나요?"):
        assert HAS_DATE not in answer_types(said), said
    for asked in ("결과는 언제 나와요?", "마감이 언제예요?", "언제나와요?"):
        assert HAS_DATE in answer_types(asked), asked


def test_which_day_asks_a_date_or_a_number_of_days() -> None:
    assert HAS_DAY in answer_types("선정되면 협약은 며칠에 체결해요?")
    assert HAS_DAY in answer_types("현장 점검 기간이 며칠이에요?")
    # "며칠 동안", "며칠 걸려요" ask a length only; "언제" already asks a date.
    length = answer_types("심사는 며칠 동안 해요?")
    assert HAS_DAY not in length and HAS_DURATION in length
    assert HAS_DAY not in answer_types("결과는 언제 며칠에 나와요?")
    assert all(HAS_DAY.search(line) for line in ("2033. 4. 15.(금)", "서류 접수 후 5일", "10 working days"))
    # Years are no days, and a line naming the event without a day states none.
    assert not HAS_DAY.search("설치 완료일부터 3년간 사후 관리") and not HAS_DAY.search("최종 선정 → 협약 체결")


def test_years_asked_as_a_length_want_a_span_of_years() -> None:
    """"몇 년 동안 유효", "몇 년마다 갱신": a span of years answers; days do not, nor a year's date."""
    for question in ("등록하면 몇 년 동안 유효해요?", "신고는 몇 년마다 갱신해야 돼요?", "How many years is it valid?"):
        assert answer_types(question) == [HAS_YEARS], question
    assert HAS_YEARS not in answer_types("몇 년에 시작했어요?")  # which year, not how long
    assert HAS_YEARS.search("등록은 5년간 유효") and HAS_YEARS.search("valid for five years")
    assert not HAS_YEARS.search("처리에 약 10 영업일") and not HAS_YEARS.search("2028년까지 신청")


def test_a_figure_asked_of_an_action_the_document_never_words_is_not_stated() -> None:
    document = "수입식품 신고가 필수입니다. 독점 계약 기간은 보통 2~3년입니다. 관세는 4%입니다."

    def decided(question: str, text: str = document) -> tuple[bool, tuple[str, ...]]:
        d = decide_measured_action(question, question_concepts(question), answer_types(question), text)
        return d.abstain, d.missing

    assert decided("수입식품 신고는 몇 년마다 갱신해야 돼요?") == (True, ("갱신",))
    assert decided("수입식품 신고는 몇 년마다 갱신해야 돼요?", document + " 신고는 5년마다 갱신합니다.")[0] is False
    # A verb before the asking word tells the asker's case; a field's verb is worded every way.
    assert decided("소스류 수출하면 관세 몇 %예요?")[0] is False
    assert decided("최대 얼마까지 지원되나요?")[0] is False


def test_an_english_question_names_its_case_and_asks_the_most_as_a_figure() -> None:
    """"What is the most a small enterprise can get?" asks a figure, of the 소기업 line only."""
    question = "What is the most a small enterprise can get from the program?"
    assert answer_types(question) == [HAS_NUMBER]
    assert answer_types("What is the most important document?") == []  # a superlative, no bound
    lines = ["- 소기업: 기업당 최대 8,000만원", "- 중기업: 기업당 최대 1억 2,000만원"]
    chosen = line_candidates(lines, "2033년 하람시 작업환경 개선 지원사업 공고")
    kept = named_items(chosen, question, question_concepts(question))
    assert [c.text for c in kept] == [lines[0]]
    assert len(named_items(chosen, "What is the most a company can get?", [])) == 2  # no case named: both


def test_a_noun_after_a_question_determiner() -> None:
    by_label = {c.label: c for c in question_concepts("달러 운임은 어느 환율로 바꿔요?")}
    assert "환율" in by_label and not by_label["환율"].asked  # the answer must speak of the exchange rate
    by_label = {c.label: c for c in question_concepts("설명회는 어느 도시에서 열려요?")}
    assert by_label["도시"].asked  # the answer names the city instead
    by_label = {c.label: c for c in question_concepts("사업계획서는 몇 페이지 이내로 써야 돼요?")}
    assert by_label["페이지"].asked  # a counter: the answer counts in it


def test_a_line_counting_places_states_them() -> None:
    """"어디어디": places listed; a line counting places and naming them ("센터 4곳(…, …)") states them; a count
    alone ("센터 4곳의 보관료", "쇼핑몰 8곳 (목록 게시)") does not (test_places_asked)."""
    assert HAS_PLACES in answer_types("지정 물류센터가 어디어디예요?")
    assert HAS_PLACES.search("진흥원이 지정한 센터 4곳(미국 로스앤젤레스, 네덜란드 로테르담)의 보관료")
    assert not HAS_PLACES.search("센터 4곳의 보관료")
    assert HAS_PLACE in answer_types("설명회는 어디서 열려요?")


def test_how_long_is_one_question_word() -> None:
    # "long" of "how long" asks a duration; it is no word the evidence must hold.
    assert [c.label for c in question_concepts("We sell sunscreens in Norvania. How long will it take?")
            if c.label == "long"] == []


def test_the_situation_told_before_the_question() -> None:
    told = "저희 작년 수출이 800만 달러 좀 넘는데 "
    assert background_end(told + "올해 물류비 지원 신청할 수 있나요?") == len(told.rstrip())
    # A present action with no first person says what the asking is for.
    assert background_end("시험성적서 받는데 비용이 얼마 들어요?") == 0
    assert points_back("포장재 지원사업에 디자인 트랙도 있던데 그건 한도가 얼마예요?")
    assert not points_back("본사는 부산이고 공장만 하람시에 있는데 신청 가능한가요?")


@pytest.mark.parametrize("question, missing", [
    ("하람 포장재 개선 사업계획서는 몇 페이지까지 써도 돼요?", "몇 페이지"),
    ("하람 포장재 개선 지원사업 평가에서 몇 점 넘어야 선정돼요?", "기준 수치"),
    ("하람 포장재 개선 지원사업 담당자 이메일 주소가 뭐예요?", "이메일 주소"),
    ("하람 포장재 개선 지원사업 선정 평가는 며칠에 해요?", "날짜"),
])
def test_the_kind_asked_is_not_stated(haram: PolicyBot, question: str, missing: str) -> None:
    answer = haram.answer(question)
    assert answer.abstained and answer.outcome == "abstained"
    assert answer.reasons == ["missing_fact_type"] and missing in answer.missing_terms


def test_a_unit_asked_per_is_not_the_notices_unit(haram: PolicyBot) -> None:
    answer = haram.answer("하람 포장재 개선 지원사업 보관료는 팔레트당 얼마예요?")
    assert answer.abstained and "팔레트당" in answer.missing_terms


@pytest.mark.parametrize("question, fact", [
    ("하람 포장재 개선 지원사업은 몇 개사 뽑아요?", "30개사"),
    ("하람 포장재 개선 지원사업 신청하려면 매출액이 얼마 이하여야 돼요?", "100억원 이하"),
    ("하람 포장재 개선 지원사업 접수는 며칠까지예요?", "3. 31."),
])
def test_the_kind_asked_is_stated(haram: PolicyBot, question: str, fact: str) -> None:
    answer = haram.answer(question)
    assert not answer.abstained and fact in answer.text


def test_the_askers_own_place_is_not_looked_for(haram: PolicyBot) -> None:
    answer = haram.answer("본사는 부산이고 공장만 하람시에 있는데 신청 가능한가요?")
    assert not answer.abstained and "하람시에 본사 또는 공장을 둔 중소기업" in answer.text
    assert "부산" not in answer.missing_terms


def test_a_situation_pointed_back_at_names_the_thing_asked(haram: PolicyBot) -> None:
    answer = haram.answer("하람 포장재 개선 지원사업에 디자인 트랙도 있던데 그건 한도가 얼마예요?")
    assert answer.abstained and "2,000만원" not in answer.text



def test_the_sentence_stating_the_figure_answers_first() -> None:
    """The overview names the licence and the office and ranks first; a sentence close behind that holds as many of
    the question's words and states a fee answers first."""
    lines = ["From 1 May 2033, every exporter must hold a licence from the VTO.",
             "VTO Licensing Desk: +399 20 100 2000",
             "An individual licence costs a fee of VLD 800 per shipment."]
    line = line_candidates(lines, "Valdoria: Export Licences")
    prepared = prepare("What is the fee for an individual licence from the VTO?", [], True, this_year=2033)
    overview = replace(line[0], score=1.00, covers=frozenset({"licence", "vto"}))
    desk = replace(line[1], score=0.99, covers=frozenset({"licence", "vto"}))
    fee = replace(line[2], score=0.92, covers=frozenset({"fee", "individual", "licence"}))
    chosen = [c.text for c in pick([overview, desk, fee], prepared, prepared.concepts, AnswerConfig())]
    assert chosen[0] == lines[2], chosen
    # A sentence holding fewer of the question's words does not go before the best one.
    fee = replace(fee, covers=frozenset({"licence"}))
    chosen = [c.text for c in pick([overview, desk, fee], prepared, prepared.concepts, AnswerConfig())]
    assert chosen[0] == lines[0], chosen


def test_a_list_introduced_by_a_line_that_names_it(haram: PolicyBot) -> None:
    # "Which … categories does …": the plural asked for, in an object question.
    assert listed_words("Which ECL categories does the page list?") == ["categories", "ecl"]
    answer = haram.answer("Which categories does the Valdoria page list as relevant to Korean industry?")
    assert not answer.abstained
    assert all(f"Category {n}" in answer.text for n in (1, 3, 6)), answer.text


FAIR_PAGE = """# Norland Trade Fair Support 2033

This is a fictional test fixture. Norland and its agency do not exist.

## Support

Selected companies exhibit in the Norland pavilion at the Velmora Expo.

- Booth rental: 100% of the cost, up to KRW 12,000,000 per company
- Shipping of exhibits: 50% of the cost, up to KRW 3,000,000 per company
- One interpreter per booth for every show day

## Contact

Norland Export Agency, Fair Team: +399 20 555 0100
"""


def test_an_english_unit_asked_per_is_the_pages_unit(tmp_path_factory: pytest.TempPathFactory) -> None:
    assert english_per_units("How much per day does the agency pay?") == {"day"}
    assert english_per_units("EUR 50 a day, monthly reports, per companies", stated=True) == {"day", "month", "company"}
    bot = bot_over(tmp_path_factory.mktemp("fair"), {"norland-fair-2033.md": FAIR_PAGE})
    daily = bot.answer("How much is the Norland booth rental support per day?")
    assert daily.abstained and "per day" in daily.missing_terms, daily.text  # its figures are per company
    assert "12,000,000" in bot.answer("How much is the Norland booth rental support per company?").text


def test_an_amount_asked_in_another_currency_is_not_converted(haram: PolicyBot) -> None:
    assert unstated_currencies("What is the fee in Korean won?", ["Fee: VLD 800"]) == ("KRW",)
    assert unstated_currencies("원화로 얼마예요?", ["수수료 3만원"]) == () and asked_currencies("the win rate") == set()
    in_won = haram.answer("How much is the Valdoria individual licence fee in Korean won?")
    assert in_won.abstained and "KRW" in in_won.missing_terms, in_won.text
    assert "VLD 800" in haram.answer("How much is the Valdoria individual licence fee?").text


def test_a_numbered_thing_the_document_does_not_number_is_not_stated(haram: PolicyBot) -> None:
    assert numbered_names("Category 1 and Category 3, within 30 days, VLD 800, 고도화 1·2단계") == {
        "category": {"1", "3"}, "단계": {"1", "2"}}
    # The page numbers categories 1, 3 and 6: category 2 is none of them, and category 3 is one.
    missing = haram.answer("Which items are listed in Category 2 of the Valdorian control list?")
    assert missing.abstained and missing.reasons == ["missing_name"] and "category 2" in missing.missing_terms
    listed = haram.answer("Which items are in Category 3 of the Valdorian control list?")
    assert not listed.abstained and "high-speed converters" in listed.text
    # A number inside a range the document writes ("1~3단계") is one of them; a lone numbered thing is no list.
    assert not decide_numbered_name("2단계 한도가 얼마예요?", "○ 1~3단계 지원").abstain
    assert not decide_numbered_name("Is Phase 2 open?", "Phase 1 opens in May.").abstain
    assert decide_numbered_name("고도화 3단계도 있어요?", "○ 고도화 1·2단계: 최대 1억원").missing == ("3단계",)


def test_a_contact_channel_asked_is_the_one_written(haram: PolicyBot) -> None:
    # A number with its country code is a phone number; a fax asked is not answered by a phone.
    phone = haram.answer("What is the phone number of the VTO Licensing Desk?")
    assert not phone.abstained and "+399 20 100 2000" in phone.text, phone.text
    assert "+399 20 100 2000" in haram.answer("VTO 전화번호가 뭐예요?").text
    fax = haram.answer("Does the VTO Licensing Desk have a fax?")
    assert fax.abstained and "fax number" in fax.missing_terms, fax.text



def test_a_figure_the_asker_asks_to_confirm_is_theirs_to_be_corrected(haram: PolicyBot) -> None:
    told = {c.label: c.background for c in question_concepts("둘 다 신청하면 총 2,300만원 받는 거죠?")}
    assert told.get("2,300") is True
    asked = {c.label: c.background for c in question_concepts("2,300만원까지 받을 수 있어요?")}
    assert asked.get("2,300") is False  # not asked to confirm: the figure must be the document's
    year = {c.label: c.background for c in question_concepts("2031년 한도가 3천만원 맞죠?")}
    assert year.get("2031") is False  # a year still names the edition asked about
    answer = haram.answer("하람 포장재 개선 지원사업 지원 한도가 기업당 3,000만원 맞죠?")
    assert answer.outcome == "answered" and "2,000만원" in answer.text, answer.text


def test_an_interjection_written_onto_a_noun_is_its_first_syllable() -> None:
    # Kiwi reads "자부담" at the start of a question as 자 (the interjection of "자, 그럼") + 부담.
    assert [c.label for c in question_concepts("자부담 비율은 몇 %예요?")][:1] == ["자부담"]
    assert ("자", "IC") in [(t[0], t[1]) for t in analyse("자, 그럼 다음 질문이요")]
