"""Which edition a question names: by a year beside a title's word, or by a year counted from now."""

from __future__ import annotations

from bot.answering.edition_words import edition_offset, edition_year, editions_named_from_now
from bot.answering.evidence import DocInfo

TITLES = "2031년새론스마트공장구축지원사업참여기업모집공고"


def test_a_year_from_now_names_an_edition_only_as_the_question_s_time() -> None:
    assert edition_offset("작년엔 몇 개였는데요?", TITLES) == -1
    assert edition_offset("스마트공장 보조율이 작년에는 몇 %였어요?", TITLES) == -1
    assert edition_offset("재작년 공고에서는 몇 개사였어요?", TITLES) == -2
    assert edition_offset("What was last year's limit?", TITLES) == -1
    # The asker's year, not an edition's.
    assert edition_offset("작년 매출이 25억 정도인데 고도화 2단계 넣을 수 있을까요?", TITLES) == 0
    assert edition_offset("작년에 수출실적이 아예 없으면 어떡해요?", TITLES) == 0
    assert edition_offset("작년에 운전자금 받았는데 올해 또 신청해도 돼요?", TITLES) == 0
    # A question asked in the past tense is set in the year it names, with any particle.
    assert edition_offset("시제품 지원은 작년에 몇 개사 뽑았었어요?", TITLES) == -1
    assert edition_offset("작년에 한도가 얼마였는지 알려주세요", TITLES) == -1
    assert edition_offset("작년에 받은 기업도 올해 신청할 수 있나요?", TITLES) == 0
    assert edition_offset("작년에 수출실적이 없었는데 신청돼요?", TITLES) == 0
    # Two years asked compare editions and choose none.
    assert edition_offset("작년엔 유형을 몇 개까지 신청할 수 있었어요? 올해는요?", TITLES) == 0


def _doc(doc_id: str, title: str, day: str | None) -> DocInfo:
    return DocInfo(doc_id, title, day, "새론스마트공장", "notice")


def test_editions_are_counted_from_the_later_of_today_and_the_newest_edition() -> None:
    group = [_doc("a", "2031년 새론 스마트공장 공고", "2031-02-17"),
             _doc("b", "2030년 새론 스마트공장 공고", "2030-02-18"),
             _doc("c", "새론 스마트공장 공고", "2029-02-01")]
    assert [d.doc_id for d in editions_named_from_now(group, -1, 2026)] == ["b"]  # clock behind the notices
    assert [d.doc_id for d in editions_named_from_now(group, -2, 2026)] == ["c"]  # the date's year, no title year
    assert [d.doc_id for d in editions_named_from_now(group, -1, 2032)] == ["a"]
    assert editions_named_from_now(group, -1, 2040) == [] and editions_named_from_now(group, 0, 2031) == []
    # A call published in December for the next year is that year's edition.
    assert edition_year(_doc("d", "2032년 새론 스마트공장 공고", "2031-12-20")) == 2032
