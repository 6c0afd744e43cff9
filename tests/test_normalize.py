"""Normalisation: whitespace and middle dots only. Numbers, names and words must survive byte for byte."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from ingestion.loaders import load_document
from ingestion.normalize import normalize_document, normalize_text
from ingestion.types import LoadedDocument, PageText

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
SEED = "mss-2024-05-08-sme-globalization-measures"
NUMBER = re.compile(r"\d[\d,.]*")
PAGE_MARKER_LINE = re.compile(r"^\s*-\s*\d+\s*-\s*$", re.MULTILINE)
DOTS = re.compile("[\u2027\u00b7\u318d\u2024]")


@pytest.fixture(scope="module")
def raw_txt() -> LoadedDocument:
    return load_document(CORPORA / f"{SEED}.txt")


@pytest.fixture(scope="module")
def raw_pdf() -> LoadedDocument:
    return load_document(CORPORA / f"{SEED}.pdf")


@pytest.fixture(scope="module")
def norm_txt(raw_txt: LoadedDocument) -> LoadedDocument:
    return normalize_document(raw_txt)


@pytest.fixture(scope="module")
def norm_pdf(raw_pdf: LoadedDocument) -> LoadedDocument:
    return normalize_document(raw_pdf)


def lines_of(text: str) -> list[str]:
    return [line for line in text.split("\n") if line]


# ----------------------------------------------------------------------------------------- line rejoining


def test_word_split_across_lines_is_joined_without_space() -> None:
    assert (
        normalize_text("중소·벤처기업을 글\n로벌 경쟁시대 주역으로")
        == "중소·벤처기업을 글로벌 경쟁시대 주역으로"
    )


def test_trailing_space_means_a_word_gap() -> None:
    assert (
        normalize_text("매출 17.2배, 고용 5.1배의 \n월등한 성과를")
        == "매출 17.2배, 고용 5.1배의 월등한 성과를"
    )


def test_other_breaks_become_one_space() -> None:
    assert (
        normalize_text("매출(17.2배), 영업이익(1.8배),\n고용(5.1배)")
        == "매출(17.2배), 영업이익(1.8배), 고용(5.1배)"
    )
    assert normalize_text("support for small\nbusinesses") == "support for small businesses"


def test_korean_word_before_parenthesis_and_hyphenated_word() -> None:
    assert normalize_text("글로벌비즈니스센터\n(GBC) 등 해외거점") == "글로벌비즈니스센터(GBC) 등 해외거점"
    assert normalize_text("외국인 유학생 K-\n수출전사 육성") == "외국인 유학생 K-수출전사 육성"


def test_digits_on_both_sides_of_a_break_stay_apart() -> None:
    out = normalize_text("총 100\n200개 기업, 2024.\n5.8일")
    assert NUMBER.findall(out) == ["100", "200", "2024.", "5.8"]


def test_sentence_end_keeps_the_break() -> None:
    assert normalize_text("발표했다.\n이번 대책은") == "발표했다.\n이번 대책은"
    assert normalize_text("배경은?\n답변") == "배경은?\n답변"


@pytest.mark.parametrize(
    "structural",
    [
        "(전략 2) 수출 넘어 해외로",
        "( 전략 3 ) 해외 넘어 미래로",
        "4. 해외진출 K-글로벌 프로젝트 추진",
        "붙임1 주요 내용",
        "붙임 1. 주요 내용",
        "Q1 추진 배경은",
        "Ⅱ. 추진 과제",
        "담당 부서 글로벌성장정책관",
        "□ 수출 중소기업은",
        "◦ 그러나 중소기업의",
        "○ 또한",
        "- 성장성이 높은 기업에",
        "* 외국인 유학생을",
        "** 정보통신업",
        "➊ 내수기업의",
        "① 수출 정책을",
        "※ 참고",
        "▶ 신청 방법",
        "• 항목",
    ],
)
def test_break_before_structural_line_is_kept(structural: str) -> None:
    text = f"앞 문장이 끝나지 않고 이어지는 줄\n{structural}"
    assert normalize_text(text) == text


def test_heading_line_is_not_joined_with_the_body() -> None:
    assert (
        normalize_text("1. 수출단계별 집중 육성 체계 구축\n내수기업을")
        == "1. 수출단계별 집중 육성 체계 구축\n내수기업을"
    )


def test_bullet_continuation_is_joined() -> None:
    text = "◦ 수출 중소기업 중 84%(79,531개)가 100만달러 미만\n으로 영세한 상황"
    assert normalize_text(text) == "◦ 수출 중소기업 중 84%(79,531개)가 100만달러 미만으로 영세한 상황"


def test_number_with_dot_is_not_a_heading() -> None:
    assert normalize_text("최근 중소기업 수 \n9.4만개 내외") == "최근 중소기업 수 9.4만개 내외"


def test_indented_line_starts_a_paragraph() -> None:
    assert normalize_text("채용을 연계\n  마지막으로 원팀") == "채용을 연계\n마지막으로 원팀"


def test_line_break_between_words_keeps_a_space() -> None:
    """A break at a word boundary without a trailing space (user-written TXT) must not glue two words."""
    text = "해양드론 기업에 해외 전시회 참가비를 지원하며\n선정 기업은 20개사입니다."
    assert normalize_text(text) == "해양드론 기업에 해외 전시회 참가비를 지원하며 선정 기업은 20개사입니다."
    assert normalize_text("급변하는 대외 환경에 대응\n하고 있다.") == "급변하는 대외 환경에 대응하고 있다."


def test_blank_line_is_a_paragraph_break() -> None:
    assert normalize_text("첫 문단\n\n둘째 문단") == "첫 문단\n\n둘째 문단"
    assert normalize_text("a\n\n\n\n\nb") == "a\n\nb"


def test_page_marker_lines_are_dropped_and_the_sentence_rejoined() -> None:
    # The marker goes; the break it sat in is rejoined (Kiwi decides the spacing at the junction).
    assert normalize_text("해외\n- 7 -\n진출을 지원한다.") == "해외 진출을 지원한다."
    assert normalize_text("글\n- 7 -\n로벌화를 지원한다.") == "글로벌화를 지원한다."
    assert normalize_text("끝.\n\n\n- 12 -\n\n6. 다음 과제") == "끝.\n\n6. 다음 과제"
    assert normalize_text("- 성장성이 높은 기업") == "- 성장성이 높은 기업"  # a bullet, not a marker


# ----------------------------------------------------------------------------------------- inline rules


@pytest.mark.parametrize("dot", ["\u2027", "\u00b7", "\u318d", "\u2024"])
def test_middle_dots_are_unified(dot: str) -> None:
    assert normalize_text(f"중소{dot}벤처") == "중소·벤처"
    assert normalize_text(f"중소 {dot} 벤처기업") == "중소·벤처기업"


def test_spaces_around_middle_dot_only_between_letters() -> None:
    assert normalize_text("인력 ‧ 정보 ‧ 자금") == "인력·정보·자금"
    assert normalize_text("R&D ‧ PoC") == "R&D·PoC"
    assert normalize_text("( ‧ )") == "( · )"
    assert normalize_text("1 · 2") == "1 · 2"


def test_middle_dot_at_line_end() -> None:
    assert normalize_text("해외진출 기업들의 법률 ‧\n회계 애로해소") == "해외진출 기업들의 법률·회계 애로해소"


def test_corner_bracket_padding_and_particle() -> None:
    assert normalize_text("「 중소 」 을") == "「중소」을"
    assert (
        normalize_text("위한 「 중소 ‧ 벤처기업 글로벌화 지원 대책 」 을 5.8일")
        == "위한 「중소·벤처기업 글로벌화 지원 대책」을 5.8일"
    )
    assert normalize_text("「 대책 」 의 전략별") == "「대책」의 전략별"
    assert normalize_text("「 대책 」  주요 내용") == "「대책」 주요 내용"  # a word, not a particle
    assert normalize_text("「대책」 이 사업은") == "「대책」 이 사업은"  # 이 may be "this"


def test_whitespace_collapse_and_strip() -> None:
    assert normalize_text("  과  장 \t 김민규  \n\n\n\n  다음  ") == "과 장 김민규\n\n다음"
    assert normalize_text("a\r\nb.\rc\u00a0\u3000d\u200be") == "a b.\nc de"  # zero-width space dropped


def test_nfc_but_not_nfkc() -> None:
    decomposed = unicodedata.normalize("NFD", "한국")
    assert decomposed != "한국" and normalize_text(decomposed) == "한국"
    keep = "① ➊ A社 新 Ⅱ ㈜ 「 ％"
    assert normalize_text(keep) == keep.replace("「 ", "「")


def test_inline_rules_are_idempotent(norm_txt: LoadedDocument, norm_pdf: LoadedDocument) -> None:
    """Reflowing is not idempotent by design (it reads layout hints such as indentation that the output no
    longer has), so normalise raw loader output once; the inline rules alone must be stable."""
    for doc in (norm_txt, norm_pdf):
        for page in doc.pages:
            assert normalize_text(page.text, reflow=False) == page.text


# ------------------------------------------------------------------------------------------- seed corpus


def expected_numbers(raw: str) -> Counter[str]:
    """Number tokens of the raw text minus those on page-marker lines (the only ones we drop)."""
    markers = PAGE_MARKER_LINE.findall(raw)
    assert [m.strip() for m in markers] == ["- 7 -"]  # the seed has exactly one marker, on "page 7"
    return Counter(NUMBER.findall(PAGE_MARKER_LINE.sub("", raw)))


def test_txt_numbers_survive(raw_txt: LoadedDocument, norm_txt: LoadedDocument) -> None:
    expected = expected_numbers(raw_txt.text)
    assert Counter(NUMBER.findall(norm_txt.text)) == expected
    assert Counter(NUMBER.findall(raw_txt.text)) - expected == Counter({"7": 1})
    assert sum(expected.values()) > 90


def test_pdf_numbers_survive(raw_pdf: LoadedDocument, norm_pdf: LoadedDocument) -> None:
    for raw_page, page in zip(raw_pdf.pages, norm_pdf.pages, strict=True):
        kept = PAGE_MARKER_LINE.sub("", raw_page.text)
        assert Counter(NUMBER.findall(page.text)) == Counter(NUMBER.findall(kept)), raw_page.number
    assert Counter(NUMBER.findall(norm_pdf.text)) == expected_numbers(raw_pdf.text)


@pytest.mark.parametrize("kind", ["txt", "pdf"])
def test_only_whitespace_dots_and_markers_change(
    kind: str, raw_txt: LoadedDocument, raw_pdf: LoadedDocument
) -> None:
    """Stronger than the number check: every non-space character survives, in order."""
    raw = (raw_txt if kind == "txt" else raw_pdf).text
    out = normalize_document(raw_txt if kind == "txt" else raw_pdf).text

    def skeleton(text: str) -> str:
        text = DOTS.sub("·", unicodedata.normalize("NFC", PAGE_MARKER_LINE.sub("", text)))
        text = text.replace("\uff62", "「").replace("\uff63", "」")  # halfwidth corner brackets are unified
        return re.sub(r"\s+", "", text)

    assert skeleton(raw) == skeleton(out)


def test_txt_and_pdf_agree(norm_txt: LoadedDocument, norm_pdf: LoadedDocument) -> None:
    """The same press release in two formats normalises to the same text; the line structure differs only
    where the PDF continues a sentence on the next page (pages are kept apart for citations)."""
    txt, pdf = norm_txt.text, norm_pdf.text
    assert re.sub(r"\s+", "", txt) == re.sub(r"\s+", "", pdf)
    assert difflib.SequenceMatcher(None, txt, pdf, autojunk=False).ratio() > 0.99
    txt_lines, pdf_lines = lines_of(txt), lines_of(pdf)
    assert abs(len(txt_lines) - len(pdf_lines)) <= 2
    assert difflib.SequenceMatcher(None, txt_lines, pdf_lines, autojunk=False).ratio() > 0.9
    assert len(set(txt_lines) ^ set(pdf_lines)) <= 16


def test_seed_structure_lines(norm_txt: LoadedDocument, norm_pdf: LoadedDocument) -> None:
    for doc in (norm_txt, norm_pdf):
        lines = lines_of(doc.text)
        for heading in (
            "(전략 1) 내수 넘어 수출로",
            "(전략 4) 원팀 코리아",
            "1. 수출단계별 집중 육성 체계 구축",
            "13. 데이터 기반 성과관리 체계 구축",
            "붙임1 「중소·벤처기업 글로벌화 지원 대책」 주요 내용",
            "붙임2 「중소·벤처기업 글로벌화 지원 대책」 Q&A",
            "Q1 「중소·벤처기업 글로벌화 지원 대책」의 추진 배경은?",
            "글로벌성장정책과",
        ):
            assert heading in lines, (doc.format, heading)
        assert "- 7 -" not in doc.text
        text = doc.text
        assert "글로벌화 지원 대책」을 5.8일(수) 오전, 폴라리스오피스(서울 구로구)에서 발표했다." in text
        assert "9.4만개 내외에서 성장이 정체되어 있는 모습을 보이고 있다." in text
        assert "외국인 유학생을 글로벌 인재로 활용하도록 지원하고 해외 수출 규제 대응을 강화하는" in text
        assert "‧" not in text and " · " not in text


def test_txt_stray_blank_line_inside_sentence_is_joined(norm_txt: LoadedDocument) -> None:
    """The TXT export has single blank lines at some wraps; a filled line that does not end a sentence
    continues after it, while an indented next line still starts a paragraph."""
    assert "전문교육과정을 개설, 3년간 1,000명의 교육생을 배출하고" in norm_txt.text
    assert "채용을 연계\n\n마지막으로 ‘원팀 코리아’" in norm_txt.text


# ---------------------------------------------------------------------------------------- documents


def test_a_title_is_not_joined_with_the_paragraph_typed_on_one_line_after_it() -> None:
    """Field lines set the layout width; the title is as wide as them, but the paragraph after it (blank line or
    not) is typed on one far longer line: no layout wrapped there, so the title stays a line of its own."""
    fields = "\n".join(f"○ 항목 {n}: 총 사업비의 {n}0% 이내 지원" for n in range(1, 10))
    title = "2027년 중소기업 탄소저감 설비 전환 지원사업 공고"
    body = ("중소 제조기업의 노후 설비를 고효율 설비로 바꾸어 온실가스 배출을 줄일 수 있도록 참여기업을 다음과 같이"
            " 모집합니다.")
    for gap in ("\n", "\n\n"):
        lines = normalize_text(f"{title}{gap}{body}\n\n{fields}").split("\n")
        assert lines[0] == title and body in lines, gap
    # A wrapped sentence still rejoins: the line after the wrap is no wider than the wrapped one.
    sentence = "수출 중소기업의 해외 마케팅 비용을 지원하는 바우처 사업의\n참여기업을 모집한다."
    wrapped = normalize_text(f"{fields}\n\n{sentence}")
    assert "바우처 사업의 참여기업을 모집한다." in wrapped


def test_normalize_document_keeps_pages(raw_pdf: LoadedDocument, norm_pdf: LoadedDocument) -> None:
    assert [p.number for p in norm_pdf.pages] == [p.number for p in raw_pdf.pages]
    assert norm_pdf.source == raw_pdf.source and norm_pdf.format == "pdf"
    assert "- 7 -" in raw_pdf.pages[4].text and "- 7 -" not in norm_pdf.pages[4].text
    assert norm_pdf.pages[4].text.startswith("보호무역주의, 수출규제 대응을 위해")
    assert norm_pdf.title_hint == "중소·벤처기업 글로벌화 지원 대책 (보도자료)"


def test_normalize_document_does_not_reflow_html() -> None:
    doc = LoadedDocument(
        source=Path("x.html"),
        format="html",
        pages=[PageText(None, "「 중소 ‧ 벤처 」 지원\n\n항목 하나\n항목 둘\n  들여쓴 줄")],
        title_hint="중소 ‧ 벤처  공고",
        marked_headings=["「 중소 ‧ 벤처 」 지원", "  "],
    )
    out = normalize_document(doc)
    assert out.text == "「중소·벤처」 지원\n\n항목 하나\n항목 둘\n  들여쓴 줄"
    assert out.marked_headings == ["「중소·벤처」 지원"]
    assert out.marked_headings[0] in out.text.split("\n")
    assert out.title_hint == "중소·벤처 공고"
    assert doc.pages[0].text.startswith("「 중소")  # input untouched (frozen dataclasses)


def test_halfwidth_corner_brackets_become_fullwidth() -> None:
    assert normalize_text("위한 \uff62 중소 ‧ 벤처 \uff63 을") == "위한 「중소·벤처」을"


def test_jamo_typed_as_bullets_become_the_bullets() -> None:
    text = normalize_text("□ 사업 개요\n ㅇ 지원 규모 : 35개사\nㅁ 문의처\n ㅇ 인증팀 ☎ 051-555-8120", reflow=False)
    assert text.splitlines() == ["□ 사업 개요", " ○ 지원 규모 : 35개사", "□ 문의처", " ○ 인증팀 ☎ 051-555-8120"]
    assert normalize_text("ㅇㅇ기업과 ㅁㅁ사는 제외") == "ㅇㅇ기업과 ㅁㅁ사는 제외"  # placeholders, not bullets


def test_a_space_aligned_table_becomes_rows_and_lines_that_do_not_line_up_stay() -> None:
    """A text export lays a schedule out in columns of spaces; its rows become " | " rows, as the other loaders
    write tables, so "협약 체결" is a row label with its date. Lines that only hold a wide gap somewhere
    ("붙임 1. 「…」  주요 내용") are no table."""
    schedule = ("  구분                  기간\n"
                "  온라인 신청·접수       2028. 4. 3.(월) 09:00 ~ 4. 12.(수) 18:00\n"
                "  협약 체결             2028. 5. 22.(월) ~ 6. 2.(금)\n")
    assert normalize_text(schedule).split("\n") == [
        "구분 | 기간", "온라인 신청·접수 | 2028. 4. 3.(월) 09:00 ~ 4. 12.(수) 18:00",
        "협약 체결 | 2028. 5. 22.(월) ~ 6. 2.(금)"]
    cover = "붙임 1. 「중소기업 지원 대책」  주요 내용\n2. 「중소기업 지원 대책」  Q&A\n"
    assert " | " not in normalize_text(cover)


def test_the_line_after_a_notice_number_is_a_title_joined_with_nothing() -> None:
    """A notice's title follows its number. Filled to the layout width and followed by a blank line, it looked like
    a sentence a stray blank line had cut, and the paragraph after it was glued on."""
    wrapped = "\n".join(["수출 초보 중소기업의 수출 실무와 해외 마케팅 역량을 높이기 위하여 다음과 같이 모집",
                         "하고자 하오니 관심 있는 기업의 많은 신청을 바랍니다. 세부 내용은 아래를 참고하시기"] * 5)
    text = ("한빛개발원 공고 제2028-9호\n\n2028년 수출기업 역량강화 교육 컨설팅 바우처 지원사업 참여기업 모집 공고\n\n"
            f"{wrapped}\n")
    lines = normalize_text(text).split("\n")
    assert "2028년 수출기업 역량강화 교육 컨설팅 바우처 지원사업 참여기업 모집 공고" in lines, lines[:4]


def test_korean_lettered_items_are_not_joined_but_a_word_wrapped_before_da_is() -> None:
    """가. / 나. / 다. open the items of a section; a wrapped item still takes its own next line, and a "다." that
    ends a word a layout wrapped (있습니 / 다.) is not an item."""
    text = ("6. 제출 서류\n가. 사업신청서 및 사업계획서(소정 양식) 1부\n나. 사업자등록증 사본 1부\n"
            "다. 중소기업 확인서 1부\n\n"
            "가. 지원 대상: 공고일 현재 비솔도에 본사 또는\n공장을 둔 중소기업\n나. 둘째 항목\n\n"
            "안내를 받으면 누구나 참여할 수 있습니\n다. 그리고 이어집니다.")
    lines = normalize_text(text).splitlines()
    assert "가. 사업신청서 및 사업계획서(소정 양식) 1부" in lines and "나. 사업자등록증 사본 1부" in lines
    assert "가. 지원 대상: 공고일 현재 비솔도에 본사 또는 공장을 둔 중소기업" in lines and "나. 둘째 항목" in lines
    assert "안내를 받으면 누구나 참여할 수 있습니다. 그리고 이어집니다." in lines


def test_the_next_lettered_item_after_bullet_lines_opens_a_line() -> None:
    """"나. …" after the "○" lines of item "가." opens the next item; a "다." that ends a wrapped word of a
    paragraph still joins it."""
    from ingestion.normalize import normalize_text

    text = normalize_text("가. 디자인 개발 지원\n○ 지원 한도: 4,000만원\n○ 지원 비율: 80%\n"
                          "나. 해외 규격 획득 지원\n○ 지원 한도: 2,500만원")
    assert text.split("\n")[3] == "나. 해외 규격 획득 지원"
    wrapped = normalize_text("가. 개요\n본문이 길게 이어지다가 여기서 줄이 바뀌었습니\n다. 그래서 이어진다")
    assert "바뀌었습니다. 그래서" in wrapped
