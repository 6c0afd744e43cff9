// Chat page: asks /api/ask/stream, renders the answer as it streams in, turns [n] markers into citation chips
// that open the quoted passage, and shows the contact when the documents have no answer.
// Every string from the server is inserted with textContent (PB.el), never as HTML.
"use strict";

const I18N = {
  ko: {
    pageTitle: "정책봇 — 중소기업 정책 도우미",
    title: "중소기업 정책 도우미",
    subtitle: "정부 정책 문서에서 근거와 함께 답합니다",
    welcome: "중소벤처기업부 정책 문서를 바탕으로 답하고, 모든 내용에 출처를 붙입니다.",
    examplesTitle: "이런 질문을 해보세요",
    questionLabel: "질문",
    placeholder: "질문을 입력하세요 (예: 수출바우처 지원한도)",
    send: "보내기",
    newChat: "새 대화",
    you: "나",
    bot: "정책봇",
    retrieving: "관련 문서를 찾는 중…",
    composing: "답변을 작성하는 중…",
    notFound: "문서에서 찾지 못했습니다",
    missing: "문서에 없는 내용",
    related: "가장 가까운 부분",
    contact: "문의처",
    source: "출처",
    document: "문서",
    section: "위치",
    pages: "쪽",
    noPages: "쪽 정보 없음",
    quote: "인용 문장",
    passage: "원문 단락",
    close: "닫기",
    copy: "복사",
    copied: "복사했습니다",
    up: "도움이 됐어요",
    down: "도움이 안 됐어요",
    upShort: "좋아요",
    downShort: "아쉬워요",
    thanks: "의견 감사합니다",
    feedbackFailed: "의견을 보내지 못했습니다",
    error: "오류가 발생했습니다",
    sources: "출처",
    programs: "사업 목록",
    programsTitle: "사업 목록 (전략별 추진과제)",
    programsHint: "문서의 제목 구조에서 뽑은 과제와 원문 문장입니다.",
    programsLoading: "사업 목록을 불러오는 중…",
    programsEmpty: "색인된 문서에 번호 붙은 과제가 없습니다.",
    askAbout: "이 사업 질문하기",
    showPassages: "원문 보기",
    askTemplate: "{title}은(는) 무엇을 지원하나요?",
    otherTasks: "기타 과제",
  },
  en: {
    pageTitle: "PolicyBot — Korean SME policy assistant",
    title: "Korean SME policy assistant",
    subtitle: "Answers from government policy documents, with sources",
    welcome: "Answers come from Ministry of SMEs and Startups documents, and every fact cites its source.",
    examplesTitle: "Try asking",
    questionLabel: "Question",
    placeholder: "Ask a question (e.g. export voucher limits)",
    send: "Send",
    newChat: "New chat",
    you: "You",
    bot: "PolicyBot",
    retrieving: "Searching the documents…",
    composing: "Writing the answer…",
    notFound: "Not found in the documents",
    missing: "Not in the documents",
    related: "Closest section",
    contact: "Contact",
    source: "Source",
    document: "Document",
    section: "Section",
    pages: "Pages",
    noPages: "no page numbers",
    quote: "Quoted sentence",
    passage: "Passage",
    close: "Close",
    copy: "Copy",
    copied: "Copied",
    up: "Helpful",
    down: "Not helpful",
    upShort: "Helpful",
    downShort: "Not helpful",
    thanks: "Thanks for the feedback",
    feedbackFailed: "Could not send feedback",
    error: "Something went wrong",
    sources: "Sources",
    programs: "Programs",
    programsTitle: "Programs (tasks by strategy)",
    programsHint: "Tasks taken from the documents' headings, with sentences quoted from the source (Korean).",
    programsLoading: "Loading programs…",
    programsEmpty: "The indexed documents have no numbered tasks.",
    askAbout: "Ask about this",
    showPassages: "Show passages",
    askTemplate: "What does the program \"{title}\" support?",
    otherTasks: "Other tasks",
  },
};

const EXAMPLES = [
  "수출바우처 지원한도는 어떻게 바뀌나요?",
  "K-GLOBAL STAR 프로그램은 무엇인가요?",
  "What does the K-Global project support?",
];

const MAX_HISTORY_TURNS = 10;

const state = {
  lang: PB.getLang(),
  history: [], // [{role, content}] sent with each question for follow-ups
  busy: false,
};

const $ = (id) => document.getElementById(id);
const t = (key) => I18N[state.lang][key] || key;

function renderExamples() {
  const box = $("examples");
  box.replaceChildren();
  for (const q of EXAMPLES) {
    box.appendChild(PB.el("button", {
      className: "example", text: q, attrs: { type: "button" },
      on: { click: () => ask(q) },
    }));
  }
}

function setLang(lang) {
  state.lang = lang;
  PB.setLang(lang);
  PB.applyI18n(I18N, lang);
}

function scrollToEnd() {
  const last = $("messages").lastElementChild;
  if (last) last.scrollIntoView({ block: "end", behavior: "smooth" });
}

function userMessage(text) {
  const li = PB.el("li", { className: "msg user" }, [
    PB.el("div", { className: "bubble", text }),
  ]);
  $("messages").appendChild(li);
  return li;
}

function assistantMessage() {
  const status = PB.el("div", { className: "status", text: t("retrieving"), attrs: { role: "status" } });
  const text = PB.el("div", { className: "answer-text" });
  const extra = PB.el("div", { className: "answer-extra" });
  const actions = PB.el("div", { className: "actions", attrs: { hidden: "" } });
  const bubble = PB.el("div", { className: "bubble" }, [status, text, extra, actions]);
  const li = PB.el("li", { className: "msg assistant pending" }, [bubble]);
  $("messages").appendChild(li);
  return { li, status, text, extra, actions };
}

// The answer text with each [n] marker that has a citation turned into a chip button.
function renderAnswerText(container, answer) {
  container.replaceChildren();
  const byN = new Map(answer.citations.map((c) => [c.n, c]));
  const parts = answer.text.split(/(\[\d+\])/);
  for (const part of parts) {
    const m = /^\[(\d+)\]$/.exec(part);
    const cite = m ? byN.get(Number(m[1])) : undefined;
    if (cite) {
      container.appendChild(PB.el("button", {
        className: "cite-chip", text: `[${cite.n}]`,
        attrs: { type: "button", "data-n": cite.n, title: `${cite.doc_title} — ${cite.section}` },
        on: { click: () => openSource(cite) },
      }));
    } else if (part) {
      container.appendChild(document.createTextNode(part));
    }
  }
}

function pagesText(pages) {
  return pages && pages.length ? pages.join(", ") : t("noPages");
}

function renderSourcesList(extra, answer) {
  if (!answer.citations.length) return;
  const list = PB.el("ol", { className: "source-list" });
  for (const c of answer.citations) {
    list.appendChild(PB.el("li", {}, [
      PB.el("button", {
        className: "source-link", attrs: { type: "button" },
        text: `[${c.n}] ${c.doc_title}${c.doc_date ? ` (${c.doc_date})` : ""} — ${c.section}`,
        on: { click: () => openSource(c) },
      }),
    ]));
  }
  extra.appendChild(PB.el("details", { className: "sources" }, [
    PB.el("summary", { text: `${t("sources")} (${answer.citations.length})` }), list,
  ]));
}

function renderAbstention(extra, answer) {
  const box = PB.el("div", { className: "abstain", attrs: { role: "note" } }, [
    PB.el("strong", { className: "abstain-banner", text: t("notFound") }),
  ]);
  if (answer.missing_terms && answer.missing_terms.length) {
    box.appendChild(PB.el("p", { className: "missing", text: `${t("missing")}: ${answer.missing_terms.join(", ")}` }));
  }
  if (answer.related_section) {
    box.appendChild(PB.el("p", { className: "related", text: `${t("related")}: ${answer.related_section}` }));
  }
  if (answer.contact) {
    const contact = PB.el("div", { className: "contact" }, [
      PB.el("span", { className: "contact-label", text: `${t("contact")}: ` }),
      PB.el("span", { className: "contact-dept", text: answer.contact.department }),
    ]);
    const people = answer.contact.people || [];
    if (people.length) {
      const ul = PB.el("ul", { className: "contact-people" });
      for (const p of people) ul.appendChild(PB.el("li", { text: p }));
      contact.appendChild(ul);
    } else if (answer.contact.phone) {
      contact.appendChild(PB.el("span", { className: "contact-phone", text: ` (${answer.contact.phone})` }));
    }
    box.appendChild(contact);
  }
  extra.appendChild(box);
}

function renderActions(actions, question, answer) {
  const note = PB.el("span", { className: "feedback-note", attrs: { role: "status" } });
  const send = async (rating, btn) => {
    for (const b of actions.querySelectorAll(".fb")) b.disabled = true;
    try {
      const r = await fetch("/api/feedback", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ question, answer: answer.text, rating }),
      });
      if (!r.ok) throw new Error(await PB.errorMessage(r));
      btn.classList.add("chosen");
      note.textContent = t("thanks");
    } catch (e) {
      note.textContent = `${t("feedbackFailed")}: ${e.message}`;
      for (const b of actions.querySelectorAll(".fb")) b.disabled = false;
    }
  };
  // Emoji plus a word: the emoji alone is a blank box on machines without an emoji font.
  const up = PB.el("button", {
    className: "fb fb-up", text: `👍 ${t("upShort")}`, attrs: { type: "button", "aria-label": t("up"), title: t("up") },
  });
  const down = PB.el("button", {
    className: "fb fb-down", text: `👎 ${t("downShort")}`,
    attrs: { type: "button", "aria-label": t("down"), title: t("down") },
  });
  up.addEventListener("click", () => send("up", up));
  down.addEventListener("click", () => send("down", down));
  const copy = PB.el("button", { className: "copy-btn", text: t("copy"), attrs: { type: "button" } });
  copy.addEventListener("click", async () => {
    const lines = [answer.text, ...answer.citations.map((c) => `[${c.n}] ${c.doc_title} — ${c.section}`)];
    try {
      await navigator.clipboard.writeText(lines.join("\n"));
      note.textContent = t("copied");
    } catch (_) {
      note.textContent = t("error");
    }
  });
  actions.replaceChildren(up, down, copy, note);
  actions.hidden = false;
}

function renderAnswer(view, question, answer) {
  view.li.classList.remove("pending");
  view.status.hidden = true;
  view.li.classList.toggle("abstained", Boolean(answer.abstained));
  view.li.setAttribute("lang", answer.language);
  // An abstention is shown from its structure (banner, missing terms, contact), not its text as well.
  if (answer.outcome === "abstained") view.text.replaceChildren();
  else renderAnswerText(view.text, answer);
  view.extra.replaceChildren();
  if (answer.outcome === "abstained") renderAbstention(view.extra, answer);
  renderSourcesList(view.extra, answer);
  renderActions(view.actions, question, answer);
}

function renderError(view, message) {
  view.li.classList.remove("pending");
  view.li.classList.add("failed");
  view.status.hidden = false;
  view.status.textContent = `${t("error")}: ${message}`;
}

function openSource(cite) {
  $("source-n").textContent = `[${cite.n}]`;
  $("source-doc").textContent = cite.doc_date ? `${cite.doc_title} (${cite.doc_date})` : cite.doc_title;
  $("source-section").textContent = cite.section_path && cite.section_path.length
    ? cite.section_path.join(" > ") : cite.section;
  $("source-pages").textContent = pagesText(cite.pages);
  $("source-quote").textContent = cite.quote;
  const passage = $("source-passage");
  passage.replaceChildren();
  const at = cite.quote ? cite.passage.indexOf(cite.quote) : -1;
  if (at >= 0) {
    passage.append(
      document.createTextNode(cite.passage.slice(0, at)),
      PB.el("mark", { text: cite.quote }),
      document.createTextNode(cite.passage.slice(at + cite.quote.length)),
    );
  } else {
    passage.textContent = cite.passage;
  }
  const panel = $("source-panel");
  panel.hidden = false;
  panel.setAttribute("data-n", String(cite.n));
  $("source-close").focus();
}

// Minimal server-sent-events reader over fetch (EventSource cannot POST a JSON body).
async function* readEvents(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder("utf-8");
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    buffer += decoder.decode(value || new Uint8Array(), { stream: !done });
    buffer = buffer.replace(/\r\n/g, "\n");
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let event = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length) yield { event, data: JSON.parse(data.join("\n")) };
    }
    if (done) return;
  }
}

async function ask(raw) {
  const question = raw.trim();
  if (!question || state.busy) return;
  state.busy = true;
  $("send").disabled = true;
  $("welcome").hidden = true;
  $("question").value = "";
  userMessage(question);
  const view = assistantMessage();
  scrollToEnd();
  const history = state.history.slice(-MAX_HISTORY_TURNS);
  let answer = null;
  let streamed = "";
  try {
    const response = await fetch("/api/ask/stream", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify({ question, history }),
    });
    if (!response.ok) throw new Error(await PB.errorMessage(response));
    for await (const { event, data } of readEvents(response)) {
      if (event === "progress") {
        view.status.textContent = t(data.stage) || data.stage;
      } else if (event === "delta") {
        streamed += data.text;
        view.text.textContent = streamed;
        view.li.classList.add("streaming");
      } else if (event === "answer") {
        answer = data;
        renderAnswer(view, question, answer);
      } else if (event === "error") {
        throw new Error(data.error);
      }
    }
    if (!answer) throw new Error(t("error"));
    view.li.classList.remove("streaming");
    state.history.push({ role: "user", content: question }, { role: "assistant", content: answer.text });
  } catch (e) {
    renderError(view, e.message);
  } finally {
    state.busy = false;
    $("send").disabled = false;
    scrollToEnd();
  }
}

// ---- Programs view: /api/programs (strategies → tasks), each with its extract, pages and contact; "Show
// passages" opens /api/programs/{id} in the source panel, "Ask about this" asks about the task in the chat.
const programsState = { loaded: false };

function openPassages(detail) {
  $("source-n").textContent = "";
  $("source-doc").textContent = detail.doc_title;
  $("source-section").textContent = detail.section;
  $("source-pages").textContent = pagesText(detail.pages);
  $("source-quote").textContent = (detail.extract || []).join(" ");
  $("source-passage").textContent = (detail.passages || []).map((p) => p.text).join("\n\n");
  const panel = $("source-panel");
  panel.hidden = false;
  panel.setAttribute("data-program", detail.id);
  $("source-close").focus();
}

async function showPassages(program, button) {
  button.disabled = true;
  try {
    const r = await fetch(`/api/programs/${encodeURIComponent(program.id)}`);
    if (!r.ok) throw new Error(await PB.errorMessage(r));
    openPassages(await r.json());
  } catch (e) {
    $("programs-status").textContent = `${t("error")}: ${e.message}`;
  } finally {
    button.disabled = false;
  }
}

function programItem(program) {
  const extract = PB.el("ul", { className: "program-extract" });
  for (const sentence of program.extract || []) extract.appendChild(PB.el("li", { text: sentence }));
  const meta = PB.el("p", { className: "program-meta",
    text: `${t("pages")}: ${pagesText(program.pages)}` +
      (program.contact ? ` · ${t("contact")}: ${program.contact.department}` : "") });
  const passages = PB.el("button", { className: "ghost", text: t("showPassages"), attrs: { type: "button" } });
  passages.addEventListener("click", () => showPassages(program, passages));
  const askBtn = PB.el("button", { className: "ghost", text: t("askAbout"), attrs: { type: "button" },
    on: { click: () => { toggleProgramsView(false); ask(t("askTemplate").replace("{title}", program.title)); } } });
  return PB.el("li", { className: "program", attrs: { "data-program-id": program.id } }, [
    PB.el("details", {}, [
      PB.el("summary", { text: `${program.number}. ${program.title}` }),
      extract, meta, PB.el("div", { className: "program-actions" }, [passages, askBtn]),
    ]),
  ]);
}

function renderPrograms(catalogue) {
  const list = $("programs-list");
  list.replaceChildren();
  const byId = new Map(catalogue.programs.map((p) => [p.id, p]));
  for (const doc of catalogue.documents) {
    if (!doc.strategies.length) continue;
    const section = PB.el("section", { className: "program-doc" }, [PB.el("h3", { text: doc.title })]);
    for (const group of doc.strategies) {
      section.appendChild(PB.el("h4", { text: group.strategy ? group.strategy.label : t("otherTasks") }));
      const ol = PB.el("ol", { className: "program-list" });
      for (const id of group.program_ids) if (byId.has(id)) ol.appendChild(programItem(byId.get(id)));
      section.appendChild(ol);
    }
    list.appendChild(section);
  }
  $("programs-status").textContent = list.childElementCount ? "" : t("programsEmpty");
}

async function loadPrograms() {
  $("programs-status").textContent = t("programsLoading");
  try {
    const r = await fetch("/api/programs");
    if (!r.ok) throw new Error(await PB.errorMessage(r));
    renderPrograms(await r.json());
    programsState.loaded = true;
  } catch (e) {
    $("programs-status").textContent = `${t("error")}: ${e.message}`;
  }
}

function toggleProgramsView(show) {
  const view = $("programs");
  const visible = show === undefined ? view.hidden : show;
  view.hidden = !visible;
  $("programs-toggle").setAttribute("aria-expanded", String(visible));
  if (visible && !programsState.loaded) loadPrograms();
}

function newChat() {
  state.history = [];
  $("messages").replaceChildren();
  $("source-panel").hidden = true;
  $("welcome").hidden = false;
  $("question").focus();
}

document.addEventListener("DOMContentLoaded", () => {
  setLang(state.lang);
  renderExamples();
  $("lang-switch").addEventListener("click", () => {
    setLang(state.lang === "ko" ? "en" : "ko");
    if (programsState.loaded) loadPrograms();
  });
  $("new-chat").addEventListener("click", newChat);
  $("programs-toggle").addEventListener("click", () => toggleProgramsView());
  $("programs-close").addEventListener("click", () => toggleProgramsView(false));
  $("source-close").addEventListener("click", () => { $("source-panel").hidden = true; });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") $("source-panel").hidden = true; });
  $("ask-form").addEventListener("submit", (e) => { e.preventDefault(); ask($("question").value); });
  $("question").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); ask($("question").value); }
  });
  document.body.setAttribute("data-ready", "1");
});
