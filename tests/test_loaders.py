"""Loaders: every supported format and every kind of bad file ends in text or a one-line IngestError."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from ingestion import loaders
from ingestion.loaders import load_document, register_loader, supported_suffixes
from ingestion.types import IngestError, LoadedDocument, PageText

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
SEED = "mss-2024-05-08-sme-globalization-measures"
KOREAN = "중소기업 수출 지원 대책을 발표했다.\n붙임 1. 주요 내용\n"


def make_pdf(pages: list[str]) -> bytes:
    """A minimal valid PDF written by hand: one Helvetica text line per page ("" = page without text)."""
    n = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, text in enumerate(pages):
        content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode() if text else b""
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def encrypt(pdf: bytes, user_password: str, owner_password: str | None = None) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def load_error(path: Path, **kwargs: int) -> IngestError:
    with pytest.raises(IngestError) as info:
        load_document(path, **kwargs)
    message = str(info.value)
    assert "\n" not in message and "\r" not in message, message
    assert message.startswith(f"{path.name}: "), message
    return info.value


# ------------------------------------------------------------------------------------------------ registry


def test_supported_suffixes_cover_the_built_in_formats() -> None:
    assert {".pdf", ".txt", ".md", ".markdown", ".html", ".htm"} <= set(supported_suffixes())
    assert list(supported_suffixes()) == sorted(supported_suffixes())


def test_register_loader_adds_a_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loaders, "_REGISTRY", dict(loaders._REGISTRY))

    def load_upper(path: Path, data: bytes) -> LoadedDocument:
        return LoadedDocument(source=path, format="upper", pages=[PageText(None, data.decode().upper())])

    register_loader(("XYZ", ".abc"), load_upper)
    assert {".xyz", ".abc"} <= set(supported_suffixes())
    doc = load_document(write(tmp_path, "note.XyZ", "hello"))
    assert doc.format == "upper" and doc.text == "HELLO"


def test_loader_crash_becomes_ingest_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loaders, "_REGISTRY", dict(loaders._REGISTRY))

    def broken(path: Path, data: bytes) -> LoadedDocument:
        raise ValueError("boom\nwith a second line")

    register_loader((".boom",), broken)
    err = load_error(write(tmp_path, "x.boom", "content"))
    assert "ValueError" in str(err) and "boom with a second line" in str(err)


def test_unsupported_suffix(tmp_path: Path) -> None:
    err = load_error(write(tmp_path, "report.xyz", "text"))
    assert "unsupported file type .xyz" in str(err)
    assert ".pdf" in str(err)  # tells the user what would work
    assert "unsupported file type (no extension)" in str(load_error(write(tmp_path, "README", "x")))


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert "file not found" in str(load_error(tmp_path / "nope.txt"))
    (tmp_path / "folder.txt").mkdir()
    assert "not a regular file" in str(load_error(tmp_path / "folder.txt"))


@pytest.mark.parametrize("name", ["empty.txt", "empty.md", "empty.html", "empty.pdf"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    assert "empty document" in str(load_error(write(tmp_path, name, b"")))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("blank.txt", " \n\t\r\n  \u3000\n"),
        ("blank.md", "\n\n   \n"),
        (
            "blank.html",
            "<html><head><title>t</title></head><body> <p> </p><script>x()</script></body></html>",
        ),
    ],
)
def test_whitespace_only_text_is_empty(tmp_path: Path, name: str, data: str) -> None:
    assert "empty document" in str(load_error(write(tmp_path, name, data)))


def test_too_large(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", "가" * 1000)
    err = load_error(path, max_bytes=1000)
    assert "too large" in str(err) and "1,000" in str(err)
    assert load_document(path, max_bytes=3000).text == "가" * 1000


def test_default_limit_is_50_mb() -> None:
    assert loaders.DEFAULT_MAX_BYTES == 50 * 1024 * 1024


# ----------------------------------------------------------------------------------------------------- PDF


def test_pdf_one_page_text_per_page(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "two.pdf", make_pdf(["Hello page one", "Second page 2024"])))
    assert doc.format == "pdf" and doc.source.name == "two.pdf"
    assert [p.number for p in doc.pages] == [1, 2]
    assert "Hello page one" in doc.pages[0].text
    assert "Second page 2024" in doc.pages[1].text


def test_pdf_suffix_is_case_insensitive(tmp_path: Path) -> None:
    assert load_document(write(tmp_path, "UPPER.PDF", make_pdf(["Shouting"]))).pages[0].text == "Shouting"


def test_pdf_keeps_a_blank_page_in_numbering(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "gap.pdf", make_pdf(["first", "", "third"])))
    assert [(p.number, p.text.strip()) for p in doc.pages] == [(1, "first"), (2, ""), (3, "third")]


def test_seed_pdf() -> None:
    doc = load_document(CORPORA / f"{SEED}.pdf")
    assert doc.format == "pdf"
    assert [p.number for p in doc.pages] == list(range(1, 10))
    assert "보도자료" in doc.pages[0].text
    assert "중소 ‧ 벤처" in doc.pages[0].text  # raw: the normaliser, not the loader, cleans this
    assert "Q2" in doc.pages[7].text


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.pdf", encrypt(make_pdf(["Top secret"]), "pw"))
    assert "encrypted PDF; remove the password first" in str(load_error(path))


def test_pdf_with_owner_password_only_still_loads(tmp_path: Path) -> None:
    """Restrictions-only PDFs open without a password in every viewer; refusing them would confuse users."""
    path = write(tmp_path, "restricted.pdf", encrypt(make_pdf(["Readable text"]), "", "owner"))
    assert "Readable text" in load_document(path).text


@pytest.mark.parametrize(
    "data",
    [
        make_pdf(["Hello page one"])[:60],  # truncated
        b"%PDF-1.7\n" + b"\x8f\x12garbage" * 50,
        b"this is not a pdf at all, just text with a .pdf name\n",  # -> "not a PDF file"
    ],
)
def test_corrupt_pdf(tmp_path: Path, data: bytes) -> None:
    err = load_error(write(tmp_path, "broken.pdf", data))
    assert "PDF" in str(err)


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    err = load_error(write(tmp_path, "scan.pdf", make_pdf(["", ""])))
    assert "no text layer (scanned PDF?)" in str(err)


# ----------------------------------------------------------------------------------------------------- TXT


def test_txt_utf8(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "a.txt", KOREAN))
    assert doc.format == "txt"
    assert doc.pages == [PageText(number=None, text=KOREAN)]


def test_txt_utf8_bom_is_stripped(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + KOREAN.encode("utf-8")))
    assert doc.text == KOREAN


def test_txt_utf16_with_bom(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "u16.txt", KOREAN.encode("utf-16")))
    assert doc.text == KOREAN


@pytest.mark.parametrize("encoding", ["cp949", "euc-kr"])
def test_txt_korean_legacy_encodings(tmp_path: Path, encoding: str) -> None:
    text = KOREAN + "중소·벤처기업 100만불 ① 社\n"
    data = text.encode(encoding)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert load_document(write(tmp_path, f"{encoding}.txt", data)).text == text


def test_txt_cp949_only_syllable(tmp_path: Path) -> None:
    """똠 is outside EUC-KR's 2,350 syllables; only CP949 decodes it."""
    text = "똠방각하 지원사업 안내\n"
    assert load_document(write(tmp_path, "cp949.txt", text.encode("cp949"))).text == text


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)),
        bytes(range(1, 32)) * 40,  # control characters, no NUL
    ],
)
def test_binary_file_named_txt(tmp_path: Path, data: bytes) -> None:
    assert "not a text file" in str(load_error(write(tmp_path, "image.txt", data)))


def test_seed_txt() -> None:
    doc = load_document(CORPORA / f"{SEED}.txt")
    assert doc.format == "txt"
    assert len(doc.pages) == 1 and doc.pages[0].number is None
    assert "- 7 -" in doc.text  # raw: the normaliser drops page markers
    assert doc.text.startswith(" 보도자료")


# ------------------------------------------------------------------------------------------------ Markdown


def test_markdown(tmp_path: Path) -> None:
    source = (
        "# 중소기업 지원 대책\n\n본문입니다.\n\n## 1. 추진 배경 ##\n\n"
        "```python\n# not a heading\n```\n\n#not-a-heading\n   ### 세부 과제\n#\n"
    )
    doc = load_document(write(tmp_path, "plan.md", source))
    assert doc.format == "md"
    assert doc.text == source
    assert doc.marked_headings == ["중소기업 지원 대책", "1. 추진 배경", "세부 과제"]
    assert doc.title_hint == "중소기업 지원 대책"


def test_markdown_long_suffix_and_cp949(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "plan.markdown", "# 공고\n내용\n".encode("cp949")))
    assert doc.marked_headings == ["공고"] and doc.text == "# 공고\n내용\n"


# ---------------------------------------------------------------------------------------------------- HTML

HTML = """<!DOCTYPE html>
<html><head><title> 2024년 수출바우처
 공고 </title><meta charset="utf-8"><style>p { color: red }</style>
<script>var leaked = "HEAD SCRIPT";</script></head>
<body>
<!-- a comment that must not show -->
<h1>수출바우처 <b>지원</b> 사업</h1>
<p>지원 대상은 <span>중소기업</span>입니다.<br>신청 기간: 5.8 ~ 6.30</p>
<script>alert(1)</script><noscript>Enable JS</noscript><template><p>TEMPLATE</p></template>
<div hidden>HIDDEN ATTR</div><div style="display: none">HIDDEN STYLE</div>
<ul><li>항목 하나</li><li>항목 둘</li></ul>
<h2>문의</h2><table><tr><td>담당</td><td>044-204-7500</td></tr></table>
</body></html>"""


def test_html_visible_text_only(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "page.html", HTML))
    text = doc.text
    assert doc.format == "html"
    for hidden in ("alert", "HEAD SCRIPT", "color", "comment", "Enable JS", "TEMPLATE", "HIDDEN", "DOCTYPE"):
        assert hidden not in text, hidden
    lines = [line for line in text.split("\n") if line.strip()]
    assert lines[:2] == ["수출바우처 지원 사업", "지원 대상은 중소기업입니다."]
    assert "신청 기간: 5.8 ~ 6.30" in lines
    assert "- 항목 하나" in lines and "- 항목 둘" in lines  # list items keep a mark
    assert any("담당" in line and "044-204-7500" in line for line in lines)
    assert doc.title_hint == "2024년 수출바우처 공고"
    assert doc.marked_headings == ["수출바우처 지원 사업", "문의"]
    assert set(doc.marked_headings) <= {line.strip() for line in lines}


def test_htm_suffix_and_script_only_text_is_gone(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "x.htm", "<p>안녕</p><script>alert(1)</script>"))
    assert doc.text == "안녕"


def test_html_declared_euc_kr(tmp_path: Path) -> None:
    html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr"></head>'
    html += "<body><p>중소기업 지원</p></body></html>"
    assert load_document(write(tmp_path, "kr.html", html.encode("cp949"))).text == "중소기업 지원"


@pytest.mark.parametrize(
    "data",
    [
        "<div>" * 20000 + "깊은 텍스트" + "</div>" * 20000,
        "<p>열린 태그<b><i><table><tr><td>셀" + "<p>" * 5000,
        "<p>&#xFFFFFFFF; &#0; &bogus; &#x110000;</p><script>alert(1)",
        "<scr<script>ipt>alert(2)</script>visible",  # a browser shows "ipt>alert(2)" as text too
        '<p title="' + "A" * 100000 + '">속성</p>',
        "<![CDATA[cdata]]><?php echo 1; ?><p>after</p>",
    ],
)
def test_hostile_html_does_not_crash(tmp_path: Path, data: str) -> None:
    path = write(tmp_path, "hostile.html", data)
    try:
        doc = load_document(path)
    except IngestError as err:
        assert "\n" not in str(err)
        return
    assert "alert(1)" not in doc.text  # the only alert(1) sits inside a real <script>
    if data.startswith("<div>"):
        assert doc.text.strip() == "깊은 텍스트"


def test_hostile_binary_html(tmp_path: Path) -> None:
    assert "not a HTML file" in str(load_error(write(tmp_path, "bin.html", b"<html>\x00\x01\x02" * 10)))
