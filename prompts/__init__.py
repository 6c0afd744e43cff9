"""Prompt templates of the optional LLM mode, read by ``bot.templates`` (a package so a wheel carries them)."""
