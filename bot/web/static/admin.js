// Admin page: checks the admin key against the server (GET /api/admin/key) and only then keeps it in
// sessionStorage (gone when the tab closes), uploads a document with progress (XMLHttpRequest: fetch has no
// upload progress), lists and removes documents; times are shown in Korean time (Asia/Seoul).
// Server strings are inserted with textContent only.
"use strict";

const KEY_STORE = "policybot.adminKey";

const I18N = {
  ko: {
    pageTitle: "정책봇 관리",
    adminTitle: "문서 관리",
    backToChat: "채팅으로 돌아가기",
    adminKey: "관리자 키",
    adminKeyPlaceholder: "POLICYBOT_ADMIN_KEY 값",
    save: "저장",
    forget: "지우기",
    keySaved: "키를 확인하고 이 탭에 저장했습니다 (탭을 닫으면 지워집니다).",
    keyMissing: "관리자 키를 입력하세요.",
    keyChecking: "키를 확인하는 중…",
    keyWrong: "키가 맞지 않아 저장하지 않았습니다",
    upload: "문서 올리기",
    fileLabel: "파일",
    titleOptional: "제목 (선택)",
    uploadButton: "올리고 색인하기",
    uploading: "올리는 중",
    indexing: "색인하는 중…",
    supported: "지원 형식",
    documents: "색인된 문서",
    refresh: "새로고침",
    colTitle: "제목",
    colChunks: "조각",
    colIngested: "색인 시각",
    colActions: "작업",
    remove: "삭제",
    confirmRemove: "정말 삭제?",
    removed: "삭제했습니다",
    added: "추가했습니다",
    updated: "갱신했습니다",
    unchanged: "변경 없음 (이미 같은 내용이 색인됨)",
    failed: "실패",
    chunks: "조각",
    noDocs: "색인된 문서가 없습니다.",
    error: "오류",
    conflict: "같은 이름의 문서가 이미 색인되어 있습니다",
    replaceButton: "기존 문서를 바꾸기",
    keepButton: "취소",
    kept: "올리지 않았습니다 (기존 문서 유지)",
  },
  en: {
    pageTitle: "PolicyBot admin",
    adminTitle: "Documents",
    backToChat: "Back to the chat",
    adminKey: "Admin key",
    adminKeyPlaceholder: "value of POLICYBOT_ADMIN_KEY",
    save: "Save",
    forget: "Forget",
    keySaved: "Key checked and kept for this tab (cleared when the tab closes).",
    keyMissing: "Enter the admin key.",
    keyChecking: "Checking the key…",
    keyWrong: "The key was not accepted and was not saved",
    upload: "Upload a document",
    fileLabel: "File",
    titleOptional: "Title (optional)",
    uploadButton: "Upload and index",
    uploading: "Uploading",
    indexing: "Indexing…",
    supported: "Supported types",
    documents: "Indexed documents",
    refresh: "Refresh",
    colTitle: "Title",
    colChunks: "Chunks",
    colIngested: "Indexed at",
    colActions: "Actions",
    remove: "Remove",
    confirmRemove: "Really remove?",
    removed: "Removed",
    added: "Added",
    updated: "Updated",
    unchanged: "Unchanged (same content already indexed)",
    failed: "Failed",
    chunks: "chunks",
    noDocs: "No documents indexed.",
    error: "Error",
    conflict: "A document of this name is already indexed",
    replaceButton: "Replace it",
    keepButton: "Cancel",
    kept: "Not uploaded (the indexed document is kept)",
  },
};

let lang = PB.getLang();
const $ = (id) => document.getElementById(id);
const t = (key) => I18N[lang][key] || key;

function localTime(iso) {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return String(iso || "");
  return new Intl.DateTimeFormat(lang === "ko" ? "ko-KR" : "en-GB", {
    timeZone: "Asia/Seoul", dateStyle: "medium", timeStyle: "short",
  }).format(date);
}

// A server message "한국어 … / English …" in the page's language.
function localized(message) {
  const parts = String(message).split(" / ");
  return parts.length === 2 ? parts[lang === "ko" ? 0 : 1] : String(message);
}

async function saveKey(key) {
  const status = $("key-status");
  if (!key) {
    sessionStorage.removeItem(KEY_STORE);
    status.className = "hint";
    status.textContent = t("keyMissing");
    return;
  }
  status.className = "hint";
  status.textContent = t("keyChecking");
  try {
    const r = await fetch("/api/admin/key", { headers: { "X-Admin-Key": key } });
    if (!r.ok) throw new Error(localized(await PB.errorMessage(r)));
    sessionStorage.setItem(KEY_STORE, key);
    status.className = "hint status ok";
    status.textContent = t("keySaved");
  } catch (e) {
    sessionStorage.removeItem(KEY_STORE);
    status.className = "hint status failed";
    status.textContent = `${t("keyWrong")}: ${e.message}`;
  }
}

function adminKey() {
  return sessionStorage.getItem(KEY_STORE) || "";
}

function setLang(next) {
  lang = next;
  PB.setLang(next);
  PB.applyI18n(I18N, next);
  loadDocuments();
}

async function loadDocuments() {
  const status = $("docs-status");
  try {
    const r = await fetch("/api/documents");
    if (!r.ok) throw new Error(await PB.errorMessage(r));
    const body = await r.json();
    $("supported").textContent = body.supported_suffixes.join(", ");
    $("upload-file").setAttribute("accept", body.supported_suffixes.join(","));
    const rows = body.documents.map((d) => {
      const remove = PB.el("button", {
        className: "danger remove-doc", text: t("remove"),
        attrs: { type: "button", "data-doc-id": d.doc_id },
      });
      remove.addEventListener("click", () => removeDocument(d.doc_id, remove));
      return PB.el("tr", { attrs: { "data-doc-id": d.doc_id } }, [
        PB.el("td", { className: "doc-title", text: d.title }),
        PB.el("td", { className: "doc-id", text: d.doc_id }),
        PB.el("td", { text: d.chunk_count }),
        PB.el("td", {}, [PB.el("time", { text: localTime(d.ingested_at), attrs: { datetime: d.ingested_at } })]),
        PB.el("td", {}, [remove]),
      ]);
    });
    $("docs-body").replaceChildren(...rows);
    status.textContent = rows.length ? "" : t("noDocs");
  } catch (e) {
    status.textContent = `${t("error")}: ${e.message}`;
  }
}

async function removeDocument(docId, button) {
  if (!button.classList.contains("confirming")) {  // two clicks instead of confirm(), which blocks the page
    button.classList.add("confirming");
    button.textContent = t("confirmRemove");
    return;
  }
  button.disabled = true;
  const status = $("docs-status");
  try {
    const r = await fetch(`/api/documents/${encodeURIComponent(docId)}`, {
      method: "DELETE", headers: { "X-Admin-Key": adminKey() },
    });
    if (!r.ok) throw new Error(await PB.errorMessage(r));
    const body = await r.json();
    await loadDocuments();
    status.textContent = `${t("removed")}: ${body.doc_id}`;
  } catch (e) {
    status.textContent = `${t("error")}: ${e.message}`;
    button.disabled = false;
  }
}

function upload(event) {
  event.preventDefault();
  const status = $("upload-status");
  const file = $("upload-file").files[0];
  if (!adminKey()) { status.textContent = t("keyMissing"); return; }
  if (!file) return;
  send(file, $("upload-title").value.trim(), "");
}

// An upload named like an indexed document comes back 409 with the documents it would replace: ask first, and
// send it again with replace=<doc_id> only when the admin says so.
function askToReplace(file, title, body) {
  const status = $("upload-status");
  const existing = body.existing || [];
  status.className = "status failed conflict";
  const names = existing.map((d) => `${d.title} (${d.doc_id})`).join(", ");
  const replaceButton = PB.el("button", { className: "danger", text: t("replaceButton"),
    attrs: { type: "button", id: "replace-confirm" } });
  const keepButton = PB.el("button", { className: "ghost", text: t("keepButton"),
    attrs: { type: "button", id: "replace-cancel" } });
  replaceButton.addEventListener("click", () => send(file, title, existing.length === 1 ? existing[0].doc_id : "true"));
  keepButton.addEventListener("click", () => {
    status.className = "status";
    status.textContent = t("kept");
  });
  status.replaceChildren(PB.el("span", { text: `${t("conflict")}: ${names}. ` }), replaceButton, keepButton);
  replaceButton.focus();
}

function send(file, title, replace) {
  const status = $("upload-status");
  const form = new FormData();
  form.append("file", file);
  if (title) form.append("title", title);
  if (replace) form.append("replace", replace);
  const progress = $("upload-progress");
  progress.hidden = false;
  progress.value = 0;
  $("upload-button").disabled = true;
  status.className = "status";
  status.textContent = `${t("uploading")} 0%`;
  const xhr = new XMLHttpRequest();
  xhr.open("POST", "/api/documents");
  xhr.setRequestHeader("X-Admin-Key", adminKey());
  xhr.upload.addEventListener("progress", (e) => {
    if (!e.lengthComputable) return;
    const pct = Math.round((e.loaded / e.total) * 100);
    progress.value = pct;
    status.textContent = pct < 100 ? `${t("uploading")} ${pct}%` : t("indexing");
  });
  xhr.addEventListener("load", () => {
    $("upload-button").disabled = false;
    progress.hidden = true;
    let body = {};
    try { body = JSON.parse(xhr.responseText); } catch (_) { body = {}; }
    if (xhr.status >= 200 && xhr.status < 300) {
      status.className = `status ok result-${body.status}`;
      status.textContent = `${t(body.status)}: ${body.filename} → ${body.doc_id} (${body.chunks} ${t("chunks")})`;
      $("upload-form").reset();
      loadDocuments();
    } else if (xhr.status === 409 && body.existing && body.existing.length) {
      askToReplace(file, title, body);
    } else {
      status.className = "status failed";
      status.textContent = `${t("failed")} (${xhr.status}): ${body.error || xhr.statusText}`;
    }
  });
  xhr.addEventListener("error", () => {
    $("upload-button").disabled = false;
    progress.hidden = true;
    status.className = "status failed";
    status.textContent = `${t("error")}: network`;
  });
  xhr.send(form);
}

document.addEventListener("DOMContentLoaded", () => {
  PB.applyI18n(I18N, lang);
  $("lang-switch").addEventListener("click", () => setLang(lang === "ko" ? "en" : "ko"));
  $("admin-key").value = adminKey();
  $("key-status").textContent = adminKey() ? t("keySaved") : "";
  $("key-form").addEventListener("submit", (e) => {
    e.preventDefault();
    saveKey($("admin-key").value.trim());
  });
  $("key-clear").addEventListener("click", () => {
    sessionStorage.removeItem(KEY_STORE);
    $("admin-key").value = "";
    $("key-status").textContent = t("keyMissing");
  });
  $("upload-form").addEventListener("submit", upload);
  $("refresh").addEventListener("click", loadDocuments);
  loadDocuments().then(() => document.body.setAttribute("data-ready", "1"));
});
