"""Who may not apply and which costs are not paid are two fields of a notice: a question about one is not answered
by the other's line. The notice is a fictional fixture written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.answering.fields import asked_fields, notice_fields
from bot.service import PolicyBot

NOTICE = """갯벌산업진흥원 공고 제2033-11호

2033년 갯벌 수산가공 설비 개선 지원사업 공고

※ 이 문서는 테스트용 가상 공고입니다 (test fixture).

2033. 2. 6.

1. 사업 개요
○ 사업 예산: 총 20억원
○ 선정 규모: 25개사 내외

2. 신청 자격 및 제외 대상
○ 신청 자격: 갯벌군에 공장을 둔 수산가공 중소기업
○ 제외 대상
- 국세 또는 지방세를 체납 중인 기업
- 최근 3년 이내 같은 설비로 보조금을 받은 기업
- 휴업 중인 기업

3. 지원 내용
○ 지원 한도: 기업당 최대 8천만원
○ 지원 제외 비용: 공장 부지 매입비, 중고 설비 구입비, 부가가치세

4. 문의처
○ 갯벌산업진흥원 가공설비팀 061-700-3300
"""


# A newer correction restates the cost line only: it holds no line about who may not apply.
CORRECTION = """갯벌산업진흥원 공고 제2033-14호

「2033년 갯벌 수산가공 설비 개선 지원사업 공고」 정정 공고

※ 이 문서는 테스트용 가상 공고입니다 (test fixture).

2033. 2. 20.

1. 정정 내용
○ 지원 한도: (당초) 기업당 최대 8천만원 → (정정) 기업당 최대 1억원
○ 정정된 한도에 맞추어 사업비를 늘리려는 기업은 신청 마감 전까지 사업계획서를 다시 제출할 수 있습니다.
○ 지원 제외 비용: 공장 부지 매입비, 중고 설비 구입비, 부가가치세, 설계 용역비

2. 기타
○ 정정 내용 외의 사항은 당초 공고와 같음
"""


@pytest.fixture(scope="module")
def tidal_bot(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("tidal-processing"), {"tidal-processing-2033.txt": NOTICE,
                                                                   "tidal-processing-2033-correction.txt": CORRECTION})


def test_an_excluded_cost_line_is_not_the_exclusion_of_applicants() -> None:
    by_name = {f.name: f for f in notice_fields()}
    assert by_name["제외비용"].labels_line("지원 제외 비용") and not by_name["제외대상"].labels_line("지원 제외 비용")
    assert by_name["제외대상"].labels_line("제외 대상") and not by_name["제외비용"].labels_line("제외 대상")
    assert [f.name for f in asked_fields("지원 안 되는 비용은 뭐예요?")][:1] == ["제외비용"]


def test_who_may_not_apply_is_answered_by_the_exclusion_list(tidal_bot: PolicyBot) -> None:
    answer = tidal_bot.answer("갯벌 수산가공 설비 개선 사업 신청 못 하는 기업은 어떤 경우예요?")
    assert answer.outcome == "answered", answer.text
    assert "체납" in answer.text and "휴업" in answer.text, answer.text
    assert "부가가치세" not in answer.text, answer.text


def test_costs_not_paid_are_answered_by_the_excluded_cost_line(tidal_bot: PolicyBot) -> None:
    answer = tidal_bot.answer("갯벌 수산가공 설비 개선 사업에서 지원 안 되는 비용은 뭐예요?")
    assert answer.outcome == "answered", answer.text
    assert "중고 설비 구입비" in answer.text and "체납" not in answer.text, answer.text


def test_a_cue_written_without_its_spaces_asks_its_field() -> None:
    # Askers leave out the spaces of a phrase: "신청할수 있나요" asks who may apply as "신청할 수 있나요" does.
    assert "지원대상" in {f.name for f in asked_fields("작년 매출이 50억인데 신청할수 있나요?")}
    assert "제외대상" in {f.name for f in asked_fields("신청안되는 기업은 어떤 경우예요?")}
    assert "지원대상" not in {f.name for f in asked_fields("수출할 수단이 뭐예요?")}
