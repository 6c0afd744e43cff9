"""The API's routes, one router per concern; ``bot.web.app`` includes them all."""

from bot.web.routes import ask, documents, feedback, health, pages, programs

ROUTERS = [health.router, ask.router, documents.router, programs.router, feedback.router, pages.router]

__all__ = ["ROUTERS"]
