"""The slack-bolt app: mentions, DMs, ``/policy``, thread follow-ups, support-desk channels and feedback.

Every listener acks at once and does the slow part (answering, Slack API calls) in a bolt *lazy* listener,
so the app works with ``process_before_response=True`` (HTTP behind FastAPI, or FaaS) and in Socket Mode.
Slack API errors inside lazy listeners are logged, never raised: one failed ``chat.update`` must not take
the app down.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from slack_bolt import Ack, App, BoltContext, BoltRequest, BoltResponse, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.config import Settings
from bot.feedback import FeedbackStore, Rating
from bot.models import Answer, Turn
from bot.slack import blocks as kit
from bot.slack.state import SeenEvents, TTLCache

logger = logging.getLogger("bot.slack")

DEFAULT_SLACK_API_URL = WebClient.BASE_URL
MAX_HISTORY_TURNS = 12
ANSWER_CACHE_TTL_S = 24 * 3600.0
_USER_ID_RE = re.compile(r"^[UW][A-Z0-9]+$")
USAGE = "사용법: `/policy 질문` — 예: `/policy 수출바우처 지원한도는?`"
POST_FAILED = "채널에 게시하지 못했습니다. 봇을 채널에 초대해 주세요 (`/invite @policybot`)."
THANKS = "피드백 감사합니다! / Thanks for the feedback."


class SlackConfigError(RuntimeError):
    """Slack is not configured: the message names the missing environment variables."""

    def __init__(self, missing: list[str], mode: str) -> None:
        self.missing = missing
        names = " and ".join(missing)
        super().__init__(f"Slack {mode} needs {names}: set {', '.join(missing)} in the environment or .env"
                         " (see docs/slack.md).")


class Answerer(Protocol):
    """What the Slack app needs from the answer service; ``PolicyBot`` satisfies it."""

    def answer(self, question: str, history: list[Turn] | None = None) -> Answer: ...


@dataclass(frozen=True)
class GivenAnswer:
    """An answer the app posted, kept so buttons (sources, feedback, post) need not answer again."""

    answer: Answer
    history: tuple[Turn, ...] = ()


def web_client(settings: Settings) -> WebClient:
    """The Web API client: ``settings.slack_api_url`` lets tests point it at a fake Slack."""
    client = WebClient(token=settings.slack_bot_token, base_url=_base_url(settings.slack_api_url))
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=1))
    return client


def _base_url(url: str | None) -> str:
    if not url:
        return DEFAULT_SLACK_API_URL
    return url if url.endswith("/") else url + "/"


def create_slack_app(
    settings: Settings, bot: Answerer, *, feedback: FeedbackStore | None = None,
    token_verification_enabled: bool = True,
) -> App:
    """A bolt ``App`` answering with ``bot`` (anything with ``answer(question, history)``: ``PolicyBot``).

    Calls ``auth.test`` right away (token verification), so the token must be valid and ``slack_api_url``
    (if set) reachable. Raises ``SlackConfigError`` without ``SLACK_BOT_TOKEN``; the signing secret is only
    needed in HTTP mode (``mount_slack`` checks it), Socket Mode runs without one."""
    if not settings.slack_bot_token:
        raise SlackConfigError(["SLACK_BOT_TOKEN"], "app")
    app = App(
        token=settings.slack_bot_token,
        signing_secret=settings.slack_signing_secret,
        client=web_client(settings),
        process_before_response=True,
        token_verification_enabled=token_verification_enabled,
        logger=logging.getLogger("bot.slack.bolt"),
    )
    store = feedback or FeedbackStore(settings.data_dir / "feedback.sqlite3")
    SlackHandlers(settings, bot, store).register(app)
    return app


def _first_header(request: BoltRequest, name: str) -> str | None:
    values = request.headers.get(name) or []
    return values[0] if values else None


def _api_error(exc: SlackApiError) -> str:
    data = getattr(exc.response, "data", None)
    error = data.get("error") if isinstance(data, dict) else None
    return str(error or exc)


class SlackHandlers:
    """The listeners, as methods over shared state (settings, answer service, feedback store, caches)."""

    def __init__(self, settings: Settings, bot: Answerer, feedback: FeedbackStore) -> None:
        self.settings = settings
        self.bot = bot
        self.feedback = feedback
        self.support_channels = set(settings.slack_support_channels)
        self.seen = SeenEvents()
        self.answers: TTLCache[GivenAnswer] = TTLCache(ANSWER_CACHE_TTL_S, max_items=5000)

    # ---------------------------------------------------------------- registration
    def register(self, app: App) -> None:
        app.middleware(self.drop_retries_and_duplicates)
        app.event("app_mention")(ack=self.ack, lazy=[self.on_mention])
        app.event("message", matchers=[self.is_dm])(ack=self.ack, lazy=[self.on_dm])
        app.event("message", matchers=[self.is_support_question])(
            ack=self.ack, lazy=[self.on_support_message])
        # Every other message (edits, joins, ordinary channel chatter) is acknowledged and ignored, so bolt
        # answers 200 and Slack does not retry it.
        app.event("message")(self.ack)
        app.command("/policy")(ack=self.ack_command, lazy=[self.on_command])
        app.action(kit.ACTION_POST)(ack=self.ack, lazy=[self.on_post])
        app.action(kit.ACTION_SOURCES)(ack=self.ack, lazy=[self.on_sources])
        app.action(kit.ACTION_CONTACT)(ack=self.ack, lazy=[self.on_contact])
        app.action(kit.ACTION_FEEDBACK_UP)(ack=self.on_feedback_up, lazy=[self.thank_for_feedback])
        app.action(kit.ACTION_FEEDBACK_DOWN)(ack=self.on_feedback_down, lazy=[self.thank_for_feedback])

    # ---------------------------------------------------------------- middleware and matchers
    def drop_retries_and_duplicates(self, request: BoltRequest, body: dict[str, Any],
                                    next: Callable[[], BoltResponse]) -> BoltResponse | None:
        """Slack re-sends an event it thinks we missed (``X-Slack-Retry-Num``). We ack within 3 s and answer
        lazily, so a retry is always a duplicate: drop it, and drop any event id we have already seen."""
        retry = _first_header(request, "x-slack-retry-num")
        if retry:
            logger.info("ignoring Slack retry %s (%s) of event %s", retry,
                        _first_header(request, "x-slack-retry-reason"), body.get("event_id"))
            return BoltResponse(status=200, body="")
        event_id = body.get("event_id")
        if isinstance(event_id, str) and not self.seen.first_time(event_id):
            logger.info("ignoring duplicate event %s", event_id)
            return BoltResponse(status=200, body="")
        return next()

    @staticmethod
    def _is_plain_user_message(event: dict[str, Any]) -> bool:
        return not event.get("subtype") and not event.get("bot_id") and bool(event.get("user"))

    def is_dm(self, event: dict[str, Any]) -> bool:
        return event.get("channel_type") == "im" and self._is_plain_user_message(event)

    def is_support_question(self, event: dict[str, Any], context: BoltContext) -> bool:
        """A new top-level human message in a support-desk channel that does not mention the bot (a mention
        is answered by the ``app_mention`` listener, and must not get two replies)."""
        if event.get("channel") not in self.support_channels or event.get("channel_type") == "im":
            return False
        if not self._is_plain_user_message(event):
            return False
        if event.get("thread_ts") and event.get("thread_ts") != event.get("ts"):
            return False
        return not (context.bot_user_id and f"<@{context.bot_user_id}" in (event.get("text") or ""))

    @staticmethod
    def ack(ack: Ack) -> None:
        ack()

    # ---------------------------------------------------------------- answering
    def _answer(self, question: str, history: list[Turn]) -> Answer:
        return self.bot.answer(question, history)

    def _remember(self, answer: Answer, history: list[Turn]) -> str:
        key = uuid.uuid4().hex[:16]
        self.answers.set(key, GivenAnswer(answer, tuple(history)))
        return key

    def _recall(self, value: str | None) -> tuple[str, Answer | None, str]:
        """``(key, answer, question)`` for a button value; the answer is re-computed if it was forgotten."""
        key, question = kit.parse_action_value(value)
        given = self.answers.get(key) if key else None
        if given is not None:
            return key, given.answer, given.answer.question
        if not question:
            return key, None, ""
        answer = self._answer(question, [])
        return self._remember(answer, []), answer, question

    def thread_history(self, client: WebClient, context: BoltContext, channel: str, thread_ts: str,
                       before_ts: str) -> list[Turn]:
        """Earlier turns of a thread: people's messages as user turns, this bot's replies assistant turns."""
        response = client.conversations_replies(channel=channel, ts=thread_ts, limit=100)
        turns: list[Turn] = []
        for message in response.get("messages") or []:
            ts = str(message.get("ts", ""))
            if not ts or float(ts) >= float(before_ts):
                continue
            text = str(message.get("text") or "")
            own = bool(
                (context.bot_user_id and message.get("user") == context.bot_user_id)
                or (context.bot_id and message.get("bot_id") == context.bot_id)
            )
            if own:
                content = kit.unescape_mrkdwn(text).strip()
                if content and content != kit.PLACEHOLDER_TEXT:
                    turns.append(Turn(role="assistant", content=content))
            elif not message.get("bot_id") and message.get("subtype") in (None, "thread_broadcast"):
                content = kit.clean_user_text(text)
                if content:
                    turns.append(Turn(role="user", content=content))
        return turns[-MAX_HISTORY_TURNS:]

    def reply_in_thread(self, client: WebClient, context: BoltContext, event: dict[str, Any],
                        *, use_history: bool = True) -> None:
        """Placeholder in the question's thread, then ``chat.update`` it with the answer."""
        channel = str(event.get("channel", ""))
        ts = str(event.get("ts", ""))
        thread_ts = str(event.get("thread_ts") or ts)
        question = kit.clean_user_text(str(event.get("text") or ""))
        try:
            if not question:
                client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=(
                    "무엇이 궁금하신가요? 예: `수출바우처 지원한도는?` / Ask me about the policy documents."))
                return
            history: list[Turn] = []
            if use_history and thread_ts != ts:
                history = self.thread_history(client, context, channel, thread_ts, before_ts=ts)
            placeholder = client.chat_postMessage(channel=channel, thread_ts=thread_ts,
                                                  text=kit.PLACEHOLDER_TEXT, blocks=kit.placeholder_blocks())
            placeholder_ts = str(placeholder["ts"])
            try:
                answer = self._answer(question, history)
            except Exception:
                logger.exception("answering %r failed", question)
                client.chat_update(channel=channel, ts=placeholder_ts, text="답변 중 오류가 발생했습니다.",
                                   blocks=kit.error_blocks())
                return
            key = self._remember(answer, history)
            client.chat_update(channel=channel, ts=placeholder_ts, text=kit.fallback_text(answer),
                               blocks=kit.answer_blocks(answer, key))
        except SlackApiError as exc:
            logger.error("Slack API error while answering in %s (thread %s): %s", channel, thread_ts,
                         _api_error(exc))

    def on_mention(self, event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        self.reply_in_thread(client, context, event)

    def on_dm(self, event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        self.reply_in_thread(client, context, event)

    def on_support_message(self, event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        """Support desk: every new question gets a reply in its thread. ``bot.triage`` decides the reply when
        that module exists; until then (explicitly) the reply is an ordinary answer."""
        triage = load_triage()
        if triage is None:
            logger.debug("bot.triage not available: answering support message instead of triaging")
            self.reply_in_thread(client, context, event, use_history=False)
            return
        channel = str(event.get("channel", ""))
        ts = str(event.get("ts", ""))
        question = kit.clean_user_text(str(event.get("text") or ""))
        try:
            # Triage with this app's own bot (its data directory), when the bot is a full service.
            result = triage(question, self.bot) if hasattr(self.bot, "retrieve") else triage(question)
        except Exception:
            logger.exception("triage of %r failed: answering instead", question)
            self.reply_in_thread(client, context, event, use_history=False)
            return
        try:
            if isinstance(result, Answer):
                key = self._remember(result, [])
                client.chat_postMessage(channel=channel, thread_ts=ts, text=kit.fallback_text(result),
                                        blocks=kit.answer_blocks(result, key))
            else:
                text = str(getattr(result, "text", result))
                client.chat_postMessage(channel=channel, thread_ts=ts, text=kit.escape_mrkdwn(text)[:3000],
                                        blocks=kit.triage_blocks(text))
        except SlackApiError as exc:
            logger.error("Slack API error while triaging in %s: %s", channel, _api_error(exc))

    # ---------------------------------------------------------------- /policy
    @staticmethod
    def ack_command(ack: Ack, command: dict[str, Any]) -> None:
        question = kit.clean_user_text(str(command.get("text") or ""))
        if not question:
            ack(response_type="ephemeral", text=USAGE)
        else:
            ack(response_type="ephemeral", text=f"{kit.PLACEHOLDER_TEXT} {kit.escape_mrkdwn(question)}")

    def on_command(self, command: dict[str, Any], client: WebClient, respond: Respond | None) -> None:
        """The answer as an ephemeral message (via ``response_url``, else ``chat.postEphemeral``) with a
        "채널에 게시 / Post to channel" button."""
        question = kit.clean_user_text(str(command.get("text") or ""))
        if not question:
            return
        try:
            answer = self._answer(question, [])
        except Exception:
            logger.exception("answering %r failed", question)
            self._tell(client, command.get("channel_id"), command.get("user_id"), respond,
                       "답변 중 오류가 발생했습니다.", kit.error_blocks())
            return
        key = self._remember(answer, [])
        self._tell(client, command.get("channel_id"), command.get("user_id"), respond,
                   kit.fallback_text(answer), kit.answer_blocks(answer, key, ephemeral=True))

    def _tell(self, client: WebClient, channel: Any, user: Any, respond: Respond | None, text: str,
              blocks: list[kit.Block], thread_ts: str | None = None) -> None:
        """Show something to one user only: ``response_url`` when we have one (works in any channel), else
        ``chat.postEphemeral`` (needs the bot in the channel)."""
        if respond is not None and respond.response_url:
            try:
                result = respond(text=text, blocks=blocks or None, response_type="ephemeral",
                                 replace_original=False)
                if result.status_code == 200:
                    return
                logger.warning("response_url answered %s: %s", result.status_code, result.body)
            except Exception:
                logger.exception("posting to response_url failed")
        if not channel or not user:
            return
        try:
            client.chat_postEphemeral(channel=str(channel), user=str(user), text=text, blocks=blocks or None,
                                      thread_ts=thread_ts)
        except SlackApiError as exc:
            logger.error("Slack API error posting an ephemeral message in %s: %s", channel, _api_error(exc))

    # ---------------------------------------------------------------- buttons
    @staticmethod
    def _action(body: dict[str, Any]) -> dict[str, Any]:
        actions = body.get("actions") or [{}]
        return dict(actions[0])

    @staticmethod
    def _where(body: dict[str, Any]) -> tuple[str, str, str | None]:
        container = body.get("container") or {}
        channel = str((body.get("channel") or {}).get("id") or container.get("channel_id") or "")
        user = str((body.get("user") or {}).get("id") or "")
        message = body.get("message") or {}
        thread_ts = message.get("thread_ts") or (body.get("container") or {}).get("thread_ts")
        return channel, user, thread_ts

    def on_post(self, body: dict[str, Any], client: WebClient, respond: Respond | None) -> None:
        """Post an ephemeral ``/policy`` answer to the channel for everyone, then remove the ephemeral."""
        channel, user, _ = self._where(body)
        try:
            key, answer, question = self._recall(self._action(body).get("value"))
        except Exception:
            logger.exception("re-answering for 'post to channel' failed")
            return
        if answer is None:
            self._tell(client, channel, user, respond, "게시할 답변을 찾지 못했습니다.", [])
            return
        asked_by = f"<@{user}> 님의 질문" if _USER_ID_RE.match(user) else "질문"
        header: list[kit.Block] = [{"type": "section", "text": {"type": "mrkdwn", "text": (
            f"*{asked_by}:* {kit.escape_mrkdwn(question)[:2800]}")}}]
        try:
            client.chat_postMessage(channel=channel, text=kit.fallback_text(answer),
                                    blocks=header + kit.answer_blocks(answer, key))
        except SlackApiError as exc:
            logger.error("Slack API error posting to %s: %s", channel, _api_error(exc))
            self._tell(client, channel, user, respond, POST_FAILED, [])
            return
        if respond is not None and respond.response_url:
            try:
                respond(delete_original=True)
            except Exception:
                logger.exception("deleting the ephemeral answer failed")

    def on_sources(self, body: dict[str, Any], client: WebClient, respond: Respond | None) -> None:
        """Open a modal quoting the cited passages (an ephemeral message if the modal cannot be opened)."""
        channel, user, thread_ts = self._where(body)
        try:
            _, answer, _ = self._recall(self._action(body).get("value"))
        except Exception:
            logger.exception("re-answering for 'show sources' failed")
            return
        if answer is None:
            self._tell(client, channel, user, respond, "출처를 찾지 못했습니다.", [], thread_ts)
            return
        trigger_id = body.get("trigger_id")
        if trigger_id:
            try:
                client.views_open(trigger_id=str(trigger_id), view=kit.sources_modal(answer))
                return
            except SlackApiError as exc:
                logger.warning("views.open failed (%s): sending sources as an ephemeral message",
                               _api_error(exc))
        text = kit.sources_text(answer)
        self._tell(client, channel, user, respond, text,
                   [{"type": "section", "text": {"type": "mrkdwn", "text": text}}], thread_ts)

    def on_contact(self, body: dict[str, Any], client: WebClient, respond: Respond | None) -> None:
        channel, user, thread_ts = self._where(body)
        contact = kit.parse_contact_value(self._action(body).get("value"))
        if contact is None:
            self._tell(client, channel, user, respond, "담당자 정보가 없습니다.", [], thread_ts)
            return
        self._tell(client, channel, user, respond, kit.escape_mrkdwn(contact.one_line()),
                   kit.contact_blocks(contact), thread_ts)

    def _store_feedback(self, body: dict[str, Any], rating: Rating) -> None:
        action = self._action(body)
        key, question = kit.parse_action_value(action.get("value"))
        given = self.answers.get(key) if key else None
        channel, user, _ = self._where(body)
        message = body.get("message") or {}
        meta: dict[str, Any] = {
            "user": user, "channel": channel, "team": (body.get("team") or {}).get("id"),
            "message_ts": message.get("ts") or (body.get("container") or {}).get("message_ts"), "key": key,
        }
        if given is not None:
            question = given.answer.question
            answer_text = given.answer.text
            meta.update(citations=[c.chunk_id for c in given.answer.citations], mode=given.answer.mode,
                        abstained=given.answer.abstained)
        else:
            answer_text = kit.unescape_mrkdwn(str(message.get("text") or ""))
        self.feedback.add("slack", rating, question, answer_text, meta=meta)

    def _on_feedback(self, ack: Ack, body: dict[str, Any], rating: Rating) -> None:
        """Stored before the ack, so a 200 to Slack means the vote is on disk."""
        try:
            self._store_feedback(body, rating)
        except Exception:
            logger.exception("storing Slack feedback failed")
        ack()

    def on_feedback_up(self, ack: Ack, body: dict[str, Any]) -> None:
        self._on_feedback(ack, body, "up")

    def on_feedback_down(self, ack: Ack, body: dict[str, Any]) -> None:
        self._on_feedback(ack, body, "down")

    def thank_for_feedback(self, body: dict[str, Any], client: WebClient, respond: Respond | None) -> None:
        channel, user, thread_ts = self._where(body)
        self._tell(client, channel, user, respond, THANKS, [], thread_ts)


def load_triage() -> Callable[[str], object] | None:
    """``bot.triage.triage`` if that module exists, else None (support messages then get a plain answer).

    Only a *missing* module means "no triage": an ImportError raised inside ``bot.triage`` propagates."""
    if importlib.util.find_spec("bot.triage") is None:
        return None
    module = importlib.import_module("bot.triage")
    triage = getattr(module, "triage", None)
    return triage if callable(triage) else None
