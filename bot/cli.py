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


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in Korean or English.")],
    doc: Annotated[str | None, typer.Option("--doc", help="Only this doc_id.")] = None,
    section: Annotated[str | None, typer.Option("--section", help="Only sections whose path contains this.")] = None,
    passages: Annotated[bool, typer.Option("--passages", help="Also print the retrieved passages.")] = False,
    top_k: Annotated[int, typer.Option("--top-k", min=1, max=50)] = 5,
    no_llm: Annotated[bool, typer.Option("--no-llm", help="Extractive answer even if an LLM is configured.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Answer a question from the indexed documents, with citations (or say plainly that they don't hold it)."""
    from bot.guard import QuestionError
    from bot.service import PolicyBot

    bot = PolicyBot(get_settings())
    try:
        result = bot.answer(question, doc_id=doc, section=section, use_llm=False if no_llm else None)
    except QuestionError as exc:
        err_console.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from exc
    retrieved = bot.retrieve(result.resolved_question or result.question, top_k, doc, section) if passages else None
    if as_json:
        out = result.model_dump()
        if retrieved:
            out["passages"] = [{"chunk_id": p.chunk.chunk_id, "score": p.score, "section": p.chunk.section_label,
                                "pages": list(p.chunk.pages), "text": p.chunk.text} for p in retrieved.passages]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return
    style = "yellow" if result.abstained else "green"
    console.print(f"[bold {style}]{'답변 없음 / no answer' if result.abstained else '답변 / answer'}[/]")
    console.print(result.text, markup=False, highlight=False)
    for c in result.citations:
        pages = ", ".join(str(p) for p in c.pages) or "-"
        console.print(f"[bold][{c.n}][/bold] {c.doc_title} — {c.section} (p. {pages})", markup=True, highlight=False)
    if result.contact and result.abstained:
        console.print(f"[dim]담당 / contact: {result.contact.one_line()}[/dim]", highlight=False)
    if retrieved:
        console.print("\n[bold]retrieved passages[/bold]")
        for i, p in enumerate(retrieved.passages, 1):
            pages = ", ".join(str(n) for n in p.chunk.pages) or "-"
            console.print(f"[bold]{i}.[/bold] {p.chunk.section_label} (p. {pages}) score={p.score:.4f}",
                          highlight=False)
            console.print(p.chunk.text[:400], markup=False, highlight=False)
    console.print(f"[dim]{result.timings_ms.get('total', 0):.0f} ms[/dim]")


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())

_ = PROJECT_ROOT
