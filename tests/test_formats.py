"""Tests for the HWPX, HWP 5 and DOCX readers; every fixture is generated here (see hwp_fixture.py)."""

from __future__ import annotations

import logging
import struct
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import pytest
from docx.enum.text import WD_BREAK
from hwp_fixture import (
    FLAG_COMPRESSED,
    FLAG_DISTRIBUTION,
    FLAG_PASSWORD,
    Para,
    Table,
    build_hwp,
    deflate,
    record,
    section_stream,
)

from ingestion.formats import load_docx, load_hwp, load_hwpx
from ingestion.formats.hwp import decode_para_text
from ingestion.types import IngestError, LoadedDocument

SEED_TXT = Path(__file__).resolve().parents[1] / "corpora" / "mss-2024-05-08-sme-globalization-measures.txt"


def squash(text: str) -> str:
    return " ".join(text.split())


def seed_lines() -> list[str]:
    return SEED_TXT.read_text(encoding="utf-8").split("\n")


def assert_clear_error(exc: pytest.ExceptionInfo[IngestError], path: Path, *needles: str) -> None:
    """Errors are one line, start with the file name and say what is wrong."""
    message = str(exc.value)
    assert "\n" not in message
    assert message.startswith(path.name + ": ")
    for needle in needles:
        assert needle in message, message


# --------------------------------------------------------------------------- HWPX fixtures

NS = (
    'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph" '
    'xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
    'xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head"'
)
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'


def hp_p(text: str = "", style: int = 0, inner: str | None = None) -> str:
    """One hp:p; ``\\t``/``\\n`` in ``text`` become hp:tab / hp:lineBreak like Hangul writes them."""
    if inner is None:
        t = escape(text).replace("\t", "<hp:tab/>").replace("\n", "<hp:lineBreak/>")
        inner = f"<hp:t>{t}</hp:t>" if text else ""
    return (
        f'<hp:p id="0" paraPrIDRef="0" styleIDRef="{style}" pageBreak="0" columnBreak="0" merged="0">'
        f'<hp:run charPrIDRef="0">{inner}</hp:run>'
        '<hp:linesegarray><hp:lineseg textpos="0" vertpos="0"/></hp:linesegarray></hp:p>'
    )


def hp_tbl(rows: list[list[str]], caption: str | None = None) -> str:
    cap = f"<hp:caption><hp:subList>{hp_p(caption)}</hp:subList></hp:caption>" if caption else ""
    trs = []
    for r, row in enumerate(rows):
        tcs = "".join(
            f'<hp:tc name="" header="0"><hp:subList textDirection="HORIZONTAL">{hp_p(cell)}</hp:subList>'
            f'<hp:cellAddr colAddr="{c}" rowAddr="{r}"/><hp:cellSpan colSpan="1" rowSpan="1"/></hp:tc>'
            for c, cell in enumerate(row)
        )
        trs.append(f"<hp:tr>{tcs}</hp:tr>")
    return (
        f'<hp:tbl id="1" rowCnt="{len(rows)}" colCnt="{len(rows[0])}"><hp:sz width="1" height="1"/>'
        f"{cap}{''.join(trs)}</hp:tbl>"
    )


def section_xml(body: str) -> str:
    return f"{XML_DECL}<hs:sec {NS}>{body}</hs:sec>"


HEADER_XML = (
    f'{XML_DECL}<hh:head {NS} version="1.4" secCnt="1"><hh:refList><hh:styles itemCnt="3">'
    '<hh:style id="0" type="PARA" name="바탕글" engName="Normal"/>'
    '<hh:style id="1" type="PARA" name="본문" engName="Body"/>'
    '<hh:style id="2" type="PARA" name="개요 1" engName="Outline 1"/>'
    "</hh:styles></hh:refList></hh:head>"
)


def content_hpf(n_sections: int, title: str = "") -> str:
    items = "".join(
        f'<opf:item id="section{i}" href="Contents/section{i}.xml" media-type="application/xml"/>'
        for i in range(n_sections)
    )
    refs = "".join(f'<opf:itemref idref="section{i}" linear="yes"/>' for i in range(n_sections))
    return (
        f'{XML_DECL}<opf:package xmlns:opf="http://www.idpf.org/2007/opf/" version="">'
        f"<opf:metadata><opf:title>{escape(title)}</opf:title></opf:metadata>"
        '<opf:manifest><opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>'
        f"{items}"
        f"</opf:manifest><opf:spine>{refs}</opf:spine></opf:package>"
    )


def write_hwpx(
    path: Path, sections: list[str], title: str = "", extra: dict[str, bytes] | None = None
) -> Path:
    """A minimal HWPX package laid out like Hangul's (mimetype first and stored)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/hwp+zip", compress_type=zipfile.ZIP_STORED)
        zf.writestr("version.xml", f'{XML_DECL}<hv:HCFVersion xmlns:hv="urn:x" major="5" minor="1"/>')
        zf.writestr("Contents/content.hpf", content_hpf(len(sections), title))
        zf.writestr("Contents/header.xml", HEADER_XML)
        for i, body in enumerate(sections):
            zf.writestr(f"Contents/section{i}.xml", section_xml(body))
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return path


# --------------------------------------------------------------------------- HWPX


def test_hwpx_paragraphs_tables_headings(tmp_path: Path) -> None:
    nested = hp_tbl([["내부1", "내부2"]])
    body = (
        hp_p("중소벤처기업 글로벌화 지원 대책", style=2)
        + hp_p("첫째\t둘째 문단입니다.\n줄바꿈 뒤")
        + hp_p()
        + hp_p(
            inner="<hp:t>표 앞 글</hp:t>"
            + hp_tbl([["구분", "지원내용"], ["수출바우처", "최대 1억원"]], "표 1")
        )
        + hp_p("표 다음 문단")
    )
    # A cell holding a nested table.
    body += hp_p(
        inner=(
            '<hp:tbl id="2" rowCnt="1" colCnt="2"><hp:tr>'
            f"<hp:tc><hp:subList>{hp_p('바깥 셀')}</hp:subList></hp:tc>"
            f"<hp:tc><hp:subList>{hp_p(inner=nested)}</hp:subList></hp:tc>"
            "</hp:tr></hp:tbl>"
        )
    )
    path = write_hwpx(tmp_path / "doc.hwpx", [body, hp_p("둘째 구역", style=2)], title="글로벌화 대책")
    doc = load_hwpx(path)
    assert isinstance(doc, LoadedDocument)
    assert doc.format == "hwpx" and doc.source == path
    assert [p.number for p in doc.pages] == [None, None]
    assert doc.title_hint == "글로벌화 대책"
    assert doc.marked_headings == ["중소벤처기업 글로벌화 지원 대책", "둘째 구역"]
    lines = doc.pages[0].text.split("\n")
    assert lines[:4] == ["중소벤처기업 글로벌화 지원 대책", "첫째\t둘째 문단입니다.", "줄바꿈 뒤", ""]
    text = doc.pages[0].text
    # Table kept together as a block, set off by blank lines, after the text that precedes it.
    assert "표 앞 글\n표 1\n\n구분 | 지원내용\n수출바우처 | 최대 1억원\n\n표 다음 문단" in text
    assert "바깥 셀 | 내부1 | 내부2" in text
    assert doc.pages[1].text == "둘째 구역"


def test_hwpx_seed_round_trip(tmp_path: Path) -> None:
    body = "".join(hp_p(line) for line in seed_lines())
    doc = load_hwpx(write_hwpx(tmp_path / "seed.hwpx", [body]))
    assert squash(doc.text) == squash(SEED_TXT.read_text(encoding="utf-8"))


def test_hwpx_sections_in_numeric_order(tmp_path: Path) -> None:
    doc = load_hwpx(write_hwpx(tmp_path / "many.hwpx", [hp_p(f"구역 {i}") for i in range(12)]))
    assert [p.text for p in doc.pages] == [f"구역 {i}" for i in range(12)]


def test_hwpx_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "broken.hwpx"
    path.write_bytes(b"this is not a zip at all")
    with pytest.raises(IngestError) as exc:
        load_hwpx(path)
    assert_clear_error(exc, path, "not a valid HWPX file")


def test_hwpx_truncated_zip(tmp_path: Path) -> None:
    good = write_hwpx(tmp_path / "good.hwpx", ["".join(hp_p(line) for line in seed_lines())])
    path = tmp_path / "truncated.hwpx"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(IngestError) as exc:
        load_hwpx(path)
    assert_clear_error(exc, path, "HWPX")


def test_hwpx_corrupt_member_data(tmp_path: Path) -> None:
    path = write_hwpx(tmp_path / "crc.hwpx", ["".join(hp_p(line) for line in seed_lines())])
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("Contents/section0.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 100, start + 140):  # scribble over the deflate data
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    with pytest.raises(IngestError) as exc:
        load_hwpx(path)
    assert_clear_error(exc, path, "section0.xml")


def test_hwpx_missing_section(tmp_path: Path) -> None:
    path = tmp_path / "empty.hwpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/hwp+zip")
        zf.writestr("Contents/content.hpf", content_hpf(0))
    with pytest.raises(IngestError) as exc:
        load_hwpx(path)
    assert_clear_error(exc, path, "no Contents/section*.xml")


def test_hwpx_malformed_xml(tmp_path: Path) -> None:
    path = tmp_path / "bad.hwpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("Contents/section0.xml", "<hs:sec><hp:p>unclosed")
    with pytest.raises(IngestError) as exc:
        load_hwpx(path)
    assert_clear_error(exc, path, "malformed XML")


def test_hwpx_entity_expansion_refused(tmp_path: Path) -> None:
    lol = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        f"<hs:sec {NS}><hp:p><hp:run><hp:t>&lol3;</hp:t></hp:run></hp:p></hs:sec>"
    )
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        f"<hs:sec {NS}><hp:p><hp:run><hp:t>&e;</hp:t></hp:run></hp:p></hs:sec>"
    )
    for name, payload in (("lol.hwpx", lol), ("xxe.hwpx", xxe)):
        path = tmp_path / name
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("Contents/section0.xml", payload)
        with pytest.raises(IngestError) as exc:
            load_hwpx(path)
        assert_clear_error(exc, path, "entities")


def write_ratio_bomb(path: Path, member: str) -> Path:
    """8 MB of zeros deflate to ~8 KB: a ratio of ~1000:1, tiny on disk."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr(member, b"\0" * (8 * 1024 * 1024))
    assert path.stat().st_size < 64 * 1024
    return path


def write_declared_size_bomb(path: Path, member: str) -> Path:
    """A small member whose central-directory entry claims 3 GB uncompressed."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(member, "<x/>")
    data = bytearray(path.read_bytes())
    cd = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, cd + 24, 3_000_000_000)  # uncompressed size field
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("writer", [write_ratio_bomb, write_declared_size_bomb])
def test_hwpx_zip_bomb_refused(tmp_path: Path, writer) -> None:  # type: ignore[no-untyped-def]
    path = writer(tmp_path / "bomb.hwpx", "Contents/section0.xml")
    with pytest.raises(IngestError) as exc:
        load_hwpx(path)
    assert_clear_error(exc, path, "refusing archive", "zip bomb?")


def test_hwpx_total_size_bomb_refused(tmp_path: Path) -> None:
    """Members each under the per-entry and ratio limits that add up to more than the total limit."""
    # Three entries of 90 MB (ratio 1:1, so only the total gives them away) exceed 200 MB in total.
    bigger = tmp_path / "total3.hwpx"
    with zipfile.ZipFile(bigger, "w", zipfile.ZIP_STORED) as zf:
        for i in range(3):
            zf.writestr(f"Contents/section{i}.xml", "<x/>")
    data = bytearray(bigger.read_bytes())
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) != -1:
        struct.pack_into("<II", data, pos + 20, 90_000_000, 90_000_000)
        pos += 4
    bigger.write_bytes(bytes(data))
    with pytest.raises(IngestError) as exc:
        load_hwpx(bigger)
    assert_clear_error(exc, bigger, "in total", "zip bomb?")


# --------------------------------------------------------------------------- DOCX


def make_docx(path: Path) -> Path:
    d = docx.Document()
    d.core_properties.title = "중소기업 지원사업 안내"
    d.add_heading("지원 개요", level=1)
    d.add_paragraph("중소벤처기업부는 수출 중소기업을 지원한다.")
    p = d.add_paragraph("탭\t뒤 글자")
    p.add_run().add_break(WD_BREAK.LINE)
    p.add_run("둘째 줄")
    t = d.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [["구분", "지원내용", "한도"], ["수출바우처", "해외마케팅", "1억원"], ["합계", "", ""]]
    ):
        for c, value in enumerate(row):
            t.cell(r, c).text = value
    t.cell(2, 0).merge(t.cell(2, 1))
    d.add_heading("세부 내용", level=2)
    d.add_paragraph("표 다음 문단.")
    d.save(str(path))
    return path


def test_docx_paragraphs_tables_headings_in_body_order(tmp_path: Path) -> None:
    doc = load_docx(make_docx(tmp_path / "doc.docx"))
    assert doc.format == "docx" and [p.number for p in doc.pages] == [None]
    assert doc.title_hint == "중소기업 지원사업 안내"
    assert doc.marked_headings == ["지원 개요", "세부 내용"]
    assert doc.text == (
        "지원 개요\n"
        "중소벤처기업부는 수출 중소기업을 지원한다.\n"
        "탭\t뒤 글자\n둘째 줄\n"
        "\n"
        "구분 | 지원내용 | 한도\n"
        "수출바우처 | 해외마케팅 | 1억원\n"
        "합계 | \n"  # the merged cell appears once
        "\n"
        "세부 내용\n"
        "표 다음 문단."
    )


def test_docx_korean_heading_style_names(tmp_path: Path) -> None:
    """Word in Korean shows built-in headings as "제목 N"; custom styles with those names count too."""
    d = docx.Document()
    from docx.enum.style import WD_STYLE_TYPE

    d.styles.add_style("제목 1", WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph("사업 개요", style="제목 1")
    d.add_paragraph("본문")
    path = tmp_path / "ko.docx"
    d.save(str(path))
    assert load_docx(path).marked_headings == ["사업 개요"]


def test_docx_seed_round_trip(tmp_path: Path) -> None:
    d = docx.Document()
    for line in seed_lines():
        d.add_paragraph(line)
    path = tmp_path / "seed.docx"
    d.save(str(path))
    assert squash(load_docx(path).text) == squash(SEED_TXT.read_text(encoding="utf-8"))


def test_docx_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0 an old binary .doc perhaps")
    with pytest.raises(IngestError) as exc:
        load_docx(path)
    assert_clear_error(exc, path, "not a valid DOCX file")


def test_docx_zip_without_document(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "not a word document")
    with pytest.raises(IngestError) as exc:
        load_docx(path)
    assert_clear_error(exc, path, "not a valid DOCX file")


@pytest.mark.parametrize("writer", [write_ratio_bomb, write_declared_size_bomb])
def test_docx_zip_bomb_refused(tmp_path: Path, writer) -> None:  # type: ignore[no-untyped-def]
    path = writer(tmp_path / "bomb.docx", "word/document.xml")
    with pytest.raises(IngestError) as exc:
        load_docx(path)
    assert_clear_error(exc, path, "zip bomb?")


# --------------------------------------------------------------------------- HWP 5


def test_hwp_paragraphs_tables_headings(tmp_path: Path) -> None:
    path = tmp_path / "doc.hwp"
    path.write_bytes(
        build_hwp(
            [
                [
                    Para("중소벤처기업 글로벌화 지원 대책", style=2),
                    Para("첫째\t둘째 문단입니다.\n줄바꿈 뒤"),
                    Para(""),
                    Table([["구분", "지원내용"], ["수출바우처", "최대 1억원"]], caption="표 1"),
                    Para("표 다음 문단"),
                ],
                [Para("둘째 구역", style=2)],
            ]
        )
    )
    doc = load_hwp(path)
    assert doc.format == "hwp" and [p.number for p in doc.pages] == [None, None]
    assert doc.marked_headings == ["중소벤처기업 글로벌화 지원 대책", "둘째 구역"]
    assert doc.pages[0].text == (
        "중소벤처기업 글로벌화 지원 대책\n첫째\t둘째 문단입니다.\n줄바꿈 뒤\n\n"
        "표 1\n\n구분 | 지원내용\n수출바우처 | 최대 1억원\n\n표 다음 문단"
    )
    assert doc.pages[1].text == "둘째 구역"


@pytest.mark.parametrize("flags", [FLAG_COMPRESSED, 0])
def test_hwp_seed_round_trip(tmp_path: Path, flags: int) -> None:
    """Uncompressed, the section stream is > 4 KB: it lives in regular sectors, not the mini stream."""
    path = tmp_path / "seed.hwp"
    path.write_bytes(build_hwp([[Para(line) for line in seed_lines()]], flags=flags))
    assert squash(load_hwp(path).text) == squash(SEED_TXT.read_text(encoding="utf-8"))


def test_hwp_long_paragraph_uses_extended_record_size(tmp_path: Path) -> None:
    long = "가나다라마바사" * 700  # 4900 chars → PARA_TEXT > 0xFFF bytes
    path = tmp_path / "long.hwp"
    path.write_bytes(build_hwp([[Para(long), Para("끝")]]))
    assert load_hwp(path).text == long + "\n끝"


def test_decode_para_text_controls() -> None:
    def ctrl(code: int) -> bytes:
        return struct.pack("<H", code) + b"\0" * 12 + struct.pack("<H", code)

    payload = (
        "앞".encode("utf-16-le")
        + ctrl(11)  # table anchor: dropped
        + ctrl(9)  # tab
        + ctrl(3)  # field start: dropped
        + "필드".encode("utf-16-le")
        + ctrl(4)  # field end: dropped
        + struct.pack("<H", 10)  # line break
        + struct.pack("<H", 30)  # non-breaking space
        + "𝄞".encode("utf-16-le")  # surrogate pair
        + struct.pack("<H", 13)  # paragraph end
    )
    assert decode_para_text(payload) == "앞\t필드\n 𝄞"


def test_hwp_password_protected(tmp_path: Path) -> None:
    path = tmp_path / "secret.hwp"
    path.write_bytes(build_hwp([[Para("비밀")]], flags=FLAG_COMPRESSED | FLAG_PASSWORD))
    with pytest.raises(IngestError) as exc:
        load_hwp(path)
    assert_clear_error(exc, path, "password-protected HWP")


def test_hwp_distribution_protected(tmp_path: Path) -> None:
    path = tmp_path / "배포용.hwp"
    path.write_bytes(
        build_hwp([[Para("배포")]], flags=FLAG_COMPRESSED | FLAG_DISTRIBUTION, body_storage="ViewText")
    )
    with pytest.raises(IngestError) as exc:
        load_hwp(path)
    assert_clear_error(exc, path, "distribution-protected (배포용) HWP cannot be read")


def test_hwp_viewtext_without_flag_is_distribution(tmp_path: Path) -> None:
    path = tmp_path / "view.hwp"
    path.write_bytes(build_hwp([[Para("배포")]], body_storage="ViewText"))
    with pytest.raises(IngestError) as exc:
        load_hwp(path)
    assert_clear_error(exc, path, "배포용")


def test_hwp_corrupt_ole(tmp_path: Path) -> None:
    good = build_hwp([[Para("문단")]])
    path = tmp_path / "corrupt.hwp"
    path.write_bytes(good[:512] + b"\xff" * 300)  # valid magic, garbage FAT/directory
    with pytest.raises(IngestError) as exc:
        load_hwp(path)
    assert_clear_error(exc, path, "not a valid HWP file")


def test_hwp_not_ole(tmp_path: Path) -> None:
    path = tmp_path / "plain.hwp"
    path.write_bytes("그냥 텍스트".encode())
    with pytest.raises(IngestError) as exc:
        load_hwp(path)
    assert_clear_error(exc, path, "not an OLE compound file")


def test_hwp3_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.hwp"
    path.write_bytes(b"HWP Document File V3.00 \x1a\x01\x02\x03\x04\x05" + b"\0" * 100)
    with pytest.raises(IngestError) as exc:
        load_hwp(path)
    assert_clear_error(exc, path, "HWP 3.x")


def test_hwp_unsupported_version(tmp_path: Path) -> None:
    path = tmp_path / "nosig.hwp"
    path.write_bytes(build_hwp([[Para("x")]], version=0x03000000))
    with pytest.raises(IngestError) as exc:
        load_hwp(path)
    assert_clear_error(exc, path, "unsupported HWP version")


def test_hwp_unreadable_body_falls_back_to_preview(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "damaged.hwp"
    path.write_bytes(
        build_hwp([], raw_sections=[b"\xff\xfe not deflate"], prv_text="미리보기 <표> 텍스트\r\n")
    )
    with caplog.at_level(logging.WARNING, logger="ingestion.formats.hwp"):
        doc = load_hwp(path)
    assert doc.text == "미리보기 <표> 텍스트\n"
    assert any("PrvText" in r.getMessage() and "damaged.hwp" in r.getMessage() for r in caplog.records)


def test_hwp_unreadable_body_without_preview(tmp_path: Path) -> None:
    path = tmp_path / "damaged.hwp"
    path.write_bytes(build_hwp([], raw_sections=[b"\xff\xfe not deflate"]))
    with pytest.raises(IngestError) as exc:
        load_hwp(path)
    assert_clear_error(exc, path, "unreadable")


def test_hwp_truncated_record_keeps_text_before(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    stream = section_stream([Para("앞 문단"), Para("잘린 문단")])
    cut = stream[: len(stream) - 6] + record(0x43, 1, b"")[:2]
    path = tmp_path / "cut.hwp"
    path.write_bytes(build_hwp([], raw_sections=[deflate(cut)]))
    with caplog.at_level(logging.WARNING, logger="ingestion.formats.hwp"):
        doc = load_hwp(path)
    assert doc.text.startswith("앞 문단")
    assert any("damaged" in r.getMessage() for r in caplog.records)


def test_hwp_inflate_bomb_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ingestion.formats.hwp as hwp_mod

    monkeypatch.setattr(hwp_mod, "MAX_INFLATED_BYTES", 1024 * 1024)
    path = tmp_path / "bomb.hwp"
    path.write_bytes(build_hwp([], raw_sections=[deflate(b"\0" * (4 * 1024 * 1024))]))
    with pytest.raises(IngestError) as exc:
        load_hwp(path)
    assert_clear_error(exc, path, "zip bomb?")


def test_hwpx_saved_as_hwp_is_read(tmp_path: Path) -> None:
    path = write_hwpx(tmp_path / "actually-hwpx.hwp", [hp_p("HWPX 내용")])
    doc = load_hwp(path)
    assert doc.format == "hwpx" and doc.text == "HWPX 내용"


def test_hwpx_switch_reads_one_alternative(tmp_path: Path) -> None:
    """hp:switch carries alternative renderings of the same content; reading both would duplicate text."""
    inner = (
        "<hp:switch><hp:case><hp:t>한 번만</hp:t></hp:case>"
        "<hp:default><hp:t>한 번만</hp:t></hp:default></hp:switch>"
    )
    doc = load_hwpx(write_hwpx(tmp_path / "switch.hwpx", [hp_p(inner=inner)]))
    assert doc.text == "한 번만"


def test_docx_legacy_doc_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504)
    with pytest.raises(IngestError) as exc:
        load_docx(path)
    assert_clear_error(exc, path, "Word 97-2003")


def _docx_with_doctype(tmp_path: Path, name: str, doctype: str, ref: str) -> Path:
    base = tmp_path / "base.docx"
    d = docx.Document()
    d.add_paragraph("PLACEHOLDER")
    d.save(str(base))
    path = tmp_path / name
    with zipfile.ZipFile(base) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode("utf-8")
                cut = xml.index("?>") + 2
                data = (xml[:cut] + doctype + xml[cut:]).replace("PLACEHOLDER", ref).encode("utf-8")
            zout.writestr(item.filename, data)
    return path


def test_docx_entity_expansion_refused_and_external_entities_unresolved(tmp_path: Path) -> None:
    levels = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    lol = _docx_with_doctype(tmp_path, "lol.docx", f"<!DOCTYPE w:document [{levels}]>", "&i;")
    with pytest.raises(IngestError) as exc:
        load_docx(lol)
    assert_clear_error(exc, lol, "not a valid DOCX file")

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    xxe = _docx_with_doctype(
        tmp_path, "xxe.docx", f'<!DOCTYPE w:document [<!ENTITY e SYSTEM "{secret.as_uri()}">]>', "&e;"
    )
    try:
        text = load_docx(xxe).text
    except IngestError:
        return  # refusing is fine too
    assert "TOP-SECRET" not in text
