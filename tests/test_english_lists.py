"""An English page's lists (<ul>/<ol>) are items, and an English question that asks for a plural by which/what
("Which documents need to …") is answered with the items under the heading that names it; the verb a when/where
question ends in ("when is it held?") is what the date answers, not a word the page must hold."""

from __future__ import annotations

from pathlib import Path

from conftest import bot_over

from bot.answering.prepare import intent_of, listed_words
from bot.concepts import question_concepts
from ingestion.loaders import load_document

PAGE = """<html><head><title>Tessaly: registration of imported candles (test fixture)</title></head><body>
<h1>Tessaly: registration of imported candles</h1>
<p>Test fixture: a fictional country and agency.</p>
<h2>Overview</h2>
<p>From 1 May 2031 every scented candle imported into Tessaly must be registered with the Tessaly Home Goods Office
(THGO) before sale. The importer files the registration.</p>
<h2>Documents for the registration file</h2>
<ul>
<li>Safety data sheet of the fragrance oil</li>
<li>Burn test report from an accredited laboratory</li>
<li>Label in the Tessalian language</li>
</ul>
<h2>Fees</h2>
<p>The registration fee is TSL 800 per product.</p>
<h2>Candle fair</h2>
<p>The Tessaly Candle Fair: 3–5 October 2031, Port Ilia exhibition centre.</p>
</body></html>
"""


def test_list_items_of_a_page_keep_a_mark(tmp_path: Path) -> None:
    page = tmp_path / "candles.html"
    page.write_text(PAGE, "utf-8")
    lines = load_document(page).text.split("\n")
    assert "- Burn test report from an accredited laboratory" in lines
    assert "Overview" in lines  # headings and paragraphs are unmarked


def test_which_plural_asks_for_a_list() -> None:
    assert intent_of("Which documents need to be in the registration file?") == "list"
    assert intent_of("What trade shows can we join?") == "list"
    assert listed_words("What trade shows can we join?") == ["shows", "trade"]
    for question in ("What happens if we never send the report?", "Which show suits us?", "What is the fee?"):
        assert intent_of(question) == "fact", question


def test_an_english_list_question_gets_the_items_under_its_heading(tmp_path: Path) -> None:
    bot = bot_over(tmp_path, {"candles.html": PAGE})
    answer = bot.answer("Which documents need to be in the registration file for candles in Tessaly?")
    assert answer.outcome == "answered", answer.text
    for item in ("Safety data sheet", "Burn test report", "Label in the Tessalian language"):
        assert item in answer.text, answer.text
    assert "- - " not in answer.text


def test_the_verb_a_when_question_ends_in_is_answered_by_the_date(tmp_path: Path) -> None:
    predicates = {c.label for c in question_concepts("Which show suits us and when is it held?") if c.predicate}
    assert predicates == {"suits", "held"}
    # A noun ending the question is what it asks about.
    assert not any(c.predicate for c in question_concepts("When is the Velmora expo?"))
    bot = bot_over(tmp_path, {"candles.html": PAGE})
    answer = bot.answer("We make scented candles. When is the Tessaly candle fair held?")
    assert answer.outcome == "answered" and "3–5 October 2031" in answer.text, answer.text


FAIRS_PAGE = """<html><head><title>Orvane: home goods fairs of 2031 (test fixture)</title></head><body>
<h1>Orvane home goods fairs: support for exhibitors</h1>
<p>Test fixture: a fictional agency. The Orvane Trade Office supports exhibitors at two fairs in 2031.</p>
<h2>Trade fairs in 2031</h2>
<table>
<tr><th>Fair</th><th>City</th><th>Dates</th></tr>
<tr><td>Lumina Candle Show</td><td>Port Ilia</td><td>3–5 October 2031</td></tr>
<tr><td>Brisca Tableware Days</td><td>Kaldor</td><td>12–14 November 2031</td></tr>
</table>
<h2>Support</h2>
<p>Booth rent is covered up to ORV 9,000 per company.</p>
</body></html>
"""


def test_a_table_under_the_named_heading_lists_its_rows(tmp_path: Path) -> None:
    """The rows of a table under the heading a list question names are its items; the header row is none."""
    bot = bot_over(tmp_path, {"fairs.html": FAIRS_PAGE})
    answer = bot.answer("Which trade fairs can exhibitors join with Orvane support?")
    assert answer.outcome == "answered", answer.text
    assert "Lumina Candle Show" in answer.text and "Brisca Tableware Days" in answer.text, answer.text
    assert "lists 2 items" in answer.text and "Fair | City | Dates" not in answer.text, answer.text
