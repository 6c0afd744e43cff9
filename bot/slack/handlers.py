"""The Slack listeners: mentions, DMs, ``/policy``, thread follow-ups, support-desk channels and buttons.

Every listener acks at once and does the slow part (answering, Slack API calls) in a bolt *lazy* listener,
so the app works with ``process_before_response=True`` (HTTP behind FastAPI, or FaaS) and in Socket Mode.
Slack API errors inside lazy listeners are logged, never raised: one failed ``chat.update`` must not take
the app down. What the messages look like is ``bot.slack.blocks``; this module only decides what to send where.
A question that cannot be asked (``bot.text.QuestionError``: nothing visible left, or too long) gets a polite
reply in its thread, or an ephemeral one for ``/policy``.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, cast

from slack_bolt import Ack, App, BoltContext, BoltRequest, BoltResponse, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import Settings
from bot.feedback import FeedbackStore, Rating
from bot.filters import FilterError, split_options
from bot.models import Answer, Turn
from bot.slack import blocks as kit
from bot.slack.delivery import Delivery, error_code
from bot.slack.state import SeenEvents, TTLCache
from bot.text import QuestionError, clean_question

if TYPE_CHECKING:
    from bot.service import PolicyBot
    from ingestion.index import DocFilter

logger = logging.getLogger("bot.slack")

MAX_HISTORY_TURNS = 12
ANSWER_CACHE_TTL_S = 24 * 3600.0
_USER_ID_RE = re.compile(r"^[UW][A-Z0-9]+$")


class Answerer(Protocol):
    """What the Slack app needs from the answer service; ``PolicyBot`` satisfies it."""

    def answer(self, question: str, history: list[Turn] | None = None, *,
               filters: DocFilter | None = None) -> Answer: ...


@dataclass(frozen=True)
class GivenAnswer:
    """An answer the app posted, kept so buttons (sources, feedback, post) need not answer again."""

    answer: Answer
    history: tuple[Turn, ...] = ()


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
        """Each event id is answered once. Slack re-sends an event it thinks we missed (``X-Slack-Retry-Num``):
        a retry of an event we have seen is dropped, but one whose first delivery never reached us (or was refused
        while Slack was unreachable) is answered."""
        retry = _first_header(request, "x-slack-retry-num")
        event_id = body.get("event_id")
        if isinstance(event_id, str) and not self.seen.first_time(event_id):
            logger.info("ignoring %s of event %s", f"Slack retry {retry}" if retry else "a duplicate", event_id)
            return BoltResponse(status=200, body="")
        if retry:
            logger.info("answering Slack retry %s (%s) of event %s: its first delivery was not handled", retry,
                        _first_header(request, "x-slack-retry-reason"), event_id)
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
    def question_of(self, text: str) -> str:
        """A Slack message as a question (mentions and links resolved, ``bot.text`` cleaning); raises
        ``QuestionError`` when nothing visible is left or it is longer than the configured limit."""
        return clean_question(kit.clean_user_text(text), self.settings.max_question_chars)

    def _answer(self, question: str, history: list[Turn], filters: DocFilter | None = None) -> Answer:
        return self.bot.answer(question, history, filters=filters) if filters else self.bot.answer(question, history)

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
        """Placeholder in the question's thread, then the answer in its place (``bot.slack.delivery``: retried,
        posted anew if the placeholder failed, and a short error reply when nothing else could be posted)."""
        channel = str(event.get("channel", ""))
        ts = str(event.get("ts", ""))
        thread_ts = str(event.get("thread_ts") or ts)
        reply = Delivery(client, channel, thread_ts)
        try:
            question = self.question_of(str(event.get("text") or ""))
        except QuestionError as problem:
            reply.reply(kit.question_problem(problem))
            return
        history: list[Turn] = []
        if use_history and thread_ts != ts:
            try:
                history = self.thread_history(client, context, channel, thread_ts, before_ts=ts)
            except (SlackApiError, OSError) as exc:
                logger.warning("reading thread %s in %s failed (%s): answering without it", thread_ts, channel,
                               error_code(exc))
        reply.post_placeholder(kit.PLACEHOLDER_TEXT, kit.placeholder_blocks())
        try:
            answer = self._answer(question, history)
        except QuestionError as problem:
            reply.reply(kit.question_problem(problem), kit.text_blocks(kit.question_problem(problem)))
            return
        except Exception:
            logger.exception("answering %r failed", question)
            reply.reply(kit.ANSWER_FAILED, kit.error_blocks())
            return
        key = self._remember(answer, history)
        reply.reply(kit.fallback_text(answer), kit.answer_blocks(answer, key))

    def on_mention(self, event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        self.reply_in_thread(client, context, event)

    def on_dm(self, event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        self.reply_in_thread(client, context, event)

    def on_support_message(self, event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        """Support desk: every new question gets a triage reply in its thread (``bot.triage``: the drafted answer,
        the program and who handles it); if triage fails, or the message is no question, an ordinary reply."""
        from bot.triage import triage

        channel = str(event.get("channel", ""))
        ts = str(event.get("ts", ""))
        question = kit.clean_user_text(str(event.get("text") or ""))  # any length: triage reads whole emails
        if not question:
            self.reply_in_thread(client, context, event, use_history=False)  # asks, politely, what the question is
            return
        try:
            # Triage with this app's own bot (its data directory) when the bot is a full service.
            service = cast("PolicyBot", self.bot) if hasattr(self.bot, "retrieve") else None
            result: object = triage(question, service)
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
    def ack_command(self, ack: Ack, command: dict[str, Any]) -> None:
        try:  # "/policy status:open kind:notice 질문": options before the question narrow the documents
            question = self.question_of(split_options(str(command.get("text") or ""))[0])
        except FilterError as problem:
            ack(response_type="ephemeral", text=f"{problem}. {kit.USAGE}")
            return
        except QuestionError as problem:
            usage = problem.reason == "empty"
            ack(response_type="ephemeral", text=kit.USAGE if usage else kit.question_problem(problem))
            return
        ack(response_type="ephemeral", text=f"{kit.PLACEHOLDER_TEXT} {kit.escape_mrkdwn(question)}")

    def on_command(self, command: dict[str, Any], client: WebClient, respond: Respond | None) -> None:
        """The answer as an ephemeral message (via ``response_url``, else ``chat.postEphemeral``) with a
        "채널에 게시 / Post to channel" button."""
        try:
            text, filters = split_options(str(command.get("text") or ""))
            question = self.question_of(text)
        except (QuestionError, FilterError):
            return  # the ack already told the user what is wrong
        try:
            answer = self._answer(question, [], filters)
        except Exception:
            logger.exception("answering %r failed", question)
            self._tell(client, command.get("channel_id"), command.get("user_id"), respond,
                       kit.ANSWER_FAILED, kit.error_blocks())
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
            self._tell(client, channel, user, respond, kit.NOTHING_TO_POST, [])
            return
        header = kit.asked_by_blocks(user if _USER_ID_RE.match(user) else None, question)
        try:
            client.chat_postMessage(channel=channel, text=kit.fallback_text(answer),
                                    blocks=header + kit.answer_blocks(answer, key))
        except SlackApiError as exc:
            logger.error("Slack API error posting to %s: %s", channel, _api_error(exc))
            self._tell(client, channel, user, respond, kit.POST_FAILED, [])
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
            self._tell(client, channel, user, respond, kit.NO_SOURCES, [], thread_ts)
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
        self._tell(client, channel, user, respond, text, kit.text_blocks(text, escaped=True), thread_ts)

    def on_contact(self, body: dict[str, Any], client: WebClient, respond: Respond | None) -> None:
        channel, user, thread_ts = self._where(body)
        contact = kit.parse_contact_value(self._action(body).get("value"))
        if contact is None:
            self._tell(client, channel, user, respond, kit.NO_CONTACT, [], thread_ts)
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
        self._tell(client, channel, user, respond, kit.THANKS, [], thread_ts)
