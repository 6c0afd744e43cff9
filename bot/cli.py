"""`policybot` command line: each command maps to one function of the library."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bot.config import PROJECT_ROOT, get_settings

app = typer.Typer(help="policybot: answers about Korean SME policy documents, with citations.", no_args_is_help=True)
docs_app = typer.Typer(help="List and remove indexed documents.", no_args_is_help=True)
app.add_typer(docs_app, name="docs")
console = Console()
err_console = Console(stderr=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]


def _store():  # type: ignore[no-untyped-def]
    from bot.store import Store

    return Store(get_settings())


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to ingest.")],
    as_json: JsonOpt = False,
) -> None:
    """Ingest documents (PDF, TXT, MD, HTML, …). Unchanged documents are skipped; changed ones replaced."""
    from ingestion.pipeline import IngestLockedError
    from ingestion.pipeline import ingest as run_ingest

    missing = [p for p in paths if not p.exists()]
    for p in missing:
        err_console.print(f"[red]error[/red] {p}: no such file or folder")
    settings = get_settings()
    store = _store()
    try:
        if as_json:
            report = run_ingest(store, [p for p in paths if p.exists()], settings)
        else:
            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                          console=err_console, transient=True) as progress:
                task = progress.add_task("ingesting", total=None)

                def on_progress(doc_id: str, done: int, total: int) -> None:
                    progress.update(task, total=total, completed=done, description=f"ingesting {doc_id}")

                report = run_ingest(store, [p for p in paths if p.exists()], settings, on_progress)
    except IngestLockedError as exc:
        err_console.print(f"[red]error[/red] {exc}")
        raise typer.Exit(3) from exc
    if as_json:
        print(json.dumps({"seconds": report.seconds, "chunks": report.chunks,
                          "documents": [asdict(r) for r in report.results]}, ensure_ascii=False, indent=2))
    else:
        for r in report.failed:
            err_console.print(f"[red]error[/red] {r.error}")
        table = Table(title="Ingestion summary")
        for col in ("document", "status", "chunks", "source", "seconds"):
            table.add_column(col)
        for r in report.results:
            table.add_row(r.doc_id, r.status, str(r.chunks), r.source or "-", f"{r.seconds:.1f}")
        console.print(table)
        ok = [r for r in report.results if r.status != "failed"]
        console.print(f"{len(ok)} document(s), {report.chunks} chunk(s) written, {len(report.failed)} failed, "
                      f"{report.seconds:.1f} s")
    if report.failed or missing:
        raise typer.Exit(1)


@docs_app.command("list")
def docs_list(as_json: JsonOpt = False) -> None:
    """List indexed documents."""
    docs = _store().documents()
    if as_json:
        print(json.dumps([{"doc_id": d.doc_id, "chunks": d.chunk_count, **d.meta} for d in docs],
                         ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{len(docs)} document(s)")
    for col in ("doc_id", "title", "chunks", "source", "published", "ingested"):
        table.add_column(col)
    for d in docs:
        table.add_row(d.doc_id, str(d.meta.get("title", "")), str(d.chunk_count), str(d.meta.get("source", "")),
                      str(d.meta.get("published", "")), str(d.meta.get("ingested_at", "")))
    console.print(table)


@docs_app.command("remove")
def docs_remove(doc_id: str, as_json: JsonOpt = False) -> None:
    """Remove a document and all its chunks from the index."""
    store = _store()
    removed = store.remove_document(doc_id)
    store.sync_bm25()
    if as_json:
        print(json.dumps({"doc_id": doc_id, "removed_chunks": removed}))
    elif removed:
        console.print(f"removed {doc_id} ({removed} chunks)")
    else:
        err_console.print(f"[red]error[/red] no document with id {doc_id!r}")
    if not removed:
        raise typer.Exit(1)


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())

_ = PROJECT_ROOT
