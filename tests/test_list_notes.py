"""A note written right under a list's items ("※ 시설자금 신청 시 … 추가로 제출") adds to the list or qualifies it;
the items quoted without it would state the list for every case. The notice is generated here (fictional, marked
as a fixture); nothing is taken from an evaluation set."""

from __future__ import annotations

from pathlib import Path

from conftest import bot_over

NOTICE = """다솜산업진흥원 공고 제2034-02호

2034년 다솜시 설비 현대화 융자 공고

※ 이 문서는 테스트용 가상 공고입니다 (test fixture).

2034. 2. 6.
다솜산업진흥원장

1. 융자 개요
○ 융자 규모: 120억원
○ 융자 한도: 기업당 최대 5억원

2. 신청 방법
○ 접수 기간: 2034. 2. 20.(월) ~ 3. 10.(금) 18:00
○ 제출 서류
1) 융자 신청서
2) 사업계획서
3) 최근 2개년 재무제표
※ 공장 신축 자금 신청 시 건축 허가서 사본을 추가로 제출

3. 유의 사항
○ 융자금을 목적 외로 쓴 경우 전액을 회수합니다.

4. 문의처
○ 다솜산업진흥원 금융지원팀 053-600-3100
"""


def test_a_note_under_the_items_comes_with_them(tmp_path: Path) -> None:
    bot = bot_over(tmp_path, {"dasom-facility-loan-2034.txt": NOTICE})
    for question in ("다솜 설비 현대화 융자 서류 뭐 준비해야 돼요?",
                     "다솜 설비 현대화 융자 한도랑 제출 서류 알려주세요"):
        answer = bot.answer(question)
        assert not answer.abstained
        assert all(item in answer.text for item in ("융자 신청서", "사업계획서", "재무제표")), answer.text
        assert "건축 허가서" in answer.text, answer.text
        # A line after the note that is no note of the list does not come along.
        assert "목적 외로" not in answer.text
