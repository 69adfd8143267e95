// A small Markdown subset rendered by building DOM nodes: text only ever goes through textContent, so HTML or
// script in a model's answer, a knowledge-base passage or an agent's message shows as the characters it is.

const inlinePattern =
  /(`[^`\n]+`)|(\*\*[^*\n]+?\*\*)|(\*[^*\s][^*\n]*?\*|\b_[^_\n]+?_\b)|(\[[^\]\n]+\]\([^)\s]+\))|(https?:\/\/[^\s<>()"']+[^\s<>()"'.,;:!?])/;

const allowedProtocols = new Set(["http:", "https:", "mailto:"]);

/** The URL if it is http, https or mailto; anything else (javascript:, data:, relative) is refused. */
export function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw);
    return allowedProtocols.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

export function link(href: string, text: string): HTMLAnchorElement {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  a.target = "_blank";
  a.rel = "noopener noreferrer nofollow";
  return a;
}

function renderInline(text: string, parent: Node): void {
  let rest = text;
  while (rest.length > 0) {
    const match = inlinePattern.exec(rest);
    if (!match) {
      appendText(parent, rest);
      return;
    }
    if (match.index > 0) appendText(parent, rest.slice(0, match.index));
    const token = match[0];
    if (match[1]) {
      const code = document.createElement("code");
      code.textContent = token.slice(1, -1);
      parent.appendChild(code);
    } else if (match[2]) {
      const strong = document.createElement("strong");
      renderInline(token.slice(2, -2), strong);
      parent.appendChild(strong);
    } else if (match[3]) {
      const em = document.createElement("em");
      renderInline(token.slice(1, -1), em);
      parent.appendChild(em);
    } else if (match[4]) {
      const split = token.indexOf("](");
      const label = token.slice(1, split);
      const href = safeHref(token.slice(split + 2, -1));
      if (href) parent.appendChild(link(href, label));
      else appendText(parent, token);
    } else {
      const href = safeHref(token);
      if (href) parent.appendChild(link(href, token));
      else appendText(parent, token);
    }
    rest = rest.slice(match.index + token.length);
  }
}

function appendText(parent: Node, text: string): void {
  // Single newlines inside a paragraph are line breaks.
  text.split("\n").forEach((line, i) => {
    if (i > 0) parent.appendChild(document.createElement("br"));
    if (line) parent.appendChild(document.createTextNode(line));
  });
}

const bullet = /^\s*[-*+]\s+(.*)$/;
const numbered = /^\s*\d+[.)]\s+(.*)$/;
const heading = /^\s*#{1,6}\s+(.*)$/;

/** Renders Markdown into a fragment: paragraphs, bullet and numbered lists, headings as bold lines, and inline marks. */
export function renderMarkdown(source: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  let paragraph: string[] = [];
  let list: HTMLUListElement | HTMLOListElement | null = null;

  const flushParagraph = () => {
    if (paragraph.length === 0) return;
    const p = document.createElement("p");
    renderInline(paragraph.join("\n"), p);
    fragment.appendChild(p);
    paragraph = [];
  };

  for (const line of lines) {
    const item = bullet.exec(line) ?? numbered.exec(line);
    if (item) {
      flushParagraph();
      const tag = bullet.test(line) ? "UL" : "OL";
      if (!list || list.tagName !== tag) {
        list = document.createElement(tag === "UL" ? "ul" : "ol");
        fragment.appendChild(list);
      }
      const li = document.createElement("li");
      renderInline(item[1] ?? "", li);
      list.appendChild(li);
      continue;
    }
    list = line.trim() === "" ? null : list;
    if (line.trim() === "") {
      flushParagraph();
      continue;
    }
    const title = heading.exec(line);
    if (title) {
      flushParagraph();
      list = null;
      const p = document.createElement("p");
      const strong = document.createElement("strong");
      renderInline(title[1] ?? "", strong);
      p.appendChild(strong);
      fragment.appendChild(p);
      continue;
    }
    if (list) {
      // A continuation line of the last list item.
      const last = list.lastElementChild;
      if (last) {
        last.appendChild(document.createElement("br"));
        renderInline(line.trim(), last);
        continue;
      }
    }
    paragraph.push(line);
  }
  flushParagraph();
  return fragment;
}
