"""Turning policy documents into cited, structured chunks."""
