// Shared helpers of the chat and admin pages. Data from the server is only ever inserted with textContent
// (see el()); no function here takes HTML.
"use strict";

const PB = (() => {
  const LANG_KEY = "policybot.lang";

  function el(tag, opts = {}, children = []) {
    const node = document.createElement(tag);
    if (opts.className) node.className = opts.className;
    if (opts.text !== undefined && opts.text !== null) node.textContent = String(opts.text);
    if (opts.attrs) {
      for (const [k, v] of Object.entries(opts.attrs)) node.setAttribute(k, String(v));
    }
    if (opts.on) {
      for (const [k, fn] of Object.entries(opts.on)) node.addEventListener(k, fn);
    }
    for (const child of children) if (child) node.appendChild(child);
    return node;
  }

  function getLang() {
    const saved = localStorage.getItem(LANG_KEY);
    return saved === "en" ? "en" : "ko";
  }

  function setLang(lang) {
    localStorage.setItem(LANG_KEY, lang === "en" ? "en" : "ko");
  }

  // Replace the text of every [data-i18n] element and the placeholder of [data-i18n-placeholder] ones.
  function applyI18n(dict, lang) {
    const t = dict[lang];
    document.documentElement.lang = lang;
    for (const node of document.querySelectorAll("[data-i18n]")) {
      const key = node.getAttribute("data-i18n");
      if (t[key] !== undefined) node.textContent = t[key];
    }
    for (const node of document.querySelectorAll("[data-i18n-placeholder]")) {
      const key = node.getAttribute("data-i18n-placeholder");
      if (t[key] !== undefined) node.setAttribute("placeholder", t[key]);
    }
    if (t.pageTitle) document.title = t.pageTitle;
    const sw = document.getElementById("lang-switch");
    if (sw) {
      sw.textContent = lang === "ko" ? "English" : "한국어";
      sw.setAttribute("lang", lang === "ko" ? "en" : "ko");
    }
  }

  async function errorMessage(response) {
    try {
      const body = await response.json();
      if (body && typeof body.error === "string") return body.error;
    } catch (_) { /* not JSON */ }
    return `HTTP ${response.status}`;
  }

  return { el, getLang, setLang, applyI18n, errorMessage };
})();
