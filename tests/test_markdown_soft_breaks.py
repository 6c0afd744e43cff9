"""A Markdown page hard-wrapped in its source ("… must register each toy" / "model with the …") is one paragraph, as
any renderer shows it: quoting its second line alone ("model with the Aldorian …") read as a broken answer. Lines
that open a block of their own (headings, list items, bullets, "label: value" lines, tables, quotes, code) keep
their breaks. The page is a fictional fixture written for these tests."""

from __future__ import annotations

from pathlib import Path

from conftest import bot_over

from ingestion.markdown import soft_breaks

PAGE = """# Veldria: safety marking for imported kettles (test fixture)

## Summary

From 1 May 2032, electric kettles imported into Veldria must carry the VKS mark. Importers must register each kettle
model with the Veldrian Appliance Office (VAO) before the first shipment.

## Fees

- Registration: VDL 300 per model
- Renewal: VDL 120 per model, every
  three years
- Contact: vao-desk@vao.example

| Item | Fee |
| --- | --- |
| Test report review | VDL 80 |

```
VKS-2032
code line
```
"""


def test_wrapped_lines_join_and_blocks_keep_their_breaks() -> None:
    text = soft_breaks(PAGE)
    assert ("Importers must register each kettle model with the Veldrian Appliance Office (VAO) before the first "
            "shipment.") in text, text
    assert "- Registration: VDL 300 per model\n- Renewal:" in text, text
    assert "\n| Item | Fee |\n| --- | --- |\n" in text and "VKS-2032\ncode line" in text, text
    assert "## Summary\n" in text and "## Fees\n" in text, text
    # Korean field lines one to a line stay apart.
    fields = "○ 지원 한도: 1억원\n○ 지원 비율: 70%\n담당자: 홍길동"
    assert soft_breaks(fields) == fields


def test_an_answer_quotes_the_whole_sentence(tmp_path: Path) -> None:
    bot = bot_over(tmp_path, {"veldria-kettles.md": PAGE})
    answer = bot.answer("Who do importers register kettle models with in Veldria?")
    assert answer.outcome == "answered", answer.text
    assert "Importers must register each kettle model with the Veldrian Appliance Office" in answer.text, answer.text
