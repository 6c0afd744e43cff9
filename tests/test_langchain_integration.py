"""LangChain integration: the standard suites of the ``langchain-tests`` package (retriever integration tests, tool
unit and integration tests) run against a real index of the seed corpus, plus what the standard suites do not
check: the citation metadata, the filters and the abstention outcome."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_DOC_ID
from langchain_core.messages import ToolMessage
from langchain_tests.integration_tests import RetrieversIntegrationTests, ToolsIntegrationTests
from langchain_tests.unit_tests import ToolsUnitTests

from bot.integrations.langchain import PolicybotAnswerTool, PolicybotRetriever, policybot_answer
from bot.service import PolicyBot


class _SeedIndex:
    """The session's seed index (tests/conftest.py), handed to the standard suites' constructors."""

    seed: PolicyBot | None = None
    seed_dir: Path | None = None

    @pytest.fixture(autouse=True)
    def _seed_index(self, seed_bot: PolicyBot, seed_data_dir: Path) -> None:
        type(self).seed = seed_bot
        type(self).seed_dir = seed_data_dir


class TestPolicybotRetrieverStandard(_SeedIndex, RetrieversIntegrationTests):
    @property
    def retriever_constructor(self) -> type[PolicybotRetriever]:
        return PolicybotRetriever

    @property
    def retriever_constructor_params(self) -> dict[str, Any]:
        return {"bot": self.seed}

    @property
    def retriever_query_example(self) -> str:
        return "수출바우처 지원한도"


class TestPolicybotAnswerToolUnit(_SeedIndex, ToolsUnitTests):
    @property
    def tool_constructor(self) -> type[PolicybotAnswerTool]:
        return PolicybotAnswerTool

    @property
    def tool_constructor_params(self) -> dict[str, Any]:
        return {"bot": self.seed}

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return {"question": "수출바우처 지원한도는 어떻게 바뀌나요?"}

    @property
    def init_from_env_params(self) -> tuple[dict[str, str], dict[str, Any], dict[str, Any]]:
        # Without bot= or data_dir=, the tool reads the index POLICYBOT_DATA_DIR names when it is built.
        return {"POLICYBOT_DATA_DIR": str(self.seed_dir)}, {}, {"name": "policybot_answer",
                                                                "data_dir": self.seed_dir}


class TestPolicybotAnswerToolIntegration(_SeedIndex, ToolsIntegrationTests):
    @property
    def tool_constructor(self) -> type[PolicybotAnswerTool]:
        return PolicybotAnswerTool

    @property
    def tool_constructor_params(self) -> dict[str, Any]:
        return {"bot": self.seed}

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return {"question": "수출바우처 지원한도는 어떻게 바뀌나요?",
                "history": [{"role": "user", "content": "수출 지원 대책을 알려주세요"}]}


# ---- beyond the standard suites ------------------------------------------------------------------------------


def test_retriever_documents_carry_citation_metadata(seed_bot: PolicyBot) -> None:
    docs = PolicybotRetriever(bot=seed_bot, k=3).invoke("수출바우처 지원한도")
    assert len(docs) == 3
    top = docs[0]
    assert top.id and "수출바우처" in top.page_content
    meta = top.metadata
    assert meta["doc_id"] == SEED_DOC_ID and meta["doc_title"] and meta["doc_date"] == "2024-05-08"
    assert meta["kind"] == "press_release" and "중소벤처기업부" in meta["issuer"]
    assert meta["section_path"] and meta["section"] == " > ".join(meta["section_path"])
    assert meta["pages"] and all(isinstance(p, int) for p in meta["pages"])
    assert [d.metadata["score"] for d in docs] == sorted((d.metadata["score"] for d in docs), reverse=True)


def test_retriever_filters_by_document_kind_and_section(seed_bot: PolicyBot) -> None:
    query = "해외법인 자금 지원"
    assert PolicybotRetriever(bot=seed_bot, doc_id=SEED_DOC_ID, k=2).invoke(query)
    assert PolicybotRetriever(bot=seed_bot, doc_id="no-such-document", k=2).invoke(query) == []
    assert len(PolicybotRetriever(bot=seed_bot, kind="press release", k=2).invoke(query)) == 2
    assert PolicybotRetriever(bot=seed_bot, kind="공고", k=2).invoke(query) == []
    in_faq = PolicybotRetriever(bot=seed_bot, section="붙임2", k=3).invoke(query)
    assert in_faq and all(d.metadata["section_path"][0] == "붙임2" for d in in_faq)
    # per call, like k
    assert PolicybotRetriever(bot=seed_bot, k=2).invoke(query, kind="공고") == []
    assert PolicybotRetriever(bot=seed_bot, issuer="중소벤처기업부", k=2).invoke(query)
    assert PolicybotRetriever(bot=seed_bot, status="open", k=2).invoke(query) == []  # the seed states no window
    with pytest.raises(ValueError, match="kind"):
        PolicybotRetriever(bot=seed_bot, kind="poem").invoke(query)


def test_answer_tool_returns_citations_and_outcome(seed_bot: PolicyBot) -> None:
    tool = policybot_answer(seed_bot)
    message = tool.invoke({"type": "tool_call", "id": "call-1", "name": tool.name,
                           "args": {"question": "수출바우처 지원한도는 어떻게 바뀌나요?"}})
    assert isinstance(message, ToolMessage)
    assert message.content.startswith("outcome: answered")  # type: ignore[union-attr]
    assert "2배" in message.content and "[1]" in message.content and "출처" in message.content
    artifact = message.artifact
    assert artifact["outcome"] == "answered" and artifact["citations"][0]["doc_id"] == SEED_DOC_ID
    assert artifact["citations"][0]["pages"]


def test_answer_tool_abstains_as_an_outcome_not_an_error(seed_bot: PolicyBot) -> None:
    tool = policybot_answer(seed_bot)
    message = tool.invoke({"type": "tool_call", "id": "call-2", "name": tool.name,
                           "args": {"question": "달나라 여행 지원금은 얼마인가요?"}})
    assert message.content.startswith("outcome: abstained")
    assert "문서에서 찾지 못했습니다" in message.content
    assert message.artifact["outcome"] == "abstained" and message.artifact["contact"]["department"]
