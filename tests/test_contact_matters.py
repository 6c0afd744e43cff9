"""Which notice fields a question asks: a field named right before the contact asked for is the matter of the call,
and "due" alone is no application deadline (a report is due too)."""

from __future__ import annotations

from bot.answering.fields import asked_fields


def names(question: str) -> list[str]:
    return [f.name for f in asked_fields(question)]


def test_a_field_before_the_contact_asked_is_the_matter_of_the_call() -> None:
    assert names("협약이나 사업비 지급 문의 전화번호 알려줘") == ["문의처"]
    assert names("신청 기간 담당자 누구예요?") == ["문의처"]
    # Joined to the contact, or asked with its own question word, the field is asked too.
    assert set(names("신청 기간이랑 문의처 알려줘")) == {"신청기간", "문의처"}
    assert set(names("사업비 얼마고 문의는 어디로?")) == {"예산", "문의처"}
    assert names("사업비는 얼마예요?") == ["예산"]


def test_due_asks_the_application_deadline_only_of_applications() -> None:
    assert names("When is the first annual tonnage report due in Kelvaria?") == []
    assert names("When are applications due?") == ["신청기간"]
    assert names("What is the deadline to apply?") == ["신청기간"]


def test_everyday_ways_of_asking_a_deadline() -> None:
    assert names("When does the program stop taking applications this year?") == ["신청기간"]
    assert names("When do applications close?") == ["신청기간"]
