// Shapes of the agents' JSON and hub payloads (Platform.Contracts: Agents/AgentDtos.cs, Hubs/AgentHubContract.cs,
// Conversations/ConversationDtos.cs), as the agent pages read them.

/** A hand-off: waiting in the queue, or held by an agent (status "Accepted"). */
export interface Handoff {
  id: string;
  conversationId: string;
  reason: string;
  detail?: string | null;
  status: string;
  requestedAt: string;
  waitingSeconds: number;
  agentId?: string | null;
}

export interface HandoffTakenEvent {
  handoffId: string;
  conversationId: string;
  agentId: string;
}

export interface ChatCitation {
  documentId: string;
  title: string;
  source: string;
  headingPath?: string | null;
  snippet: string;
  score: number;
}

/** A transcript message; role is visitor, bot, agent, system or note (an internal note the visitor never sees). */
export interface ChatMessage {
  id: string;
  seq: number;
  role: string;
  text: string;
  createdAt: string;
  citations?: ChatCitation[];
  source?: string | null;
}

export interface ConversationMessageEvent {
  conversationId: string;
  message: ChatMessage;
}

/** What accepting (and GET /api/v1/handoffs/{id}) answers: the whole transcript and why the bot handed off. */
export interface HeldChat {
  conversationId: string;
  reason: string;
  detail?: string | null;
  transcript: ChatMessage[];
}

export interface CannedResponse {
  title: string;
  text: string;
}

export interface Ticket {
  id: string;
  conversationId: string;
  email: string;
  createdAt: string;
}
