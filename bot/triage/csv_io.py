"""CSV batches: every row of a CSV of inquiries (UTF-8, UTF-8 with BOM or CP949; ragged rows, broken quotes)
triaged into an output CSV with exactly one row per input row. The output is made for Excel: a cell that starts
with ``= + - @`` (or a tab or carriage return), which Excel would run as a formula, is written with a leading
apostrophe."""

from __future__ import annotations

import csv
import io
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.triage.run import triage
from bot.triage.split import clean_inquiry

if TYPE_CHECKING:
    from bot.service import PolicyBot

OUTPUT_COLUMNS = ["program_ids", "program_titles", "category", "contact", "needs_human", "reason", "draft_reply",
                  "error"]
ENCODINGS = ("utf-8-sig", "cp949")
# Spreadsheet formula injection (CWE-1236): Excel evaluates a cell that starts with one of these. Plain numbers
# ("-3", "+82") are data and stay as they are.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")


def neutralise_cell(value: str) -> str:
    """``value`` safe for a spreadsheet: a leading apostrophe when Excel would read it as a formula."""
    if value.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


class CsvInputError(ValueError):
    """The CSV cannot be read at all (binary, unknown encoding, no header, no inquiry column); the message names
    the file."""


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    if b"\x00" in data[:4096]:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise CsvInputError(f"{path}: line {line}: not a text CSV (binary data: NUL bytes)")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), "utf-8" if encoding == "utf-8-sig" else encoding
        except UnicodeDecodeError as exc:
            last = exc
    line = data[: last.start].count(b"\n") + 1
    raise CsvInputError(f"{path}: not UTF-8 or CP949 text (undecodable bytes at line {line})")


@dataclass
class _Rows:
    header: list[str]
    rows: list[tuple[int, list[str], str]]  # (line number, cells, error)
    warnings: list[str]


def _parse(path: Path, text: str) -> _Rows:
    """Rows with their line numbers. Ragged rows are padded (or their extra cells kept under extra_N); a quote
    that never closes swallows the rest of the file in the csv module, so the rest is re-read line by line."""
    lines = text.splitlines()
    if not lines:
        raise CsvInputError(f"{path}: the file is empty (no header line)")
    header = next(csv.reader([lines[0]]))
    if not any(h.strip() for h in header):
        raise CsvInputError(f"{path}: line 1: empty header")
    rows: list[tuple[int, list[str], str]] = []
    warnings: list[str] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    next(reader)
    line_no = 2
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            # Unbalanced quote (or another quoting error): report it, then keep the following lines as rows.
            msg = f"{path}: line {start}: malformed CSV ({exc})"
            warnings.append(msg)
            rest = lines[start - 1 :]
            for k, raw in enumerate(rest):
                if not raw.strip():
                    continue
                err = f"malformed CSV at line {start} (unbalanced quote); cells split without quoting" if k == 0 \
                    else ""
                cells = [c.strip().strip('"') for c in _split_loose(raw)]
                rows.append((start + k, cells, err))
            break
        line_no = start
        if not cells or not any(c.strip() for c in cells) and len(cells) <= 1:
            if reader.line_num >= len(lines):
                break
            continue
        rows.append((line_no, cells, ""))
    return _Rows(header=header, rows=rows, warnings=warnings)


def _split_loose(line: str) -> list[str]:
    """Split a line on commas outside well-formed quotes; a dangling quote is treated as a literal character."""
    try:
        return next(csv.reader([line], strict=True))
    except (csv.Error, StopIteration):
        return line.split(",")


def triage_csv(
    in_path: str | Path, out_path: str | Path, column: str = "inquiry", bot: PolicyBot | None = None,
    on_row: Callable[[int, int], None] | None = None,
) -> dict[str, object]:
    """Triage every row of a CSV (UTF-8, UTF-8 with BOM or CP949) into ``out_path`` (UTF-8 with BOM, so Excel
    opens it): all input columns plus OUTPUT_COLUMNS, exactly one output row per input row, every cell neutralised
    against formula injection. ``column`` names the inquiry column (matched ignoring case and surrounding blanks);
    when the header has no such column, CsvInputError names the columns it has. Returns a summary (rows,
    needs_human, errors, encoding, column, warnings, and the time taken: seconds, rows_per_s, p50_ms and p95_ms
    per row). ``on_row(done, total)`` is called after each row is written (a progress bar). Raises
    CsvInputError when the file cannot be read as CSV at all."""
    in_path, out_path = Path(in_path), Path(out_path)
    try:
        data = in_path.read_bytes()
    except OSError as exc:
        raise CsvInputError(f"{in_path}: cannot read ({exc.strerror or exc})") from exc
    text, encoding = _decode(in_path, data)
    parsed = _parse(in_path, text)
    header = [h.strip() for h in parsed.header]
    col = _column_index(in_path, header, column)
    width = max([len(header)] + [len(cells) for _, cells, _ in parsed.rows])
    extra = [f"extra_{i}" for i in range(1, width - len(header) + 1)]
    out_header = header + extra + [c if c not in header else f"triage_{c}" for c in OUTPUT_COLUMNS]
    warnings = list(parsed.warnings)
    if bot is None:
        from bot.service import get_bot

        bot = get_bot()
    needs_human = errors = 0
    row_ms: list[float] = []
    started = time.perf_counter()
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with out_path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(out_header)
        total = len(parsed.rows)
        for i, (line_no, cells, parse_error) in enumerate(parsed.rows, start=1):
            if len(cells) < len(header):
                warnings.append(f"{in_path}: line {line_no}: {len(cells)} cells, expected {len(header)}; padded")
            padded = cells + [""] * (width - len(cells))
            inquiry = padded[col] if col < len(padded) else ""
            t0 = time.perf_counter()
            added = _triage_row(inquiry, bot, parse_error)
            row_ms.append((time.perf_counter() - t0) * 1000)
            needs_human += added["needs_human"] == "true"
            errors += bool(added["error"])
            writer.writerow([neutralise_cell(cell) for cell in padded + [added[c] for c in OUTPUT_COLUMNS]])
            if on_row:
                on_row(i, total)
    seconds = time.perf_counter() - started
    ordered = sorted(row_ms)
    return {"rows": len(parsed.rows), "needs_human": needs_human, "errors": errors, "encoding": encoding,
            "column": header[col], "output": str(out_path), "warnings": warnings, "seconds": round(seconds, 2),
            "rows_per_s": round(len(row_ms) / seconds, 2) if seconds else 0.0,
            "p50_ms": round(_nearest_rank(ordered, 50), 1), "p95_ms": round(_nearest_rank(ordered, 95), 1)}


def _nearest_rank(ordered: list[float], q: float) -> float:
    """Nearest-rank percentile of sorted values (0.0 for none)."""
    if not ordered:
        return 0.0
    return ordered[max(0, min(len(ordered) - 1, math.ceil(len(ordered) * q / 100) - 1))]


def _column_index(path: Path, header: list[str], column: str) -> int:
    wanted = column.strip().casefold()
    for i, name in enumerate(header):
        if name.casefold() == wanted:
            return i
    found = ", ".join(repr(h) for h in header if h) or "none"
    raise CsvInputError(f"{path}: no column {column!r} (the columns are {found}); name the inquiry column with "
                        f"--column NAME")


def _triage_row(inquiry: str, bot: PolicyBot, parse_error: str) -> dict[str, str]:
    empty = dict.fromkeys(OUTPUT_COLUMNS, "")
    if not clean_inquiry(inquiry):
        return {**empty, "needs_human": "true", "reason": "empty inquiry",
                "error": "; ".join(e for e in (parse_error, "empty inquiry") if e)}
    try:
        result = triage(inquiry, bot)
    except Exception as exc:  # one bad row must not stop the file
        return {**empty, "needs_human": "true", "reason": "triage failed",
                "error": "; ".join(e for e in (parse_error, f"triage failed: {exc}") if e)}
    reason = "; ".join([result.reason or ""] + result.notes).strip("; ")
    return {
        "program_ids": ";".join(result.program_ids[:3]),
        "program_titles": ";".join(f"{m.number}. {m.title}" for m in result.matches[:3]),
        "category": result.category,
        "contact": result.contact.one_line() if result.contact else "",
        "needs_human": "true" if result.needs_human else "false",
        "reason": reason,
        "draft_reply": result.draft_reply,
        "error": parse_error,
    }
