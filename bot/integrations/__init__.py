"""policybot in the tools people already use: LangChain (``bot.integrations.langchain``), MCP
(``bot.integrations.mcp_server``) and, in the web app, the OpenAI-compatible chat API
(``bot.web.routes.openai_compat``). They share ``bot.integrations.common``; each calls the one answer service."""
