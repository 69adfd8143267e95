// A minimal page over the REST API; the embeddable SignalR widget replaces it.
// Every string from the server is set with textContent, never innerHTML.
// Once a person holds the chat the bot is silent, so the page polls the transcript for the agent's messages.
const storageKey = "platform.minimal-chat";
const transcript = document.getElementById("transcript");
const statusLine = document.getElementById("status");
const form = document.getElementById("composer");
const input = document.getElementById("message");
const sendButton = document.getElementById("send");
const personButton = document.getElementById("talk-to-person");

let session = JSON.parse(localStorage.getItem(storageKey) ?? "null");
let shown = 0;
let polling = null;

async function api(path, options = {}) {
  const headers = { "Content-Type": "application/json", ...(options.headers ?? {}) };
  if (session?.visitorToken) headers.Authorization = `Bearer ${session.visitorToken}`;
  const response = await fetch(path, { ...options, headers });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    const error = new Error(problem.detail ?? problem.title ?? `Request failed (${response.status})`);
    error.status = response.status;
    throw error;
  }
  return response.json();
}

function render(message) {
  const item = document.createElement("li");
  item.className = `msg ${message.role}`;
  item.textContent = message.text;
  if (message.citations?.length) {
    const sources = document.createElement("div");
    sources.className = "sources";
    sources.textContent = "Source: " + message.citations.map(c => c.headingPath ? `${c.title} › ${c.headingPath}` : c.title).join("; ");
    item.append(sources);
  }
  transcript.append(item);
  item.scrollIntoView({ block: "end" });
}

async function startConversation() {
  session = await api("/api/v1/conversations", { method: "POST", body: "{}" });
  localStorage.setItem(storageKey, JSON.stringify(session));
  transcript.replaceChildren();
  shown = 0;
}

async function refresh() {
  const messages = await api(`/api/v1/conversations/${session.id}/messages`);
  if (messages.length !== shown) {
    transcript.replaceChildren();
    messages.forEach(render);
    shown = messages.length;
  }
  return messages;
}

function followPeople() {
  polling ??= setInterval(() => refresh().catch(() => {}), 3000);
}

async function restore() {
  if (!session) return startConversation();
  try {
    const messages = await refresh();
    if (messages.some(m => m.role === "agent" || m.source === "handoff")) followPeople();
  } catch (error) {
    if (error.status === 401 || error.status === 404) return startConversation();
    throw error;
  }
}

form.addEventListener("submit", async event => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text || sendButton.disabled) return;
  sendButton.disabled = true;
  statusLine.textContent = "";
  const clientMessageId = crypto.randomUUID();
  try {
    const result = await api(`/api/v1/conversations/${session.id}/messages`, {
      method: "POST",
      body: JSON.stringify({ text, clientMessageId }),
    });
    input.value = "";
    render(result.message);
    render({ role: "bot", text: result.reply.text, citations: result.reply.citations });
    shown += 2;
    if (result.reply.handoff) followPeople();
  } catch (error) {
    if (error.status === 409) {
      // A person holds the chat: the message is stored for them.
      input.value = "";
      await refresh().catch(() => {});
      followPeople();
      return;
    }
    statusLine.textContent = error.message;
  } finally {
    sendButton.disabled = false;
    input.focus();
  }
});

input.addEventListener("keydown", event => {
  if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    form.requestSubmit();
  }
});

// The "talk to a person" button: the chat joins the agents' queue, and the page follows it for their messages.
personButton.addEventListener("click", async () => {
  statusLine.textContent = "";
  try {
    render(await api(`/api/v1/conversations/${session.id}/handoff`, { method: "POST", body: "{}" }));
    shown += 1;
  } catch (error) {
    statusLine.textContent = error.message;
  }
  followPeople();
});

document.getElementById("new-chat").addEventListener("click", () => startConversation().catch(e => (statusLine.textContent = e.message)));

// Nothing can be sent before the conversation exists (a fast first click would post to no conversation).
sendButton.disabled = personButton.disabled = true;
restore()
  .then(() => (sendButton.disabled = personButton.disabled = false))
  .catch(error => (statusLine.textContent = `Could not reach the support service: ${error.message}`));
