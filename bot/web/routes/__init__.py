"""The API's routes, one router per concern; ``bot.web.app`` includes them all."""

from bot.web.routes import ask, documents, feedback, health, openai_compat, pages, programs

ROUTERS = [health.router, ask.router, documents.router, programs.router, feedback.router, openai_compat.router,
           pages.router]

__all__ = ["ROUTERS"]
