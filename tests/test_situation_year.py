"""A year in the clause telling the asker's situation ("저희가 2030년에 이 사업 지원받았거든요.") says when
something happened to them, not which edition of the program is asked about: the current notice answers, not last
year's because its title holds the year. A year the question asks with ("2030년 공고에서는 …") still names that
edition. The two notices are fictional fixtures written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.answering.prepare import prepare
from bot.concepts import squash

NOTICE_2030 = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
다솜도경제진흥원 공고 제2030-7호
2030년 다솜 수출상품 포장 개선 지원사업 참여기업 모집 공고

2030. 2. 4.

1. 지원 대상
○ 신청 자격: 다솜도에 본사를 둔 수출 중소기업
○ 신청 제외: 2028년 또는 2029년 이 사업에 선정되어 지원받은 기업
○ 한 기업은 1개 분야만 신청할 수 있습니다.

2. 지원 내용
○ 지원 한도: 기업당 최대 2,000만원

3. 문의처
○ 사업 문의: 다솜도경제진흥원 수출지원팀 (061-330-4410)
"""

NOTICE_2031 = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
다솜도경제진흥원 공고 제2031-5호
2031년 다솜 수출상품 포장 개선 지원사업 참여기업 모집 공고

2031. 2. 3.

1. 지원 대상
○ 신청 자격: 다솜도에 본사를 둔 수출 중소기업
○ 신청 제외: 2029년 또는 2030년 이 사업에 선정되어 지원받은 기업은 분야와 관계없이 신청할 수 없습니다.

2. 지원 내용
○ 지원 한도: 기업당 최대 2,500만원

3. 문의처
○ 사업 문의: 다솜도경제진흥원 수출지원팀 (061-330-4410)
"""


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return bot_over(tmp_path_factory.mktemp("situation-year"),
                    {"dasom-packaging-2030.txt": NOTICE_2030, "dasom-packaging-2031.txt": NOTICE_2031})


def test_a_year_of_the_askers_situation_names_no_edition() -> None:
    titles = squash("2030년 다솜 수출상품 포장 개선 지원사업 참여기업 모집 공고")
    told = prepare("저희가 2030년에 이 사업 지원받았거든요. 올해 다른 분야로 또 신청 돼요?", [], True, titles=titles)
    assert told.years == ()
    asked = prepare("2030년에는 지원 한도가 얼마였어요?", [], True, titles=titles)
    assert asked.years == ("2030",)
    by_title = prepare("저희는 2030년 지원사업으로 지원받았는데 올해도 신청 돼요?", [], True, titles=titles)
    assert by_title.years == ("2030",)  # beside a word of the title: the edition the asker took part in


def test_the_current_notice_answers_an_asker_who_took_part_that_year(bot) -> None:  # type: ignore[no-untyped-def]
    answer = bot.answer("저희가 2030년에 다솜 포장 개선 사업 지원받았거든요. 올해 다른 분야로 또 신청 돼요?")
    assert answer.outcome == "answered", answer.text
    assert "2029년 또는 2030년" in answer.text, answer.text
    assert "1개 분야만" not in answer.text, answer.text  # the 2030 notice's rule
    assert answer.citations[0].doc_id.startswith("dasom-packaging-2031"), answer.citations


def test_a_year_asked_with_still_names_its_edition(bot) -> None:  # type: ignore[no-untyped-def]
    answer = bot.answer("다솜 포장 개선 지원사업 2030년에는 지원 한도가 얼마였어요?")
    assert answer.outcome == "answered", answer.text
    assert "2,000만원" in answer.text and "2,500만원" not in answer.text, answer.text
