import type { Session } from "./types";

// One conversation per server per browser profile; the visitor token is a bearer token scoped to it.
const key = (origin: string) => `platform-widget:${origin}`;

export function loadSession(origin: string): Session | null {
  try {
    const raw = localStorage.getItem(key(origin));
    const parsed = raw ? (JSON.parse(raw) as Partial<Session>) : null;
    return parsed?.conversationId && parsed.visitorToken ? { conversationId: parsed.conversationId, visitorToken: parsed.visitorToken } : null;
  } catch {
    return null;
  }
}

export function saveSession(origin: string, session: Session | null): void {
  try {
    if (session) localStorage.setItem(key(origin), JSON.stringify(session));
    else localStorage.removeItem(key(origin));
  } catch {
    // storage blocked (private mode, sandboxed frame): the chat still works, it just won't survive a reload
  }
}

export function loadOpen(origin: string): boolean {
  try {
    return sessionStorage.getItem(`${key(origin)}:open`) === "1";
  } catch {
    return false;
  }
}

export function saveOpen(origin: string, open: boolean): void {
  try {
    sessionStorage.setItem(`${key(origin)}:open`, open ? "1" : "0");
  } catch {
    // see saveSession
  }
}

export function newClientMessageId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
