import { ApiError, VisitorApi } from "./api";
import { ChatConnection } from "./connection";
import type { EmbedConfig } from "./config";
import { link, renderMarkdown } from "./markdown";
import { loadOpen, loadSession, newClientMessageId, saveOpen, saveSession } from "./storage";
import { styles } from "./styles";
import type {
  AgentMessage, Message, OwnerChanged, ReplyCompleted, ReplyDelta, ReplyFailed, ReplyStarted, Session, WidgetSettings,
} from "./types";

/** One row of the transcript as shown: a stored message, a visitor message not yet acknowledged, or a reply being streamed. */
interface Entry {
  key: string;
  el: HTMLLIElement;
  body: HTMLDivElement;
  role: Message["role"];
  message: Message | null;
  clientMessageId: string | null;
  text: string;
  pending: boolean;
  streaming: boolean;
  pieces: string[];
  order: number;
  decorated: boolean;
}

type State = "bot" | "queued" | "agent" | "closed";

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function icon(d: string, className = ""): SVGSVGElement {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  if (className) svg.setAttribute("class", className);
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", d);
  svg.appendChild(path);
  return svg;
}

const chatPath = "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z";
// Material Design "thumb_up" (Apache 2.0); thumbs down is the same icon turned over.
const thumbPath = "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z";

/** The chat widget: launcher, panel and the conversation, inside a shadow root on the host page. */
export class ChatWidget {
  private readonly api: VisitorApi;
  private readonly root: HTMLDivElement;
  private readonly launcher: HTMLButtonElement;
  private readonly panel: HTMLDivElement;
  private readonly log: HTMLOListElement;
  private readonly status: HTMLDivElement;
  private readonly input: HTMLTextAreaElement;
  private readonly personButton: HTMLButtonElement;
  private readonly scroller: HTMLDivElement;
  private readonly greeting: HTMLLIElement | null = null;
  private readonly cards: HTMLDivElement;
  private readonly entries = new Map<string, Entry>();
  private readonly byClientId = new Map<string, Entry>();
  private session: Session | null = null;
  private connection: ChatConnection | null = null;
  private connecting: Promise<void> | null = null;
  private joined = false;
  private flushing = false;
  private state: State = "bot";
  private agentName: string | null = null;
  private order = 0;

  constructor(host: HTMLElement, private readonly config: EmbedConfig, private readonly settings: WidgetSettings) {
    this.api = new VisitorApi(config.origin);
    const shadow = host.attachShadow({ mode: "open" });
    shadow.appendChild(el("style", { textContent: styles }));

    this.root = el("div", { className: `root ${settings.position}` });
    this.root.style.setProperty("--pw-primary", settings.primaryColor);
    this.root.style.setProperty("--pw-on-primary", settings.textOnPrimaryColor);

    this.launcher = el("button", { type: "button", className: "launcher" }, icon(chatPath));
    this.launcher.setAttribute("aria-label", "Open chat");
    this.launcher.setAttribute("aria-expanded", "false");
    this.launcher.setAttribute("aria-controls", "pw-panel");
    this.launcher.addEventListener("click", () => (this.panel.hidden ? this.open() : this.close()));

    const title = el("h2", { id: "pw-title", textContent: settings.title });
    const closeButton = el("button", { type: "button", className: "icon", textContent: "×" });
    closeButton.setAttribute("aria-label", "Close chat");
    closeButton.addEventListener("click", () => this.close());

    this.status = el("div", { className: "status" });
    this.status.setAttribute("role", "status");

    this.log = el("ol", { className: "log" });
    this.log.setAttribute("role", "log");
    this.log.setAttribute("aria-live", "polite");
    this.log.setAttribute("aria-label", "Conversation");
    if (settings.greeting) {
      this.greeting = el("li", { className: "msg bot greeting" }, el("span", { className: "who", textContent: settings.title }));
      this.greeting.appendChild(renderMarkdown(settings.greeting));
      this.log.appendChild(this.greeting);
    }
    this.cards = el("div", { className: "cards" });
    this.scroller = el("div", { className: "scroll" }, this.log, this.cards);
    this.scroller.tabIndex = 0;
    this.scroller.setAttribute("aria-label", "Messages");

    this.input = el("textarea", { id: "pw-input", rows: 2, maxLength: 4000, placeholder: "Type your question…" });
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
    const label = el("label", { htmlFor: "pw-input", className: "visually-hidden", textContent: "Your message" });
    const send = el("button", { type: "submit", className: "primary", textContent: "Send" });
    this.personButton = el("button", { type: "button", className: "secondary person", textContent: "Talk to a person" });
    this.personButton.addEventListener("click", () => void this.requestPerson());
    const form = el("form", { className: "composer" }, el("div", { className: "row" }, label, this.input, send), this.personButton);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const text = this.input.value.trim();
      if (!text) return;
      this.input.value = "";
      void this.send(text);
    });

    this.panel = el("div", { id: "pw-panel", className: "panel", hidden: true },
      el("header", {}, title, closeButton), this.status, this.scroller, form);
    this.panel.setAttribute("role", "dialog");
    this.panel.setAttribute("aria-labelledby", "pw-title");
    this.panel.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.stopPropagation();
        this.close();
      }
    });

    this.root.append(this.panel, this.launcher);
    shadow.appendChild(this.root);

    this.session = loadSession(config.origin);
    if (config.open || loadOpen(config.origin)) this.open(false);
  }

  open(focus = true): void {
    this.panel.hidden = false;
    this.root.classList.add("open");
    this.launcher.setAttribute("aria-expanded", "true");
    this.launcher.setAttribute("aria-label", "Close chat");
    saveOpen(this.config.origin, true);
    if (focus) this.input.focus();
    this.scrollToEnd(true);
    void this.ensureConnected();
  }

  close(): void {
    this.panel.hidden = true;
    this.root.classList.remove("open");
    this.launcher.setAttribute("aria-expanded", "false");
    this.launcher.setAttribute("aria-label", "Open chat");
    saveOpen(this.config.origin, false);
    this.launcher.focus();
  }

  // ---- connection and reconciliation ----

  private ensureConnected(): Promise<void> {
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<void> {
    if (this.connection) return;
    this.session = await this.validSession();
    const session = this.session;
    this.connection = new ChatConnection(this.config.origin, session, {
      replyStarted: (e) => this.onReplyStarted(e),
      replyDelta: (e) => this.onReplyDelta(e),
      replyCompleted: (e) => this.onReplyCompleted(e),
      replyFailed: (e) => this.onReplyFailed(e),
      ownerChanged: (e) => this.onOwnerChanged(e),
      agentMessage: (e) => this.onAgentMessage(e),
      connected: () => void this.onConnected(),
      disconnected: () => {
        this.joined = false;
        this.setStatus("Connection lost. Reconnecting…");
      },
    });
    await this.connection.start();
  }

  /** The stored conversation if the server still knows it (its history is shown at once), else a new one. */
  private async validSession(): Promise<Session> {
    for (let attempt = 0; ; attempt++) {
      try {
        if (this.session) {
          try {
            this.reconcile(await this.api.transcript(this.session));
            return this.session;
          } catch (error) {
            if (!(error instanceof ApiError && (error.status === 401 || error.status === 404))) throw error;
            this.session = null;
          }
        }
        const created = await this.api.createConversation(this.config.knowledgeBase);
        saveSession(this.config.origin, created);
        return created;
      } catch {
        this.setStatus("Can't reach the chat service. Retrying…");
        await new Promise((resolve) => setTimeout(resolve, Math.min(1000 * 2 ** attempt, 8000)));
      }
    }
  }

  private async onConnected(): Promise<void> {
    if (!this.connection || !this.session) return;
    try {
      const joined = await this.connection.join(this.session.conversationId);
      this.reconcile(joined.messages);
      this.setState(joined.state as State, false);
      this.joined = true;
      this.setStatus("");
      this.resendUnanswered(joined.messages);
      await this.flush();
    } catch {
      this.setStatus("Connection lost. Reconnecting…");
    }
  }

  /** Takes the server's transcript as the truth: known rows are updated by id (or client message id), missing ones added, and half-streamed replies the server never finished dropped. */
  private reconcile(messages: Message[]): void {
    const ids = new Set(messages.map((m) => m.id));
    for (const message of messages) this.upsert(message);
    for (const entry of [...this.entries.values()]) {
      if (entry.streaming && !ids.has(entry.key)) this.remove(entry);
    }
    this.layout();
  }

  /** A visitor message stored but never answered (the server stopped mid-reply) is sent again; the server stores it once and answers it. */
  private resendUnanswered(messages: Message[]): void {
    const last = messages.filter((m) => m.role !== "note").at(-1);
    if (this.state !== "bot" || !last || last.role !== "visitor" || !last.clientMessageId) return;
    const entry = this.byClientId.get(last.clientMessageId);
    if (entry && ![...this.entries.values()].some((e) => e.streaming)) entry.pending = true;
  }

  /** Sends the waiting messages in the order they were written, until none is left or the connection drops. */
  private async flush(): Promise<void> {
    if (this.flushing || !this.joined || !this.connection || !this.session) return;
    this.flushing = true;
    try {
      for (;;) {
        const entry = [...this.entries.values()].filter((e) => e.pending && e.clientMessageId).sort((a, b) => a.order - b.order)[0];
        if (!entry?.clientMessageId) return;
        try {
          const result = await this.connection.send(this.session.conversationId, entry.clientMessageId, entry.text);
          entry.pending = false;
          entry.el.classList.remove("pending");
          if (!entry.message) {
            this.rekey(entry, result.messageId);
            entry.message = { id: result.messageId, seq: result.seq, role: "visitor", text: entry.text, createdAt: new Date().toISOString(), clientMessageId: entry.clientMessageId, citations: [] };
          }
        } catch (error) {
          if (!this.connection.connected) return; // stays pending: sent again after the reconnect
          entry.pending = false;
          this.markFailed(entry, serverMessage(error));
        }
      }
    } finally {
      this.flushing = false;
      this.layout();
    }
  }

  // ---- sending ----

  private async send(text: string): Promise<void> {
    const clientMessageId = newClientMessageId();
    const entry = this.create(`c:${clientMessageId}`, "visitor");
    entry.clientMessageId = clientMessageId;
    entry.text = text;
    entry.pending = true;
    entry.el.classList.add("pending");
    this.byClientId.set(clientMessageId, entry);
    this.renderBody(entry);
    this.layout();
    this.scrollToEnd(true);
    await this.ensureConnected();
    await this.flush();
  }

  private async requestPerson(): Promise<void> {
    await this.ensureConnected();
    if (!this.connection?.connected || !this.session) {
      this.setStatus("Not connected yet. Try again in a moment.");
      return;
    }
    try {
      const result = await this.connection.requestPerson(this.session.conversationId);
      if (result.notice) this.upsert(result.notice);
      this.layout();
      if (result.queued) this.setState("queued", true);
      else this.setStatus("A person already has this conversation.");
    } catch (error) {
      this.setStatus(serverMessage(error));
    }
  }

  // ---- hub events ----

  private onReplyStarted(e: ReplyStarted): void {
    if (this.entries.has(e.replyId)) return;
    const entry = this.create(e.replyId, "bot");
    entry.streaming = true;
    entry.el.setAttribute("aria-busy", "true");
    this.renderBody(entry);
    this.layout();
    this.scrollToEnd(false);
  }

  private onReplyDelta(e: ReplyDelta): void {
    let entry = this.entries.get(e.replyId);
    if (!entry) {
      this.onReplyStarted({ conversationId: e.conversationId, replyId: e.replyId, inReplyToId: "" });
      entry = this.entries.get(e.replyId);
    }
    if (!entry || !entry.streaming) return;
    entry.pieces[e.index] = e.text;
    entry.text = entry.pieces.join("");
    entry.el.dataset.deltas = String(entry.pieces.length);
    this.renderBody(entry);
    this.scrollToEnd(false);
  }

  private onReplyCompleted(e: ReplyCompleted): void {
    this.upsert(e.message);
    this.layout();
    if (e.handoff) this.setState("queued", true);
    else if (e.offerHuman) this.personButton.classList.add("primary");
    this.scrollToEnd(false);
  }

  private onReplyFailed(e: ReplyFailed): void {
    const entry = this.entries.get(e.replyId) ?? this.create(e.replyId || `f:${e.inReplyToId}`, "bot");
    entry.streaming = false;
    this.markFailed(entry, e.error, () => {
      this.remove(entry);
      const visitor = this.entries.get(e.inReplyToId);
      if (visitor) {
        visitor.pending = true;
        void this.flush();
      }
    });
    this.layout();
  }

  private onOwnerChanged(e: OwnerChanged): void {
    if (e.agentName) this.agentName = e.agentName;
    if (e.notice) this.upsert(e.notice);
    this.layout();
    this.setState(e.state as State, true, e.agentName, e.askForRating);
  }

  private onAgentMessage(e: AgentMessage): void {
    this.upsert(e.message);
    this.layout();
    this.scrollToEnd(false);
  }

  // ---- transcript rows ----

  private create(key: string, role: Message["role"]): Entry {
    const body = el("div", { className: "body" });
    const li = el("li", { className: `msg ${role}` });
    if (role === "bot" || role === "agent") li.appendChild(el("span", { className: "who", textContent: role === "bot" ? this.settings.title : (this.agentName ?? "Support agent") }));
    li.appendChild(body);
    const entry: Entry = { key, el: li, body, role, message: null, clientMessageId: null, text: "", pending: false, streaming: false, pieces: [], order: this.order++, decorated: false };
    this.entries.set(key, entry);
    return entry;
  }

  private upsert(message: Message): Entry {
    let entry = this.entries.get(message.id) ?? (message.clientMessageId ? this.byClientId.get(message.clientMessageId) : undefined);
    if (!entry) {
      entry = this.create(message.id, message.role);
    } else if (entry.key !== message.id) {
      this.rekey(entry, message.id);
    }
    if (message.clientMessageId) this.byClientId.set(message.clientMessageId, entry);
    entry.message = message;
    entry.text = message.text;
    entry.pending = false;
    entry.streaming = false;
    entry.el.classList.remove("pending");
    entry.el.removeAttribute("aria-busy");
    this.renderBody(entry);
    if (message.role === "bot" && !entry.decorated) this.decorate(entry, message);
    return entry;
  }

  private rekey(entry: Entry, id: string): void {
    this.entries.delete(entry.key);
    entry.key = id;
    this.entries.set(id, entry);
  }

  private remove(entry: Entry): void {
    this.entries.delete(entry.key);
    entry.el.remove();
  }

  private renderBody(entry: Entry): void {
    entry.body.replaceChildren();
    if (entry.role === "visitor" || entry.role === "system") {
      entry.body.textContent = entry.text;
      entry.body.style.whiteSpace = "pre-wrap";
    } else {
      entry.body.appendChild(renderMarkdown(entry.message?.source === "clarify" ? clarifyingQuestion(entry.text).question : entry.text));
    }
    entry.body.classList.toggle("typing", entry.streaming);
  }

  /** Sources and thumbs under a finished bot answer; the choices, as buttons, under a question asking which entry is meant. */
  private decorate(entry: Entry, message: Message): void {
    entry.decorated = true;
    if (message.source === "clarify") {
      this.decorateChoices(entry, message.text);
      return;
    }
    const cited = message.citations.filter((c) => c.chunkId > 0);
    if (cited.length > 0) {
      const list = el("ol");
      for (const citation of cited) {
        const text = citation.headingPath && citation.headingPath !== citation.title ? `${citation.title} — ${citation.headingPath}` : citation.title;
        list.appendChild(el("li", {}, link(this.api.sourceUrl(citation.chunkId), text)));
      }
      entry.el.appendChild(el("div", { className: "sources" }, el("span", { textContent: "Sources" }), list));
    }
    if (message.source === "extractive" || message.source === "generated" || message.source === "no_answer") {
      entry.el.appendChild(this.feedbackControls(message.id));
    }
  }

  /**
   * The server writes a clarifying question as its question, a blank line, then one "- choice" line per entry; the
   * labels are read from those lines so that a pick sends back exactly what the server offered. The body keeps the
   * question and the lines become buttons; a pick sends the label as the visitor's next message.
   */
  private decorateChoices(entry: Entry, text: string): void {
    const { labels } = clarifyingQuestion(text);
    if (labels.length === 0) return;
    const group = el("div", { className: "choices" });
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Choose what you mean");
    for (const label of labels) {
      const button = el("button", { type: "button", className: "secondary", textContent: label });
      button.addEventListener("click", () => {
        for (const b of group.querySelectorAll("button")) b.disabled = true;
        button.setAttribute("aria-pressed", "true");
        void this.send(label);
      });
      group.appendChild(button);
    }
    entry.el.appendChild(group);
  }

  private feedbackControls(messageId: string): HTMLDivElement {
    const box = el("div", { className: "feedback" }, el("span", { textContent: "Was this helpful?" }));
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Feedback on this answer");
    let rating: "up" | "down" | null = null;
    const thanks = el("span", { className: "thanks" });
    thanks.setAttribute("role", "status");
    const comment = el("input", { type: "text", maxLength: 2000, id: `pw-c-${messageId}` });
    const commentForm = el("form", { hidden: true },
      el("label", { htmlFor: comment.id, className: "visually-hidden", textContent: "Your comment (optional)" }),
      comment,
      el("button", { type: "submit", className: "secondary", textContent: "Submit comment" }));
    comment.placeholder = "Tell us more (optional)";
    const submit = async (value: "up" | "down", text?: string) => {
      if (!this.session) return;
      try {
        await this.api.feedback(this.session, messageId, value, text);
        thanks.textContent = text ? "Thanks for your comment." : "Thanks for your feedback.";
      } catch (error) {
        thanks.textContent = error instanceof Error ? error.message : "Could not send the feedback.";
      }
    };
    const thumb = (value: "up" | "down", name: string) => {
      const button = el("button", { type: "button" }, icon(thumbPath, value === "down" ? "down" : ""));
      button.setAttribute("aria-label", name);
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", () => {
        rating = value;
        for (const b of box.querySelectorAll("button[aria-pressed]")) b.setAttribute("aria-pressed", String(b === button));
        commentForm.hidden = false;
        void submit(value);
      });
      return button;
    };
    commentForm.addEventListener("submit", (e) => {
      e.preventDefault();
      if (rating) void submit(rating, comment.value.trim() || undefined);
      commentForm.hidden = true;
    });
    box.append(thumb("up", "Thumbs up"), thumb("down", "Thumbs down"), thanks, commentForm);
    return box;
  }

  private markFailed(entry: Entry, error: string, retry?: () => void): void {
    entry.el.classList.add("failed");
    entry.body.classList.remove("typing");
    entry.el.removeAttribute("aria-busy");
    const note = el("div", { className: "system", textContent: error });
    entry.el.appendChild(note);
    if (retry) {
      const button = el("button", { type: "button", className: "secondary", textContent: "Try again" });
      button.addEventListener("click", retry);
      entry.el.appendChild(button);
    }
  }

  /** Puts the rows in order: stored ones by sequence number, the rest as they came. Rows are moved, never rebuilt, so a half-written comment survives. */
  private layout(): void {
    const rows = [...this.entries.values()].sort((a, b) => (a.message?.seq ?? Infinity) - (b.message?.seq ?? Infinity) || a.order - b.order);
    let previous: Element | null = this.greeting;
    for (const row of rows) {
      const expected = previous ? previous.nextElementSibling : this.log.firstElementChild;
      if (expected !== row.el) this.log.insertBefore(row.el, expected);
      previous = row.el;
    }
    // A question back is answered by the visitor's next message, picked or typed: its buttons are spent after that.
    // "Next" by sequence number when both are stored, else by arrival (a message still sending has no number yet).
    const after = (v: Entry, b: Entry) => (v.message && b.message ? v.message.seq > b.message.seq : v.order > b.order);
    const visitors = rows.filter((r) => r.role === "visitor");
    for (const row of rows) {
      if (row.role !== "bot" || row.message?.source !== "clarify" || !visitors.some((v) => after(v, row))) continue;
      for (const b of row.el.querySelectorAll<HTMLButtonElement>(".choices button")) b.disabled = true;
    }
  }

  // ---- hand-off ----

  private setState(state: State, announce: boolean, agentName?: string | null, askForRating = false): void {
    const changed = state !== this.state;
    this.state = state;
    this.personButton.hidden = state !== "bot" && state !== "closed";
    if (state === "bot" || state === "closed") this.personButton.classList.remove("primary");
    if (!changed && !askForRating) return;
    this.cards.replaceChildren();
    if (state === "queued") this.cards.appendChild(this.contactCard());
    if (state === "agent" && announce) this.setStatus(`${agentName ?? "A person"} joined the chat.`);
    if (state === "closed" && askForRating) this.cards.appendChild(this.ratingCard());
    this.scrollToEnd(false);
  }

  private contactCard(): HTMLDivElement {
    const email = el("input", { type: "email", id: "pw-email", required: true, autocomplete: "email", maxLength: 320 });
    const result = el("p", {});
    result.setAttribute("role", "status");
    const form = el("form", {},
      el("label", { htmlFor: "pw-email", textContent: "Waiting for a person. If nobody is free, leave your email address and we'll write back:" }),
      email,
      el("button", { type: "submit", className: "primary", textContent: "Leave email" }));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (!this.session) return;
      try {
        await this.api.contact(this.session, email.value.trim());
        form.replaceWith(el("p", { textContent: `Thanks! We'll write to ${email.value.trim()}.` }));
      } catch (error) {
        result.textContent = error instanceof Error ? error.message : "Could not send.";
      }
    });
    return el("div", { className: "card" }, form, result);
  }

  private ratingCard(): HTMLDivElement {
    const fieldset = el("fieldset", {}, el("legend", { textContent: "How would you rate this chat?" }));
    for (let score = 1; score <= 5; score++) {
      const id = `pw-score-${score}`;
      fieldset.append(el("input", { type: "radio", name: "pw-score", id, value: String(score), required: true }), el("label", { htmlFor: id, textContent: String(score) }));
    }
    const comment = el("textarea", { id: "pw-rating-comment", rows: 2, maxLength: 2000 });
    const result = el("p", {});
    result.setAttribute("role", "status");
    const form = el("form", {}, fieldset,
      el("label", { htmlFor: comment.id, textContent: "Anything to add? (optional)" }), comment,
      el("button", { type: "submit", className: "primary", textContent: "Submit rating" }));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const score = Number((form.querySelector("input[name=pw-score]:checked") as HTMLInputElement | null)?.value);
      if (!this.session || !score) return;
      try {
        await this.api.rate(this.session, score, comment.value.trim() || undefined);
        form.replaceWith(el("p", { textContent: "Thanks for your rating!" }));
      } catch (error) {
        result.textContent = error instanceof Error ? error.message : "Could not send.";
      }
    });
    return el("div", { className: "card" }, form, result);
  }

  // ---- small things ----

  private setStatus(text: string): void {
    this.status.textContent = text;
  }

  private scrollToEnd(force: boolean): void {
    const s = this.scroller;
    if (force || s.scrollHeight - s.scrollTop - s.clientHeight < 80) s.scrollTop = s.scrollHeight;
  }
}

/** The sentence a hub error carries (the server's HubException text), without the client's preamble. */
function serverMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const marker = "HubException: ";
  const at = text.indexOf(marker);
  return at >= 0 ? text.slice(at + marker.length) : "Something went wrong. Please try again.";
}

/** A clarifying reply split into its question and its choices' labels (see decorateChoices). */
function clarifyingQuestion(text: string): { question: string; labels: string[] } {
  const [question, ...rest] = text.split(/\n\s*\n/);
  const labels = rest.join("\n").split("\n").filter((line) => line.startsWith("- ")).map((line) => line.slice(2).trim()).filter((label) => label.length > 0);
  return labels.length > 0 && question !== undefined ? { question, labels } : { question: text, labels: [] };
}
