"""Support-desk triage: which programs an inquiry is about, its category, who to route it to, a drafted reply
from the answer service, and whether a human has to look at it.

How an inquiry is triaged:

1. It is cleaned (NFC, control characters) and checked for instruction-override attempts.
2. Long messages are split into sentences (Kiwi, ``ingestion.korean.split_sentences``); greetings, closings and
   signatures are dropped and the questions are picked out ("…나요?", "What …", "1) …"). A short question
   that leans on the sentence before it ("그것도 지원되나요?") is read together with that sentence.
3. Each question is retrieved on its own (hybrid retrieval, ``PolicyBot.retrieve``); passages map onto
   catalogue programs by chunk id (the catalogue is derived from section paths, see ``bot.catalogue``). A
   message with several questions is also searched as a whole, by its words only (keyword retrieval: embedding
   a long message costs more than the rest of the triage).
   A program's score in a question is its best passage's fused score plus a quarter of its second best, plus a
   lexical term for the inquiry's *distinctive* words (those that occur in few programs); scores are scaled
   so the question's best program has 1.0 and summed over questions (earlier questions weigh a little more).
4. The draft reply is ``PolicyBot.answer`` for each question (at most MAX_QUESTIONS), joined with renumbered
   citations.
5. ``needs_human`` with a reason: an instruction-override attempt; no program matches; a question the
   documents do not answer (the answer abstained); or no specific program (the inquiry has no distinctive
   word, or the two best programs score within AMBIGUOUS_MARGIN of each other in the main question).
6. What depends on the index is kept per index generation (``Store.generation()``) in one ``ProgramIndex``
   (``score``): the programs, word frequencies, each question's program scores and whole results, so a question
   seen in another inquiry is not retrieved again and a repeated inquiry costs nothing; the answers come from
   ``PolicyBot.answer``'s own cache. Any write to the index changes the generation and starts afresh: a result
   is never served from an older index. ``answer_cache_size`` 0 turns the caches off.

Modules: ``models`` (request and result), ``split`` (questions of an inquiry), ``score`` (programs per question),
``categories`` (routing categories), ``run`` (``triage()``), ``csv_io`` (``triage_csv()``).
"""

from bot.triage.categories import CATEGORY_KEYWORDS, category_of
from bot.triage.csv_io import OUTPUT_COLUMNS, CsvInputError, neutralise_cell, triage_csv
from bot.triage.models import TRIAGE_MAX_CHARS, ProgramMatch, Triage, TriageError, TriageQuestion, TriageRequest
from bot.triage.run import cached_triage, triage
from bot.triage.split import clean_inquiry, split_inquiry

__all__ = [
    "CATEGORY_KEYWORDS", "OUTPUT_COLUMNS", "TRIAGE_MAX_CHARS", "CsvInputError", "ProgramMatch", "Triage",
    "TriageError", "TriageQuestion", "TriageRequest", "cached_triage", "category_of", "clean_inquiry",
    "neutralise_cell", "split_inquiry", "triage", "triage_csv",
]
