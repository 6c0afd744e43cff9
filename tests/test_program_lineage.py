"""A program that moves into a newer integrated notice (통합공고) of the same issuer is answered from that notice,
with last year's single-program notice as its older edition; a figure stated per another unit ("기업당") does not
answer a question asked per case ("건당")."""

from __future__ import annotations

from pathlib import Path

from conftest import bot_over

from bot.answering.evidence import DocInfo
from bot.answering.lineage import carries, names_program
from bot.answering.units import per_units, same_unit

OLD_NOTICE = """한결산업진흥원 공고 제2030-004호

2030년 한결도 해외 규격 획득 지원사업 참여기업 모집 공고

※ 본 문서는 테스트용 가상 문서입니다.

2030. 2. 3.
한결산업진흥원장

1. 지원 내용
○ 지원 한도: 기업당 최대 2,000만원
○ 지원 비율: 총 사업비의 60%

2. 문의처
○ 한결산업진흥원 수출팀 041-777-0100
"""

INTEGRATED_NOTICE = """한결산업진흥원 공고 제2031-002호

2031년 한결도 중소기업 도약 통합지원사업 공고

※ 본 문서는 테스트용 가상 문서입니다.

2031. 2. 9.
한결산업진흥원장

1. 세부 사업별 지원 내용
가. 디자인 개발 지원
○ 지원 한도: 기업당 최대 4,000만원
○ 지원 비율: 총 사업비의 80%
나. 해외 규격 획득 지원
○ 지원 한도: 기업당 최대 2,500만원
○ 지원 비율: 총 사업비의 70%

2. 문의처
○ 디자인 개발 지원: 디자인팀 041-777-0211
○ 해외 규격 획득 지원: 글로벌팀 041-777-0233
"""

# Another issuer's later notice that happens to carry a line of the same name: not the program's next edition.
OTHER_ISSUER = INTEGRATED_NOTICE.replace("한결산업진흥원", "미르경제재단").replace("한결도", "미르시").replace(
    "041-777-02", "052-888-02")


def test_a_sub_program_line_names_a_program_without_its_region() -> None:
    assert names_program("나. 해외 규격 획득 지원", "한결도해외규격획득지원사업")
    assert names_program("○ 해외 규격 획득 지원: 글로벌팀 041-777-0233", "한결도해외규격획득지원사업")
    assert not names_program("○ 획득 지원: 글로벌팀", "한결도해외규격획득지원사업")  # too little of the name
    assert not names_program("나. 해외 규격 획득 지원", "한결도해외전시회참가지원사업")


def test_only_a_newer_notice_of_the_same_issuer_carries_a_program() -> None:
    old = DocInfo("old", "2030년 한결도 해외 규격 획득 지원사업 참여기업 모집 공고", "2030-02-03",
                  "한결도해외규격획득지원사업", "공고", "한결산업진흥원")
    new = DocInfo("new", "2031년 한결도 중소기업 도약 통합지원사업 공고", "2031-02-09",
                  "한결도중소기업도약통합지원사업", "공고", "한결산업진흥원")
    lines = INTEGRATED_NOTICE.splitlines()
    assert carries(old, new, lines)
    assert not carries(new, old, OLD_NOTICE.splitlines())
    assert not carries(old, DocInfo(**{**new.__dict__, "issuer": "미르경제재단"}), lines)
    assert not carries(old, DocInfo(**{**new.__dict__, "date": "2029-12-01"}), lines)


def test_the_integrated_notice_answers_for_the_program_it_carries(tmp_path: Path) -> None:
    bot = bot_over(tmp_path, {"old.txt": OLD_NOTICE, "integrated.txt": INTEGRATED_NOTICE})
    phone = bot.answer("해외 규격 획득 지원 전화 문의는 몇 번으로 하나요?")
    assert phone.outcome == "answered", phone.text
    assert "041-777-0233" in phone.text and "041-777-0100" not in phone.text
    # Last year's notice is named by its year and still answers for it.
    older = bot.answer("2030년 해외 규격 획득 지원 전화 문의는 몇 번이에요?")
    assert "041-777-0100" in older.text and "041-777-0233" not in older.text


def test_another_issuers_notice_does_not_take_over_a_program(tmp_path: Path) -> None:
    bot = bot_over(tmp_path, {"old.txt": OLD_NOTICE, "other.txt": OTHER_ISSUER})
    phone = bot.answer("한결도 해외 규격 획득 지원 전화 문의는 몇 번으로 하나요?")
    assert "041-777-0100" in phone.text and "052-888-0233" not in phone.text


def test_units_a_figure_is_counted_per() -> None:
    assert per_units("인증 한 건당 지원 상한이 있나요?") == {"건"}
    assert per_units("1개사당 한도") == {"개사"}
    assert per_units("담당 부서와 해당 기업") == frozenset()
    assert same_unit("기업", "업체") and same_unit("개사", "기업") and not same_unit("건", "기업")


def test_a_figure_per_company_does_not_answer_a_question_per_case(tmp_path: Path) -> None:
    bot = bot_over(tmp_path, {"old.txt": OLD_NOTICE})
    for question in ("한결도 해외 규격 획득 지원 한도는 건당 얼마예요?",
                     "한결도 해외 규격 획득 지원은 1인당 한도가 얼마예요?"):
        other_unit = bot.answer(question)
        assert other_unit.outcome == "abstained" and "2,000만원" not in other_unit.text, question
    per_company = bot.answer("한결도 해외 규격 획득 지원은 기업당 지원 한도가 얼마예요?")
    assert per_company.outcome == "answered" and "2,000만원" in per_company.text


FUND_NOTICE = """(재)가온기업진흥원 공고 제2031-03호

2031년 가온 성장자금(정책자금) 융자 계획 공고

※ 본 문서는 테스트용 가상 문서입니다.

1. 융자 조건
○ 융자 한도: 기업당 5억원
○ 금리 우대: 대표자가 만 39세 이하인 청년 기업은 0.2%p 추가 인하
○ 문의: 가온기업진흥원 금융팀 033-555-0100
"""

FUND_FAQ = """# 2031년 가온 성장자금 융자 자주 묻는 질문(FAQ)

> ※ 본 문서는 테스트용 가상 문서입니다.
>
> 가온기업진흥원 금융팀 · 「2031년 가온 성장자금 융자 계획 공고」 관련

## Q. 빌린 돈을 일찍 갚으면 수수료가 있나요?

2031년 융자분은 중도상환수수료가 없습니다. 다만 목적 외 사용으로 조기 회수되면 연 3%의 가산 이자가 붙습니다.
"""


def test_a_faq_is_about_the_notice_it_names(tmp_path: Path) -> None:
    bot = bot_over(tmp_path, {"notice.txt": FUND_NOTICE, "faq.md": FUND_FAQ})
    # "정책자금" is only in the notice's title; the FAQ that answers is about that notice.
    early = bot.answer("정책자금 빌리고 나서 일찍 갚으면 수수료 물어요?")
    assert early.outcome == "answered" and "중도상환수수료가 없습니다" in early.text, early.text


def test_a_rule_for_another_kind_of_company_does_not_answer(tmp_path: Path) -> None:
    bot = bot_over(tmp_path, {"notice.txt": FUND_NOTICE})
    other = bot.answer("가온 성장자금은 여성 대표 기업도 금리 우대 있어요?")
    assert other.outcome == "abstained" and "0.2%p" not in other.text, other.text
    same = bot.answer("가온 성장자금은 청년 기업 금리 우대가 얼마예요?")
    assert same.outcome == "answered" and "0.2%p" in same.text, same.text
    # 비롯 (of 비롯해, a root, not a noun) names no kind of 기업: the rule for 청년 기업 is the one asked.
    among = bot.answer("가온 성장자금에서 청년 기업을 비롯 기업들이 받는 금리 우대는 얼마예요?")
    assert among.outcome == "answered" and "0.2%p" in among.text, among.text


def test_an_abstention_points_to_the_team_of_the_sub_program_asked_about(tmp_path: Path) -> None:
    bot = bot_over(tmp_path, {"integrated.txt": INTEGRATED_NOTICE})
    answer = bot.answer("한결도 통합지원사업에서 해외 규격 획득 지원은 건당 상한이 얼마예요?")
    assert answer.outcome == "abstained" and answer.contact is not None, answer.text
    assert answer.contact.phone == "041-777-0233" and "글로벌팀" in answer.text, answer.text
    design = bot.answer("한결도 통합지원사업에서 디자인 개발 지원은 건당 상한이 얼마예요?")
    assert design.contact is not None and design.contact.phone == "041-777-0211", design.text


def test_a_number_the_asker_tells_of_themselves_need_not_be_in_the_notice(tmp_path: Path) -> None:
    bot = bot_over(tmp_path, {"notice.txt": FUND_NOTICE})
    answer = bot.answer("저희 대표님이 50대인데 청년 기업 금리 우대는 얼마예요?")
    assert answer.outcome == "answered" and "만 39세 이하" in answer.text, answer.text


def test_only_retrieved_notices_are_read_for_the_programs_they_carry() -> None:
    from bot.answering.lineage import Lineage

    old = DocInfo("old", "2030년 한결도 해외 규격 획득 지원사업 참여기업 모집 공고", "2030-02-03",
                  "한결도해외규격획득지원사업", "공고", "한결산업진흥원")
    new = DocInfo("new", "2031년 한결도 중소기업 도약 통합지원사업 공고", "2031-02-09",
                  "한결도중소기업도약통합지원사업", "공고", "한결산업진흥원")
    read: list[str] = []

    def lines_of(doc_id: str) -> list[str]:
        read.append(doc_id)
        return INTEGRATED_NOTICE.splitlines() if doc_id == "new" else OLD_NOTICE.splitlines()

    lineage = Lineage([old, new], lines_of)
    assert lineage.carriers_of(old, among={"old"}) == [] and read == []
    assert lineage.carriers_of(old, among={"old", "new"}) == [new] and read == ["new"]
