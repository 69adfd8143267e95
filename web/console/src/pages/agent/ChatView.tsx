// One chat the agent holds: the whole transcript (bot citations, internal notes), the visitor's messages live, a
// composer with canned responses, and the two ways out: back to the bot, or close (the visitor is asked for a rating).
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError, getJson, send } from "../../api";
import { useHubEvent, useHubStatus } from "../../agentHub";
import type { CannedResponse, ChatMessage, HeldChat } from "./agentTypes";
import { ConnectionStatus } from "./ConnectionStatus";
import { formatTime, messageOf, reasonLabel } from "./format";
import { TrainingSignal } from "./TrainingSignal";

type Ended = "returned" | "closed" | "not-held";

const maxLength = 4000;

function merge(list: ChatMessage[], added: ChatMessage[]): ChatMessage[] {
  const byId = new Map(list.map((m) => [m.id, m]));
  for (const message of added) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

export function ChatView({ handoffId }: { handoffId: string }) {
  const [chat, setChat] = useState<HeldChat | null>(null);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [ended, setEnded] = useState<Ended | null>(null);
  const [error, setError] = useState<string | null>(null);
  const status = useHubStatus();

  const load = useCallback(async () => {
    try {
      const held = await getJson<HeldChat>(`/api/v1/handoffs/${handoffId}`);
      setChat(held);
      setMessages((list) => merge(list, held.transcript));
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 409) setEnded((e) => e ?? "not-held");
      else setError(messageOf(failure));
    }
  }, [handoffId]);

  useEffect(() => {
    setChat(null);
    setMessages([]);
    setEnded(null);
    void load();
  }, [load]);
  useEffect(() => {
    if (status === "connected") void load();
  }, [status, load]);

  useHubEvent("VisitorMessage", (event) => {
    if (event.conversationId === chat?.conversationId) setMessages((list) => merge(list, [event.message]));
  });

  async function finish(action: "return" | "close") {
    setError(null);
    try {
      await send("POST", `/api/v1/handoffs/${handoffId}/${action}`);
      setEnded(action === "return" ? "returned" : "closed");
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  const title = chat ? `Chat ${chat.conversationId.slice(0, 8)}` : "Chat";
  return (
    <div class="agent-page chat-view">
      <header class="page-head">
        <a href="#/queue" class="back">← Queue</a>
        <h1>{title}</h1>
        <ConnectionStatus />
      </header>
      {chat && (
        <p class="handoff-reason">
          <strong>Handed off: {reasonLabel(chat.reason)}</strong>
          {chat.detail && <span class="muted"> — {chat.detail}</span>}
        </p>
      )}
      {error && <p class="error" role="alert">{error}</p>}

      <Transcript messages={messages} conversationId={chat?.conversationId ?? null} />

      {ended ? (
        <p class="notice ended" role="status">
          {ended === "returned" && "You returned this chat to the bot."}
          {ended === "closed" && "You closed this chat; the visitor was asked to rate it."}
          {ended === "not-held" && "You no longer hold this chat: it was returned, closed, or another agent has it."}{" "}
          <a href="#/queue">Back to the queue</a>
        </p>
      ) : (
        chat && (
          <>
            <Composer handoffId={handoffId} onStored={(message) => setMessages((list) => merge(list, [message]))} onError={setError} />
            <div class="chat-actions">
              <button type="button" class="secondary" onClick={() => finish("return")}>Return to bot</button>
              <button type="button" class="danger" onClick={() => finish("close")} aria-describedby="close-help">Close chat</button>
              <span id="close-help" class="muted">Closing asks the visitor to rate the chat.</span>
            </div>
          </>
        )
      )}
    </div>
  );
}

const roleLabels: Record<string, string> = {
  visitor: "Visitor",
  bot: "Bot",
  agent: "Agent",
  system: "Notice",
  note: "Internal note (the visitor does not see this)",
};

function Transcript({ messages, conversationId }: { messages: ChatMessage[]; conversationId: string | null }) {
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => end.current?.scrollIntoView?.({ block: "end" }), [messages.length]);
  return (
    <ol class="transcript" aria-label="Transcript" aria-live="polite" aria-relevant="additions">
      {messages.map((message) => (
        <li key={message.id} class={`msg msg-${message.role}`} data-role={message.role}>
          <div class="meta">
            <span class="who">{roleLabels[message.role] ?? message.role}</span>
            <time dateTime={message.createdAt}>{formatTime(message.createdAt)}</time>
          </div>
          <p class="text">{message.text}</p>
          {message.citations && message.citations.length > 0 && (
            <ul class="citations" aria-label="Sources the bot cited">
              {message.citations.map((citation, index) => (
                <li key={`${citation.documentId}-${index}`}>
                  <span class="citation-title">{citation.headingPath ? `${citation.title} › ${citation.headingPath}` : citation.title}</span>
                  <span class="snippet">{citation.snippet}</span>
                </li>
              ))}
            </ul>
          )}
          {conversationId && (message.role === "bot" || message.role === "agent") && (
            <TrainingSignal conversationId={conversationId} messageId={message.id} role={message.role} />
          )}
        </li>
      ))}
      <li ref={end} class="end" aria-hidden="true" />
    </ol>
  );
}

function Composer({ handoffId, onStored, onError }: { handoffId: string; onStored: (message: ChatMessage) => void; onError: (error: string | null) => void }) {
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [canned, setCanned] = useState<CannedResponse[]>([]);
  const [choice, setChoice] = useState("");
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    getJson<CannedResponse[]>("/api/v1/handoffs/canned-responses").then(setCanned, () => setCanned([]));
  }, []);

  async function store(kind: "messages" | "notes") {
    const trimmed = text.trim();
    if (!trimmed || busy) return;
    setBusy(true);
    onError(null);
    try {
      onStored(await send<ChatMessage>("POST", `/api/v1/handoffs/${handoffId}/${kind}`, { text: trimmed }));
      setText("");
    } catch (failure) {
      onError(messageOf(failure));
    } finally {
      setBusy(false);
      input.current?.focus();
    }
  }

  function insertCanned() {
    const response = canned.find((c) => c.title === choice);
    if (!response) return;
    setText((current) => (current.trim() ? `${current.trimEnd()} ${response.text}` : response.text));
    input.current?.focus();
  }

  return (
    <form class="composer" onSubmit={(event) => { event.preventDefault(); void store("messages"); }}>
      <label for="composer-text">Message</label>
      <textarea id="composer-text" ref={input} rows={3} maxLength={maxLength} value={text}
        onInput={(event) => setText(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter" && !event.shiftKey) {
            event.preventDefault();
            void store("messages");
          }
        }} />
      <div class="composer-actions">
        <button type="submit" disabled={busy || !text.trim()}>Send to visitor</button>
        <button type="button" class="secondary note-button" disabled={busy || !text.trim()} onClick={() => store("notes")}>Add internal note</button>
        {canned.length > 0 && (
          <span class="canned">
            <label for="canned-choice">Canned response</label>
            <select id="canned-choice" value={choice} onChange={(event) => setChoice(event.currentTarget.value)}>
              <option value="">Choose…</option>
              {canned.map((c) => <option key={c.title} value={c.title}>{c.title}</option>)}
            </select>
            <button type="button" class="secondary" disabled={!choice} onClick={insertCanned}>Insert</button>
          </span>
        )}
      </div>
      <p class="muted hint">Enter sends to the visitor, Shift+Enter starts a new line. Internal notes stay with the agents.</p>
    </form>
  );
}
