"""Mechanisms of the answering pipeline that must hold on any notice: Latin words matched as words, English
loanwords written in Hangul, a correction notice answering only what it corrects, a name given as context that the
notice states in another section, and FAQ entries answered by the lines under them. The corpus is generated here
(fictional, marked as a fixture); nothing is taken from an evaluation set."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from conftest import bot_over, ingested_bot

from bot.answering.config import AnswerConfig
from bot.answering.decide import (
    decide_evidence,
    decide_figure_year,
    decide_parts,
    decide_phone_owner,
    decide_program,
)
from bot.answering.evidence import Candidate, DocInfo, score_candidates, with_header
from bot.answering.fact_types import HAS_DATE, HAS_DURATION, HAS_MONEY, HAS_SHARE, answer_types
from bot.answering.faq import answers_for_entries, is_question_line
from bot.answering.fields import asked_fields, date_fields_of_action, notice_fields
from bot.answering.items import names_case
from bot.answering.prepare import asks_change, prepare
from bot.answering.render import CitationBuilder, render_answer, without_edition_notes
from bot.answering.select import amends_only, candidate_from_chunk, pick, with_conditions
from bot.answering.stated import unmet_fields, unmet_types
from bot.answering.support import Haystack, holds, loanwords, unsupported
from bot.concepts import (
    Concept,
    deixis_years,
    head_concept,
    question_concepts,
)
from bot.models import Turn
from bot.noun_phrases import compounds_of, head_modifier
from bot.retrieval import Passage
from bot.service import PolicyBot
from bot.subjects import english_objects, program_words
from bot.vocab import word_set
from ingestion.index import StoredChunk
from ingestion.notice import guess_title, table_field
from ingestion.structure import detect_sections

FIXTURE_NOTE = "※ 이 문서는 테스트용 가상 공고입니다 (test fixture)."

NOTICE = f"""{FIXTURE_NOTE}
산림청 공고 제2026-9호
2026년 숲길 관광상품 개발 지원사업 공고
2026. 1. 12.

1. 사업 개요
○ 사업 목적: 지역 숲길을 활용한 관광상품 개발 지원
○ 지원 규모: 40개사 내외

2. 지원 대상
○ 신청 자격: 관광사업자 등록을 마친 중소기업
○ 지원 제외: 최근 2년 이내 같은 상품으로 지원받은 기업
※ 단, 같은 상품이라도 운영 지역이 다르면 신청할 수 있음

3. 지원 내용
○ 지원 한도: 기업당 최대 4천만원
○ 인정 인증: ISO 21401(지속가능 관광), 녹색관광 인증

4. 신청 기간 및 방법
○ 신청 기간: 2026. 2. 2.(월) ~ 2. 20.(금) 18:00
○ 신청 방법: 숲길지원 포털(www.forestpath.example) 온라인 접수

5. 선정 절차
○ 절차: 신청 → 서면 평가 → 현장 점검 → 협약 (4단계)
○ 결과 발표: 2026. 3. 30.(월)

6. 문의처
○ 숲길관광팀 (042-555-0300)
"""

CORRECTION = f"""{FIXTURE_NOTE}
산림청 공고 제2026-15호
「2026년 숲길 관광상품 개발 지원사업 공고」 정정 공고
2026. 2. 6.

1. 정정 내용
○ 신청 기간: (당초) 2026. 2. 2.(월) ~ 2. 20.(금) → (정정) 2026. 2. 2.(월) ~ 2. 27.(금)

2. 기타
○ 정정 내용 외의 사항은 당초 공고와 같음
"""

FAQ = f"""{FIXTURE_NOTE}

# 숲길 관광상품 지원사업 자주 묻는 질문

## Q1. 개인사업자도 신청할 수 있나요?

네, 관광사업자 등록을 마친 개인사업자도 신청할 수 있습니다. 다만, 휴업 중인 사업자는 신청할 수 없습니다.

## Q2. 지원금은 언제 받나요?

협약 후 상품 개발을 마치고 결과보고서를 내면 30일 안에 지급합니다.

## Q3. 신청 마감이 연장될 수도 있나요?

현재로서는 연장 계획이 없습니다. 신청 기간은 2026. 2. 2.부터 2. 20. 18:00까지입니다.
"""


@pytest.fixture(scope="module")
def forest_bot(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    docs = tmp_path_factory.mktemp("forest")
    (docs / "forest-2026.txt").write_text(NOTICE, "utf-8")
    (docs / "forest-2026-correction.txt").write_text(CORRECTION, "utf-8")
    (docs / "forest-faq.md").write_text(FAQ, "utf-8")
    return ingested_bot(docs, tmp_path_factory.mktemp("forest-index"))


def test_latin_forms_are_matched_as_words() -> None:
    text = Haystack("신청: 해외인증 통합시스템(www.certleap.example) · CE(유럽) 인증 · test fixture")
    assert text.has("CE") and text.has("ce") and text.has("test")
    assert not text.has("leap") and not text.has("cert") and not text.has("fix")
    assert Haystack("수출 바우처").has("수출바우처")  # Korean forms still ignore spaces
    name = Concept("kc", ("kc",), specific=True)
    assert unsupported([name], "www.kcert.example 에서 신청") == [name]
    assert unsupported([name], "KC 인증 대상") == []


def test_a_korean_form_is_no_syllables_read_across_two_morphemes() -> None:
    """"기한" (deadline) is not inside "포기한" (포기 + 한, "gave up") nor "통관한" (통관 + 한); a word compounded
    into a longer one still is ("바우처" of 수출바우처), also where Kiwi splits the compound elsewhere."""
    deadline = Concept("기한", ("기한",), specific=False)
    gave_up = "다. 신청 제외: 협약을 중도 포기한 기업, 휴업 중인 기업"
    assert unsupported([deadline], gave_up) == [deadline]
    assert unsupported([deadline], "수출 통관한 날부터 30일") == [deadline]
    assert unsupported([deadline], gave_up + "\n가. 신청 기한: 3. 19.(금)") == []
    assert Haystack("수출바우처 사업 안내").has("바우처") and Haystack("신청기한은 3월").has("기한")
    assert Haystack("팬미팅을 열었다").has("미팅") and Haystack("해외 특허출원 비용").has("출원")
    assert Haystack("마렌디아전파인증 절차").has("전파인증")  # Kiwi: 마렌디아전파 + 인증


def test_english_words_written_in_hangul_are_loanwords() -> None:
    concepts = question_concepts("Which kiosk takes the booking?")
    unknown = {c.label for c in concepts if not c.checkable}
    found = loanwords(concepts, "접수는 현장 키오스크에서 받습니다")
    assert found and found <= unknown
    assert not loanwords(question_concepts("How do I renew a driving licence?"), "운전면허 갱신 안내")


def test_an_english_word_counts_where_the_evidence_is_english() -> None:
    built = Concept("built", ("구축", "건설"), specific=False)
    assert holds(built, Haystack("Laptops with built-in batteries follow from 1 January 2027."))
    assert not holds(built, Haystack("완제품에 내장된 배터리는 휴대용 컴퓨터만 대상임"))
    assert unsupported([built], "Laptops with built-in batteries follow later.") == []


def test_unknown_english_words_the_evidence_lacks_count_as_absent() -> None:
    """With a lexicon of the domain, a word it does not know ("solar", "panels") is most often from outside the
    documents: absent unless the evidence holds it as written (an English summary) or in Hangul."""
    question = "What does Arven require for importing solar panels?"
    concepts = question_concepts(question)
    unknown = {c.label for c in concepts if not c.checkable}
    assert {"solar"} <= unknown
    evidence = ("아르벤 공화국은 수입 화장품에 현지어 라벨을 요구함. "
                "From 1 October, cosmetics imported into Arven need labels.")
    config = AnswerConfig()
    decision = decide_evidence(concepts, unsupported(concepts, evidence), 0.9, "en", None, 1.0, config,
                               loanwords=loanwords(concepts, evidence))
    assert decision.abstain and "solar" in decision.missing
    english = evidence + " Solar panels need a KC-style import test."
    assert {"solar"} <= loanwords(concepts, english)
    held = decide_evidence(concepts, unsupported(concepts, english), 0.9, "en", None, 1.0, config,
                           loanwords=loanwords(concepts, english))
    assert not held.abstain, held


def test_function_word_list_holds_words_only() -> None:
    words = word_set("function_words_en.txt")
    assert all(re.fullmatch(r"[a-z]+(?:'[a-z]+)?", w) for w in words), sorted(
        w for w in words if not re.fullmatch(r"[a-z]+(?:'[a-z]+)?", w))
    assert {"through", "own", "the", "what"} <= words


def test_question_lines_and_corrections_are_recognised() -> None:
    assert is_question_line("## Q1. 개인사업자도 신청할 수 있나요?")
    assert not is_question_line("○ 신청 기간: 2026. 2. 2. ~ 2. 20.")
    correction = DocInfo("c", "「2026년 숲길 지원사업 공고」 정정 공고", "2026-02-06", "숲길", "notice")
    assert amends_only(correction, "숲길 지원사업 지원 한도는?")
    assert not amends_only(correction, "숲길 지원사업 정정 공고에서 바뀐 내용은?")
    assert not amends_only(DocInfo("n", "2026년 숲길 지원사업 공고", "2026-01-12", "숲길", "notice"), "한도는?")


def test_a_correction_answers_only_what_it_corrects(forest_bot: PolicyBot) -> None:
    deadline = forest_bot.answer("숲길 관광상품 지원사업 신청 마감일은?")
    assert "2. 27." in deadline.text, deadline.text  # the correction's field
    # A FAQ entry asking about the deadline ("Q3. 신청 마감이 연장될 수도 있나요?") does not make its lines the
    # 신청 기간 field: the notice and its correction state the field.
    until = forest_bot.answer("숲길 관광상품 지원사업 신청 마감이 언제까지예요?")
    assert "2. 27." in until.text, until.text
    steps = forest_bot.answer("2026년 숲길 관광상품 지원사업은 어떤 절차로 선정하나요?")
    assert steps.outcome == "answered" and "현장 점검" in steps.text, steps.text
    assert all("정정" not in c.doc_title for c in steps.citations), steps.citations


def test_a_name_given_as_context_is_found_in_another_section(forest_bot: PolicyBot) -> None:
    answer = forest_bot.answer("2년 전에 ISO 21401 상품으로 지원받았는데 운영 지역이 다르면 다시 신청할 수 있나요?")
    assert answer.outcome == "answered", answer.text
    assert "운영 지역이 다르면 신청할 수 있음" in answer.text


def test_the_askers_own_situation_is_a_clause_apart() -> None:
    def told(question: str) -> list[str]:
        return [c.label for c in question_concepts(question) if c.background]

    assert told("저희 공장이 강릉에 있으면 지원 한도가 달라요?") == ["공장", "강릉"]
    assert told("작년에 이미 선정됐는데 올해도 신청 가능한가요?") == ["선정"]  # 작년 is no concept
    # A sentence told before the question; a question before another is no situation.
    assert told("저희는 강릉에 있어요. 숲길 사업 한도가 얼마예요?") == ["강릉"]
    assert told("한도는 얼마예요? 마감일은 언제예요?") == []
    # The clause itself asks, or nothing follows it that names what is asked.
    assert told("숲길 상품은 어디에 물어보면 돼요?") == []
    assert told("지원금을 현물로 받아도 되나요?") == []
    # After a present action, -는데 says what the asking is for ("인증 받는데 비용이 얼마 들어요?").
    assert told("녹색관광 인증 받는데 비용이 얼마나 들어요?") == []
    # An encyclopedic question tells no situation of its asker: its clauses identify the answer.
    assert told("성문이 닫혀서 군대는 어느 길로 들어갔습니까?") == []
    assert told("If the deadline is extended, when do results come out?") == []  # no first person
    assert told("We were selected last year. Can we apply again?") == ["selected"]  # "last year": no concept


def test_a_place_in_the_askers_situation_need_not_be_in_the_notice(forest_bot: PolicyBot) -> None:
    answer = forest_bot.answer("저희 회사가 강릉에 있는데 숲길 관광상품 지원사업 지원 한도가 얼마예요?")
    assert answer.outcome == "answered", answer.text
    assert "4천만원" in answer.text, answer.text
    # The situation names another program, and the rest of the question names none: the notice's limit is not
    # that program's.
    other = forest_bot.answer("저희가 수출바우처 사업에 선정됐는데 지원 한도가 얼마예요?")
    assert other.outcome == "abstained", other.text
    # In English: statements before the question, or an opening "If …," clause, in the first person.
    for told in ("Our company is based in Daegu. What is the support limit for tourism products?",
                 "If our company is in Daegu, what is the support limit for tourism products?"):
        english = forest_bot.answer(told)
        assert english.outcome == "answered" and "4천만원" in english.text, (told, english.text)
    assert forest_bot.answer("What is the support limit for tourism products in Daegu?").outcome == "abstained"
    # Asked about the place itself, the notice holds nothing.
    asked = forest_bot.answer("숲길 관광상품 지원사업의 강릉 지역 담당자는 누구예요?")
    assert asked.outcome == "abstained", asked.text


def lines_chunk(lines: list[str], title: str, section: tuple[str, ...] = ()) -> StoredChunk:
    """One stored chunk whose sentences are ``lines``, as the index gives it back."""
    spans, start = [], 0
    for line in lines:
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return StoredChunk(f"{title}-0", title, "\n".join(lines), section, (), tuple(spans),
                       {"chunk_index": 0, "title": title})


def line_candidates(lines: list[str], title: str) -> list[Candidate]:
    """Each of ``lines`` as a candidate sentence of one chunk of a document titled ``title``."""
    chunk = lines_chunk(lines, title)
    return [candidate_from_chunk(chunk, i) for i in range(len(lines))]


def ranked_lines(question: str, lines: list[str], title: str) -> list[str]:
    """``lines`` (one chunk of a document titled ``title``) as evidence scores them for ``question``, best first,
    with every sentence equally similar: what orders them is the words they hold and the fields they state."""
    prepared = prepare(question, [], True, this_year=2026)
    chunk = lines_chunk(lines, title)
    passage = Passage(chunk=chunk, score=1.0, dense_rank=0, keyword_rank=0)
    vectors = {chunk.chunk_id: np.zeros((len(lines), 384), dtype=np.float32)}
    return [c.text for c in score_candidates(prepared, [passage], vectors, np.zeros(384, dtype=np.float32),
                                             AnswerConfig())]


def test_a_faq_answer_keeps_to_the_entry_of_its_best_sentence() -> None:
    lines = ["## Q1. 두 사업을 함께 지원받을 수 있나요?", "두 사업에 모두 참여할 수 있습니다.",
             "다만, 같은 비용을 두 사업에서 받을 수는 없습니다.", "## Q2. 해외 법인 명의 비용도 되나요?", "아니요.",
             "국내 법인 명의 비용만 지원합니다."]
    chunk = lines_chunk(lines, "FAQ", ("FAQ",))
    line = [candidate_from_chunk(chunk, i) for i in range(len(lines))]
    # The best sentence is under Q1; Q2's question line came second: its "아니요." answers another question.
    chosen = [replace(line[2], score=1.0), replace(line[3], score=0.9)]
    answer = [c.text for c in answers_for_entries(chosen, [], [chunk], AnswerConfig())]
    assert answer == [lines[1], lines[2]], answer
    # Chosen alone, an entry's question line still brings its own lines.
    alone = [c.text for c in answers_for_entries([replace(line[3], score=1.0)], [], [chunk], AnswerConfig())]
    assert alone == [lines[4], lines[5]], alone
    # Reached through one of its facts, the entry was not matched as the question asked: its "아니요." answered
    # its own question, so it goes; matched (``faq_answer``), it stays.
    through_fact = [replace(line[5], score=1.0)]
    assert [c.text for c in answers_for_entries(through_fact, [], [chunk], AnswerConfig())] == [lines[5]]
    matched = answers_for_entries(through_fact, [], [chunk], AnswerConfig(), matched=True)
    assert [c.text for c in matched] == [lines[4], lines[5]]


def test_a_year_named_from_today_is_no_concept() -> None:
    labels = [c.label for c in question_concepts("작년 숲길 사업 담당 연락처가 뭐였죠? 올해도 같나요? 내년에는요?")]
    assert "작년" not in labels and "올해" not in labels and "내년" not in labels
    assert "숲길" in labels and "담당" in labels
    assert "2025" in [c.label for c in question_concepts("2025년 숲길 사업 한도")]  # a written year stays
    assert [c.label for c in question_concepts("What was the support limit last year?")] == ["limit"]
    assert "next" in [c.label for c in question_concepts("What is the next step?")]  # no year: a word


def test_a_field_word_as_the_asked_noun_is_answered_by_the_field_line(forest_bot: PolicyBot) -> None:
    # "담당" is in no line of the notice; its 문의처 line ("○ 숲길관광팀 (…)") answers what is asked.
    answer = forest_bot.answer("작년 숲길 관광상품 지원사업 담당 연락처가 뭐였죠?")
    assert answer.outcome == "answered" and "042-555-0300" in answer.text, answer.text


def test_a_field_word_beside_the_asked_noun_is_answered_by_the_field_line(forest_bot: PolicyBot) -> None:
    """"담당 팀 전화번호" asks for the 문의처 line: "담당" only says which field, wherever it stands in the question,
    and the notice need not write it (its line is "○ 숲길관광팀 (…)")."""
    answer = forest_bot.answer("숲길 관광상품 지원사업 담당 팀 전화번호 좀")
    assert answer.outcome == "answered" and "042-555-0300" in answer.text, answer.text
    # The notice gives no e-mail: the e-mail address asked for is a kind of answer the field line does not state.
    mail = forest_bot.answer("숲길 관광상품 지원사업 담당 부서 메일 주소 알려줘")
    assert mail.outcome == "abstained" and mail.missing_terms == ["이메일 주소"], mail.text


def test_a_mail_asked_for_is_the_notices_e_mail_line() -> None:
    mail = next(c for c in question_concepts("메일 주소도 있어?") if c.label == "메일")
    assert holds(mail, Haystack("- 전자우편 : shift@greenshift.example"))
    assert not holds(mail, Haystack("- 전화 : 052-555-0394"))


def test_a_year_naming_an_edition_is_no_date_that_answers() -> None:
    lines = ["※ 단, 2025년 숲길관광상품 지원사업에 참여한 기업은 정산을 마쳐야 함", "이 제도는 2027년부터 시행함",
             "2027년 시행 예정"]
    edition, from_year, bare = line_candidates(lines, "2026년 숲길관광상품 지원사업 공고")
    prepared = prepare("숲길관광상품 지원금은 언제 나와요?", [], True)
    assert HAS_DATE in prepared.wanted
    assert unmet_types(prepared, [replace(edition, covers=frozenset({"지원금"}))]) == [HAS_DATE]
    assert unmet_types(prepared, [replace(from_year, covers=frozenset({"지원금"}))]) == []
    assert unmet_types(prepared, [replace(bare, covers=frozenset({"지원금"}))]) == []  # 시행: no title word of 3+


def test_a_phone_asked_of_a_named_office_is_written_beside_that_name() -> None:
    lines = ["○ 한빛진흥원(HBA) 해외규제팀 (02-555-7731)", "○ HBA 세리토 무역관 (현지 지원)"]
    chunk = lines_chunk(lines, "수출 규제 안내", ("문의처",))
    chosen = [candidate_from_chunk(chunk, 0), candidate_from_chunk(chunk, 1)]
    office, agency = question_concepts("HBA 세리토 무역관 전화번호 알려주세요")[:2]
    assert {office.label, agency.label} == {"hba", "세리토"}, (office, agency)
    asked = "HBA 세리토 무역관 전화번호 알려주세요"
    assert decide_phone_owner(asked, [office, agency], chosen, "ko").abstain  # 02-555-7731 is 해외규제팀's
    hba = [c for c in (office, agency) if c.label == "hba"]
    assert not decide_phone_owner("HBA 전화번호 알려주세요", hba, chosen, "ko").abstain
    assert not decide_phone_owner("세리토 무역관 위치", [office, agency], chosen, "ko").abstain  # no phone asked


def test_a_faq_entry_is_answered_by_the_lines_under_it(forest_bot: PolicyBot) -> None:
    answer = forest_bot.answer("개인사업자인데 숲길 관광상품 지원사업 신청 가능해요?")
    assert answer.outcome == "answered", answer.text
    assert "개인사업자도 신청할 수 있습니다" in answer.text and "휴업" in answer.text, answer.text
    assert "## Q1" not in answer.text  # the entry itself states nothing


def test_field_labels_the_vocabulary_does_not_list_whole() -> None:
    fields = {f.name: f for f in notice_fields()}
    assert fields["결과발표"].labels_line("선정 통보")  # 선정(결과) + (결과)통보
    assert fields["신청기간"].labels_line("접수 일정")
    assert not any(f.labels_line("지원 사업") for f in fields.values())  # ends with no field's head word


def test_a_label_names_the_field_whose_label_fits_it_best() -> None:
    """"제외 대상" holds 대상 (a label of 지원대상) but is 제외대상's line; "지원 대상" is built of 제외대상's words
    (지원제외, 제외대상) but is 지원대상's own label; a correction's "정정 대상" is the notice it corrects."""
    fields = {f.name: f for f in notice_fields()}

    def naming(label: str) -> list[str]:
        return [name for name, f in fields.items() if f.labels_line(label)]

    assert naming("제외 대상") == ["제외대상"] and naming("지원 제외 대상") == ["제외대상"]
    assert naming("지원 대상") == ["지원대상"] and naming("신청 자격") == ["지원대상"]
    assert naming("정정 대상") == [] and naming("변경 사유") == []
    assert sorted(naming("지원 내용 및 한도")) == ["지원내용", "지원한도"]  # two fields, neither more precise


def test_a_time_word_is_a_word_not_syllables_inside_another() -> None:
    assert HAS_DATE in answer_types("숲길 사업 지원금 지급 시기는?")
    assert HAS_DATE not in answer_types("숲길 사업 표시기준이 바뀐 상품도 해당돼요?")  # 표시+기준, no 시기


def test_a_date_asked_of_the_main_verb_names_its_field() -> None:
    assert [f.name for f in date_fields_of_action(question_concepts("언제까지 신청해야 하나요?"))] == ["신청기간"]
    # "선정되면 … 체결해야": the date is of 체결, which no date field is about.
    assert date_fields_of_action(question_concepts("선정되면 협약은 언제까지 체결해야 돼요?")) == ()
    # An action of the asker's situation is not what the date is of; a one-syllable noun (돈) names what is asked.
    assert date_fields_of_action(question_concepts("정산 신청하고 나면 돈은 언제 들어와요?")) == ()


def test_absent_concepts_with_sentences_that_cover_little_of_the_question_abstain() -> None:
    """"Is there a corporate tax credit for companies that join the program?" against an FAQ line about
    companies: tax and credit are absent and the best sentence covers a quarter of the question."""
    concepts = [Concept(label, (form,), specific=False) for label, form in
                (("corporate", "법인"), ("tax", "세금"), ("credit", "세액공제"), ("join", "참여"), ("export", "수출"),
                 ("logistics", "물류"))]
    missing = [c for c in concepts if c.label in ("tax", "credit")]
    config = AnswerConfig()
    off_topic = decide_evidence(concepts, missing, 0.82, "en", concepts[0], 0.25, config)
    assert off_topic.abstain and set(off_topic.missing) == {"tax", "credit"}
    # The asked notice field ("○ 문의처: …") states its answer in few words: it is not held against it.
    assert not decide_evidence(concepts, missing, 0.82, "en", concepts[0], 0.25, config, field_stated=True).abstain
    assert not decide_evidence(concepts, missing, 0.82, "en", concepts[0], 0.6, config).abstain


def test_a_phone_call_or_a_person_to_ask_is_the_contact_field() -> None:
    for asked in ("숲길 사업 포털이 멈추면 어디로 전화하면 돼요?", "정산하다 막히면 어디에 물어보면 돼요?"):
        assert "문의처" in [f.name for f in asked_fields(asked)], asked
    assert "문의처" not in [f.name for f in asked_fields("숲길 사업 지원 한도는 얼마예요?")]
    # Being reached ("연락 줘요?", "전화 오나요?") asks whether the asker is told, not whom to call.
    for told in ("현장 점검 오기 전에 미리 연락 줘요?", "선정되면 전화 오나요?", "결과 나오면 연락해 주나요?"):
        assert "문의처" not in [f.name for f in asked_fields(told)], told
    assert "문의처" in [f.name for f in asked_fields("숲길 사업은 어디로 연락 드리면 돼요?")]


SETTLEMENT_NOTICE = f"""{FIXTURE_NOTE}
2026년 갯벌 체험상품 지원사업 공고
2026. 1. 5.

1. 지원 내용
○ 지원 한도: 기업당 최대 3천만원

2. 문의처
○ 갯벌관광팀: 061-555-0400
○ 정산 문의: 061-555-0405
"""

SETTLEMENT_EXTENSION = f"""{FIXTURE_NOTE}
「2026년 갯벌 체험상품 지원사업 공고」 신청 기간 연장 공고
2026. 2. 9.

1. 연장 내용
○ 신청 기간: (당초) 2026. 2. 2. ~ 2. 13. → (연장) 2026. 2. 2. ~ 2. 27.
○ 최종 정산 마감일은 당초 공고와 같음

2. 문의처
○ 갯벌관광팀: 061-555-0400
"""


def test_a_newer_edition_answers_a_field_only_with_a_line_as_specific(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The extension is newer and has a contact line, but only the first notice's line names 정산."""
    docs = tmp_path_factory.mktemp("tidal")
    (docs / "tidal-2026.txt").write_text(SETTLEMENT_NOTICE, "utf-8")
    (docs / "tidal-2026-extension.txt").write_text(SETTLEMENT_EXTENSION, "utf-8")
    bot = ingested_bot(docs, tmp_path_factory.mktemp("tidal-index"))
    answer = bot.answer("갯벌 체험상품 지원 정산 문의는 어디로 하나요?")
    assert answer.outcome == "answered" and "061-555-0405" in answer.text, answer.text
    general = bot.answer("갯벌 체험상품 지원사업 문의처 알려주세요")  # the general line: the newest edition
    assert general.outcome == "answered" and "061-555-0400" in general.text, general.text


def test_a_time_counted_from_an_event_answers_when(forest_bot: PolicyBot) -> None:
    assert HAS_DATE.search("결과보고서를 내면 30일 안에 지급합니다") and HAS_DATE.search("paid within 30 days")
    assert not HAS_DATE.search("사업 기간은 6개월입니다")  # a length, not a time
    answer = forest_bot.answer("숲길 관광상품 지원금은 결과보고서 내면 언제 지급돼요?")
    assert answer.outcome == "answered" and "30일 안에" in answer.text, answer.text


def test_the_time_asked_for_is_the_kind_of_answer_not_a_word_to_find(forest_bot: PolicyBot) -> None:
    time_word = next(c for c in question_concepts("숲길 사업 신청 마감 시간이 몇 시예요?") if c.label == "시간")
    assert time_word.asked and not time_word.specific
    answer = forest_bot.answer("숲길 관광상품 지원사업 신청 마감 시간이 몇 시예요?")  # the line says 18:00, not 시간
    assert answer.outcome == "answered" and "18:00" in answer.text, answer.text


def test_a_period_counted_back_from_today_is_no_concept() -> None:
    labels = [c.label for c in question_concepts("그동안 팔던 숲길 상품 재고는 요즘 바뀐 기준에도 팔 수 있어요?")]
    assert "그동안" not in labels and "요즘" not in labels and "재고" in labels, labels


def test_a_date_field_named_as_a_reference_point_is_not_asked() -> None:
    def names(question: str) -> list[str]:
        return [f.name for f in asked_fields(question)]

    assert "시행일" not in names("숲길 표시 기준 시행 후에도 언제까지 팔 수 있어요?")  # the sale's date
    assert "신청기간" not in names("신청 마감 전에 서류를 바꿀 수 있나요?")
    assert "결과발표" not in names("결과 발표 이후 협약은 언제 해요?")
    assert "시행일" in names("숲길 표시 기준 시행일이 언제예요?")
    assert "신청기간" in names("신청 마감은 언제예요?") and "신청기간" in names("마감 전날까지 내면 되나요?")


def test_a_table_rows_cells_are_statements_apart() -> None:
    """"총 사업비의 65%" names the field's word and "1억원" is an amount, but in two columns of one row: the row
    does not state the 사업비 as 1억원."""
    budget = next(f for f in notice_fields() if f.name == "예산")
    prepared = prepare("숲길 사업 고도화 단계 예산은 얼마예요?", [], True)
    word = next(c for c in prepared.concepts if c.label == "예산")
    prepared = replace(prepared, fields=(budget,), field_cued=((word, budget),))
    lines = ["구분 | 지원 비율 | 기업당 한도", "고도화 단계 | 총 사업비의 45% | 2억원", "○ 숲길 사업비: 총 30억원"]
    chunk = lines_chunk(lines, "2026년 숲길 사업 공고")
    row, line = candidate_from_chunk(chunk, 1), candidate_from_chunk(chunk, 2)
    assert not row.field_match and not line.field_match
    assert unmet_fields(prepared, [row]) == ["예산"]
    assert unmet_fields(prepared, [line]) == []  # the word and its amount in one statement


def test_who_cannot_get_the_support_is_the_exclusion_field() -> None:
    def names(question: str) -> list[str]:
        return [f.name for f in asked_fields(question)]

    assert "제외대상" in names("숲길 사업 신청해도 지원 못 받는 경우가 있나요?")
    assert "제외대상" in names("어떤 기업은 신청할 수 없나요?") and "제외대상" in names("신청 안 되는 기업은?")
    # The connective -는데 tells the asker's situation: "안 되는데" asks no exclusion.
    assert "제외대상" not in names("숲길 포털 접속이 안 되는데 어디로 전화해요?")


def test_a_short_english_cue_is_a_whole_word() -> None:
    """"cap" asks for the limit; "capability" in a program's name asks nothing of it."""
    assert "지원한도" not in [f.name for f in asked_fields("How many companies will the export capability voucher "
                                                         "support?")]
    assert "지원한도" in [f.name for f in asked_fields("What are the caps per company?")]


def test_a_cue_inside_another_fields_longer_cue_is_that_fields(forest_bot: PolicyBot) -> None:
    assert [f.name for f in asked_fields("Which companies are not eligible?")] == ["제외대상"]
    assert [f.name for f in asked_fields("Which costs are not covered?")] == ["제외대상"]
    assert "지원대상" in [f.name for f in asked_fields("Which companies are eligible?")]
    answer = forest_bot.answer("Which companies are not eligible for the forest trail tourism product support?")
    assert answer.outcome == "answered" and "최근 2년 이내" in answer.text, answer.text
    assert "관광사업자 등록을 마친" not in answer.text, answer.text  # who may apply is another field


MALL_NOTICE = f"""{FIXTURE_NOTE}
2026년 해외 쇼핑몰 입점 지원사업 공고
2026. 1. 20.

1. 지원 내용
○ 지원 한도: 기업당 최대 1천만원
※ 단, 이미 입점해 있는 쇼핑몰에 다시 입점하는 경우는 지원하지 않음
○ 신청 기간: 2026. 2. 2.(월) ~ 2. 20.(금) 18:00

2. 문의처
○ 쇼핑몰입점팀: 02-555-0610
"""

PACKAGING_FAQ = f"""{FIXTURE_NOTE}

# 2026년 수출 포장재 지원사업 자주 묻는 질문

## Q1. 해외 쇼핑몰 입점 지원사업에도 참여하고 있는데 포장재 지원도 받을 수 있나요?

네, 두 사업에 모두 참여할 수 있습니다. 다만, 같은 비용을 두 사업에서 중복으로 지원받을 수는 없습니다.
"""


def test_the_program_the_question_names_by_its_title_answers(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Both documents hold 쇼핑몰, 입점 and 지원; the question names the mall program, whose notice has the rule,
    not the FAQ of another program that mentions it."""
    docs = tmp_path_factory.mktemp("mall")
    (docs / "mall-2026.txt").write_text(MALL_NOTICE, "utf-8")
    (docs / "packaging-faq.md").write_text(PACKAGING_FAQ, "utf-8")
    bot = ingested_bot(docs, tmp_path_factory.mktemp("mall-index"))
    answer = bot.answer("이미 큐텐에 입점해 있는데 같은 쇼핑몰로 입점 지원 또 받을 수 있나요?")
    assert answer.outcome == "answered" and "다시 입점하는 경우는 지원하지 않음" in answer.text, answer.text


def test_a_negating_prefix_stays_with_its_noun() -> None:
    face, = question_concepts("숲길 평가 비대면으로도 되나요?")[-1:]
    assert face.label == "비대면" and not holds(face, Haystack("현장 평가는 대면으로 진행함"))
    assert holds(face, Haystack("비대면 평가도 가능함"))
    assert "불이익" in [c.label for c in question_concepts("늦게 내면 불이익이 있나요?")]  # not 이익


def test_each_question_of_several_must_be_found(forest_bot: PolicyBot) -> None:
    question = "숲길 관광상품 현장 점검은 어떻게 해요? 비대면으로도 되나요?"
    concepts = question_concepts(question)
    face = [c for c in concepts if c.label == "비대면"]
    assert decide_parts(question, concepts, face).abstain
    assert not decide_parts("숲길 관광상품 현장 점검 비대면으로도 되나요?", concepts, face).abstain  # one question
    answer = forest_bot.answer(question)
    assert answer.outcome == "abstained" and "비대면" in answer.missing_terms, answer.text
    both = forest_bot.answer("숲길 관광상품 현장 점검은 어떻게 해요? 서면 평가도 있나요?")
    assert both.outcome == "answered" and "서면 평가 → 현장 점검" in both.text, both.text


def test_a_follow_up_asking_a_field_asks_it_of_the_previous_subject(tmp_path_factory: pytest.TempPathFactory) -> None:
    previous = [Turn(role="user", content="해외 쇼핑몰 입점 지원사업 지원 한도는 얼마예요?")]
    resolved = prepare("문의처는요?", previous, False).resolved
    assert "쇼핑몰" in resolved and "한도" not in resolved, resolved  # the subject, not the previous ask
    asked_before = [Turn(role="user", content="What is the support limit of the mall program?")]
    english = prepare("And the deadline?", asked_before, False).resolved
    assert "mall" in english and "limit" not in english, english
    docs = tmp_path_factory.mktemp("two-programs")
    (docs / "mall-2026.txt").write_text(MALL_NOTICE, "utf-8")
    (docs / "tidal-2026.txt").write_text(SETTLEMENT_NOTICE, "utf-8")
    bot = ingested_bot(docs, tmp_path_factory.mktemp("two-programs-index"))
    first = bot.answer("해외 쇼핑몰 입점 지원사업 지원 한도는 얼마예요?")
    assert "1천만원" in first.text, first.text
    history = [Turn(role="user", content=first.question), Turn(role="assistant", content=first.text)]
    contact = bot.answer("문의처는요?", history=history)
    assert contact.outcome == "answered" and "02-555-0610" in contact.text, contact.text
    assert "061-555" not in contact.text, contact.text
    limit = bot.answer("What is the support limit of the overseas shopping mall program?")
    history = [Turn(role="user", content=limit.question), Turn(role="assistant", content=limit.text)]
    deadline = bot.answer("And the deadline?", history=history)
    assert deadline.outcome == "answered" and "2. 20." in deadline.text, deadline.text


def test_a_chain_of_follow_ups_keeps_the_first_questions_subject() -> None:
    turns = [Turn(role="user", content="해외 쇼핑몰 입점 지원사업 누가 신청할 수 있어요?"),
             Turn(role="assistant", content="…"), Turn(role="user", content="제출 서류는요?"),
             Turn(role="assistant", content="…")]

    def anchors(question: str) -> bool:
        return "쇼핑몰" in question

    resolved = prepare("문의는 어디로 해요?", turns, False, 3, "해외쇼핑몰입점지원사업", anchors).resolved
    assert "쇼핑몰" in resolved and "문의" in resolved, resolved
    assert "쇼핑몰" not in prepare("문의는 어디로 해요?", turns, False, 3, "해외쇼핑몰입점지원사업").resolved


def test_a_year_alone_asks_the_previous_question_of_that_edition() -> None:
    previous = [Turn(role="user", content="해외 쇼핑몰 입점 지원사업 2025년 한도는?")]
    resolved = prepare("2026년은요?", previous, True, 3, "2026년해외쇼핑몰입점지원사업공고").resolved
    assert "쇼핑몰" in resolved and "한도" in resolved and "2025" not in resolved, resolved


def test_a_new_program_takes_the_previous_ask_even_when_a_title_holds_its_words() -> None:
    previous = [Turn(role="user", content="갯벌 체험상품 지원사업 신청 기간은?")]
    titles = "2026년갯벌체험상품지원사업공고|해외쇼핑몰입점지원사업신청기간연장공고"  # 신청 기간 is in a title
    resolved = prepare("그럼 해외 쇼핑몰 입점 지원사업은요?", previous, True, 3, titles).resolved
    assert "신청 기간" in resolved and "갯벌" not in resolved, resolved


def test_an_english_word_of_the_question_is_found_inflected_in_english_text() -> None:
    laptop, battery = (Concept(w, ("휴대용컴퓨터",) if w == "laptop" else ("배터리",), specific=False)
                       for w in ("laptop", "battery"))
    page = Haystack("Laptops with built-in batteries follow from 1 January 2027.")
    assert holds(laptop, page) and holds(battery, page)
    assert not holds(laptop, Haystack("laptopstand rules"))  # a word, not the start of another
    first = [c for c in question_concepts("What ratio do first-time exporters get?") if c.label == "first-time"]
    assert first and holds(first[0], Haystack("초보 수출기업은 지원 비율 80%를 적용함"))


def test_a_date_field_is_stated_by_a_sentence_dating_its_event() -> None:
    prepared = prepare("숲길 대책 발표일은 언제예요?", [], True)
    assert [f.name for f in prepared.fields] == ["결과발표"]
    lines = ["숲길 대책을 5.8일(수) 오전 세종에서 발표했다", "숲길 지원을 2027년까지 확대한다"]
    announced, extended = line_candidates(lines, "숲길 대책")
    assert unmet_fields(prepared, [announced]) == []
    assert unmet_fields(prepared, [extended]) == ["결과발표"]  # a date, but of nothing announced


def test_an_amount_asked_of_a_budget_is_an_amount_beside_its_word() -> None:
    budget = next(f for f in notice_fields() if f.name == "예산")
    prepared = prepare("숲길 바우처 예산은 얼마예요?", [], True)
    word = next(c for c in prepared.concepts if c.label == "예산")
    prepared = replace(prepared, fields=(budget,), field_cued=((word, budget),))
    lines = ["산림청 숲길 예산의 20% 내외를 바우처에 지원할 계획이다", "숲길 바우처 예산은 총 120억원이다"]
    share, amount = line_candidates(lines, "숲길 대책")
    assert unmet_fields(prepared, [share]) == ["예산"]  # the word and a share of it
    assert unmet_fields(prepared, [amount]) == []
    shared = prepare("숲길 예산의 몇 %를 바우처에 써요?", [], True)
    assert unmet_fields(replace(shared, fields=(budget,), field_cued=((word, budget),)), [share]) == []


def test_how_much_a_budget_is_asks_an_amount() -> None:
    assert HAS_MONEY in answer_types("How much is the budget of the forest trail program?")
    assert HAS_MONEY not in answer_types("How much will the forest trail limit increase?")  # a change, maybe 2배
    budget = tuple(f for f in notice_fields() if f.name == "예산")
    assert HAS_MONEY in answer_types("What is the budget of the forest trail program?", budget)  # an amount only
    limit = tuple(f for f in notice_fields() if f.name == "지원한도")
    assert HAS_MONEY not in answer_types("What is the limit of the forest trail program?", limit)  # or "2배로"
    assert HAS_MONEY not in answer_types("숲길 사업 예산 비중은?", budget)  # a share of it


def test_a_figure_dated_to_other_years_does_not_answer_the_year_asked() -> None:
    lines = ["숲길 상품 비중을 2027년까지 10%, 2030년까지 15%로 늘린다", "숲길 상품 비중을 크게 늘린다 (현재 5%)"]
    dated, undated = line_candidates(lines, "숲길 대책")
    wanted = prepare("숲길 상품 비중을 2025년까지 얼마로 늘려요?", [], True).wanted
    assert decide_figure_year(("2025",), wanted, dated.doc, [dated]).abstain
    assert not decide_figure_year(("2027",), wanted, dated.doc, [dated]).abstain
    assert not decide_figure_year(("2025",), wanted, dated.doc, [undated]).abstain  # no year: not another one
    own_year = replace(dated.doc, title="2025년 숲길 대책")
    assert not decide_figure_year(("2025",), wanted, own_year, [dated]).abstain  # the notice's own year


JAMO_NOTICE = f"""{FIXTURE_NOTE}
2026년 젓갈 해외인증 지원사업 참여기업 모집 공고

2026. 4. 6.

□ 사업 개요
 ㅇ 지원 규모 : 35개사 내외
 ㅇ 지원 기간 : 협약일 ~ 2026. 11. 30.

□ 신청 자격
 ㅇ 젓갈을 제조하는 중소기업으로서 최근 1년간 수출실적이 있는 기업
  - 다만, 수출계약서를 내는 기업은 수출실적이 없어도 신청 가능

□ 지원 내용
 ㅇ 인증 컨설팅비와 심사비의 70% 지원 (기업당 최대 2,500만원)

□ 신청 방법 및 기간
 ㅇ 접수 기간 : 2026. 4. 13.(월) ~ 4. 30.(목) 17:00
 ㅇ 접수 방법 : 이메일 접수 (jeotgal@example.org)

□ 선정 방법
 ㅇ 서면 평가(60점) + 발표 평가(40점), 합계 70점 이상인 기업 중 고득점 순 선정

□ 문의처
 ㅇ 젓갈인증팀 ☎ 051-555-8120
"""


def test_a_notice_typed_with_jamo_bullets_is_read_as_its_fields(tmp_path_factory: pytest.TempPathFactory) -> None:
    """"ㅇ 항목 : 값" lines (the jamo typed for ○), a limit written "기업당 최대 …" without the word 한도, and a
    heading of field lines ("□ 신청 방법 및 기간") above the line asked for."""
    docs = tmp_path_factory.mktemp("jeotgal")
    (docs / "jeotgal-2026.txt").write_text(JAMO_NOTICE, "utf-8")
    bot = ingested_bot(docs, tmp_path_factory.mktemp("jeotgal-index"))
    size = bot.answer("젓갈 해외인증 지원사업 몇 개 기업 뽑아요?")
    assert size.outcome == "answered" and "35개사" in size.text, size.text
    limit = bot.answer("젓갈 해외인증 지원사업 기업당 지원 한도는 얼마예요?")
    assert limit.outcome == "answered" and "2,500만원" in limit.text, limit.text
    how = bot.answer("젓갈 해외인증 지원사업 신청은 어떻게 해요?")
    assert how.outcome == "answered" and "이메일 접수" in how.text, how.text
    # Another kind of 평가 than the notice's two: the notice does not say.
    on_site = bot.answer("젓갈 해외인증 지원사업 현장 평가도 하나요?")
    assert on_site.outcome == "abstained" and "현장" in on_site.missing_terms, on_site.text
    written = bot.answer("젓갈 해외인증 지원사업 서면 평가도 하나요?")
    assert written.outcome == "answered" and "서면 평가(60점)" in written.text, written.text
    # The "○" lines under a "□" heading are its items.
    who = bot.answer("젓갈 해외인증 지원사업 신청 자격은 어떻게 돼요?")
    assert who.outcome == "answered" and "젓갈을 제조하는 중소기업" in who.text and "다만" in who.text, who.text
    # 주소 names the kind of answer: the line writes the address itself.
    email = bot.answer("젓갈 해외인증 지원사업 이메일 주소 알려주세요")
    assert email.outcome == "answered" and "jeotgal@example.org" in email.text, email.text


def test_the_noun_compounded_before_the_head_says_which_kind() -> None:
    question = "젓갈 지원사업 현장 평가도 하나요?"
    concepts = question_concepts(question)
    head = head_concept(question, concepts)
    assert head is not None and head.label == "평가"
    modifier = head_modifier(question, head, concepts)
    assert modifier is not None and modifier.label == "현장"
    assert compounds_of("평가", "서면 평가(60점) + 발표평가(40점)") == {"서면", "발표"}
    assert compounds_of("설립", "목표로 설립된 회사") == set()  # a particle: no compound


def test_a_date_asked_by_its_verb_is_dated_by_a_sentence_with_that_action() -> None:
    renewal = prepare("숲길 등록 갱신은 언제까지 신청해야 해요?", [], True)
    assert [f.name for f in renewal.fields] == ["신청기간"]
    lines = ["등록 유효기간: 3년 (만료 60일 전까지 갱신 신청)", "숲길 사업을 2027년까지 확대한다"]
    action, other = line_candidates(lines, "숲길 등록제")
    assert unmet_fields(renewal, [action]) == []
    assert unmet_fields(renewal, [other]) == ["신청기간"]
    # Asked by the field's own words ("신청 마감"), the action alone does not date it.
    deadline = prepare("숲길 등록 신청 마감은 언제예요?", [], True)
    assert unmet_fields(deadline, [action]) == ["신청기간"]


def test_an_english_line_is_not_said_to_be_quoted_in_korean() -> None:
    english, korean = line_candidates(["Registration is valid for three years.", "등록 유효기간: 3년"], "숲길 등록제")
    assert render_answer("en", [english], [], CitationBuilder()).startswith("Here is what the documents say:\n")
    assert "(quoted in Korean)" in render_answer("en", [english, korean], [], CitationBuilder())


def test_a_year_named_from_today_points_at_the_written_year() -> None:
    assert deixis_years("작년에 같은 인증으로 지원받았는데 올해 또 신청돼요?", 2026) == ("2025",)  # 올해: the edition
    assert deixis_years("What was the limit last year?", 2026) == ("2025",)
    assert deixis_years("내년에도 하나요?", 2026) == ("2027",) and deixis_years("숲길 사업 한도", 2026) == ()
    lines = ["○ 우대: 2024년 같은 인증으로 지원받은 기업", "○ 참여 제한: 2025년 같은 인증으로 지원받은 기업"]
    ranked = ranked_lines("작년에 같은 인증으로 지원받았는데 올해 숲길 인증 지원 또 신청돼요?", lines,
                          "2026년 숲길 인증 지원사업 공고")
    assert ranked[0].startswith("○ 참여 제한"), ranked


def test_an_amount_in_any_iso_currency_is_money_and_acronyms_are_not() -> None:
    for written in ("fines of up to KES 500,000", "수수료: GHS 1,200", "MRU 3,000 per shipment", "200 EUR"):
        assert HAS_MONEY.search(written), written
    for written in ("ISO 9001 인증", "HS 3304 화장품", "TOP 10 기업", "AMD 5800 CPU"):
        assert not HAS_MONEY.search(written), written


def test_a_code_beside_a_charge_is_the_pages_own_currency() -> None:
    """Export-regulation pages quote fees in the country's currency, which may be no ISO code (a fictional page's
    "VLD"): a three-capital code before a figure is money when a word for a charge stands beside it."""
    for written in ("허가 수수료: 모델당 VLD 1,200", "모델당 최대 VLD 25,000의 과징금", "costs MRD 450 per facility",
                    "Registration fee: ALD 300 per toy model"):
        assert HAS_MONEY.search(written), written
    for written in ("ISO 9001 인증 비용 지원", "IEC 62133 test report fee", "KTL 2024 보고서", "ABC 300 models"):
        assert not HAS_MONEY.search(written), written


def test_english_field_cues_with_words_between_and_share_fields() -> None:
    def names(question: str) -> list[str]:
        return [f.name for f in asked_fields(question)]

    assert "결과발표" in names("When will the results of the forest trail program be announced?")
    assert "결과발표" not in names("Announced: results of the survey")  # the words in another order
    assert "지원비율" in names("What is the support rate for the forest trail program?")
    assert "제외대상" in names("Which companies cannot apply for the forest trail program?")
    fields = {f.name: f for f in notice_fields()}
    assert fields["제외대상"].labels_line("참여 제한")  # a common label of exclusions
    assert HAS_SHARE in answer_types("숲길 사업 지원 비율은?", (fields["지원비율"],))


def test_the_other_korean_forms_of_a_concept_are_searched() -> None:
    """A FAQ entry that writes "부가가치세" answers "부가세도 지원돼요?": the evidence check accepts either form, so
    retrieval searches both (a page split into entries holds the long form in one small section only)."""
    from bot.answering.cues import search_terms

    terms = search_terms(prepare("해외인증 지원사업에서 부가세도 지원해 주나요?", [], True, 3, "", None, 2026))
    assert "부가가치세" in terms
    assert "신청기간" in search_terms(prepare("마감일은 언제예요?", [], True, 3, "", None, 2026))


def test_a_threshold_asked_for_is_answered_by_the_bounding_figure() -> None:
    """"100억원 이하" qualifies who may apply; it does not say how much is paid. Asked "얼마 이하여야", it is the
    answer."""
    line = "○ 신청 자격: 2026년 매출액 100억원 이하인 기업"
    bound = answer_types("매출이 얼마 이하여야 신청할 수 있어요?")
    assert bound and all(p.search(line) for p in bound)
    assert all(p.search("직원 수 50명 이상인 기업") for p in answer_types("직원이 몇 명 이상이어야 해요?"))
    paid = answer_types("지원 금액은 얼마예요?")
    assert paid and not any(p.search(line) for p in paid)


def test_an_abstention_names_the_documents_own_contact(forest_bot: PolicyBot) -> None:
    """A notice loaded without a manifest or a 담당 부서 block still names who answers for it: its "6. 문의처"
    lines. Pointing to another document's department would send the asker to the wrong office."""
    answer = forest_bot.answer("숲길 관광상품 지원사업 심사위원은 몇 명이에요?")
    assert answer.outcome == "abstained", answer.text
    assert answer.contact is not None and answer.contact.department == "숲길관광팀", answer.contact
    assert answer.contact.phone == "042-555-0300" and "숲길관광팀 (042-555-0300)" in answer.text


def test_a_contact_block_is_read_from_a_pages_contact_heading() -> None:
    from bot.contacts import contact_block, department_of

    text = "## Contact\n\nExport Desk, Trade Agency (fictional): +82-2-555-9010"
    chunk = StoredChunk("p#0", "page", text, ("Contact",), (), ((0, 10), (12, len(text))),
                        {"title": "page", "chunk_index": 0})
    block, source = contact_block([chunk])
    assert source == "Contact" and "+82-2-555-9010" in block
    assert department_of(block) == "Export Desk, Trade Agency (fictional)"
    assert department_of("가. 사업 일반: 한국콘텐츠수출원 글로벌사업팀 02-777-4410") == "한국콘텐츠수출원 글로벌사업팀"
    # The number taken out leaves no stray separator: "Desk: , vto@…" reads "Desk: vto@…".
    assert department_of("- VTO Licensing Helpdesk: +399 20 100 2000, vto@valdoria.example (weekdays)") == (
        "VTO Licensing Helpdesk: vto@valdoria.example (weekdays)")
    # A field whose value names no one (a number, an address, hours) is named by its label, the desk; a label that
    # names the way to reach someone ("이메일:", "Contact:") is not.
    assert department_of("- VTO Export Desk: +399 20 100 2001, desk@valdoria.example (weekdays)") == (
        "VTO Export Desk: desk@valdoria.example (weekdays)")
    assert department_of("○ 이메일: packaging@haram.example") == "packaging@haram.example"
    assert department_of("○ 정산 문의: 포장지원팀 051-700-1201") == "포장지원팀"


TOYS_PAGE = """> Test fixture (fictional country, agency and figures).

# Pelloria: safety marking rules for imported toys

## Summary

From 1 March 2027, toys imported into Pelloria must carry the PTS safety mark.

## Fees

- Registration fee: EUR 300 per toy model
"""

SOAP_PAGE = f"""{FIXTURE_NOTE}

# 몬테라 공화국, 수입 화장품 성분 표시 기준 개정

몬테라는 2027년 1월 1일부터 수입 화장품에 전 성분 표시를 의무화합니다.
"""


def test_a_word_another_documents_title_holds_names_that_subject(tmp_path: Path) -> None:
    """"The registration fee for cosmetics in Pelloria" is about neither the Pelloria toys page nor the Montera
    cosmetics page: the toy fee does not answer it."""
    bot = bot_over(tmp_path, {"pelloria-toys.md": TOYS_PAGE, "montera-cosmetics.md": SOAP_PAGE})
    toys = bot.answer("What is the registration fee for toys in Pelloria?")
    assert toys.outcome == "answered" and "EUR 300" in toys.text, toys.text
    other = bot.answer("What is the registration fee for cosmetics in Pelloria?")
    assert other.outcome == "abstained", other.text
    assert "cosmetics" in other.missing_terms


def test_minutes_asked_are_not_answered_by_years() -> None:
    """"발표 평가는 몇 분 동안 해요?" against "최근 3년간 수출 실적이 없는 기업": a span of years is no answer to
    a question in minutes; "발표 20분" is."""
    wanted = answer_types("발표 평가는 몇 분 동안 해요?")
    assert wanted and not any(p.search("최근 3년간 수출 실적이 없는 기업은 5점 가점") for p in wanted)
    assert all(p.search("발표 평가: 기업당 20분 (질의응답 포함)") for p in wanted)
    assert all(p.search("심사에는 약 3주가 걸립니다") for p in answer_types("심사는 몇 주 정도 걸려요?"))
    assert all(p.search("about 2 hours") for p in answer_types("How many hours does the inspection take?"))


def test_a_pages_posting_date_answers_no_when_question() -> None:
    """"게시일: 2026. 10. 5." says when the page was posted, not when the rule it describes applies: it ranks below
    the line that states the rule's date."""
    lines = ["게시일: 2026. 10. 5. · 해외 수출규제 정보", "시행일: 2027. 1. 1."]
    ranked = ranked_lines("노르바니아 할랄 상호 인정은 언제부터예요?", lines,
                          "노르바니아, 한국 할랄 인증 상호 인정 시행")
    assert ranked[0].startswith("시행일"), ranked


FAIR_NOTICE = f"""{FIXTURE_NOTE}
한국식품수출진흥원 공고 제2027-12호
2027년 K-푸드 해외 판촉전 참가기업 모집 공고
2027. 3. 8.

1. 행사 개요
 ○ 기간·장소: 2027. 6. 14.(월) ~ 6. 16.(수), 싱가포르 마리나 전시장

2. 지원 내용
 구분 | 지원 비율 | 기업 부담
 부스 임차료 | 80% | 20%
 현장 통역비 | 100% | 없음
 ※ 참가자 항공권과 숙박비는 기업이 전액 부담합니다.

3. 문의처
 ○ 한국식품수출진흥원 해외마케팅팀 02-888-3100
"""

HALAL_PAGE = """<html><head><title>Norvania recognises Korean halal certificates</title></head><body>
<p>※ 테스트용 가상 문서입니다 (test fixture).</p>
<h1>노르바니아, 한국 할랄 인증 상호 인정 시행</h1>
<h2>English summary</h2>
<p>From 1 January 2027, Norvania accepts food halal certificates issued by the Korea Halal Authority (KHA) without a
separate local audit. Cosmetics and medicines are not covered and still need local certification. Importers submit a
copy of the certificate with a Norvanian translation at customs.</p>
<h2>문의</h2>
<p>한국수출지원공사 식품규제팀 02-555-7745</p>
</body></html>
"""


def test_the_contact_is_the_answering_documents(tmp_path: Path) -> None:
    """Asked of the K-food fair, the contact given is the fair's team, even when the passage ranked first is an
    English page of another office."""
    bot = bot_over(tmp_path, {"kfood-fair-2027.txt": FAIR_NOTICE, "norvania-halal.html": HALAL_PAGE})
    answer = bot.answer("Does the K-food fair in Singapore cover local certification?")
    assert answer.outcome == "abstained", answer.text
    assert answer.contact is not None and answer.contact.department == "한국식품수출진흥원 해외마케팅팀", answer.contact


def test_near_ties_leave_room_for_the_kind_of_fact_asked() -> None:
    """Three lines near-tied on the question's words, none with a date, do not crowd out the line that states the
    date asked for: "언제부터예요?" is answered with "시행일: 2027. 1. 1."."""
    lines = ["대상: 할랄 상호 인정 인증서", "제외: 할랄 상호 인정 화장품", "효과: 할랄 상호 인정 심사 면제",
             "시행일: 2027. 1. 1."]
    line = line_candidates(lines, "노르바니아 수출규제 정보")
    scored = [replace(line[0], score=1.00), replace(line[1], score=0.99), replace(line[2], score=0.98),
              replace(line[3], score=0.80)]
    prepared = prepare("노르바니아 할랄 상호 인정은 언제부터예요?", [], True, this_year=2026)
    chosen = [c.text for c in pick(scored, prepared, prepared.concepts, AnswerConfig())]
    assert lines[3] in chosen, chosen


def test_a_chosen_exception_brings_the_rule_it_qualifies() -> None:
    """"※ 단, 초보 수출기업은 지원 비율 80%를 적용함" quoted alone reads as the rate for everyone: the line it
    qualifies ("○ 지원 비율: 실제 지출 비용의 60%") comes with it, and a "※ 단" line after a chosen rule comes too."""
    lines = ["○ 지원 비율: 실제 지출 비용의 60%", "※ 단, 초보 수출기업은 지원 비율 80%를 적용함",
             "○ 지원 한도: 3,000만원"]
    line = line_candidates(lines, "2026년 물류비 지원사업 공고")
    assert [c.text for c in with_conditions([line[1]], line)] == [lines[1], lines[0]]
    assert [c.text for c in with_conditions([line[0]], line)] == [lines[0], lines[1]]


def test_a_date_a_rule_applies_from_states_its_effective_date() -> None:
    """"From 1 March 2027, toys … must carry the mark" (or "2027년 3월 1일부터 … 의무화") states when the rule
    takes effect although it never says "effective"; a date without "from" does not."""
    prepared = prepare("When do the Pelloria toy marking rules take effect?", [], True, this_year=2026)
    assert [f.name for f in prepared.fields] == ["시행일"]

    def unmet(text: str) -> list[str]:
        return unmet_fields(prepared, line_candidates([text], "Pelloria toy rules"))

    assert unmet("From 1 March 2027, toys imported into Pelloria must carry the PTS safety mark.") == []
    assert unmet("펠로리아는 2027년 3월 1일부터 수입 완구에 안전 표시를 의무화합니다.") == []
    assert unmet("The page was revised on 1 March 2027 after a consultation.") != []


def test_a_field_asked_with_no_subject_in_a_conversation_is_asked_of_its_program(tmp_path: Path) -> None:
    """"신청 마감은 언제예요?" after a question about the K-food fair asks the fair's deadline: its words only name
    the field, so the question leans on the conversation instead of searching every notice (the forest notice's
    deadline is 2. 20.)."""
    fair = FAIR_NOTICE.replace("3. 문의처", "3. 신청\n ○ 신청 기간: 2027. 3. 15.(월) ~ 3. 31.(수) 18:00\n\n4. 문의처")
    bot = bot_over(tmp_path, {"forest-2026.txt": NOTICE, "kfood-fair-2027.txt": fair})
    first = "K-푸드 판촉전 부스 임차료는 얼마나 지원돼요?"
    history = [Turn(role="user", content=first), Turn(role="assistant", content=bot.answer(first).text)]
    answer = bot.answer("신청 마감은 언제예요?", history=history)
    assert "3. 31." in answer.text and "2. 20." not in answer.text, answer.text


def test_a_sum_of_money_named_by_suffix_is_one_concept() -> None:
    """Kiwi reads 참가비 as 참가 + 비: the question asks for the fee, not for anything about 참가, which the title
    "참가기업 모집 공고" holds for every line of the notice."""
    labels = [c.label for c in question_concepts("K-푸드 판촉전 참가비는 얼마예요?")]
    assert "참가비" in labels and "참가" not in labels
    assert "통역비" in [c.label for c in question_concepts("통역비도 지원돼요?")]
    assert "보관료" in [c.label for c in question_concepts("창고 보관료도 인정돼요?")]


def test_an_english_question_about_the_thing_talked_of_is_a_followup() -> None:
    """"Is the fee refunded if we cancel?" after a question about the K-food fair asks about that fair's fee: it
    names no program, and "the fee" is one of the conversation's."""
    history = [Turn(role="user", content="What is the K-food fair participation fee?"),
               Turn(role="assistant", content="○ 참가비: 기업당 50만원 [1]")]
    asked = prepare("Is the fee refunded if we cancel?", history, False, 3, "", None, 2027)
    assert asked.followup and "K-food" in asked.resolved
    alone = prepare("Is the fee refunded if we cancel?", [], False, 3, "", None, 2027)
    assert not alone.followup
    named = prepare("Is the fee of the Veloria licence refunded?", history, True, 3, "", None, 2027)
    assert not named.followup  # it names its own subject


def test_an_exclusion_stated_in_words_answers_what_is_not_covered() -> None:
    """"Which costs are not covered?" is answered by "- 창고 보관료, 해외 현지 배송비는 지원하지 않음", a sentence
    that states an exclusion without the field's label; the labelled line of excluded companies still comes first
    when the question asks who cannot get the support."""
    lines = ["○ 지원 제외 대상: 국세를 체납 중인 기업, 휴업 중인 기업",
             "○ 지원 방식: 기업이 먼저 운송비를 지출한 뒤 증빙을 제출하는 사후 정산 방식",
             "- 국내 내륙 운송비, 창고 보관료, 해외 현지 배송비는 지원하지 않음"]
    def ranked(question: str) -> list[str]:
        return ranked_lines(question, lines, "2026년 물류비 지원사업 공고")

    costs = ranked("Which costs are not covered by the logistics subsidy?")
    assert costs.index(lines[2]) < costs.index(lines[1]), costs
    assert ranked("물류비 지원 신청해도 못 받는 경우가 있나요?")[0] == lines[0]


def test_english_dates_are_dates() -> None:
    """An English page writes "From 1 January 2027" or "until 31 August 2027": a date that answers "when"."""
    for written in ("From 1 January 2027, Norvania accepts", "may be sold until 31 August 2027", "on March 1st",
                    "applies in 2027", "Published 2026-09-01"):
        assert HAS_DATE.search(written), written
    for written in ("Registration fee: ALD 300 per toy model", "We may 3 times apply", "Model 2027 toys"):
        assert not HAS_DATE.search(written), written


def test_a_decimal_is_no_dot_date() -> None:
    """Korean notices write dates "3. 19.", "3.19.(금)" or "2027.3.19."; a rate, a multiple or an HS code written
    with a decimal point ("3.5%", "1.5배", "HS 8507.60") is not a date and must not answer "언제"."""
    for written in ("접수 기간: 2027. 3. 2.(화) ~ 3. 19.(금)", "3.19.(금)까지", "5.8일(수) 오전", "2027.3.19. 공고",
                    "3월 19일"):
        assert HAS_DATE.search(written), written
    for written in ("HS 8507.60 품목", "금리 3.5% 이내", "최대 1.5배", "서면 평가 2.5점 가점", "제 3.1조"):
        assert not HAS_DATE.search(written), written


def test_a_verb_of_aspect_before_a_gerund_is_no_concept() -> None:
    """"When does Norvania start accepting …?" asks when it accepts; "start" is no word the page must hold."""
    labels = [c.label for c in question_concepts("When does Norvania start accepting Korean halal certificates?")]
    assert "start" not in labels and "accept" in labels
    assert "keep" not in [c.label for c in question_concepts("Can we keep selling toy models already on sale?")]
    assert "start" in [c.label for c in question_concepts("When does the registration start?")]
    failed = [c.label for c in question_concepts("If we fail to get the certification, is the test fee paid?")]
    assert "fail" not in failed and "certification" in failed
    assert "fail" in [c.label for c in question_concepts("What happens if we fail the audit?")]


def test_an_english_noun_phrase_is_headed_by_its_last_noun() -> None:
    """In "the online application system" the system is asked about; "online" says which. The head is the noun a
    passage must hold (or one of the best sentences must), so taking "online" refused a page that has the system
    but never writes "online"."""
    def head(question: str) -> str | None:
        found = head_concept(question, question_concepts(question))
        return found.label if found else None

    assert head("Who runs the online application system for the voucher?") == "system"
    assert head("What is the support limit for the forest program?") == "limit"
    assert head("How much is the registration fee for toys in Aldoria?") == "fee"
    assert head("When is the deadline?") == "deadline"


def test_an_item_asked_for_is_what_the_answer_names() -> None:
    """"빠지는 품목이 뭐예요?" asks which goods; the notice names them ("화장품과 의약품은 … 대상이 아님") and need not
    write the word 품목 — no more than a question for a city needs the word 도시 in the passage."""
    concept = next(c for c in question_concepts("할랄 상호 인정에서 빠지는 품목이 뭐예요?") if c.label == "품목")
    assert concept.asked
    assert not unsupported([concept], "제외: 화장품과 의약품은 상호 인정 대상이 아님")
    # 항목 is no such word: notices name their lists with it ("3. 지원 항목", "사용 불가 항목").
    assert not any(c.asked for c in question_concepts("바다물류 바우처 지원 항목은 어떤 것들이 있나요?"))


def test_english_ways_of_asking_for_a_limit_or_a_way_to_apply_reach_the_korean_line() -> None:
    """"max grant", "hand in … by post or in person", "carbon-reduction", "kinds of": everyday English for what a
    notice writes as 최대, 제출, 우편·방문, 탄소저감 — and "kinds" asks for a list, it names nothing."""
    limit = "○ 지원 한도: 기업당 최대 1억 8천만원 (정부 지원금 70%)"
    way = "○ 신청 방법: 통합접수시스템 온라인 접수 (우편·방문 접수 불가), 제출 서류는 PDF로 올림"
    title = "2028년 중소기업 탄소저감 설비 전환 지원사업 공고"
    for question, line in (("What's the max grant per company?", limit),
                           ("Can I hand in the application by post or in person?", way),
                           ("Tell me about the carbon-reduction equipment program", title)):
        concepts = [c for c in question_concepts(question) if c.checkable]
        assert concepts and not unsupported(concepts, line), (question, [c.label for c in unsupported(concepts, line)])
    assert "kinds" not in [c.label for c in question_concepts("Which kinds of equipment are supported?")]
    assert "지원한도" in [f.name for f in asked_fields("What's the max grant per company?")]


def test_a_program_name_the_document_does_not_hold_is_another_program() -> None:
    """The nouns run together before 사업 name the program asked about; one the answering notice holds nowhere
    ("충전") means it is not that program, even when the agency and "지원사업" match."""
    question = "한울진흥원 전기차 충전기 설치 지원사업 한도 알려줘"
    concepts = question_concepts(question)
    named = {c.label for c in program_words(question, concepts)}
    assert {"충전", "설치"} <= named and "한도" not in named
    plain = "저희 기업은 사업 한도가 얼마예요?"
    assert not program_words(plain, question_concepts(plain))
    notice = Haystack("한울진흥원 공고 제2028-6호\n2028년 설비 전환 지원사업 공고\n"
                      "○ 지원 설비: 히트펌프, 보일러, 공정 전기화 설비의 설치")
    decision = decide_program(program_words(question, concepts), notice)
    assert decision.abstain and decision.missing == ("충전",), decision
    assert not decide_program(program_words("설비 전환 지원사업 한도", question_concepts("설비 전환 지원사업 한도")),
                              notice).abstain


GLASS_NOTICE = """※ 테스트용 가상 공고입니다 (test fixture).
유리진흥원 공고 제2028-6호
2028년 유리공방 설비 지원사업 공고
2028. 2. 21.

Ⅰ. 지원 내용
○ 지원 한도: 기업당 최대 3천만원
○ 신청 기간: 2028. 3. 2.(목) ~ 3. 24.(금) 18:00

Ⅱ. 문의처
○ 유리진흥원 공방지원팀: 031-555-0190
"""

GLASS_CORRECTION = """※ 테스트용 가상 공고입니다 (test fixture).
유리진흥원 공고 제2028-9호
「2028년 유리공방 설비 지원사업 공고」 정정 공고
2028. 3. 6.

Ⅰ. 정정 사유
○ 예산 배정 결과를 지원 한도에 반영하지 못한 오기

Ⅱ. 정정 내용
정정 위치 | 정정 전 | 정정 후
Ⅰ. 지원 내용 ○ 지원 한도 | 기업당 최대 3천만원 | 기업당 최대 4천만원

Ⅲ. 유의 사항
○ 정정 항목은 지원 한도 1건뿐이며, 신청 기간 등 그 밖의 사항은 당초 공고와 같습니다.
○ 정정된 지원 한도에 맞추어 사업비를 늘리려는 기업은 마감 전까지 계획서를 수정하여 다시 제출할 수 있습니다.
"""


def test_a_change_table_row_that_locates_its_field_is_a_row_and_answers_what_changed(tmp_path: Path) -> None:
    """A correction's change table may locate the field as the notice numbers it ("Ⅰ. 지원 내용 ○ 지원 한도 | 전 |
    후"): that row is no "Ⅰ." heading, it states 지원 한도 (its 정정 후 value), and it answers "뭐가 바뀌었어요?"."""
    row = "Ⅰ. 지원 내용 ○ 지원 한도 | 기업당 최대 3천만원 | 기업당 최대 4천만원"
    assert [s.path for s in detect_sections(f"Ⅱ. 정정 내용\n정정 위치 | 정정 전 | 정정 후\n{row}\n")] == [
        ("Ⅱ. 정정 내용",)]
    field = table_field(row, "정정 위치 | 정정 전 | 정정 후")
    assert field is not None and (field.key, field.value) == ("지원한도", "기업당 최대 4천만원")
    bot = bot_over(tmp_path, {"glass-2028.txt": GLASS_NOTICE, "glass-2028-correction.txt": GLASS_CORRECTION})
    changed = bot.answer("유리공방 설비 지원사업 정정 공고에서 뭐가 바뀐 거예요?")
    assert "4천만원" in changed.text and "지원 한도" in changed.text, changed.text
    limit = bot.answer("유리공방 설비 지원사업 지원 한도 얼마예요?")
    assert "4천만원" in limit.text.split("※")[0], limit.text


GLASS_2027 = GLASS_NOTICE.replace("2028", "2027").replace("3천만원", "2천만원")


def test_editions_compared_by_year_give_the_asked_field_of_each(tmp_path: Path) -> None:
    """"2027년이랑 2028년 지원 한도 차이" quotes the 지원 한도 line of each year's edition; for 2028 that is the
    correction's value in force, and a FAQ about the program that ranks first does not stand in for an edition."""
    faq = ("※ 테스트용 가상 문서입니다 (test fixture).\n[자주 묻는 질문] 2028년 유리공방 설비 지원사업\n"
           "작성: 유리진흥원 공방지원팀\n\nQ. 2027년과 2028년 지원 한도가 다른가요?\nA. 네, 공고마다 다릅니다.\n")
    bot = bot_over(tmp_path, {"glass-2027.txt": GLASS_2027, "glass-2028.txt": GLASS_NOTICE,
                              "glass-2028-correction.txt": GLASS_CORRECTION, "glass-faq.txt": faq})
    for asked in ("2027년이랑 2028년 유리공방 설비 지원 한도 차이 알려줘",
                  "2027 edition이랑 2028 edition 유리공방 support limit 차이 알려줘"):
        answer = bot.answer(asked)
        assert "2천만원" in answer.text and "4천만원" in answer.text, (asked, answer.text)
    assert guess_title(faq) == "[자주 묻는 질문] 2028년 유리공방 설비 지원사업"  # not "작성: …"


KILN_FAQ = """※ 테스트용 가상 문서입니다 (test fixture).
[자주 묻는 질문] 가마 설비 지원사업
대상 사업: 가마 교체 지원사업, 가마 정비 지원사업

Q. 기업당 최대 얼마까지 지원되나요?
A. 기업당 최대 5천만원입니다. 정부 지원금은 총 사업비의 60%까지입니다.

Q. 지원금은 언제 받나요?
A. 설치를 마치고 검수를 통과한 뒤 지급합니다. 협약 후 정부 지원금의 20%까지 선급금으로 신청할 수 있습니다.

Q. 두 사업을 같은 해에 모두 신청할 수 있나요?
A. 네, 같은 해에 두 사업 모두 신청할 수 있습니다.
"""


def test_a_faq_entry_that_never_names_what_another_entry_explains_does_not_answer(tmp_path: Path) -> None:
    """"선급금 받을 수 있나요? 최대 얼마나요?" reads like the entry on the maximum, but 선급금 is what another entry
    explains: that entry answers. Words of the page's preamble ("두 사업" = the two programs it lists) are every
    entry's, so an entry that names them only as "두 사업" still answers."""
    bot = bot_over(tmp_path, {"kiln-faq.txt": KILN_FAQ})
    advance = bot.answer("선급금 받을 수 있나요? 최대 얼마나요?")
    assert "20%까지 선급금" in advance.text and "5천만원" not in advance.text, advance.text
    both = bot.answer("가마 교체 지원사업이랑 가마 정비 지원사업 같은 해에 둘 다 신청해도 되나요?")
    assert "두 사업 모두 신청할 수 있습니다" in both.text, both.text


def test_a_change_row_is_rendered_as_its_value_in_force_with_the_replaced_value_labelled(tmp_path: Path) -> None:
    """Quoting "지원 한도 | 기업당 최대 3천만원 | 기업당 최대 4천만원" under "구분 | 당초 | 정정" puts the replaced
    figure beside the answer; it is written as the field with its value in force and a labelled note of the old
    one."""
    correction = GLASS_CORRECTION.replace("Ⅰ. 지원 내용 ○ 지원 한도", "지원 한도").replace(
        "정정 위치 | 정정 전 | 정정 후", "구분 | 당초 | 정정")
    bot = bot_over(tmp_path, {"glass-2028.txt": GLASS_NOTICE, "glass-2028-correction.txt": correction})
    answer = bot.answer("유리공방 설비 지원사업 정정 공고로 지원 한도 얼마로 바뀌었어요?")
    assert "지원 한도: 기업당 최대 4천만원" in answer.text, answer.text
    assert "3천만원" not in without_edition_notes(answer.text) and "※ 변경 전(당초): 기업당 최대 3천만원" in answer.text
    assert "구분 | 당초 | 정정" not in answer.text


TIERS = """※ 테스트용 가상 공고입니다 (test fixture).
청솔도 공고 제2028-3호
2028년 청솔도 작업장 개선 지원사업 공고
2028. 2. 1.

1. 지원 내용
○ 기업 규모별 지원 한도
- 소기업: 기업당 최대 5,000만원, 총 사업비의 70% 이내
- 중기업: 기업당 최대 9,000만원, 총 사업비의 50% 이내
○ 신청 기간: 2028. 3. 2.(목) ~ 3. 24.(금) 18:00
"""


def test_a_case_the_question_names_keeps_its_own_item_line(tmp_path: Path) -> None:
    """"- 소기업: …" and "- 중기업: …" state one field per case: the asker who names a case gets that line only; a
    case of the same kind the notice does not list ("중견기업") is not answered with the others; "중소기업" names
    both."""
    assert names_case("저희는 중기업인데 한도가?", "중기업") and not names_case("중소기업 한도는?", "소기업")
    bot = bot_over(tmp_path, {"tiers.txt": TIERS})
    small = bot.answer("청솔도 작업장 개선 지원사업 소기업은 최대 얼마까지 받아요?")
    assert "5,000만원" in small.text and "9,000만원" not in small.text, small.text
    medium = bot.answer("저희는 중기업인데 작업장 개선 지원 한도가 어떻게 되나요?")
    assert "9,000만원" in medium.text and "5,000만원" not in medium.text, medium.text
    both = bot.answer("중소기업은 작업장 개선 지원 한도가 얼마예요?")
    assert "5,000만원" in both.text and "9,000만원" in both.text, both.text
    unlisted = bot.answer("작업장 개선 지원사업 중견기업은 최대 얼마까지 지원돼요?")
    assert unlisted.outcome == "abstained" and unlisted.missing_terms == ["중견기업"], unlisted.text


def test_a_table_row_is_read_with_its_column_names() -> None:
    """"Class B | Probiotics | MVS 1,200 | 45 working days" gives a fee only when read under its header ("Fee per
    product"): the currency code alone is no charge word."""
    header = "Class | Products | Fee per product | Processing time"
    row = "Class B | Botanical extracts and probiotics | MVS 1,200 | 45 working days"
    assert not HAS_MONEY.search(row)
    read = with_header(row, header)
    assert HAS_MONEY.search(read) and "Fee per product: MVS 1,200" in read
    assert with_header(header, header) == header and with_header("a | b", header) == "a | b"  # no match: as it is


def test_english_lengths_in_working_days_or_words_are_durations() -> None:
    for written in ("Processing time: 20 working days", "within 10 business days", "약 10 영업일",
                    "valid for five years"):
        assert HAS_DURATION.search(written), written
    assert not HAS_DURATION.search("2027. 3. 2.") and not HAS_DURATION.search("someone's days off")


def test_an_english_question_after_the_askers_case_asks_about_what_the_question_names() -> None:
    """"We export vitamin tablets to Morvessa. How long will MSRO take to register them?" asks about registering;
    the statement before it tells the asker's case."""
    question = "We export vitamin tablets to Morvessa. How long will MSRO take to register them?"
    head = head_concept(question, question_concepts(question))
    assert head is not None and head.label == "register"
    assert "needed" not in [c.label for c in question_concepts("Which documents are needed for a registration?")]


FEE_PAGE = """Test fixture (fictional country, agency and figures).
Velmora: registration of imported food supplements

From 1 March 2028, every food supplement imported into Velmora must be registered with the Velmora Supplement Office.

Class | Products | Fee per product | Processing time
Class A | Vitamin and mineral tablets | VLM 450 | 20 working days
Class B | Herbal extracts and probiotics | VLM 1,200 | 45 working days
Class C | Products with a novel ingredient | VLM 3,800 | 90 working days

Contact: Velmora Supplement Office, +99-555-0101
"""


def test_a_quoted_table_keeps_the_rows_the_question_names(tmp_path: Path) -> None:
    """"a probiotic supplement" is in the Class B row only: that row answers with the header; the fees of the
    other classes are for other products."""
    bot = bot_over(tmp_path, {"velmora-supplements.txt": FEE_PAGE})
    answer = bot.answer("How much is the fee to register a probiotic supplement in Velmora?")
    assert "VLM 1,200" in answer.text and "VLM 450" not in answer.text and "VLM 3,800" not in answer.text, answer.text
    every = bot.answer("What are the registration fees for supplements in Velmora?")
    assert all(fee in every.text for fee in ("VLM 450", "VLM 1,200", "VLM 3,800")), every.text



def test_a_korean_word_is_found_in_an_english_page_by_its_glossary_english() -> None:
    """보충제 is "supplements" on an English page; beside Korean text the glossary's English does not stand in
    for a Korean word (a Korean page's English summary says "customs" where its Korean never says 관세)."""
    concepts = question_concepts("벨모라 보충제 등록 수수료는 얼마예요?")
    supplement = next(c for c in concepts if c.label.startswith("보충"))
    assert holds(supplement, Haystack("Every food supplement imported into Velmora must be registered."))
    assert holds(supplement, Haystack("Supplements are registered per product."))
    assert not holds(supplement, Haystack("Cosmetics are registered per product."))
    tariff = next(c for c in question_concepts("노르바니아 수입 관세율은 얼마예요?") if c.label == "관세")
    assert holds(tariff, Haystack("Importers pay the tariff at the border."))
    mixed = ("절차: 수입자가 통관 시 인증서 사본과 번역본을 제출하고, 시행일은 2027. 1. 1.이다.\n"
             "Certificates are checked at customs.")
    assert not holds(tariff, Haystack(mixed))
    # A name or loanword written in Hangul is the English page's word that sounds like it.
    name, probiotic = question_concepts("벨모라에서 프로바이오틱스 등록 수수료는?")[:2]
    assert holds(name, Haystack("Velmora registers food supplements.")), name
    assert not holds(name, Haystack("Morvessa registers food supplements."))
    assert holds(probiotic, Haystack("Herbal extracts and probiotics are Class B.")), probiotic


def test_a_korean_question_about_an_english_page_is_answered_from_it(tmp_path: Path) -> None:
    bot = bot_over(tmp_path, {"velmora-supplements.txt": FEE_PAGE})
    answer = bot.answer("벨모라에서 프로바이오틱스 보충제 등록 수수료는 얼마예요?")
    assert answer.outcome == "answered" and "VLM 1,200" in answer.text, answer.text
    other = bot.answer("벨모라 화장품 등록 수수료는 얼마예요?")  # the page is about supplements only
    assert other.outcome != "answered", other.text



def test_an_english_word_holds_in_english_text_by_a_synonym_sharing_its_korean_forms() -> None:
    """"hotel" and "accommodation" share 숙박 and 숙소: the page's word is the question's. "duty" and "obligation"
    share only 의무, and an import duty is no obligation."""
    hotel, duty = (next(c for c in question_concepts(q) if c.label == label)
                   for q, label in (("Is the hotel paid for?", "hotel"), ("What import duty applies?", "duty")))
    page = Haystack("Airfare, accommodation and local transport of company staff are not covered.")
    assert holds(hotel, page)
    assert not holds(duty, Haystack("Registration is an obligation of every importer."))

DEPOSIT_NOTICE = """※ 테스트용 가상 공고입니다 (test fixture).
2029년 달빛 해외전시회 참가 지원사업 공고

○ 지원 대상: 달빛도 소재 중소기업
○ 참가 기업 부담: 보증금 없이 참가비 30만원
○ 문의: 달빛진흥원 전시팀 02-555-0190
"""

DEPOSIT_PAGE = """Test fixture (fictional agency and figures).
Moonlight trade show participation: call for companies

Each selected company pays a participation deposit of KRW 500,000 before the show.
Contact: Moonlight Agency, +82-2-555-0191
"""


def test_a_latin_word_of_a_mixed_question_is_searched_as_written(tmp_path: Path) -> None:
    """"deposit" in a Korean question is looked for in its Korean forms (보증금) and as written: an English page
    says it in English, and keyword search finds it there."""
    bot = bot_over(tmp_path, {"dalbit-fair.txt": DEPOSIT_NOTICE, "moonlight-fair.txt": DEPOSIT_PAGE})
    found = bot.retrieve("전시회 참가하면 deposit 얼마 내야 돼요?", mode="keyword")
    assert "deposit" in found.query_tokens
    page = [p for p in found.passages if p.chunk.doc_id == "moonlight-fair"]
    assert page and page[0].keyword_rank is not None, found.passages


def test_kinds_of_answer_asked_together_are_all_asked() -> None:
    """"날짜랑 시간": both name the kind of answer, so neither is a word the passage must hold."""
    asked = {c.label for c in question_concepts("통합공고 접수 마감 날짜랑 시간 알려 주세요") if c.asked}
    assert {"날짜", "시간"} <= asked
    assert "날짜" not in {c.label for c in question_concepts("마감 날짜 변경 공고 있어요?") if c.asked}


SESSION_NOTICE = """※ 테스트용 가상 공고입니다 (test fixture).
2029년 달빛도 성장지원사업 통합공고

4. 신청 기간 및 방법
○ 신청 방법: 달빛 기업지원포털에서 온라인 접수
○ 신청 기간: 2029. 2. 19.(월) 10:00 ~ 3. 9.(금) 18:00
○ 사업설명회: 2029. 2. 22.(목) 14:00, 달빛진흥원 3층 대회의실
※ 마감 시각이 지나면 접수 시스템이 닫혀 신청할 수 없음

5. 문의처
○ 달빛진흥원 성장팀 043-555-0712
"""


def test_a_neighbouring_line_of_another_field_does_not_complete_the_answer(tmp_path: Path) -> None:
    """The note on the deadline states no date; the date comes from the 신청 기간 line, not from the 사업설명회
    line beside the note."""
    bot = bot_over(tmp_path, {"dalbit-growth-2029.txt": SESSION_NOTICE})
    answer = bot.answer("통합공고 접수 마감 날짜랑 시간 알려 주세요")
    assert "3. 9.(금) 18:00" in answer.text and "2. 22" not in answer.text, answer.text


DOCUMENTS_NOTICE = """※ 테스트용 가상 공고입니다 (test fixture).
2029년 달빛도 성장지원사업 통합공고

4. 신청 방법
○ 신청 방법: 달빛 기업지원포털에서 온라인 접수

6. 제출 서류
가. 사업신청서 및 사업계획서(소정 양식) 1부
나. 사업자등록증 사본 1부
다. 중소기업 확인서 1부
라. 국세·지방세 완납 증명서 각 1부

7. 문의처
○ 달빛진흥원 성장팀 043-555-0712
"""


def test_a_list_named_by_the_asked_field_is_the_section_of_that_field(tmp_path: Path) -> None:
    """"서류 목록": the head noun of the question (공고) names no heading, the asked field's noun (서류) does."""
    bot = bot_over(tmp_path, {"dalbit-growth-2029.txt": DOCUMENTS_NOTICE})
    answer = bot.answer("통합공고 신청할 때 내야 하는 서류 목록 알려주세요")
    items = ("사업신청서", "사업자등록증", "중소기업 확인서", "완납 증명서")
    assert all(item in answer.text for item in items), answer.text


def test_two_items_chosen_from_one_list_bring_the_rest_of_it(tmp_path: Path) -> None:
    """Quoting three of a list's four documents reads as if they were all: the rest of the list comes along."""
    bot = bot_over(tmp_path, {"dalbit-growth-2029.txt": DOCUMENTS_NOTICE})
    answer = bot.answer("달빛도 성장지원사업 신청할 때 사업자등록증 사본이랑 중소기업 확인서 말고 내는 서류 있어요?")
    items = ("사업신청서", "사업자등록증", "중소기업 확인서", "완납 증명서")
    assert all(item in answer.text for item in items), answer.text

SCORING_NOTICE = """※ 테스트용 가상 공고입니다 (test fixture).
달빛진흥원 공고 제2028-4호
2028년 달빛 수출 바우처 지원사업 공고
2028. 3. 2.

4. 신청 방법
 - 접수: 바우처 시스템 온라인 접수

5. 선정 평가 배점 (서면 평가 3개 항목, 100점 만점)
 - 수출 계획의 구체성: 40점
 - 바우처 활용 계획의 적정성: 35점
 - 해외시장 성장 가능성: 25점
 ※ 서면 평가 60점 이상인 기업 중 고득점 순으로 발표 평가 대상을 정함

6. 문의처
 - 달빛진흥원 바우처팀 02-555-0110
"""

GUIDE_PAGE = """> 테스트용 가상 문서입니다 (test fixture).

# 달빛국 시장 진출 가이드

## 4. 유통 채널 Distribution

- 대형마트와 온라인 쇼핑몰이 중심입니다.

## 5. 진출 절차 (3단계) Steps to enter

1. 현지 바이어 발굴
2. 수입식품 신고
3. 통관 후 입점 협상

## 6. 문의 Contact

- 달빛 무역관 02-555-0120
"""


def test_a_section_whose_heading_holds_the_asked_noun_answers_with_its_lines(tmp_path: Path) -> None:
    """"서면 평가 배점 어떻게 돼요?": only the heading "5. 선정 평가 배점 (…)" says 배점; its lines are the answer,
    not the "※ 서면 평가 60점 이상 …" line that shares the most words. A chosen heading brings its lines too —
    the numbered list under a Markdown "## 5. 진출 절차" heading is its content, not its sibling."""
    steps = detect_sections(GUIDE_PAGE, ["달빛국 시장 진출 가이드", "4. 유통 채널 Distribution",
                                         "5. 진출 절차 (3단계) Steps to enter", "6. 문의 Contact"], [1, 2, 2, 2])
    nested = [s.path for s in steps if GUIDE_PAGE[s.start:s.end].startswith("1. 현지")]
    assert nested and nested[0][:2] == ("달빛국 시장 진출 가이드", "5. 진출 절차 (3단계) Steps to enter"), nested
    bot = bot_over(tmp_path, {"scoring.txt": SCORING_NOTICE, "guide.md": GUIDE_PAGE})
    scoring = bot.answer("달빛 수출 바우처 서면 평가 배점 어떻게 돼요?")
    for item in ("40점", "35점", "25점"):
        assert item in scoring.text, scoring.text
    order = bot.answer("달빛국 진출 절차 순서대로 알려주세요")
    for item in ("현지 바이어 발굴", "수입식품 신고", "통관 후 입점 협상"):
        assert item in order.text, order.text


def test_a_change_named_in_the_askers_case_is_not_what_is_asked() -> None:
    """"We applied before the correction. Do we need to apply again?" tells its case with the correction and asks
    about applying; "What changed in the correction?" asks the change."""
    assert not asks_change("We applied before the correction. Do we need to apply again?")
    assert asks_change("What changed in the correction?") and asks_change("정정 공고에서 뭐가 바뀐 거예요?")


def test_what_an_english_question_asks_the_thing_for_must_be_on_the_page() -> None:
    """"the registration fee for cosmetics in Morvessa" asked of a page on food supplements: its fee is for other
    products. The words after for/on/of name what the asked thing belongs to."""
    question = "What is the registration fee for cosmetics in Morvessa?"
    objects = english_objects(question, question_concepts(question))
    assert [c.label for c in objects] == ["cosmetics"]
    page = Haystack("Morvessa: registration of imported food supplements\nThe fee is charged per product.")
    assert decide_program(objects, page).abstain
    supplements = "What is the registration fee for supplements in Morvessa?"
    assert not decide_program(english_objects(supplements, question_concepts(supplements)), page).abstain
    assert english_objects("저희 화장품 등록 수수료는?", question_concepts("저희 화장품 등록 수수료는?")) == []


def test_a_name_kiwi_reads_as_a_verb_is_kept_as_written() -> None:
    """Kiwi reads the unknown town "다온시에서는" as 다/오/ᆫ/시 + 에서는: the name would vanish from the question.
    Inside one word, a verb and its adnominal ending before a noun and a particle are a name as written; a
    phrase with a space after the ending ("큰 회사에서는") is no name."""
    labels = [c.label for c in question_concepts("작업환경 개선 사업 설명회 다온시에서는 언제 해요?")]
    assert "다온시" in labels
    phrase = question_concepts("큰 회사에서는 신청 못 하나요?")
    assert not any(" " in c.label or c.label.startswith("큰") for c in phrase)
