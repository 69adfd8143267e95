import type { Message, Session, WidgetSettings } from "./types";

/** The visitor REST API (docs/api.md); the hub carries the chat itself. */
export class VisitorApi {
  constructor(readonly origin: string) {}

  async settings(): Promise<Partial<WidgetSettings> | null> {
    try {
      const response = await fetch(`${this.origin}/api/v1/widget/settings`, { credentials: "omit" });
      return response.ok ? ((await response.json()) as WidgetSettings) : null;
    } catch {
      return null;
    }
  }

  async createConversation(knowledgeBase?: string): Promise<Session> {
    const response = await this.request("POST", "/api/v1/conversations", null, knowledgeBase ? { knowledgeBase } : {});
    const body = (await response.json()) as { id: string; visitorToken: string };
    return { conversationId: body.id, visitorToken: body.visitorToken };
  }

  async transcript(session: Session): Promise<Message[]> {
    const response = await this.request("GET", `/api/v1/conversations/${session.conversationId}/messages`, session);
    return (await response.json()) as Message[];
  }

  async feedback(session: Session, messageId: string, rating: "up" | "down", comment?: string): Promise<void> {
    await this.request("PUT", `/api/v1/conversations/${session.conversationId}/messages/${messageId}/feedback`, session, { rating, comment });
  }

  async contact(session: Session, email: string): Promise<void> {
    await this.request("POST", `/api/v1/conversations/${session.conversationId}/contact`, session, { email });
  }

  async rate(session: Session, score: number, comment?: string): Promise<void> {
    await this.request("POST", `/api/v1/conversations/${session.conversationId}/rating`, session, { score, comment });
  }

  sourceUrl(chunkId: number): string {
    return `${this.origin}/api/v1/sources/${chunkId}`;
  }

  private async request(method: string, path: string, session: Session | null, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (session) headers.Authorization = `Bearer ${session.visitorToken}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(`${this.origin}${path}`, {
      method,
      headers,
      credentials: "omit",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      let detail = `The server answered ${response.status}.`;
      try {
        detail = ((await response.json()) as { detail?: string }).detail ?? detail;
      } catch {
        // not problem details: keep the status line
      }
      throw new ApiError(response.status, detail);
    }
    return response;
  }
}

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}
