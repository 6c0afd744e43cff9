"""Sources as configuration: ``sources.toml`` (beside ``corpora/``; ``POLICYBOT_SOURCES_FILE``) lists where notices
come from. ``policybot sources add|remove`` edit it; ``policybot sources sync`` (and ``policybot serve`` on a
schedule) read it.

    [[sources]]
    name = "bizinfo"              # letters, digits, - and _; prefixes the doc_ids of its items
    type = "bizinfo"              # folder | feed | listing | bizinfo | kstartup
    key_env = "BIZINFO_API_KEY"   # the API key is read from this environment variable, never stored here
    params = { hashtags = "수출" }  # extra query parameters of the API or feed request
    on_withdrawn = "remove"       # an item gone from the source: "remove" it, or "keep" it as closed
    on_expired = "keep"           # an item whose window has ended: "keep" it (status closed) or "remove" it
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

TYPES = ("folder", "feed", "listing", "bizinfo", "kstartup")

# The public endpoints (used when a source gives no url).
DEFAULT_URLS = {
    "bizinfo": "https://www.bizinfo.go.kr/uss/rss/bizinfoApi.do",
    "kstartup": "https://apis.data.go.kr/B552735/kisedKstartupService01/getAnnouncementInformation01",
}
DEFAULT_KEY_ENV = {"bizinfo": "BIZINFO_API_KEY", "kstartup": "KSTARTUP_API_KEY"}
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
ATTACHMENT_SUFFIXES = (".pdf", ".hwp", ".hwpx", ".docx")


class SourceConfigError(ValueError):
    """sources.toml or a source given on the command line is not valid; the message says what to fix."""


@dataclass
class SourceConfig:
    """One source. Only ``name`` and ``type`` are required; ``url`` (feed, listing, APIs) or ``path`` (folder)
    says where."""

    name: str
    type: str
    url: str = ""
    path: str = ""
    key_env: str = ""
    params: dict[str, str] = field(default_factory=dict)
    max_items: int = 500
    page_size: int = 100
    attachments: bool = True
    max_attachment_bytes: int = 0  # 0: the index's max_file_bytes
    fetch_pages: bool = False  # feed: also read the page each item links to
    item_pattern: str = ""  # listing: regex a link must match to be an item (default: links to the same host)
    kind: str = "notice"
    issuer: str = ""
    on_withdrawn: str = "remove"
    on_expired: str = "keep"
    rate_per_second: float = 1.0  # requests per second per host
    timeout_s: float = 20.0
    retries: int = 3
    backoff_s: float = 1.0

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        if not _NAME.match(self.name):
            raise SourceConfigError(f"source name {self.name!r}: use lower-case letters, digits, '-' and '_' "
                                    "(at most 40 characters)")
        if self.type not in TYPES:
            raise SourceConfigError(f"source {self.name}: type must be one of {', '.join(TYPES)}, not {self.type!r}")
        if self.type == "folder" and not self.path:
            raise SourceConfigError(f"source {self.name}: a folder source needs path = \"...\"")
        if self.type in ("feed", "listing") and not self.url:
            raise SourceConfigError(f"source {self.name}: a {self.type} source needs url = \"https://...\"")
        if self.url and not re.match(r"^https?://", self.url):
            raise SourceConfigError(f"source {self.name}: url must start with http:// or https://")
        if self.on_withdrawn not in ("remove", "keep"):
            raise SourceConfigError(f"source {self.name}: on_withdrawn must be \"remove\" or \"keep\"")
        if self.on_expired not in ("keep", "remove"):
            raise SourceConfigError(f"source {self.name}: on_expired must be \"keep\" or \"remove\"")
        if not (self.rate_per_second > 0 and math.isfinite(self.rate_per_second)):
            raise SourceConfigError(f"source {self.name}: rate_per_second must be a positive number")
        if self.max_items < 1 or self.page_size < 1 or self.retries < 0 or self.timeout_s <= 0:
            raise SourceConfigError(f"source {self.name}: max_items, page_size and timeout_s must be positive")
        if self.item_pattern:
            try:
                re.compile(self.item_pattern)
            except re.error as exc:
                raise SourceConfigError(f"source {self.name}: item_pattern is not a regular expression: {exc}") \
                    from exc

    @property
    def endpoint(self) -> str:
        return self.url or DEFAULT_URLS.get(self.type, "")

    @property
    def api_key_env(self) -> str:
        return self.key_env or DEFAULT_KEY_ENV.get(self.type, "")

    def api_key(self) -> str | None:
        """The API key from the environment (APIs only); None when unset."""
        name = self.api_key_env
        return (os.environ.get(name) or None) if name else None

    def folder(self, base: Path) -> Path:
        """A folder source's path; relative paths are relative to the sources file's folder."""
        path = Path(self.path).expanduser()
        return path if path.is_absolute() else (base / path)

    def where(self) -> str:
        return self.path if self.type == "folder" else self.endpoint


def load_sources(path: Path) -> list[SourceConfig]:
    """The sources of ``path`` (none when the file does not exist). Raises SourceConfigError naming the problem."""
    if not path.exists():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SourceConfigError(f"{path}: not valid TOML ({exc})") from exc
    known = {f.name for f in fields(SourceConfig)}
    out: list[SourceConfig] = []
    for n, entry in enumerate(data.get("sources", []), start=1):
        if not isinstance(entry, dict):
            raise SourceConfigError(f"{path}: [[sources]] entry {n} is not a table")
        unknown = sorted(set(entry) - known)
        if unknown:
            raise SourceConfigError(f"{path}: source {entry.get('name', n)!r} has unknown keys {unknown}; "
                                    f"known keys: {', '.join(sorted(known))}")
        values: dict[str, Any] = {}
        for key, value in entry.items():
            values[key] = _typed(path, entry.get("name", n), key, value)
        try:
            source = SourceConfig(**values)
        except TypeError as exc:
            raise SourceConfigError(f"{path}: source {entry.get('name', n)!r}: {exc}") from exc
        if any(s.name == source.name for s in out):
            raise SourceConfigError(f"{path}: two sources are named {source.name!r}")
        out.append(source)
    return out


_TYPES: dict[str, type | tuple[type, ...]] = {
    f.name: (dict if f.name == "params" else (int, float) if f.type == "float" else
             {"str": str, "int": int, "bool": bool}.get(str(f.type), str))
    for f in fields(SourceConfig)
}


def _typed(path: Path, name: object, key: str, value: Any) -> Any:
    expected = _TYPES[key]
    if isinstance(value, bool) and expected is not bool or not isinstance(value, expected):
        raise SourceConfigError(f"{path}: source {name!r}: {key} has the wrong type ({type(value).__name__})")
    raw: Any = value
    if key == "params":
        return {str(k): str(v) for k, v in raw.items()}
    return float(raw) if expected == (int, float) else raw


def toml_value(value: Any) -> str:
    """A TOML value for the types a source holds (strings are basic strings with TOML's escapes)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    out = []
    for ch in str(value):
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        elif not 0xD800 <= code <= 0xDFFF:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else toml_value(key)


HEADER = ("# policybot sources: where notices come from. Edit by hand or with `policybot sources add|remove`;\n"
          "# `policybot sources sync` ingests what changed. API keys come from the environment (key_env).\n")


def save_sources(path: Path, sources: list[SourceConfig]) -> None:
    """Write ``sources`` to ``path`` (only values that differ from the defaults), atomically."""
    defaults = {f.name: f.default for f in fields(SourceConfig) if f.default is not field}
    lines = [HEADER]
    for source in sources:
        lines.append("[[sources]]")
        for key, value in asdict(source).items():
            if key in ("name", "type") or (value != defaults.get(key) and value not in ({}, "")):
                lines.append(f"{key} = {toml_value(value)}")
        lines.append("")
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("\n".join(lines), encoding="utf-8")
    os.replace(tmp, path)
