"""Block Kit builders (pure functions) and the small thread-safe state of the Slack app."""

from __future__ import annotations

import threading
from typing import Any

from fake_slack_api import texts_of

from bot.models import Answer, Citation, Contact
from bot.slack import blocks as kit
from bot.slack.state import SeenEvents, TTLCache
from bot.wording import word

EVIL = "<@U999> <!channel> & <https://evil.example|여기를 클릭> 3 > 2"


def citation(n: int = 1, **kw: Any) -> Citation:
    data: dict[str, Any] = dict(
        n=n,
        chunk_id=f"c{n}",
        doc_id="doc",
        doc_title="중소‧벤처기업 글로벌화 지원 대책",
        section="붙임1 > (전략 1) 내수 넘어 수출로",
        section_path=["붙임1", "(전략 1) 내수 넘어 수출로"],
        pages=[3],
        quote="수출바우처, 수출금융 지원한도를 2배로 확대하고",
        passage="… 지원한도를 2배로 확대하고, 글로벌 강소기업으로 …",
        score=0.9,
    )
    data.update(kw)
    return Citation(**data)


CONTACT = Contact(
    doc_id="doc",
    department="글로벌성장정책과",
    people=["과장 김민규 (044-204-7500)"],
    phone="044-204-7500",
    source="담당 부서",
)


def answer(**kw: Any) -> Answer:
    data: dict[str, Any] = dict(
        question="수출바우처 지원한도는?",
        language="ko",
        text="지원한도를 2배로 확대합니다. [1]",
        citations=[citation()],
        related_section="붙임1 > (전략 1) 내수 넘어 수출로",
        contact=CONTACT,
    )
    data.update(kw)
    return Answer(**data)


def all_texts(blocks: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text"):
                out.append(node["text"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(blocks)
    return out


def action_ids(blocks: list[dict[str, Any]]) -> list[str]:
    return [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


def test_escape_mrkdwn_neutralises_mentions_and_links() -> None:
    assert kit.escape_mrkdwn(EVIL) == (
        "&lt;@U999&gt; &lt;!channel&gt; &amp; &lt;https://evil.example|여기를 클릭&gt; 3 &gt; 2"
    )
    assert kit.unescape_mrkdwn(kit.escape_mrkdwn(EVIL)) == EVIL


def test_document_text_cannot_inject_into_any_block() -> None:
    bad = answer(
        text=f"답변 {EVIL} [1]",
        citations=[citation(doc_title=EVIL, section=EVIL, section_path=[EVIL], quote=EVIL, passage=EVIL)],
        related_section=EVIL,
        contact=CONTACT.model_copy(update={"department": EVIL, "people": [EVIL]}),
    )
    rendered = (
        kit.answer_blocks(bad, "k")
        + kit.sources_modal(bad)["blocks"]
        + kit.contact_blocks(CONTACT.model_copy(update={"department": EVIL, "people": [EVIL]}))
        + [
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": kit.fallback_text(bad),
                },
            }
        ]
    )
    for text in all_texts(rendered):
        unquoted = "\n".join(line.removeprefix(">") for line in text.split("\n"))  # blockquote markers
        assert "<" not in unquoted and ">" not in unquoted, text
    assert "&lt;@U999&gt;" in texts_of(kit.answer_blocks(bad, "k"))


def test_answer_blocks_layout() -> None:
    blocks = kit.answer_blocks(answer(), "key1")
    assert blocks[0] == {"type": "section", "text": {"type": "mrkdwn", "text": "지원한도를 2배로 확대합니다. [1]"}}
    context = blocks[1]
    assert context["type"] == "context"
    assert (
        context["elements"][0]["text"]
        == "*[1]* 중소‧벤처기업 글로벌화 지원 대책 › 붙임1 › (전략 1) 내수 넘어 수출로 · p. 3"
    )
    assert "관련 사업/섹션: 붙임1 &gt; (전략 1) 내수 넘어 수출로" in texts_of(blocks)
    assert action_ids(blocks) == [
        kit.ACTION_SOURCES,
        kit.ACTION_FEEDBACK_UP,
        kit.ACTION_FEEDBACK_DOWN,
        kit.ACTION_CONTACT,
    ]
    assert kit.ACTION_POST in action_ids(kit.answer_blocks(answer(), "key1", ephemeral=True))
    values = {e["action_id"]: e["value"] for b in blocks if b["type"] == "actions" for e in b["elements"]}
    assert kit.parse_action_value(values[kit.ACTION_FEEDBACK_UP]) == ("key1", "수출바우처 지원한도는?")
    assert kit.parse_contact_value(values[kit.ACTION_CONTACT]) == CONTACT


def test_abstention_says_not_found_and_shows_contact() -> None:
    abstained = answer(
        text="문서에서 찾지 못했습니다. 추측해서 답하지 않겠습니다. 문서에 없는 내용: 우주여행.",
        citations=[],
        outcome="abstained",
        abstained=True,
        missing_terms=["우주여행"],
        abstain_reason="missing_concepts: 우주여행",
    )
    blocks = kit.answer_blocks(abstained, "k")
    text = texts_of(blocks)
    assert text.startswith(f"*{word('not_found', 'ko')}*")
    assert "문서에 없는 내용: 우주여행" in text and "missing_concepts" not in text
    assert "*담당자:* 글로벌성장정책과 — 과장 김민규 (044-204-7500)" in text
    assert kit.ACTION_SOURCES not in action_ids(blocks) and kit.ACTION_CONTACT in action_ids(blocks)
    assert kit.fallback_text(abstained).startswith(word("not_found", "ko"))
    assert text.count("문서에서 찾지 못했습니다") == 1  # from the outcome, once, whatever the text says
    english = answer(language="en", text="", citations=[], outcome="abstained", abstained=True, contact=None)
    assert word("not_found", "en") in texts_of(kit.answer_blocks(english, "k"))
    # An answer is shown as its text: the outcome decides, not a phrase inside it.
    quoting = answer(text="공고문에는 '문서에서 찾지 못했습니다'라는 문구가 없습니다 [1]")
    assert texts_of(kit.answer_blocks(quoting, "k")).startswith("공고문에는")


def test_limits_are_respected_for_long_answers_and_many_citations() -> None:
    long = answer(
        text=("가" * 500 + "\n") * 30 + "나" * 7000, citations=[citation(i) for i in range(1, 15)], question="질" * 5000
    )
    blocks = kit.answer_blocks(long, "k", ephemeral=True)
    assert len(blocks) <= 50
    for b in blocks:
        if b["type"] == "section":
            assert len(b["text"]["text"]) <= kit.SECTION_LIMIT
        if b["type"] == "context":
            assert len(b["elements"]) <= 10
        if b["type"] == "actions":
            assert all(len(e["value"]) <= kit.VALUE_LIMIT for e in b["elements"])
    assert "".join(b["text"]["text"] for b in blocks if b["type"] == "section").count("가") == 15000
    assert "[14]" in texts_of(blocks)
    assert len(kit.fallback_text(long)) <= kit.FALLBACK_LIMIT
    modal = kit.sources_modal(long)
    assert len(modal["blocks"]) <= 100 and len(modal["title"]["text"]) <= 24


def test_sources_modal_quotes_the_passages() -> None:
    modal = kit.sources_modal(answer())
    text = texts_of(modal["blocks"])
    assert modal["type"] == "modal"
    assert ">수출바우처, 수출금융 지원한도를 2배로 확대하고" in text and "글로벌 강소기업으로" in text
    assert kit.sources_modal(answer(citations=[]))["blocks"]


def test_clean_user_text() -> None:
    raw = "<@UBOT> 수출 &amp; 내수 <https://mss.go.kr|중기부> <#C123|general> 지원은 &lt;얼마&gt;?"
    assert kit.clean_user_text(raw) == "수출 & 내수 중기부 #general 지원은 <얼마>?"
    assert kit.clean_user_text("<@UBOT>") == ""


def test_action_value_roundtrip_and_bad_input() -> None:
    assert kit.parse_action_value(kit.action_value("k", "질문")) == ("k", "질문")
    assert len(kit.action_value("k", '질"문' * 3000)) <= kit.VALUE_LIMIT
    assert kit.parse_action_value("not json") == ("", "")
    assert kit.parse_action_value('["list"]') == ("", "")
    assert kit.parse_contact_value("{}") is None


def test_ttl_cache_expires_and_is_bounded() -> None:
    now = [0.0]
    cache: TTLCache[int] = TTLCache(10, max_items=3, clock=lambda: now[0])
    cache.set("a", 1)
    now[0] = 5
    assert cache.get("a") == 1
    now[0] = 11
    assert cache.get("a") is None
    for i, key in enumerate("bcde"):
        cache.set(key, i)
    assert len(cache) == 3 and cache.get("b") is None


def test_seen_events_first_time_is_atomic_across_threads() -> None:
    seen = SeenEvents()
    wins: list[bool] = []
    barrier = threading.Barrier(16)

    def run() -> None:
        barrier.wait()
        wins.append(seen.first_time("Ev1"))

    threads = [threading.Thread(target=run) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wins.count(True) == 1
    assert seen.first_time("Ev2") is True
