"""End to end over HTTP: the real web app + mount_slack under uvicorn, the real PolicyBot on the seed corpus,
signed Slack requests in, and the fake Slack Web API recording what the app sends back."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import logging
import sys
import time
from typing import Any

import pytest
from fake_slack_api import BOT_ID, BOT_USER_ID, Call, texts_of, unique_channel
from slack_testkit import (  # noqa: F401 - fixtures are found by pytest through these names
    SUPPORT_CHANNEL,
    SlackEndpoint,
    _corpus_bot_fixture,
    _fake_slack_fixture,
    _slack_endpoint_fixture,
    _slack_fixture,
    _slack_settings_fixture,
    _warm_bot_fixture,
)

from bot.feedback import FeedbackStore
from bot.slack import blocks as kit
from bot.slack.delivery import REPLY_FAILED
from bot.wording import word

DOC_TITLE = "중소‧벤처기업 글로벌화 지원 대책"
LIMIT_QUESTION = "수출바우처 지원한도는 얼마나 확대되나요?"


def in_channel(method: str, channel: str) -> Any:
    def predicate(calls: list[Call]) -> list[Call]:
        return [c for c in calls if c.method == method and c.params.get("channel") == channel]

    return predicate


def response_url_calls(name: str) -> Any:
    def predicate(calls: list[Call]) -> list[Call]:
        return [c for c in calls if c.method == "response_url" and c.path.endswith("/" + name)]

    return predicate


def buttons(blocks: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {e["action_id"]: e for b in blocks if b["type"] == "actions" for e in b["elements"]}


def wait_for_log(caplog: pytest.LogCaptureFixture, needle: str, timeout: float = 60.0) -> logging.LogRecord:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for record in list(caplog.records):
            if record.name.startswith("bot.slack") and needle in record.getMessage():
                return record
        time.sleep(0.05)
    raise AssertionError(f"no bot.slack log containing {needle!r}: {[r.getMessage() for r in caplog.records]}")


def mention(
    slack: SlackEndpoint, channel: str, text: str, thread_ts: str | None = None, **kwargs: Any
) -> tuple[str, str]:
    """A user posts ``<@UBOT> text`` (seeded in the fake) and Slack sends the app_mention event."""
    full = f"<@{BOT_USER_ID}> {text}"
    ts = slack.fake.add_message(channel, full, "UASKER", thread_ts=thread_ts)
    event = {"type": "app_mention", "user": "UASKER", "text": full, "ts": ts, "channel": channel}
    if thread_ts:
        event["thread_ts"] = thread_ts
    response, event_id = slack.event(event, **kwargs)
    assert response.status_code == 200, response.text
    return ts, event_id


def answered(slack: SlackEndpoint, channel: str) -> Call:
    """Wait for the chat.update that replaces the placeholder in ``channel``."""
    return slack.fake.wait_for(in_channel("chat.update", channel))[0]


@pytest.fixture(scope="module")
def mention_answer(slack_endpoint: SlackEndpoint, warm_bot: object) -> dict[str, Any]:
    """One answered mention, shared by the tests of its buttons."""
    channel = unique_channel()
    started = time.monotonic()
    ts, _ = mention(slack_endpoint, channel, LIMIT_QUESTION)
    acked_in = time.monotonic() - started
    update = answered(slack_endpoint, channel)
    posts = slack_endpoint.fake.wait_for(in_channel("chat.postMessage", channel))
    return {"channel": channel, "ts": ts, "update": update, "posts": posts, "acked_in": acked_in}


# ---------------------------------------------------------------------------- request verification
def test_url_verification_with_valid_signature(slack: SlackEndpoint) -> None:
    body = json.dumps({"token": "t", "challenge": "challenge-123", "type": "url_verification"})
    response = slack.post(body, "application/json")
    assert response.status_code == 200
    assert "challenge-123" in response.text


def test_invalid_signature_and_stale_timestamp_are_rejected(slack: SlackEndpoint) -> None:
    channel = unique_channel()
    event = {
        "type": "app_mention",
        "user": "UASKER",
        "text": f"<@{BOT_USER_ID}> {LIMIT_QUESTION}",
        "ts": slack.fake.next_ts(),
        "channel": channel,
    }
    wrong_secret, _ = slack.event(event, secret="not-the-secret")
    unsigned, _ = slack.event(event, sign=False)
    stale, _ = slack.event(event, timestamp=int(time.time()) - 6 * 60)
    assert (wrong_secret.status_code, unsigned.status_code, stale.status_code) == (401, 401, 401)
    # A valid request right after is served; nothing was ever sent for the rejected ones.
    other = unique_channel()
    mention(slack, other, LIMIT_QUESTION)
    answered(slack, other)
    assert not [c for c in slack.fake.calls if c.params.get("channel") == channel]


# ---------------------------------------------------------------------------- answering
def test_mention_gets_placeholder_then_answer_with_citations(
    slack: SlackEndpoint, mention_answer: dict[str, Any]
) -> None:
    assert mention_answer["acked_in"] < 3.0  # acked at once; the answer comes lazily
    [placeholder] = mention_answer["posts"]
    assert placeholder.params["thread_ts"] == mention_answer["ts"]
    assert placeholder.params["text"] == kit.PLACEHOLDER_TEXT
    update = mention_answer["update"]
    placeholder_message = [m for m in slack.fake.messages[mention_answer["channel"]] if m.get("bot_id")][0]
    assert update.params["ts"] == placeholder_message["ts"]
    assert "2배" in update.params["text"]
    blocks = update.params["blocks"]
    citations = texts_of([b for b in blocks if b["type"] == "context"])
    assert DOC_TITLE in citations and "수출단계별 집중 육성 체계 구축" in citations and "p. 3" in citations
    assert set(buttons(blocks)) == {
        kit.ACTION_SOURCES,
        kit.ACTION_FEEDBACK_UP,
        kit.ACTION_FEEDBACK_DOWN,
        kit.ACTION_CONTACT,
    }
    assert update.params["_authorization"] == f"Bearer {slack.settings.slack_bot_token}"


def test_dm_is_answered_in_its_thread(slack: SlackEndpoint) -> None:
    channel = "D" + unique_channel()[1:]
    ts = slack.fake.add_message(channel, LIMIT_QUESTION, "UASKER")
    response, _ = slack.event(
        {
            "type": "message",
            "channel_type": "im",
            "user": "UASKER",
            "text": LIMIT_QUESTION,
            "ts": ts,
            "channel": channel,
        }
    )
    assert response.status_code == 200
    update = answered(slack, channel)
    [placeholder] = slack.fake.calls_to_channel("chat.postMessage", channel)
    assert placeholder.params["thread_ts"] == ts
    assert "2배" in update.params["text"] and DOC_TITLE in texts_of(update.params["blocks"])


def test_bot_messages_and_edits_in_dms_are_ignored(slack: SlackEndpoint) -> None:
    channel = "D" + unique_channel()[1:]
    for event in (
        {"type": "message", "channel_type": "im", "bot_id": BOT_ID, "user": BOT_USER_ID, "text": "hi"},
        {"type": "message", "channel_type": "im", "subtype": "message_changed", "text": "edited"},
    ):
        response, _ = slack.event({**event, "ts": slack.fake.next_ts(), "channel": channel})
        assert response.status_code == 200
    barrier = unique_channel()
    mention(slack, barrier, LIMIT_QUESTION)
    answered(slack, barrier)
    assert not [c for c in slack.fake.calls if c.params.get("channel") == channel]


def test_thread_follow_up_reads_replies_and_passes_history(slack: SlackEndpoint) -> None:
    channel = unique_channel()
    root = slack.fake.add_message(channel, f"<@{BOT_USER_ID}> 수출바우처는 어떤 사업인가요?", "UASKER")
    slack.fake.add_message(
        channel, "수출 바우처 내 수시지원 트랙도 신설한다. [1]", BOT_USER_ID, thread_ts=root, bot_id=BOT_ID
    )
    slack.fake.add_message(channel, "다른 봇의 알림", "UOTHERBOT", thread_ts=root, bot_id="BOTHER")
    mention(slack, channel, "그 지원한도는?", thread_ts=root)
    update = answered(slack, channel)
    replies = slack.fake.calls_to_channel("conversations.replies", channel)
    assert replies and replies[0].params["ts"] == root
    history = slack.bot.history_for("그 지원한도는?")
    assert [(t.role, t.content) for t in history] == [
        ("user", "수출바우처는 어떤 사업인가요?"),
        ("assistant", "수출 바우처 내 수시지원 트랙도 신설한다. [1]"),
    ]
    [placeholder] = slack.fake.calls_to_channel("chat.postMessage", channel)
    assert placeholder.params["thread_ts"] == root
    assert "2배" in update.params["text"]
    assert "수출바우처" in update.params["text"]
    assert "수출단계별 집중 육성 체계 구축" in texts_of(update.params["blocks"])


def test_abstention_says_not_found_and_shows_contact(slack: SlackEndpoint) -> None:
    channel = unique_channel()
    mention(slack, channel, "우주여행 보조금은 얼마인가요?")
    update = answered(slack, channel)
    text = texts_of(update.params["blocks"])
    assert word("not_found", "ko").rstrip(".") in text
    assert "글로벌성장정책과" in text
    assert kit.ACTION_CONTACT in buttons(update.params["blocks"])


# ---------------------------------------------------------------------------- /policy and buttons
def test_slash_command_answers_ephemerally_and_post_button_posts_to_channel(slack: SlackEndpoint) -> None:
    channel = unique_channel()
    response = slack.command(LIMIT_QUESTION, channel=channel, response_url=slack.fake.response_url(f"cmd-{channel}"))
    assert response.status_code == 200
    assert response.json()["response_type"] == "ephemeral" and kit.PLACEHOLDER_TEXT in response.json()["text"]
    [ephemeral] = slack.fake.wait_for(response_url_calls(f"cmd-{channel}"))
    assert ephemeral.params["response_type"] == "ephemeral"
    assert "2배" in ephemeral.params["text"]
    post = buttons(ephemeral.params["blocks"])[kit.ACTION_POST]
    assert post["text"]["text"] == "채널에 게시 / Post to channel"
    assert not slack.fake.calls_to_channel("chat.postMessage", channel)  # nothing public yet

    click = slack.click(
        kit.ACTION_POST,
        post["value"],
        channel=channel,
        ephemeral=True,
        response_url=slack.fake.response_url(f"click-{channel}"),
    )
    assert click.status_code == 200
    [posted] = slack.fake.wait_for(in_channel("chat.postMessage", channel))
    assert "thread_ts" not in posted.params or not posted.params["thread_ts"]
    posted_text = texts_of(posted.params["blocks"])
    assert "2배" in posted_text and "<@UASKER>" in posted_text and DOC_TITLE in posted_text
    assert kit.ACTION_POST not in buttons(posted.params["blocks"])
    [deleted] = slack.fake.wait_for(response_url_calls(f"click-{channel}"))
    assert deleted.params.get("delete_original") is True


def test_empty_slash_command_shows_usage(slack: SlackEndpoint) -> None:
    response = slack.command("   ", channel=unique_channel(), response_url=slack.fake.response_url("empty"))
    assert response.status_code == 200 and "/policy 질문" in response.json()["text"]


def test_invisible_or_too_long_slash_command_gets_a_polite_ephemeral_reply(slack: SlackEndpoint) -> None:
    response = slack.command("\u200b\u200b\u200b", channel=unique_channel(),
                             response_url=slack.fake.response_url("zero-width"))
    assert response.status_code == 200 and "/policy 질문" in response.json()["text"]
    response = slack.command("가" * 2001, channel=unique_channel(), response_url=slack.fake.response_url("long"))
    body = response.json()
    assert response.status_code == 200 and body["response_type"] == "ephemeral"
    assert "too long" in body["text"] and "줄여서" in body["text"]


def test_thumbs_up_is_stored_in_sqlite(slack: SlackEndpoint, mention_answer: dict[str, Any]) -> None:
    update = mention_answer["update"]
    up = buttons(update.params["blocks"])[kit.ACTION_FEEDBACK_UP]
    message = {"ts": update.params["ts"], "text": update.params["text"], "thread_ts": mention_answer["ts"]}
    name = f"fb-{mention_answer['channel']}"
    response = slack.click(
        kit.ACTION_FEEDBACK_UP,
        up["value"],
        channel=mention_answer["channel"],
        user="UVOTER",
        message=message,
        response_url=slack.fake.response_url(name),
    )
    assert response.status_code == 200
    rows = FeedbackStore(slack.settings.data_dir / "feedback.sqlite3").list()
    row = next(r for r in rows if r["meta"].get("user") == "UVOTER")
    assert (row["channel"], row["rating"], row["question"]) == ("slack", "up", LIMIT_QUESTION)
    assert "2배" in row["answer"]
    assert row["meta"]["channel"] == mention_answer["channel"] and row["meta"]["citations"]
    [thanks] = slack.fake.wait_for(response_url_calls(name))
    assert thanks.params["response_type"] == "ephemeral" and "감사" in thanks.params["text"]


def test_sources_button_opens_modal_with_quotes(slack: SlackEndpoint, mention_answer: dict[str, Any]) -> None:
    update = mention_answer["update"]
    value = buttons(update.params["blocks"])[kit.ACTION_SOURCES]["value"]
    before = len(slack.fake.calls_to("views.open"))
    response = slack.click(
        kit.ACTION_SOURCES,
        value,
        channel=mention_answer["channel"],
        message={"ts": update.params["ts"], "text": update.params["text"]},
    )
    assert response.status_code == 200
    calls = slack.fake.wait_for(lambda calls: [c for c in calls if c.method == "views.open"][before:])
    view = calls[0].params["view"]
    assert view["type"] == "modal" and calls[0].params["trigger_id"].startswith("trigger.")
    text = texts_of(view["blocks"])
    assert "2배로 확대" in text and DOC_TITLE in text


def test_contact_button_shows_department(slack: SlackEndpoint, mention_answer: dict[str, Any]) -> None:
    update = mention_answer["update"]
    value = buttons(update.params["blocks"])[kit.ACTION_CONTACT]["value"]
    name = f"contact-{mention_answer['channel']}"
    response = slack.click(
        kit.ACTION_CONTACT,
        value,
        channel=mention_answer["channel"],
        message={"ts": update.params["ts"], "text": update.params["text"]},
        response_url=slack.fake.response_url(name),
    )
    assert response.status_code == 200
    [shown] = slack.fake.wait_for(response_url_calls(name))
    assert shown.params["response_type"] == "ephemeral"
    assert "글로벌성장정책과" in texts_of(shown.params["blocks"]) and "044-204-7500" in texts_of(shown.params["blocks"])


# ---------------------------------------------------------------------------- retries and errors
def test_retried_event_gets_no_second_reply(slack: SlackEndpoint) -> None:
    channel = unique_channel()
    ts, event_id = mention(slack, channel, LIMIT_QUESTION)
    event = {
        "type": "app_mention",
        "user": "UASKER",
        "text": f"<@{BOT_USER_ID}> {LIMIT_QUESTION}",
        "ts": ts,
        "channel": channel,
    }
    retried, _ = slack.event(
        event, event_id=event_id, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    )
    duplicate, _ = slack.event(event, event_id=event_id)  # same event id, even without the retry header
    assert retried.status_code == 200 and duplicate.status_code == 200
    answered(slack, channel)
    barrier = unique_channel()
    mention(slack, barrier, LIMIT_QUESTION)
    answered(slack, barrier)
    assert len(slack.fake.calls_to_channel("chat.postMessage", channel)) == 1
    assert len(slack.fake.calls_to_channel("chat.update", channel)) == 1


def test_event_first_seen_as_a_retry_is_answered_once(slack: SlackEndpoint) -> None:
    """The first delivery was lost: Slack's retry is the first we see of the event, and it is answered; a
    later retry of it is not answered again."""
    channel = unique_channel()
    full = f"<@{BOT_USER_ID}> {LIMIT_QUESTION}"
    ts = slack.fake.add_message(channel, full, "UASKER")
    event = {"type": "app_mention", "user": "UASKER", "text": full, "ts": ts, "channel": channel}
    first, event_id = slack.event(event, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert first.status_code == 200
    assert "2배" in answered(slack, channel).params["text"]
    again, _ = slack.event(event, event_id=event_id,
                           headers={"X-Slack-Retry-Num": "2", "X-Slack-Retry-Reason": "http_timeout"})
    assert again.status_code == 200
    barrier = unique_channel()
    mention(slack, barrier, LIMIT_QUESTION)
    answered(slack, barrier)
    assert len(slack.fake.calls_to_channel("chat.postMessage", channel)) == 1
    assert len(slack.fake.calls_to_channel("chat.update", channel)) == 1


def test_rate_limited_placeholder_still_gets_the_answer_after_retry_after(
    slack: SlackEndpoint, caplog: pytest.LogCaptureFixture
) -> None:
    """429 on "찾는 중": the post is retried after Retry-After (bounded), and when it still fails the answer is
    posted in the thread once it is ready, instead of nothing at all."""
    caplog.set_level(logging.INFO, logger="bot.slack")
    channel = unique_channel()
    slack.fake.fail("chat.postMessage", "ratelimited", times=3, retry_after=1,
                    when=lambda p, channel=channel: p.get("channel") == channel)
    ts, _ = mention(slack, channel, LIMIT_QUESTION)
    posts = slack.fake.wait_for(lambda calls: [c for c in calls if c.method == "chat.postMessage"
                                               and c.params.get("channel") == channel
                                               and not c.params.get("_failed")])
    record = wait_for_log(caplog, "while posting the placeholder")
    assert record.levelno == logging.ERROR and channel in record.getMessage() and "ratelimited" in record.getMessage()
    attempts = slack.fake.calls_to_channel("chat.postMessage", channel)
    assert [c.params.get("_failed") for c in attempts] == ["ratelimited"] * 3 + [None]
    assert all(b.at - a.at >= 0.9 for a, b in zip(attempts[:3], attempts[1:3], strict=False))  # Retry-After: 1
    [answer] = posts
    assert answer.params["thread_ts"] == ts and "2배" in answer.params["text"]
    assert not slack.fake.calls_to_channel("chat.update", channel)  # there was no placeholder to update


def test_every_failure_to_post_ends_with_a_short_error_reply(
    slack: SlackEndpoint, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.slack")
    channel = unique_channel()
    slack.fake.fail("chat.update", "cant_update_message", when=lambda p, channel=channel: p.get("channel") == channel)
    slack.fake.fail("chat.postMessage", "invalid_blocks", when=lambda p, channel=channel: (
        p.get("channel") == channel and p.get("text") != kit.PLACEHOLDER_TEXT and bool(p.get("blocks"))))
    ts, _ = mention(slack, channel, LIMIT_QUESTION)
    [reply] = slack.fake.wait_for(lambda calls: [c for c in calls if c.method == "chat.postMessage"
                                                 and c.params.get("channel") == channel
                                                 and c.params.get("text") == REPLY_FAILED])
    assert reply.params["thread_ts"] == ts and "다시 물어봐" in reply.params["text"]
    assert wait_for_log(caplog, "invalid_blocks").levelno == logging.ERROR
    methods = [(c.method, c.params.get("_failed")) for c in slack.fake.calls
               if c.params.get("channel") == channel and c.method in ("chat.postMessage", "chat.update")]
    assert methods == [("chat.postMessage", None), ("chat.update", "cant_update_message"),
                       ("chat.postMessage", "invalid_blocks"), ("chat.postMessage", None)]
    after = unique_channel()
    mention(slack, after, LIMIT_QUESTION)
    assert "2배" in answered(slack, after).params["text"]


def test_channel_not_found_is_logged_and_the_app_keeps_serving(
    slack: SlackEndpoint, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.slack")
    channel = unique_channel()
    slack.fake.fail("chat.update", "channel_not_found")
    mention(slack, channel, LIMIT_QUESTION)
    record = wait_for_log(caplog, "channel_not_found")
    assert channel in record.getMessage()
    [failed] = slack.fake.calls_to_channel("chat.update", channel)
    assert failed.params["_failed"] == "channel_not_found"
    after = unique_channel()
    mention(slack, after, LIMIT_QUESTION)
    assert "2배" in answered(slack, after).params["text"]


# ---------------------------------------------------------------------------- support desk
def test_support_channel_top_level_message_gets_triage_in_thread(slack: SlackEndpoint) -> None:
    quiet = unique_channel()
    root = slack.fake.add_message(SUPPORT_CHANNEL, "이전 질문", "UCUSTOMER")
    ignored = [
        {"channel": quiet, "channel_type": "channel", "text": LIMIT_QUESTION},  # not a support channel
        {"channel": SUPPORT_CHANNEL, "channel_type": "channel", "text": "감사합니다", "thread_ts": root},
        {"channel": SUPPORT_CHANNEL, "channel_type": "channel", "text": "봇 메시지", "bot_id": "BOTHER"},
    ]
    for extra in ignored:
        response, _ = slack.event({"type": "message", "user": "UCUSTOMER", "ts": slack.fake.next_ts(), **extra})
        assert response.status_code == 200
    ts = slack.fake.add_message(SUPPORT_CHANNEL, LIMIT_QUESTION, "UCUSTOMER")
    response, _ = slack.event(
        {
            "type": "message",
            "channel_type": "channel",
            "user": "UCUSTOMER",
            "text": LIMIT_QUESTION,
            "ts": ts,
            "channel": SUPPORT_CHANNEL,
        }
    )
    assert response.status_code == 200
    reply = slack.fake.wait_for(
        lambda calls: [
            c
            for c in calls
            if c.method == "chat.postMessage"
            and c.params.get("channel") == SUPPORT_CHANNEL
            and c.params.get("thread_ts") == ts
        ]
    )[0]
    assert "2배" in reply.params["text"]  # the drafted answer
    assert "수출단계별 집중 육성 체계 구축" in reply.params["text"]  # the program it routes to
    support_posts = slack.fake.calls_to_channel("chat.postMessage", SUPPORT_CHANNEL)
    assert [p.params["thread_ts"] for p in support_posts] == [ts]
    assert not [c for c in slack.fake.calls if c.params.get("channel") == quiet]


def test_support_channel_uses_triage_when_the_module_exists(
    slack: SlackEndpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = importlib.util.module_from_spec(importlib.machinery.ModuleSpec("bot.triage", None))
    module.triage = lambda question, bot=None: f"접수했습니다 <@UADMIN>: {question}"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "bot.triage", module)
    ts = slack.fake.add_message(SUPPORT_CHANNEL, "환불 요청", "UCUSTOMER")
    response, _ = slack.event(
        {
            "type": "message",
            "channel_type": "channel",
            "user": "UCUSTOMER",
            "text": "환불 요청",
            "ts": ts,
            "channel": SUPPORT_CHANNEL,
        }
    )
    assert response.status_code == 200
    [reply] = slack.fake.wait_for(
        lambda calls: [c for c in calls if c.method == "chat.postMessage" and c.params.get("thread_ts") == ts]
    )
    assert texts_of(reply.params["blocks"]) == "접수했습니다 &lt;@UADMIN&gt;: 환불 요청"  # escaped, no ping
    assert not [c for c in slack.fake.calls_to("chat.update") if c.params.get("ts") == reply.params.get("ts")]
