// A small, safe Markdown subset for answers and document text: headings (#…######), bullet and numbered lists,
// block quotes, paragraphs, **bold**, `code` and [n] citation markers. It never parses HTML: every piece of text
// goes into the page with textContent / createTextNode (PB.el), so "<script>" in a document shows as text.
"use strict";

const MD = (() => {
  const INLINE = /(\[\d{1,2}\]|\*\*[^*\n]+\*\*|`[^`\n]+`)/;

  // Text with **bold**, `code` and [n] markers; marker(n, raw) returns the node for a citation (or null: text).
  function inline(parent, text, marker) {
    for (const part of text.split(INLINE)) {
      if (!part) continue;
      const cite = /^\[(\d{1,2})\]$/.exec(part);
      if (cite) {
        const node = marker ? marker(Number(cite[1]), part) : null;
        parent.appendChild(node || document.createTextNode(part));
      } else if (part.startsWith("**") && part.endsWith("**") && part.length > 4) {
        parent.appendChild(PB.el("strong", { text: part.slice(2, -2) }));
      } else if (part.startsWith("`") && part.endsWith("`") && part.length > 2) {
        parent.appendChild(PB.el("code", { text: part.slice(1, -1) }));
      } else {
        parent.appendChild(document.createTextNode(part));
      }
    }
    return parent;
  }

  // Render ``text`` into ``container`` (its children are replaced). Headings start at <h{baseLevel}>.
  function render(container, text, marker, baseLevel = 3) {
    container.replaceChildren();
    let list = null;
    let listKind = "";
    const close = () => { list = null; listKind = ""; };
    for (const raw of String(text || "").split("\n")) {
      const line = raw.replace(/\s+$/, "");
      let m;
      if (!line.trim()) { close(); continue; }
      if ((m = /^\s{0,3}(#{1,6})\s+(.+?)\s*#*$/.exec(line))) {
        close();
        const level = Math.min(6, baseLevel + m[1].length - 1);
        container.appendChild(inline(PB.el(`h${level}`, { className: "md-heading" }), m[2], marker));
      } else if ((m = /^\s*[-*•○◦▪]\s+(.+)$/.exec(line))) {
        if (listKind !== "ul") { list = container.appendChild(PB.el("ul", { className: "md-list" })); listKind = "ul"; }
        list.appendChild(inline(PB.el("li"), m[1], marker));
      } else if ((m = /^\s*(\d{1,3})[.)]\s+(.+)$/.exec(line))) {
        if (listKind !== "ol") {
          list = container.appendChild(PB.el("ol", { className: "md-list", attrs: { start: m[1] } }));
          listKind = "ol";
        }
        list.appendChild(inline(PB.el("li"), m[2], marker));
      } else if ((m = /^\s*>\s?(.*)$/.exec(line))) {
        close();
        container.appendChild(inline(PB.el("blockquote", { className: "md-quote" }), m[1], marker));
      } else {
        close();
        container.appendChild(inline(PB.el("p", { className: "md-p" }), line.trim(), marker));
      }
    }
    return container;
  }

  return { render, inline };
})();
