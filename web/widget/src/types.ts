// The server's JSON shapes the widget reads (Platform.Contracts), camel-cased as ASP.NET Core writes them.

export interface Citation {
  documentId: string;
  chunkId: number;
  title: string;
  source: string;
  headingPath: string | null;
  snippet: string;
  score: number;
}

export interface Message {
  id: string;
  seq: number;
  role: "visitor" | "bot" | "agent" | "system" | "note";
  text: string;
  createdAt: string;
  clientMessageId?: string | null;
  inReplyToId?: string | null;
  citations: Citation[];
  source?: string | null;
}

export interface WidgetSettings {
  title: string;
  greeting: string;
  primaryColor: string;
  textOnPrimaryColor: string;
  position: "left" | "right";
}

export interface Session {
  conversationId: string;
  visitorToken: string;
}

export interface JoinResult {
  conversationId: string;
  state: string;
  messages: Message[];
}

export interface SendResult {
  messageId: string;
  seq: number;
  duplicate: boolean;
}

export interface ReplyStarted { conversationId: string; replyId: string; inReplyToId: string }
export interface ReplyDelta { conversationId: string; replyId: string; index: number; text: string }
export interface ReplyCompleted { conversationId: string; message: Message; handoff: boolean; offerHuman: boolean }
export interface ReplyFailed { conversationId: string; replyId: string; inReplyToId: string; error: string }
export interface OwnerChanged { conversationId: string; state: string; agentName: string | null; notice: Message | null; askForRating: boolean }
export interface AgentMessage { conversationId: string; message: Message }
export interface RequestPersonResult { queued: boolean; notice: Message | null }
