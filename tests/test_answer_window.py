"""What the answer reads beyond its first passages, and what a question asks as opposed to what it tells: a word
the answering document states in a section the first retrieval ranked low, a field whose section is the answer, a
FAQ that speaks to the asker's situation, fees and fines in a page's own currency."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import bot_over

from bot.answering.config import DEFAULT_CONFIG
from bot.answering.evidence import score_candidates
from bot.answering.fact_types import HAS_DATE, HAS_MONEY
from bot.answering.fields import asked_fields
from bot.answering.items import named_rows
from bot.answering.library import library_of
from bot.answering.prepare import prepare
from bot.answering.window import passages_holding
from bot.concepts import Concept, question_concepts
from bot.retrieval import retrieve
from bot.service import PolicyBot
from bot.situation import background_end
from ingestion.index.embeddings import embed_query

NOTICE = """가온테크노파크 공고 제2032-03호

2032년 가온 스마트공장 고도화 지원사업 공고

※ 본 문서는 테스트용 가상 문서(test fixture)입니다.

2032. 2. 14.
가온테크노파크 원장

1. 사업 개요
○ 사업명: 2032년 가온 스마트공장 고도화 지원사업
○ 총 사업비: 30억원
○ 선정 규모: 40개사 내외

2. 지원 내용
○ 지원 한도: 기업당 최대 8,000만원
○ 지원 비율: 총 사업비의 60%

3. 신청 자격
○ 가온시에 공장을 둔 제조 중소기업
○ 상시근로자 10인 이상
○ 최근 3년 안에 매출이 있는 기업

4. 제외 대상
- 국세 또는 지방세를 체납 중인 기업
- 휴업 중인 기업
- 2030년 이후 같은 사업으로 지원받은 기업

5. 선정 평가
○ 절차: 서면 평가 → 발표 평가 → 최종 선정
○ 가점: 청년 고용 기업 2점, 수출 기업 1점(최대 3점)

6. 신청 기간
○ 접수 기간: 2032. 3. 2.(화) ~ 3. 19.(금) 18:00
○ 접수 방법: 가온기업포털 온라인 접수

7. 문의처
○ 공급기업 등록 문의: 가온테크노파크 기업지원팀 031-600-1300
○ 가온테크노파크 제조혁신팀
- 전화: 031-600-1200
"""

FAQ = """# 2032년 가온 스마트공장 고도화 지원사업 자주 묻는 질문

> ※ 본 문서는 테스트용 가상 문서(test fixture)입니다.
> 「2032년 가온 스마트공장 고도화 지원사업 공고」(제2032-03호) 관련 · 2032. 2. 20.

### Q1. 신청서를 임시저장만 해 두었습니다. 접수된 건가요?

**A.** 아닙니다. '제출 완료'를 누르지 않은 신청서는 접수되지 않은 것으로 봅니다.

### Q2. 교육비도 지원되나요?

**A.** 사업비의 5% 이내에서 직원 교육비를 인정합니다.

### Q3. 공급기업은 언제 정해야 하나요?

**A.** 신청할 때 공급기업을 정해 함께 신청해야 합니다.

### Q4. 신청한 뒤에 공급기업을 정해도 되나요?

**A.** 아니요. 신청할 때 정해야 합니다. 공급기업 풀에는 2032년 현재 120개 기업이 등록되어 있습니다.
"""

CORRECTION = """가온테크노파크 공고 제2032-05호

「2032년 가온 스마트공장 고도화 지원사업 공고」 정정 공고

※ 본 문서는 테스트용 가상 문서(test fixture)입니다.

2032. 3. 10.
가온테크노파크 원장

1. 정정 내용
| 구분 | 정정 전 | 정정 후 |
| 접수 마감 | 2032. 3. 19.(금) 18:00 | 2032. 3. 26.(금) 18:00 |

2. 안내
○ 서류를 보완하려는 기업은 연장된 마감일까지 포털에서 다시 제출할 수 있음
- 임시 저장 상태의 신청서는 접수되지 않음
"""

LOAN_2031 = """가온신용재단 공고 제2031-01호

2031년 가온 혁신도약자금 융자 공고

※ 본 문서는 테스트용 가상 문서(test fixture)입니다.

2031. 1. 20.
가온신용재단 이사장

1. 융자 조건
○ 기준금리: 연 3.35% (분기마다 변동)
○ 금리 우대: 대표자가 만 39세 이하인 기업은 0.1%p 추가 인하
○ 융자 한도: 기업당 최대 3억원
"""

LOAN_2032 = LOAN_2031.replace("2031", "2032").replace("3.35%", "2.85%").replace("0.1%p", "0.2%p").replace(
    "2032. 1. 20.", "2032. 1. 22.")

PAGE = """<html><head><title>Norvania cosmetics notification</title></head><body>
<h1>Norvania: cosmetics notification for importers</h1>
<p>Test fixture for policybot checks (fictional country and figures).</p>
<p>Small and medium-sized exporters sell many kinds of cosmetics in Norvania.</p>
<h2>Fees</h2>
<table>
<tr><th>Item</th><th>Fee</th></tr>
<tr><td>Notification, per product</td><td>900 NVD</td></tr>
<tr><td>Amendment of a notification</td><td>250 NVD</td></tr>
</table>
<h2>Penalties</h2>
<p>Selling a product that was not notified can lead to a fine of up to 20,000 NVD per product.</p>
<h2>Review</h2>
<p>Every cosmetic product imported into Norvania must be notified to the Norvanian Cosmetics Agency (NCA) before it
is sold.</p>
<table>
<tr><th>Class</th><th>Products</th><th>Review fee</th><th>Review time</th></tr>
<tr><td>Class A</td><td>Lip balms and hand creams</td><td>300 NVD</td><td>15 working days</td></tr>
<tr><td>Class B</td><td>Sunscreens and whitening products</td><td>700 NVD</td><td>40 working days</td></tr>
<tr><td>Class C</td><td>Hair dyes and tattoo inks</td><td>1,500 NVD</td><td>60 working days</td></tr>
</table>
<h2>Transition</h2>
<p>Products already on sale under the former import permit may stay on the market until 30 June 2033.</p>
</body></html>
"""


@pytest.fixture(scope="module")
def gaon_bot(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("gaon"), {
        "gaon-smart-factory-2032.txt": NOTICE, "gaon-smart-factory-faq-2032.md": FAQ,
        "gaon-smart-factory-2032-correction.txt": CORRECTION, "gaon-loan-2031.txt": LOAN_2031,
        "gaon-loan-2032.txt": LOAN_2032, "norvania-cosmetics.html": PAGE})


def test_a_field_asked_by_name_is_answered_by_its_whole_section(gaon_bot: PolicyBot) -> None:
    excluded = gaon_bot.answer("가온 스마트공장 고도화 사업 제외 대상 알려주세요")
    assert not excluded.abstained
    for item in ("체납", "휴업", "같은 사업으로"):
        assert item in excluded.text
    eligible = gaon_bot.answer("가온 스마트공장 고도화 신청 자격이 어떻게 돼요?")
    assert "상시근로자 10인 이상" in eligible.text and "매출이 있는 기업" in eligible.text


def _doc(bot: PolicyBot, name: str):  # type: ignore[no-untyped-def]
    return next(d for d in library_of(bot).documents if d.doc_id.startswith(name))


def test_a_word_the_first_passages_lack_is_looked_for_in_the_documents_sections(gaon_bot: PolicyBot) -> None:
    lib = library_of(gaon_bot)
    bonus = Concept("가점", ("가점",), specific=False)
    question = prepare("가온 스마트공장 가점은 몇 점까지 받아요?", [], True)
    found = passages_holding(gaon_bot.store, lib, question, _doc(gaon_bot, "gaon-smart-factory-2032"), [bonus],
                             [], [])
    assert found and all("가점" in p.chunk.text for p in found)
    # A word the document holds only inside another word of a sentence about something else is not looked for
    # there: "medium-sized" is no size asked for.
    size = Concept("크기", ("크기",), specific=False, english=("size",))
    booth = prepare("Norvania 부스 크기가 몇 제곱미터예요?", [], True)
    assert passages_holding(gaon_bot.store, lib, booth, _doc(gaon_bot, "norvania"), [size], [], []) == []


def test_a_faq_that_speaks_to_the_askers_situation_answers(gaon_bot: PolicyBot) -> None:
    # The FAQ entry and the correction's note both speak to it; the notice itself does not.
    answer = gaon_bot.answer("마감일에 임시저장만 해놨는데 이거 접수된 거 맞죠?")
    assert not answer.abstained and "접수되지 않" in answer.text


def test_a_figure_field_named_as_a_means_is_not_asked(gaon_bot: PolicyBot) -> None:
    assert [f.name for f in asked_fields("교육비도 사업비로 쓸 수 있나요?")] == []
    assert [f.name for f in asked_fields("사업비는 얼마예요?")] == ["예산"]
    answer = gaon_bot.answer("직원 교육비도 사업비로 쓸 수 있나요?")
    assert not answer.abstained and "5% 이내" in answer.text


def test_a_field_cue_in_the_askers_situation_asks_nothing() -> None:
    question = "마감날 임시저장만 해놨는데 이거 접수된 거 맞죠?"
    assert background_end(question) > 0  # -죠 is the conversational -지요
    assert asked_fields(question) == ()
    assert [f.name for f in asked_fields("마감일이 언제죠?")] == ["신청기간"]
    # Nor does a date word there ask for a date.
    assert HAS_DATE not in prepare("마감일에 임시저장만 해놨는데 이거 접수된 거 맞죠?", [], True).wanted
    assert HAS_DATE in prepare("마감일이 언제죠?", [], True).wanted


def test_a_currency_code_after_a_figure_is_money_beside_a_charge() -> None:
    assert HAS_MONEY.search("Item: Notification, per product | Fee: 900 NVD")
    assert HAS_MONEY.search("a fine of up to 20,000 NVD per product")
    assert not HAS_MONEY.search("Fee: see ISO 9001 and IEC 62133")
    assert not HAS_MONEY.search("Fee paid within 30 days")


def test_english_fees_and_fines_in_the_pages_currency(gaon_bot: PolicyBot) -> None:
    fine = gaon_bot.answer("What's the maximum fine in Norvania for selling a product that was not notified?")
    assert not fine.abstained and "20,000 NVD" in fine.text
    cost = gaon_bot.answer("How much does it cost to notify one cosmetic product in Norvania?")
    assert not cost.abstained and "900 NVD" in cost.text


def test_the_participle_of_a_hyphenated_modifier_is_no_concept() -> None:
    labels = {c.label for c in question_concepts("How do I register a battery-powered toy?")}
    assert "battery" in labels and "power" not in labels



def test_a_faqs_yes_or_no_answers_its_own_question_not_this_one(tmp_path: Path) -> None:
    bot = bot_over(tmp_path, {"gaon-smart-factory-faq-2032.md": FAQ})
    answer = bot.answer("공급기업 풀에는 기업이 몇 개나 있어요?")
    assert "120개" in answer.text and "아니요" not in answer.text


def test_a_corrections_own_note_answers_the_situation_it_speaks_to(gaon_bot: PolicyBot) -> None:
    answer = gaon_bot.answer("마감 연장돼서 서류 고쳐서 올렸는데 임시저장만 해둬도 접수된 거죠?")
    assert not answer.abstained and "접수되지 않음" in answer.text


def test_a_year_of_the_askers_situation_is_no_year_asked(gaon_bot: PolicyBot) -> None:
    answer = gaon_bot.answer("We already sell a cream in Norvania under an import permit from 2029. "
                             "Until when can it stay on the market?")
    assert not answer.abstained and "30 June 2033" in answer.text


def test_a_number_the_asker_tells_does_not_choose_the_edition(gaon_bot: PolicyBot) -> None:
    # "35" of "만 35세" is in last year's "연 3.35%": the asker's number says nothing of which edition answers.
    answer = gaon_bot.answer("저희 대표님이 만 35세인데 혁신도약자금 금리 더 깎아주나요? 얼마나요?")
    assert not answer.abstained and "0.2%p" in answer.text.split("이전 공고")[0]


def test_a_contact_line_for_another_kind_of_inquiry_does_not_answer_a_general_one(gaon_bot: PolicyBot) -> None:
    general = gaon_bot.answer("가온 스마트공장 고도화 사업 문의 전화번호 알려주세요")
    assert "031-600-1200" in general.text and "031-600-1300" not in general.text
    specific = gaon_bot.answer("가온 스마트공장 공급기업 등록은 어디에 문의해요?")
    assert "031-600-1300" in specific.text


BONUS_NOTICE = """나래진흥원 공고 제2032-11호

2032년 나래 디자인 혁신 지원사업 공고

※ 본 문서는 테스트용 가상 문서(test fixture)입니다.

2032. 4. 1.
나래진흥원장

1. 지원 내용
○ 사업 목적: 지역 사회 기업의 디자인 역량 강화
○ 지원 한도: 기업당 최대 4,000만원

2. 가점 항목 (최대 4점)
| 가점 항목 | 점수 |
| 나래시 우수기업 | 2점 |
| 수출유망기업 | 1점 |
| 디자인전문기업 | 1점 |
"""


def test_a_heading_that_states_the_figure_asked_answers(tmp_path: Path) -> None:
    bot = bot_over(tmp_path, {"narae-design-2032.txt": BONUS_NOTICE})
    answer = bot.answer("나래 디자인 혁신 지원사업 가점은 최대 몇 점까지 받을 수 있어요?")
    assert not answer.abstained and "최대 4점" in answer.text


def test_where_to_apply_asked_without_a_particle_is_the_application_method(gaon_bot: PolicyBot) -> None:
    assert [f.name for f in asked_fields("스마트공장 신청 어디서 해요?")] == ["신청방법"]
    assert [f.name for f in asked_fields("신청 기간 어디서 확인해요?")] == ["신청기간"]
    answer = gaon_bot.answer("가온 스마트공장 고도화 신청 어디서 해요? 직접 가서 내도 돼요?")
    assert "가온기업포털" in answer.text


def test_a_case_the_rows_of_a_table_do_not_name_is_not_answered_by_them(tmp_path: Path) -> None:
    bot = bot_over(tmp_path, {"narae-design-2032.txt": BONUS_NOTICE})
    unlisted = bot.answer("나래 디자인 혁신 지원사업에 사회적기업이면 가점 받을 수 있어요?")
    assert unlisted.abstained and "사회적기업" in unlisted.missing_terms
    listed = bot.answer("나래 디자인 혁신 지원사업에 우수기업이면 가점 몇 점이에요?")
    assert not listed.abstained and "2점" in listed.text


def test_a_word_of_the_askers_situation_picks_the_row_that_answers(gaon_bot: PolicyBot) -> None:
    answer = gaon_bot.answer("We sell sunscreens in Norvania. How long will it take?")
    assert not answer.abstained and "40 working days" in answer.text
    # The rows of other classes answer other askers: of all the table's rows, the one the situation names stays.
    question = prepare("We sell sunscreens in Norvania. How long will it take?", [], True)
    found = retrieve(gaon_bot.store, question.resolved, 8)
    scored = score_candidates(question, found.passages, gaon_bot.store.sentence_vectors(
        [p.chunk.chunk_id for p in found.passages]), embed_query(question.resolved), DEFAULT_CONFIG)
    rows = [c for c in scored if c.text.startswith("Class ") and "working days" in c.text]
    assert len(rows) == 3
    assert [c.text.split(" | ")[0] for c in named_rows(rows, question.concepts)] == ["Class B"]
