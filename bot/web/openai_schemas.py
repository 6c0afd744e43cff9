"""Request and response models of the OpenAI-compatible chat API (``bot.web.routes.openai_compat``): the subset of
OpenAI's chat-completions shapes that chat front-ends (Open WebUI, LibreChat, the ``openai`` SDK) send and read,
plus the structured ``policybot`` field (outcome, reasons, citations, contact)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.integrations.common import AnswerPayload

MAX_MESSAGES = 500


class ContentPart(BaseModel):
    """One part of a multi-part message; only ``text`` parts are read (images and files are ignored)."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(max_length=50)
    text: str | None = None


class ChatMessage(BaseModel):
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[ContentPart] | None = None
    name: str | None = Field(default=None, max_length=200)

    def text(self) -> str:
        if isinstance(self.content, str):
            return self.content
        return "\n".join(p.text for p in self.content or [] if p.type == "text" and p.text)


class StreamOptions(BaseModel):
    include_usage: bool = Field(default=False, description="Send a last chunk with token usage before [DONE].")


class ChatCompletionRequest(BaseModel):
    """OpenAI's chat-completions request. The last user message is the question and the user/assistant messages
    before it are the conversation; system and developer messages are ignored (the documents are the only
    instructions). Sampling fields (temperature, max_tokens, …) are accepted and ignored: answers are quoted."""

    model: str = Field(default="policybot", max_length=200, description="Any value; answers name the one model.")
    messages: list[ChatMessage] = Field(min_length=1, max_length=MAX_MESSAGES)
    stream: bool = Field(default=False, description="Server-sent chunks (OpenAI's format), ending with [DONE].")
    stream_options: StreamOptions | None = None
    n: int = Field(default=1, ge=1, le=1, description="One choice only.")


class ResponseMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str = Field(description="The answer (facts cited [n]) and its numbered source list, or a plain "
                         "statement that the documents do not hold the answer, with whom to contact.")
    refusal: str | None = None


class Choice(BaseModel):
    index: int = 0
    message: ResponseMessage
    finish_reason: Literal["stop"] = "stop"
    logprobs: None = None


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class PolicybotExtra(AnswerPayload):
    """The structured answer beside the message: outcome, reasons, citations, contact, and stage timings."""

    timings_ms: dict[str, float] = Field(
        default_factory=dict, description="The answer's stage timings; retrieval_done is milliseconds from the "
        "request to the end of retrieval on the server.")


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: Usage
    system_fingerprint: str | None = None
    policybot: PolicybotExtra


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str = "policybot"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]
