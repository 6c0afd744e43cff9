"""Notice structures the answers must read as written: a 변경 공고 whose new values stand in a "변경 전 | 변경 후"
table, a "○ 지원 제외 대상" line whose items follow it as "- …" lines (across a chunk boundary), a contact line
labelled with a team's name under "6. 문의처", and a follow-up whose only noun ("신청") also stands in some title.
The corpus is generated here (fictional, marked as a fixture); nothing is taken from an evaluation set."""

from __future__ import annotations

import pytest
from conftest import ingested_bot

from bot.answering.fields import names_a_field
from bot.answering.prepare import edition_years
from bot.concepts import squash
from bot.models import Turn
from bot.service import PolicyBot
from ingestion.normalize import normalize_text
from ingestion.notice import parse_label_line, points_below, program_key, table_field

FIXTURE_NOTE = "※ 이 문서는 테스트용 가상 공고입니다 (test fixture)."
EXCLUDED = ["국세 또는 지방세를 체납 중인 기업", "최근 2년 이내 같은 과제로 지원을 받은 기업",
            "휴업 또는 폐업 중인 기업", "대표자가 금융기관 채무불이행자로 등록된 기업",
            "허위 서류로 지원을 받은 적이 있는 기업", "공동 신청 기관과 지분 관계가 있는 기업"]
FILLER = "\n".join(f"○ 추진 배경 {i}: 지역 제조기업의 공정 혁신과 생산성 향상을 위한 단계별 지원 체계를 마련함"
                   for i in range(1, 13))

NOTICE = f"""{FIXTURE_NOTE}
한빛진흥원 공고 제2026-21호
2026년 공정혁신 바우처 지원사업 시행 공고
2026. 2. 2.

1. 사업 개요
{FILLER}

2. 지원 대상
○ 신청 자격: 아래 요건을 모두 갖춘 기업
- 업종 : 공장등록을 마친 제조업
- 규모 : 상시 근로자 10인 이상 중소기업
○ 지원 제외 대상
{chr(10).join("- " + item for item in EXCLUDED)}

3. 지원 내용
○ 지원 한도: 기업당 최대 6천만원
구분 | 정부 지원 비율 | 구축 기간
기초 단계 | 총 사업비의 70% | 6개월
고도화 단계 | 총 사업비의 50% | 10개월
※ 단, 비수도권 소재 기업은 정부 지원 비율에 5%p를 가산함
○ 선정 규모: 120개사 내외

4. 신청 기간 및 방법
○ 신청 기간: 2026. 2. 16.(월) ~ 3. 13.(금) 18:00
○ 신청 방법: 바우처 포털(voucher.example)에서 온라인 신청
○ 제출 서류 (3종)
- 사업신청서
- 공정 개선 계획서
- 공장등록증 사본

5. 선정 결과
○ 결과 발표: 2026. 4. 3.(금)

6. 문의처
○ 한빛진흥원 공정혁신팀: 055-555-0410
"""

EXTENSION = f"""{FIXTURE_NOTE}
한빛진흥원 공고 제2026-30호
「2026년 공정혁신 바우처 지원사업」 신청 기간 연장 공고
2026. 3. 10.

1. 변경 사유
○ 신청 수요가 늘어 신청 기간을 연장함

2. 변경 내용
구분 | 변경 전 | 변경 후
신청 마감 | 2026. 3. 13.(금) 18:00 | 2026. 3. 27.(금) 18:00
선정 규모 | 120개사 내외 | 150개사 내외
결과 발표 | 2026. 4. 3.(금) | 2026. 4. 17.(금)

3. 유의 사항
○ 변경 공고에 적지 않은 사항은 당초 공고에 따름
"""

OTHER = f"""{FIXTURE_NOTE}
한빛진흥원 공고 제2026-25호
2026년 해외 전시 참가 지원사업 공고
2026. 2. 20.

1. 지원 내용
○ 지원 한도: 기업당 최대 2천만원
지원 항목 | 내용 | 항목별 한도
부스 임차료 | 전시장 부스 임차와 장치 | 1,200만원
전시품 운송비 | 전시품 왕복 운송 | 500만원
통역비 | 현장 통역 | 300만원

2. 신청 기간 및 방법
○ 신청 기간: 2026. 3. 2.(월) ~ 3. 20.(금) 17:00
○ 신청 방법: 전시 지원 누리집(fair.example) 온라인 신청

3. 문의처
○ 한빛진흥원 전시지원팀: 055-555-0420
"""

GUIDE = f"""{FIXTURE_NOTE}
한빛진흥원 사업 신청 안내
2026. 1. 30.

○ 회원 가입 후 사업별 신청서를 작성합니다
○ 제출 서류는 PDF 파일로 올립니다
"""


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    docs = tmp_path_factory.mktemp("structure")
    for name, text in (("voucher-2026.txt", NOTICE), ("voucher-2026-extension.txt", EXTENSION),
                       ("fair-2026.txt", OTHER), ("guide.txt", GUIDE)):
        (docs / name).write_text(text, "utf-8")
    return ingested_bot(docs, tmp_path_factory.mktemp("structure-index"))


def test_table_rows_stay_rows_and_a_change_table_gives_the_new_value() -> None:
    rows = ("구분 | 변경 전 | 변경 후\n신청 마감 | 2026. 3. 13.(금) 18:00 | 2026. 3. 27.(금) 18:00\n"
            "선정 규모 | 120개사 | 150개사")
    assert normalize_text(rows).split("\n") == rows.split("\n")  # never joined as wrapped lines
    header, deadline, size = rows.split("\n")
    field = table_field(deadline, header)
    assert field is not None and (field.key, field.value) == ("신청마감", "2026. 3. 27.(금) 18:00")
    plain = table_field("지원 한도 | 6천만원 | 기업당", "항목 | 금액 | 비고")
    assert plain is not None and plain.value == "6천만원 | 기업당"
    assert table_field(header, header) is None and table_field("2026 | 3", None) is None


def test_a_notice_about_another_names_its_program_in_brackets() -> None:
    key = program_key("2026년 공정혁신 바우처 지원사업 시행 공고")
    assert key == program_key("「2026년 공정혁신 바우처 지원사업」 신청 기간 연장 공고") == "공정혁신바우처지원사업"
    assert program_key("2026년 해외 전시 참가 지원사업 참가기업 모집 공고") == "해외전시참가지원사업"
    assert key != program_key("2026년 해외 전시 참가 지원사업 공고")


def test_a_program_named_otherwise_than_saeop_is_one_program_with_its_faq() -> None:
    notice = program_key("2034년 하람시 수출 컨설팅 바우처 참여기업 모집 공고")
    assert notice == program_key("2034년 하람시 수출 컨설팅 바우처 자주 묻는 질문(FAQ)") == "하람시수출컨설팅바우처"
    assert notice == program_key("2033년 하람시 수출 컨설팅 바우처 Q&A")
    assert notice != program_key("2034년 하람시 수출 컨설팅 바우처 수행기관 모집 공고")  # other applicants


def test_an_extension_notice_answers_the_fields_it_changed(bot: PolicyBot) -> None:
    deadline = bot.answer("공정혁신 바우처 지원사업 신청 마감일이 언제예요?")
    assert not deadline.abstained, deadline.text
    assert "3. 27." in deadline.text and deadline.citations[0].doc_id.endswith("extension")
    # The row asked for, as the field with its value in force and the replaced value labelled; the other rows
    # state other fields.
    assert "신청 마감: 2026. 3. 27.(금) 18:00" in deadline.text and "※ 변경 전(당초): 2026. 3. 13." in deadline.text
    assert "150개사" not in deadline.text and "4. 17." not in deadline.text
    results = bot.answer("공정혁신 바우처 선정 결과는 언제 발표해요?")
    assert "4. 17." in results.text, results.text
    # What the extension does not change is answered by the notice itself.
    limit = bot.answer("공정혁신 바우처 지원사업 기업당 지원 한도는?")
    assert "6천만원" in limit.text and not limit.citations[0].doc_id.endswith("extension")


def test_a_column_that_names_the_asked_field_answers_it(bot: PolicyBot) -> None:
    share = bot.answer("저희 공장이 비수도권에 있으면 공정혁신 바우처 지원 비율을 더 받아요?")
    assert share.outcome == "answered", share.text
    assert "70%" in share.text and "50%" in share.text and "5%p" in share.text, share.text


def test_an_item_row_the_question_names_comes_with_its_header(bot: PolicyBot) -> None:
    # Its rows are items of the header's field: the one the question names (통역비) answers, read under the
    # header; the rows of the other items are not what was asked. Asked of all items, the table comes whole.
    items = bot.answer("해외 전시 참가 지원사업 통역비 지원 내용은?")
    assert not items.abstained, items.text
    for row in ("지원 항목 | 내용", "통역비 | 현장 통역 | 300만원"):
        assert row in items.text, items.text
    assert "부스 임차료" not in items.text and "전시품 운송비" not in items.text, items.text
    every = bot.answer("해외 전시 참가 지원사업 지원 항목별 한도 알려주세요")
    for row in ("부스 임차료", "전시품 운송비", "통역비"):
        assert row in every.text, every.text


def test_a_bullet_label_line_is_a_field_whose_items_follow() -> None:
    field = parse_label_line("○ 지원 제외 대상")
    assert field is not None and (field.key, field.value) == ("지원제외대상", "")
    # A note in brackets counts or sums the items; the label is the words before it.
    for line, key in (("○ 제출 서류 (6종)", "제출서류"), ("○ 평가 배점 (총 100점, 4개 항목)", "평가배점")):
        noted = parse_label_line(line)
        assert noted is not None and (noted.key, noted.value) == (key, ""), line
    assert points_below("아래 요건을 모두 갖춘 기업") and points_below("다음 각 호의 기업")
    assert not points_below("기업당 최대 6천만원") and not points_below("다음 연도 3월")
    assert parse_label_line("3. 지원 내용") is None
    assert parse_label_line("○ 온라인 수출 경험이 없는 기업도 신청할 수 있음") is None


def test_a_line_that_names_a_list_brings_its_items(bot: PolicyBot) -> None:
    answer = bot.answer("공정혁신 바우처 지원사업 지원 제외 대상 알려주세요")
    assert not answer.abstained, answer.text
    for item in EXCLUDED:
        assert item in answer.text, (item, answer.text)


def test_a_counted_list_and_a_field_that_points_below_bring_their_items(bot: PolicyBot) -> None:
    """"○ 제출 서류 (3종)" names a list whose count it notes; "○ 신청 자격: 아래 요건을 모두 갖춘 기업" states only
    that the requirements follow. Either way the items under the line are the answer."""
    papers = bot.answer("공정혁신 바우처 신청할 때 내야 하는 서류 뭐뭐예요?")
    assert "3종" in papers.text, papers.text
    for item in ("사업신청서", "공정 개선 계획서", "공장등록증 사본"):
        assert item in papers.text, (item, papers.text)
    who = bot.answer("공정혁신 바우처 지원사업 신청 자격이 뭐예요?")
    for item in ("공장등록을 마친 제조업", "상시 근로자 10인 이상"):
        assert item in who.text, (item, who.text)


def test_a_contact_line_labelled_with_a_team_under_the_contact_heading(bot: PolicyBot) -> None:
    assert not names_a_field("한빛진흥원전시지원팀") and names_a_field("신청방법") and names_a_field("문의처")
    answer = bot.answer("해외 전시 참가 지원사업 문의 전화번호 알려주세요")
    assert "055-555-0420" in answer.text and "055-555-0410" not in answer.text, answer.text


def test_a_follow_up_is_not_anchored_by_the_word_of_the_field_it_asks(bot: PolicyBot) -> None:
    """"신청" stands in the guide's title ("… 사업 신청 안내"), but "신청은 어디서?" only says which field is
    asked: the program is the one the conversation was about."""
    history = [Turn(role="user", content="해외 전시 참가 지원사업 지원 한도는 얼마예요?")]
    answer = bot.answer("신청은 어디서 해요?", history=history)
    assert answer.resolved_question and "해외 전시" in answer.resolved_question
    assert "fair.example" in answer.text and "voucher.example" not in answer.text, answer.text


def test_a_year_beside_the_program_names_the_edition() -> None:
    titles = squash("2026년 공정혁신 바우처 지원사업 시행 공고 2026년 해외 전시 참가 지원사업 공고")
    assert edition_years("해외 전시 참가 지원사업 2025년에는 지원 한도가 얼마였나요?", titles) == ("2025",)
    assert edition_years("2025년도 공고에서는 한도가 얼마였어요?", titles) == ("2025",)
    # A year that qualifies another noun, a range or a date says nothing about the edition.
    assert edition_years("2025년 매출액이 얼마 이하여야 하나요?", titles) == ()
    assert edition_years("2014년부터 2023년까지 수출 증가율은?", titles) == ()
    assert edition_years("2025년 12월 31일까지 내면 되나요?", titles) == ()


def test_an_edition_the_documents_do_not_hold_is_not_answered_from_another(bot: PolicyBot) -> None:
    older = bot.answer("해외 전시 참가 지원사업 2025년에는 지원 한도가 얼마였나요?")
    assert older.abstained and "2025" in older.missing_terms, older.text
    current = bot.answer("해외 전시 참가 지원사업 2026년 지원 한도는 얼마예요?")
    assert not current.abstained and "2천만원" in current.text, current.text


def test_an_amount_is_not_the_asked_field_unless_its_line_names_the_field(bot: PolicyBot) -> None:
    """The notice states a limit per company (an amount) but no budget: "예산" is not answered by it."""
    budget = bot.answer("공정혁신 바우처 지원사업 총 예산은 얼마예요?")
    assert budget.abstained and "6천만원" not in budget.text, budget.text
    limit = bot.answer("공정혁신 바우처 지원사업 지원 한도는 얼마예요?")
    assert not limit.abstained and "6천만원" in limit.text, limit.text
