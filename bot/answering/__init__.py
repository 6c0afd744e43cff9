"""Extractive, cited answers in stages (see ``pipeline``): prepare → retrieve → evidence → select → decide →
cite/render."""

from bot.answering.config import DEFAULT_CONFIG, AnswerConfig
from bot.answering.pipeline import answer_question
from bot.text import language_of

__all__ = ["DEFAULT_CONFIG", "AnswerConfig", "answer_question", "language_of"]
