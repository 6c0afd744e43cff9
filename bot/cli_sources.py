"""`policybot sources list|add|remove|sync`: where notices come from (``sources.toml``) and syncing them. Each
command maps to one function of ``ingestion.sources``."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bot.config import get_settings

sources_app = typer.Typer(help="Sources of notices (sources.toml): list, add, remove, sync.", no_args_is_help=True)
console = Console()
err_console = Console(stderr=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]


def _file() -> Path:
    return Path(get_settings().sources_file)


def _load():  # type: ignore[no-untyped-def]
    from ingestion.sources import SourceConfigError, load_sources

    try:
        return load_sources(_file())
    except SourceConfigError as exc:
        err_console.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from exc


@sources_app.command("list")
def sources_list(as_json: JsonOpt = False) -> None:
    """The configured sources, whether their API key is set, and their last sync."""
    from ingestion.sources.state import SyncState

    settings = get_settings()
    rows = []
    for source in _load():
        state = SyncState.load(Path(settings.data_dir) / "sources" / source.name / "state.json")
        key = source.api_key_env
        rows.append({**asdict(source), "where": source.where(), "key_set": bool(source.api_key()) if key else None,
                     "key_name": key,
                     "items": len(state.items), "last_sync": state.last_run.get("finished", "")})
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{len(rows)} source(s) in {_file()}")
    for col in ("name", "type", "where", "key", "items", "last sync"):
        table.add_column(col)
    for r in rows:
        key = "-" if r["key_set"] is None else f"{r['key_name']} " + ("set" if r["key_set"] else "MISSING")
        table.add_row(r["name"], r["type"], r["where"], key, str(r["items"]), r["last_sync"] or "never")
    console.print(table)


@sources_app.command("add")
def sources_add(
    name: Annotated[str, typer.Argument(help="Short name (a-z, 0-9, - and _); prefixes its documents' ids.")],
    kind: Annotated[str, typer.Argument(help="folder | feed | listing | bizinfo | kstartup")],
    where: Annotated[str | None, typer.Argument(help="Folder path, or URL (APIs: default public endpoint).")] = None,
    key_env: Annotated[str, typer.Option(help="Environment variable holding the API key.")] = "",
    param: Annotated[list[str] | None, typer.Option(help="Extra query parameter KEY=VALUE (repeatable).")] = None,
    on_withdrawn: Annotated[str, typer.Option(help="Item gone from the source: remove | keep (as closed).")] = "remove",
    on_expired: Annotated[str, typer.Option(help="Item whose window ended: keep (closed) | remove.")] = "keep",
    max_items: Annotated[int, typer.Option(help="Most items read per sync.")] = 500,
    item_pattern: Annotated[str, typer.Option(help="listing: regex a notice link must match.")] = "",
    fetch_pages: Annotated[bool, typer.Option(help="feed: also read each item's page.")] = False,
    issuer: Annotated[str, typer.Option(help="Issuing body of every item (else the source's own field).")] = "",
    rate: Annotated[float, typer.Option(help="Requests per second per host.")] = 1.0,
) -> None:
    """Add a source to sources.toml (nothing is fetched until `policybot sources sync`)."""
    from ingestion.sources import SourceConfig, SourceConfigError, save_sources

    sources = _load()
    if any(s.name == name for s in sources):
        err_console.print(f"[red]error[/red] a source named {name!r} exists; remove it first")
        raise typer.Exit(2)
    params = {}
    for pair in param or []:
        key, sep, value = pair.partition("=")
        if not sep:
            err_console.print(f"[red]error[/red] --param {pair!r}: write KEY=VALUE")
            raise typer.Exit(2)
        params[key.strip()] = value.strip()
    try:
        source = SourceConfig(name=name, type=kind, url=(where or "") if kind != "folder" else "",
                              path=(where or "") if kind == "folder" else "", key_env=key_env, params=params,
                              on_withdrawn=on_withdrawn, on_expired=on_expired, max_items=max_items,
                              item_pattern=item_pattern, fetch_pages=fetch_pages, issuer=issuer,
                              rate_per_second=rate)
    except SourceConfigError as exc:
        err_console.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from exc
    save_sources(_file(), [*sources, source])
    note = f" (API key from ${source.api_key_env})" if source.api_key_env else ""
    console.print(f"added {name} ({kind}: {source.where()}){note} to {_file()}")


@sources_app.command("remove")
def sources_remove(
    name: str,
    purge: Annotated[bool, typer.Option("--purge", help="Also remove the documents its syncs wrote.")] = False,
) -> None:
    """Remove a source from sources.toml (its documents stay unless --purge)."""
    from ingestion.index import Store
    from ingestion.sources import remove_source_data, save_sources

    sources = _load()
    if not any(s.name == name for s in sources):
        err_console.print(f"[red]error[/red] no source named {name!r}")
        raise typer.Exit(1)
    save_sources(_file(), [s for s in sources if s.name != name])
    removed: list[str] = []
    if purge:
        settings = get_settings()
        removed = remove_source_data(Store(settings), settings, name)
    console.print(f"removed {name}" + (f" and {len(removed)} document(s)" if purge else ""))


@sources_app.command("sync")
def sources_sync(
    names: Annotated[list[str] | None, typer.Argument(help="Sources to sync (default: all).")] = None,
    today: Annotated[str | None, typer.Option(help="The day expiry is judged on, YYYY-MM-DD.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Sync the sources: new and changed items are ingested, withdrawn ones removed (or kept as closed), and what
    happened to every item is reported. Exit code 1 when an item failed, 3 when another sync is running."""
    from ingestion.index import Store
    from ingestion.sources import SyncLockedError, SyncReport, sync_sources

    settings = get_settings()
    sources = _load()
    unknown = sorted(set(names or []) - {s.name for s in sources})
    if unknown:
        err_console.print(f"[red]error[/red] no source named {', '.join(unknown)} in {_file()}")
        raise typer.Exit(2)
    chosen = [s for s in sources if not names or s.name in names]
    if not chosen:
        err_console.print(f"no sources configured in {_file()}; add one with `policybot sources add`")
        return
    day = date.fromisoformat(today) if today else settings.today or date.today()

    def show(report: SyncReport) -> None:
        if as_json:
            return
        table = Table(title=f"{report.source}: {report.seconds:.1f} s" + ("" if report.complete else
                                                                           " (listing incomplete)"))
        for col in ("item", "status", "documents", "title / detail"):
            table.add_column(col, overflow="fold")
        for r in report.results:
            style = {"failed": "red", "added": "green", "updated": "cyan", "removed": "yellow"}.get(r.status, "")
            table.add_row(r.item_id, f"[{style}]{r.status}[/]" if style else r.status, str(len(r.doc_ids)),
                          " — ".join(x for x in (r.title, r.detail) if x))
        console.print(table)
        counts = ", ".join(f"{n} {k}" for k, n in report.counts().items() if n)
        console.print(f"{report.source}: {counts or 'nothing listed'}")
        for note in report.notes:
            console.print(f"[dim]{note}[/dim]")

    try:
        reports = sync_sources(Store(settings), settings, chosen, base=_file().parent, today=day, on_report=show)
    except SyncLockedError as exc:
        err_console.print(f"[red]error[/red] {exc}")
        raise typer.Exit(3) from exc
    if as_json:
        print(json.dumps([{**asdict(r), "counts": r.counts()} for r in reports], ensure_ascii=False, indent=2))
    if any(r.failed for r in reports):
        raise typer.Exit(1)
