"""Load a user's file into a :class:`LoadedDocument`: raw text per page, no cleaning yet.

Files come from users (uploads, shared folders), so every loader treats its input as hostile: any failure
becomes an :class:`IngestError` with a one-line reason a user can act on, never a traceback. Loaders are
looked up by suffix in a registry so that other formats (HWPX, DOCX, ...) can plug in from their own modules.
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import warnings
from collections.abc import Callable
from pathlib import Path

import charset_normalizer
from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.element import CData, Declaration, Doctype, PageElement, ProcessingInstruction
from pypdf import PasswordType, PdfReader

from ingestion.markdown import markdown_outline, soft_breaks
from ingestion.types import IngestError, LoadedDocument, PageText

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

# A loader gets the path (for messages and the result's ``source``) and the file's bytes, already read once
# under the size limit, so no loader can be tricked into reading an unbounded file.
LoaderFn = Callable[[Path, bytes], LoadedDocument]

_REGISTRY: dict[str, LoaderFn] = {}


def _norm_suffix(suffix: str) -> str:
    suffix = suffix.strip().lower()
    return suffix if suffix.startswith(".") else f".{suffix}"


def register_loader(suffixes: tuple[str, ...], fn: LoaderFn) -> None:
    """Make ``fn`` the loader for ``suffixes`` (".hwpx" or "hwpx", any case); a later call wins.

    ``fn(path, data)`` must return a LoadedDocument or raise IngestError.
    """
    if isinstance(suffixes, str):  # a bare ".pdf" would otherwise register ".", "p", "d", "f"
        suffixes = (suffixes,)
    for suffix in suffixes:
        _REGISTRY[_norm_suffix(suffix)] = fn


def supported_suffixes() -> tuple[str, ...]:
    """Suffixes with a registered loader, sorted (for upload filters and error messages)."""
    return tuple(sorted(_REGISTRY))


def _one_line(text: str, limit: int = 200) -> str:
    """Exception texts can span lines; IngestError promises users a single line."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def load_document(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, max_pages: int | None = None) -> LoadedDocument:
    """Read ``path`` with the loader for its suffix.

    Raises IngestError for unsupported types, unreadable/oversized/empty files and anything the format
    loader rejects; unexpected library errors are wrapped too, because one bad upload must not stop a batch.
    ``max_pages``: a PDF with more pages is refused before any text is extracted (the error names the limit);
    other formats are checked after loading.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    loader = _REGISTRY.get(suffix)
    if loader is None:
        shown = suffix or "(no extension)"
        raise IngestError(
            path, f"unsupported file type {shown}; supported: {', '.join(supported_suffixes())}"
        )
    try:
        if not path.is_file():
            raise IngestError(path, "file not found" if not path.exists() else "not a regular file")
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(path, f"file too large ({size:,} bytes; limit {max_bytes:,})")
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)  # the file may grow between stat() and read()
    except OSError as exc:
        raise IngestError(path, f"cannot read file ({_one_line(exc.strerror or str(exc))})") from exc
    if len(data) > max_bytes:
        raise IngestError(path, f"file too large (over {max_bytes:,} bytes)")
    if not data.strip():
        raise IngestError(path, "empty document (no content)")

    if max_pages is not None and suffix == ".pdf":
        _check_pages(path, _pdf_page_count(data), max_pages)
    try:
        doc = loader(path, data)
    except IngestError:
        raise
    except (RecursionError, MemoryError) as exc:
        raise IngestError(path, f"file too complex to read ({type(exc).__name__})") from exc
    except Exception as exc:  # third-party parsers raise anything on hostile input
        log.warning("loader for %s failed on %s", suffix, path, exc_info=True)
        raise IngestError(
            path, f"cannot read {suffix} file ({type(exc).__name__}: {_one_line(str(exc))})"
        ) from exc

    if not any(p.text.strip() for p in doc.pages):
        raise IngestError(path, "empty document (no text found)")
    if max_pages is not None:
        _check_pages(path, len(doc.pages), max_pages)
    return doc


def _check_pages(path: Path, pages: int | None, max_pages: int) -> None:
    if pages is not None and pages > max_pages:
        raise IngestError(path, f"too many pages ({pages:,}; the limit is {max_pages:,} pages per file, "
                                "POLICYBOT_MAX_PAGES_PER_FILE)")


def _pdf_page_count(data: bytes) -> int | None:
    """The page count a PDF declares, read without extracting any text; None when it cannot be read (the
    loader then reports what is wrong)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return len(PdfReader(io.BytesIO(data), strict=False).pages)
    except Exception:  # broken or encrypted files: the loader's own checks explain them
        return None


# --------------------------------------------------------------------------------------------- text decoding

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0/C1 controls other than tab, newline, carriage return, form feed: real text has almost none.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _looks_binary(text: str) -> bool:
    return bool(text) and len(_CONTROL.findall(text)) > max(2, len(text) // 200)


def decode_text(path: Path, data: bytes, *, declared: str | None = None, kind: str = "text") -> str:
    """Decode bytes of a text format: BOM, then ``declared`` charset, UTF-8, CP949 (Korean), then a guess.

    Korean government files are still often CP949/EUC-KR; trying strict UTF-8 first is safe because CP949
    text is practically never valid UTF-8. NUL bytes or undecodable data mean the file is not text at all.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _strip_bom(data.decode(encoding))
            except UnicodeDecodeError as exc:
                raise IngestError(path, f"not a {kind} file (invalid {encoding} data)") from exc
    if b"\x00" in data:
        raise IngestError(path, f"not a {kind} file (binary data)")

    # Valid non-ASCII UTF-8 is almost never anything else, so it beats a (often wrong) declared charset.
    candidates = ["utf-8"]
    if declared:
        try:
            candidates.append(codecs.lookup(declared).name)
        except LookupError:
            pass
    candidates.append("cp949")
    for encoding in candidates:
        if encoding in ("euc_kr", "euc-kr"):
            encoding = "cp949"  # CP949 is a superset that real "EUC-KR" files rely on
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if not _looks_binary(text):
            return text
    best = charset_normalizer.from_bytes(data).best()
    guessed = str(best) if best is not None else None
    if guessed is None or _looks_binary(guessed):
        raise IngestError(path, f"not a {kind} file (unknown encoding or binary data)")
    return guessed


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


# ----------------------------------------------------------------------------------------------------- PDF


def load_pdf(path: Path, data: bytes) -> LoadedDocument:
    """One PageText per PDF page (1-based), so citations can name pages."""
    if b"%PDF-" not in data[:1024]:
        raise IngestError(path, "not a PDF file (no %PDF header)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf warns on every small defect; we judge by the result
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                # An owner-password-only PDF opens with the empty password; anything else needs the user.
                try:
                    ok = reader.decrypt("") != PasswordType.NOT_DECRYPTED
                except Exception as exc:  # e.g. AES without the optional crypto package
                    log.info("cannot decrypt %s: %s", path, exc)
                    ok = False
                if not ok:
                    raise IngestError(path, "encrypted PDF; remove the password first")
            pages = list(reader.pages)
    except IngestError:
        raise
    except Exception as exc:  # pypdf raises many types on broken files
        raise IngestError(
            path, f"corrupt or unreadable PDF ({type(exc).__name__}: {_one_line(str(exc))})"
        ) from exc
    if not pages:
        raise IngestError(path, "corrupt PDF (no pages)")

    texts: list[PageText] = []
    failures = 0
    for number, page in enumerate(pages, start=1):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                text = page.extract_text() or ""
        except Exception:  # one broken page should not lose the others
            log.warning("text extraction failed on page %d of %s", number, path, exc_info=True)
            failures += 1
            text = ""
        texts.append(PageText(number=number, text=text))
    if not any(p.text.strip() for p in texts):
        if failures == len(pages):
            raise IngestError(path, "corrupt PDF (text extraction failed on every page)")
        raise IngestError(path, "no text layer (scanned PDF?); run OCR first")
    return LoadedDocument(source=path, format="pdf", pages=texts, title_hint=_pdf_title(reader))


def _pdf_title(reader: PdfReader) -> str | None:
    try:
        title = reader.metadata.title if reader.metadata else None
    except Exception:  # metadata is optional and often broken
        return None
    title = " ".join(str(title).split()) if title else ""
    return title or None


# ----------------------------------------------------------------------------------------------------- TXT


def load_txt(path: Path, data: bytes) -> LoadedDocument:
    """Whole file as one unpaginated page; page markers (``- 7 -``) are not trusted as page numbers because
    text exports put them wherever the layout left them, so the normaliser just drops them."""
    text = decode_text(path, data)
    return LoadedDocument(source=path, format="txt", pages=[PageText(number=None, text=text)])


# ------------------------------------------------------------------------------------------------ Markdown

def load_markdown(path: Path, data: bytes) -> LoadedDocument:
    """Markdown source as-is (its markup is readable text), its hard-wrapped paragraphs joined; ``#`` headings are
    marked for structuring."""
    text = soft_breaks(decode_text(path, data, kind="Markdown"))
    outline = markdown_outline(text)
    return LoadedDocument(
        source=path,
        format="md",
        pages=[PageText(number=None, text=text)],
        title_hint=outline[0][0] if outline else None,
        marked_headings=[title for title, _depth in outline],
        heading_depths=[depth for _title, depth in outline],
    )


# ---------------------------------------------------------------------------------------------------- HTML

_HTML_DROP = (
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "object", "embed",
    "svg", "math", "canvas", "select", "button", "input", "textarea",
)  # fmt: skip
_HTML_PARAGRAPH = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl", "blockquote", "pre", "hr",
    "section", "article", "header", "footer", "nav", "aside", "main", "figure", "form", "fieldset",
    "address", "details",
}  # fmt: skip
_HTML_LINE = {"div", "li", "tr", "dt", "dd", "caption", "figcaption", "summary", "legend", "center", "body"}
_HTML_CELL = {"td", "th"}
_HTML_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_NON_TEXT = (Comment, CData, Declaration, Doctype, ProcessingInstruction)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def load_html(path: Path, data: bytes) -> LoadedDocument:
    """Visible text only, one line per block element; <h1>-<h6> are marked headings, <title> the title."""
    m = _META_CHARSET.search(data[:4096])
    declared = m.group(1).decode("ascii", "ignore") if m else None
    source = decode_text(path, data, declared=declared, kind="HTML")
    soup = BeautifulSoup(source, "html.parser")
    title_tag = soup.find("title")
    title = " ".join(title_tag.get_text(" ").split()) if isinstance(title_tag, Tag) else ""
    text, outline = _visible_text(soup)
    return LoadedDocument(
        source=path,
        format="html",
        pages=[PageText(number=None, text=text)],
        title_hint=title or None,
        marked_headings=[heading for heading, _depth in outline],
        heading_depths=[depth for _heading, depth in outline],
    )


def _is_hidden(tag: Tag) -> bool:
    if tag.name in _HTML_DROP or tag.has_attr("hidden"):
        return True
    if str(tag.get("aria-hidden", "")).lower() == "true":
        return True
    style = tag.get("style")
    return isinstance(style, str) and bool(_HIDDEN_STYLE.search(style))


def _block_break(name: str) -> str:
    if name in _HTML_PARAGRAPH:
        return "\n\n"
    if name in _HTML_LINE:
        return "\n"
    return "\t" if name in _HTML_CELL else ""


def _visible_text(soup: BeautifulSoup) -> tuple[str, list[tuple[str, int]]]:
    """Visible text and heading texts in one walk with an explicit stack.

    No recursion (hostile nesting cannot overflow) and no tree edits: BeautifulSoup's insert/append walk
    to the last descendant each time, which made 20,000 nested <div>s take minutes.
    """
    parts: list[str] = []
    headings: list[tuple[str, int]] = []
    heading_starts: list[int] = []
    pre_depth = 0
    stack: list[tuple[PageElement, bool]] = [(soup, False)]
    while stack:
        node, closing = stack.pop()
        if isinstance(node, NavigableString):
            if not isinstance(node, _NON_TEXT):
                parts.append(str(node) if pre_depth else re.sub(r"\s+", " ", str(node)))
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name
        if closing:
            parts.append(_block_break(name))
            if name == "pre":
                pre_depth -= 1
            elif name in _HTML_HEADINGS and heading_starts:
                heading = " ".join("".join(parts[heading_starts.pop() :]).split())
                if heading:
                    headings.append((heading, int(name[1])))
            continue
        if name == "br":
            parts.append("\n")
            continue
        if node is not soup and _is_hidden(node):
            continue
        if name in _HTML_PARAGRAPH or name in _HTML_LINE:
            parts.append(_block_break(name))
        if name == "li":
            parts.append("- ")  # an item of a list, as notices mark theirs: lists are answered item by item
        if name == "pre":
            pre_depth += 1
        elif name in _HTML_HEADINGS:
            heading_starts.append(len(parts))
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.contents))
    # Cells of a table row are joined by " | ", as DOCX and HWPX rows are, so a row reads as one line of columns.
    lines = [re.sub(r"[ ]*\t[ \t]*", " | ", line.strip(" \t")) for line in "".join(parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n"), headings


register_loader((".pdf",), load_pdf)
register_loader((".txt", ".text"), load_txt)
register_loader((".md", ".markdown"), load_markdown)
register_loader((".html", ".htm"), load_html)


def _register_office_formats() -> None:
    """HWPX, HWP and DOCX readers open the file themselves (zip/OLE need random access); the size check of
    ``load_document`` has already run when they are called."""
    from ingestion.formats import load_docx, load_hwp, load_hwpx

    register_loader((".hwpx",), lambda path, _data: load_hwpx(path))
    register_loader((".hwp",), lambda path, _data: load_hwp(path))
    register_loader((".docx",), lambda path, _data: load_docx(path))


_register_office_formats()
