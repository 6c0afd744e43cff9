"""A press release opens with the word for its kind ("보 도 자 료") and the time it may be released ("보도시점 5.8(수)
09:40"); its title is the headline after them, which is a sentence ("… 수출 지원 늘린다"). Taking the first short
line gave every press release the title "보 도 자 료": two of them then read as one document's editions, and each
citation named no release. The documents are fictional fixtures written for these tests."""

from __future__ import annotations

from pathlib import Path

from conftest import bot_over

from bot.answering.library import library_of
from ingestion.notice import guess_title

RELEASE_A = """보 도 자 료

보도시점 (온라인) 2031. 3. 4.(화) 12:00

[테스트 픽스처] 가람도, 수출 중소기업 물류비 지원 두 배로 늘린다
- 올해 물류비 지원 한도를 기업당 1,200만원으로 상향

가람도는 수출 중소기업의 물류비 지원 한도를 기업당 1,200만원으로 올린다고 밝혔다.
"""

RELEASE_B = """[보도자료]

배포 2031. 4. 1. 09:00

[테스트 픽스처] 다솜시, 청년 창업기업 해외 전시회 참가비 지원

다솜시는 청년 창업기업의 해외 전시회 참가비를 기업당 800만원까지 지원한다고 밝혔다.
"""


def test_the_headline_after_the_kind_and_release_time_is_the_title() -> None:
    assert guess_title(RELEASE_A) == "[테스트 픽스처] 가람도, 수출 중소기업 물류비 지원 두 배로 늘린다"
    assert guess_title(RELEASE_B) == "[테스트 픽스처] 다솜시, 청년 창업기업 해외 전시회 참가비 지원"
    # A notice whose first line only names its kind is titled by the line after it.
    assert guess_title("공 고\n[테스트 픽스처] 2031년 가람도 수출물류비 지원사업 공고\n") == (
        "[테스트 픽스처] 2031년 가람도 수출물류비 지원사업 공고")
    # A body sentence is still no title of a document that does not say it is a press release.
    assert guess_title("가람도는 지원 한도를 올린다.\n2031년 가람도 지원사업 안내\n") == "2031년 가람도 지원사업 안내"


def test_two_press_releases_keep_their_own_titles(tmp_path: Path) -> None:
    bot = bot_over(tmp_path, {"release-a.txt": RELEASE_A, "release-b.txt": RELEASE_B})
    titles = sorted(d.title for d in library_of(bot).documents)
    assert titles == ["[테스트 픽스처] 가람도, 수출 중소기업 물류비 지원 두 배로 늘린다",
                      "[테스트 픽스처] 다솜시, 청년 창업기업 해외 전시회 참가비 지원"], titles
    answer = bot.answer("청년 창업기업 해외 전시회 참가비는 얼마까지 지원해요?")
    assert answer.outcome == "answered", answer.text
    assert "800만원" in answer.text, answer.text
    assert answer.citations[0].doc_title == "[테스트 픽스처] 다솜시, 청년 창업기업 해외 전시회 참가비 지원"


RELEASE_C = """가람도 보도자료

보도시점: 2031. 5. 2.(금) 11:00 이후
담당 부서: 가람도 경제정책과
담당자: 경제정책과장 한결 (041-100-3100)

[테스트 픽스처] 가람도, 작업환경 개선에 30억원 투입

가람도는 중소 제조기업의 작업환경 개선에 총 30억원을 투입한다고 2일 밝혔다.

올해는 소기업 보조율을 지난해 60%에서 70%로 높였다. 중기업 보조율은 50%로 같다.

신청은 5월 12일부터 30일까지 가람기업지원포털에서 받는다.
"""


def test_a_releases_header_lines_are_no_contact_block(tmp_path: Path) -> None:
    # "가람도 보도자료" is the releasing body and the kind; "담당 부서: …" is a line of the header, not the heading
    # of a contact block that every paragraph after it would sit under (and be quoted whole from).
    assert guess_title(RELEASE_C) == "[테스트 픽스처] 가람도, 작업환경 개선에 30억원 투입"
    bot = bot_over(tmp_path, {"release-c.txt": RELEASE_C})
    chunks = library_of(bot).chunks_of(library_of(bot).documents[0].doc_id)
    assert not any(ch.section_path[:1] == ("담당 부서",) for ch in chunks), [ch.section_path for ch in chunks]
    answer = bot.answer("소기업 보조율은 몇 %예요?")
    assert answer.outcome == "answered", answer.text
    assert "70%" in answer.text, answer.text
    assert "신청은 5월 12일" not in answer.text and "담당자" not in answer.text, answer.text


def test_the_releasing_body_alone_on_a_line_is_no_headline() -> None:
    # The header can run to eight lines before the headline: kind, releasing body, times, department, people.
    release = """※ 테스트 픽스처 문서입니다.

[보도자료]
다솜에너지재단

보도 시점: 2031. 3. 28.(화) 조간 (온라인 2031. 3. 27.(월) 12:00 이후)
배포 일시: 2031. 3. 27.(월)
담당 부서: 기업지원부
책임자: 부장 문서진 (061-100-0270)
담당자: 대리 하윤슬 (061-100-0275)

다솜권 중소기업 저탄소 설비 교체, 소기업 보조 한도 8천만원으로 높인다
"""
    assert guess_title(release) == "다솜권 중소기업 저탄소 설비 교체, 소기업 보조 한도 8천만원으로 높인다"
