// Chat page: asks /api/ask/stream and follows the answer as it is made (the retrieval stages, then the answer
// sentence by sentence; an LLM draft token by token), with a stop button; renders answers as a safe Markdown
// subset (markdown.js) whose [n] markers become citation chips that open the quoted passage; shows the contact
// when the documents have no answer; keeps conversations in localStorage (recent list, "new chat").
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
    placeholder: "질문을 입력하세요",
    send: "보내기",
    stop: "중지",
    stopped: "답변을 중지했습니다.",
    retrieved: "관련 단락 {n}개를 찾았습니다",
    checking: "근거를 확인하는 중…",
    generating: "답변을 쓰는 중… (확인 전 초안)",
    draft: "초안 — 출처 확인 중",
    conversations: "대화 목록",
    conversationsTitle: "최근 대화",
    conversationsEmpty: "저장된 대화가 없습니다.",
    clearAll: "모든 대화 지우기",
    turns: "질문 {n}개",
    untitled: "새 대화",
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
    filters: "검색 범위",
    filterKind: "종류",
    filterStatus: "상태",
    filterIssuer: "기관",
    filterSince: "시작일",
    filterUntil: "종료일",
    any: "전체",
    kindNotice: "공고",
    kindPress: "보도자료",
    kindRegulation: "규제·인증 정보",
    kindGuide: "안내서",
    status_open: "접수 중",
    status_upcoming: "접수 예정",
    status_closed: "마감",
    deadline: "마감일",
  },
  en: {
    pageTitle: "PolicyBot — Korean SME policy assistant",
    title: "Korean SME policy assistant",
    subtitle: "Answers from government policy documents, with sources",
    welcome: "Answers come from Ministry of SMEs and Startups documents, and every fact cites its source.",
    examplesTitle: "Try asking",
    questionLabel: "Question",
    placeholder: "Ask a question",
    send: "Send",
    stop: "Stop",
    stopped: "Stopped.",
    retrieved: "Found {n} relevant passages",
    checking: "Checking the evidence…",
    generating: "Writing… (draft, not yet checked)",
    draft: "Draft — checking sources",
    conversations: "Chats",
    conversationsTitle: "Recent chats",
    conversationsEmpty: "No saved chats.",
    clearAll: "Delete all chats",
    turns: "{n} questions",
    untitled: "New chat",
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
    filters: "Search scope",
    filterKind: "Kind",
    filterStatus: "Status",
    filterIssuer: "Issuer",
    filterSince: "From",
    filterUntil: "To",
    any: "Any",
    kindNotice: "Notice",
    kindPress: "Press release",
    kindRegulation: "Regulation information",
    kindGuide: "Guide",
    status_open: "open",
    status_upcoming: "upcoming",
    status_closed: "closed",
    deadline: "deadline",
  },
};

const EXAMPLES = [
  "수출바우처 지원한도는 어떻게 바뀌나요?",
  "K-GLOBAL STAR 프로그램은 무엇인가요?",
  "What does the K-Global project support?",
];

// Follow-ups send the last turns of the conversation; the server reads at most 6, user turns cut to 300
// characters (bot/limits.py), and counts them toward its input budget: long answers are sent shortened.
const HISTORY_TURNS = 6;
const HISTORY_ANSWER_CHARS = 1000;
const STORE_KEY = "policybot.conversations";
const MAX_CONVERSATIONS = 20;
const MAX_TURNS_KEPT = 40;
const TIME_ZONE = "Asia/Seoul";

const state = {
  lang: PB.getLang(),
  busy: false,
  controller: null, // AbortController of the answer being streamed (the stop button)
  conversation: null, // {id, title, created, updated, turns: [{question, answer}]}
  opener: null, // the element that opened the source panel (focus goes back to it)
};

const $ = (id) => document.getElementById(id);
const t = (key) => I18N[state.lang][key] || key;

// A server message "한국어 … / English …" in the UI's language.
function localized(message) {
  const parts = String(message).split(" / ");
  if (parts.length === 2) return state.lang === "ko" ? parts[0] : parts[1];
  return String(message);
}

function localTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso || "");
  return new Intl.DateTimeFormat(state.lang === "ko" ? "ko-KR" : "en-GB", {
    timeZone: TIME_ZONE, dateStyle: "medium", timeStyle: "short",
  }).format(date);
}

// ---- conversations in localStorage
function loadStore() {
  try {
    const data = JSON.parse(localStorage.getItem(STORE_KEY) || "null");
    if (data && Array.isArray(data.conversations)) return data;
  } catch (_) { /* unreadable: start afresh */ }
  return { current: null, conversations: [] };
}

function saveStore(store) {
  for (;;) {
    try {
      localStorage.setItem(STORE_KEY, JSON.stringify(store));
      return;
    } catch (_) { // quota: drop the oldest conversation and try again
      if (store.conversations.length <= 1) return;
      store.conversations.pop();
    }
  }
}

// What is kept of an answer: what the page shows (not the full passages' scores, timings …).
function keptAnswer(a) {
  return {
    text: a.text, language: a.language, outcome: a.outcome, abstained: a.abstained, mode: a.mode,
    missing_terms: a.missing_terms || [], related_section: a.related_section, contact: a.contact,
    citations: (a.citations || []).map((c) => ({
      n: c.n, doc_title: c.doc_title, doc_date: c.doc_date, section: c.section, section_path: c.section_path,
      pages: c.pages, quote: c.quote, passage: c.passage, doc_status: c.doc_status,
    })),
  };
}

function rememberTurn(question, answer) {
  const now = new Date().toISOString();
  if (!state.conversation) {
    state.conversation = { id: `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
      title: question.slice(0, 80), created: now, updated: now, turns: [] };
  }
  const convo = state.conversation;
  convo.turns.push({ question, answer: keptAnswer(answer) });
  convo.turns = convo.turns.slice(-MAX_TURNS_KEPT);
  convo.updated = now;
  const store = loadStore();
  store.conversations = [convo, ...store.conversations.filter((c) => c.id !== convo.id)]
    .slice(0, MAX_CONVERSATIONS);
  store.current = convo.id;
  saveStore(store);
  if (!$("history-panel").hidden) renderConversations();
}

function historyTurns() {
  const turns = [];
  for (const turn of (state.conversation ? state.conversation.turns : [])) {
    turns.push({ role: "user", content: turn.question });
    turns.push({ role: "assistant", content: turn.answer.text.slice(0, HISTORY_ANSWER_CHARS) });
  }
  return turns.slice(-HISTORY_TURNS);
}

function showConversation(convo) {
  state.conversation = convo;
  $("messages").replaceChildren();
  closeSource(false);
  $("welcome").hidden = Boolean(convo && convo.turns.length);
  for (const turn of (convo ? convo.turns : [])) {
    userMessage(turn.question);
    renderAnswer(assistantMessage(), turn.question, turn.answer);
  }
  const store = loadStore();
  store.current = convo ? convo.id : null;
  saveStore(store);
}

function renderConversations() {
  const list = $("history-list");
  const store = loadStore();
  list.replaceChildren();
  for (const convo of store.conversations) {
    const current = state.conversation && convo.id === state.conversation.id;
    list.appendChild(PB.el("li", { className: "history-item" }, [
      PB.el("button", {
        className: "history-open", attrs: { type: "button", "data-conversation": convo.id,
          "aria-current": current ? "true" : "false" },
        on: { click: () => { showConversation(convo); toggleHistory(false); $("question").focus(); } },
      }, [
        PB.el("span", { className: "history-title", text: convo.title || t("untitled") }),
        PB.el("span", { className: "history-meta",
          text: `${localTime(convo.updated)} · ${t("turns").replace("{n}", convo.turns.length)}` }),
      ]),
    ]));
  }
  $("history-status").textContent = store.conversations.length ? "" : t("conversationsEmpty");
  $("history-clear").hidden = !store.conversations.length;
}

function toggleHistory(show) {
  const panel = $("history-panel");
  const visible = show === undefined ? panel.hidden : show;
  if (visible) toggleProgramsView(false);
  panel.hidden = !visible;
  $("history-toggle").setAttribute("aria-expanded", String(visible));
  if (visible) {
    renderConversations();
    $("history-heading").focus();
  }
}

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
  $("stop").textContent = t("stop");
}

function scrollToEnd() {
  const last = $("messages").lastElementChild;
  if (last) last.scrollIntoView({ block: "end", behavior: "smooth" });
}

function userMessage(text) {
  const li = PB.el("li", { className: "msg user" }, [
    PB.el("span", { className: "visually-hidden", text: `${t("you")}: ` }),
    PB.el("div", { className: "bubble", text }),
  ]);
  $("messages").appendChild(li);
  return li;
}

function assistantMessage() {
  const status = PB.el("div", { className: "status", text: t("retrieving"), attrs: { role: "status" } });
  const draft = PB.el("div", { className: "draft", attrs: { hidden: "", "aria-hidden": "true" } });
  const text = PB.el("div", { className: "answer-text" });
  const extra = PB.el("div", { className: "answer-extra" });
  const actions = PB.el("div", { className: "actions", attrs: { hidden: "" } });
  const bubble = PB.el("div", { className: "bubble" }, [status, draft, text, extra, actions]);
  const li = PB.el("li", { className: "msg assistant pending", attrs: { "aria-busy": "true" } }, [
    PB.el("span", { className: "visually-hidden", text: `${t("bot")}: ` }), bubble,
  ]);
  $("messages").appendChild(li);
  return { li, status, draft, text, extra, actions };
}

// The answer as Markdown, each [n] marker that has a citation a chip button that opens the source.
function renderAnswerText(container, answer) {
  const byN = new Map(answer.citations.map((c) => [c.n, c]));
  MD.render(container, answer.text, (n) => {
    const cite = byN.get(n);
    if (!cite) return null;
    return PB.el("button", {
      className: "cite-chip", text: `[${cite.n}]`,
      attrs: { type: "button", "data-n": cite.n, title: `${cite.doc_title} — ${cite.section}`,
        "aria-label": `${t("source")} ${cite.n}: ${cite.doc_title}` },
      on: { click: (e) => openSource(cite, e.currentTarget) },
    });
  });
}

// "문서 (2026-01-20, 접수 중)": a cited document's date and its status today.
function docLabel(c) {
  const parts = [c.doc_date, c.doc_status ? t(`status_${c.doc_status}`) : ""].filter(Boolean);
  return parts.length ? `${c.doc_title} (${parts.join(", ")})` : c.doc_title;
}

// The filter row: only the fields set are sent (kind, status, issuer, date range).
function filtersBody() {
  const filters = {};
  for (const [key, id] of [["kind", "filter-kind"], ["status", "filter-status"], ["issuer", "filter-issuer"],
    ["since", "filter-since"], ["until", "filter-until"]]) {
    const node = $(id);
    const value = node ? node.value.trim() : "";
    if (value) filters[key] = value;
  }
  return Object.keys(filters).length ? { filters } : {};
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
        text: `[${c.n}] ${docLabel(c)} — ${c.section}`,
        on: { click: (e) => openSource(c, e.currentTarget) },
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
      if (!r.ok) throw new Error(localized(await PB.errorMessage(r)));
      btn.classList.add("chosen");
      btn.setAttribute("aria-pressed", "true");
      note.textContent = t("thanks");
    } catch (e) {
      note.textContent = `${t("feedbackFailed")}: ${e.message}`;
      for (const b of actions.querySelectorAll(".fb")) b.disabled = false;
    }
  };
  // Emoji plus a word: the emoji alone is a blank box on machines without an emoji font.
  // The visible words are the accessible name (the emoji is hidden from screen readers); the title says more.
  const up = PB.el("button", { className: "fb fb-up", attrs: { type: "button", title: t("up") } }, [
    PB.el("span", { text: "👍", attrs: { "aria-hidden": "true" } }), document.createTextNode(` ${t("upShort")}`),
  ]);
  const down = PB.el("button", { className: "fb fb-down", attrs: { type: "button", title: t("down") } }, [
    PB.el("span", { text: "👎", attrs: { "aria-hidden": "true" } }), document.createTextNode(` ${t("downShort")}`),
  ]);
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
  view.li.classList.remove("pending", "streaming");
  view.li.removeAttribute("aria-busy");
  view.status.hidden = true;
  view.draft.hidden = true;
  view.draft.replaceChildren();
  view.li.classList.toggle("abstained", answer.outcome === "abstained");
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
  view.li.classList.remove("pending", "streaming");
  view.li.removeAttribute("aria-busy");
  view.li.classList.add("failed");
  view.draft.hidden = true;
  view.status.hidden = false;
  view.status.textContent = `${t("error")}: ${message}`;
}

function openSource(cite, opener) {
  state.opener = opener || document.activeElement;
  $("source-n").textContent = `[${cite.n}]`;
  $("source-doc").textContent = docLabel(cite);
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

// Close the source panel; focus goes back to what opened it (a chip, a source link), else to the question box.
function closeSource(restoreFocus = true) {
  const panel = $("source-panel");
  if (panel.hidden) return;
  panel.hidden = true;
  if (!restoreFocus) return;
  const back = state.opener && state.opener.isConnected ? state.opener : $("question");
  state.opener = null;
  back.focus();
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

function stageText(data) {
  if (data.stage === "retrieved") {
    const docs = (data.documents || []).join(", ");
    return t("retrieved").replace("{n}", data.passages) + (docs ? ` — ${docs}` : "");
  }
  return t(data.stage) || data.stage;
}

function setBusy(busy) {
  state.busy = busy;
  $("send").hidden = busy;
  $("stop").hidden = !busy;
  if (busy) $("stop").focus();
  else if (document.activeElement === document.body || document.activeElement === $("stop")) $("question").focus();
}

async function ask(raw) {
  const question = raw.trim();
  if (!question || state.busy) return;
  const box = $("question");
  const typed = box.value;
  box.value = "";
  $("welcome").hidden = true;
  const userLi = userMessage(question);
  const view = assistantMessage();
  scrollToEnd();
  const controller = new AbortController();
  state.controller = controller;
  setBusy(true);
  let answer = null;
  let streamed = "";
  let draft = "";
  try {
    const response = await fetch("/api/ask/stream", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify({ question, history: historyTurns(), ...filtersBody() }),
      signal: controller.signal,
    });
    if (!response.ok) {
      // Refused before answering (too long, empty, rate limited): the question goes back into the box.
      const message = localized(await PB.errorMessage(response));
      if (!box.value) box.value = typed || question;
      userLi.remove();
      view.li.remove();
      showComposerError(message);
      return;
    }
    for await (const { event, data } of readEvents(response)) {
      if (event === "progress") {
        view.status.textContent = stageText(data);
      } else if (event === "token") {
        draft += data.text;
        view.draft.hidden = false;
        view.draft.setAttribute("data-label", t("draft"));
        view.draft.textContent = draft;
      } else if (event === "delta") {
        streamed += data.text;
        view.draft.hidden = true;
        MD.render(view.text, streamed, null);
        view.li.classList.add("streaming");
      } else if (event === "answer") {
        answer = data;
        renderAnswer(view, question, answer);
      } else if (event === "error") {
        throw new Error(localized(data.error));
      }
    }
    if (!answer) throw new Error(t("error"));
    rememberTurn(question, answer);
  } catch (e) {
    if (controller.signal.aborted) {
      renderError(view, t("stopped"));
      view.li.classList.add("stopped");
    } else {
      renderError(view, e.message);
    }
  } finally {
    state.controller = null;
    setBusy(false);
    scrollToEnd();
  }
}

function showComposerError(message) {
  const note = $("composer-error");
  note.textContent = `${t("error")}: ${message}`;
  note.hidden = false;
  $("question").setAttribute("aria-invalid", "true");
  $("question").focus();
}

function clearComposerError() {
  $("composer-error").hidden = true;
  $("question").removeAttribute("aria-invalid");
}

// ---- Programs view: /api/programs (strategies → tasks), each with its extract, pages and contact; "Show
// passages" opens /api/programs/{id} in the source panel, "Ask about this" asks about the task in the chat.
const programsState = { loaded: false };

function openPassages(detail) {
  state.opener = document.activeElement;
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
    if (!r.ok) throw new Error(localized(await PB.errorMessage(r)));
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
      (program.contact ? ` · ${t("contact")}: ${program.contact.department}` : "") +
      (program.status ? ` · ${t(`status_${program.status}`)}` : "") +
      (program.apply_end ? ` · ${t("deadline")}: ${program.apply_end}` : "") });
  const passages = PB.el("button", { className: "ghost", text: t("showPassages"), attrs: { type: "button" } });
  passages.addEventListener("click", () => showPassages(program, passages));
  const askBtn = PB.el("button", { className: "ghost", text: t("askAbout"), attrs: { type: "button" },
    on: { click: () => { toggleProgramsView(false); ask(t("askTemplate").replace("{title}", program.title)); } } });
  return PB.el("li", { className: "program", attrs: { "data-program-id": program.id } }, [
    PB.el("details", {}, [
      PB.el("summary", { text: program.number ? `${program.number}. ${program.title}` : program.title }),
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
      const wholeDoc = group.program_ids.length === 1 && group.program_ids[0].endsWith(":doc");
      if (!wholeDoc) section.appendChild(PB.el("h4", { text: group.strategy ? group.strategy.label : t("otherTasks") }));
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

// The programs panel is an overlay at the top of the window (not above the messages), so it opens in view
// however far the conversation has scrolled; focus moves to its heading.
function toggleProgramsView(show) {
  const view = $("programs");
  const visible = show === undefined ? view.hidden : show;
  if (visible && !$("history-panel").hidden) toggleHistory(false);
  view.hidden = !visible;
  $("programs-toggle").setAttribute("aria-expanded", String(visible));
  if (visible) {
    $("programs-heading").focus();
    if (!programsState.loaded) loadPrograms();
  }
}

function newChat() {
  if (state.controller) state.controller.abort();
  showConversation(null);
  clearComposerError();
  $("question").focus();
}

document.addEventListener("DOMContentLoaded", () => {
  setLang(state.lang);
  renderExamples();
  $("lang-switch").addEventListener("click", () => {
    setLang(state.lang === "ko" ? "en" : "ko");
    if (programsState.loaded) loadPrograms();
    if (!$("history-panel").hidden) renderConversations();
  });
  $("new-chat").addEventListener("click", newChat);
  $("history-toggle").addEventListener("click", () => toggleHistory());
  $("history-close").addEventListener("click", () => { toggleHistory(false); $("history-toggle").focus(); });
  $("history-clear").addEventListener("click", () => {
    saveStore({ current: null, conversations: [] });
    showConversation(null);
    renderConversations();
  });
  $("programs-toggle").addEventListener("click", () => toggleProgramsView());
  $("programs-close").addEventListener("click", () => { toggleProgramsView(false); $("programs-toggle").focus(); });
  $("source-close").addEventListener("click", () => closeSource());
  $("stop").addEventListener("click", () => { if (state.controller) state.controller.abort(); });
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    if (!$("source-panel").hidden) closeSource();
    else if (!$("programs").hidden) { toggleProgramsView(false); $("programs-toggle").focus(); }
    else if (!$("history-panel").hidden) { toggleHistory(false); $("history-toggle").focus(); }
  });
  $("ask-form").addEventListener("submit", (e) => { e.preventDefault(); ask($("question").value); });
  $("question").addEventListener("input", clearComposerError);
  $("question").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); ask($("question").value); }
  });
  const store = loadStore();
  const current = store.conversations.find((c) => c.id === store.current);
  if (current) showConversation(current);
  document.body.setAttribute("data-ready", "1");
});
