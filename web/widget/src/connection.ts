import { HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";
import type {
  AgentMessage, JoinResult, OwnerChanged, ReplyCompleted, ReplyDelta, ReplyFailed, ReplyStarted, RequestPersonResult, SendResult, Session,
} from "./types";

/** What the chat view hears from the hub (event names as in Platform.Contracts' IChatWidgetClient). */
export interface ChatEvents {
  replyStarted(e: ReplyStarted): void;
  replyDelta(e: ReplyDelta): void;
  replyCompleted(e: ReplyCompleted): void;
  replyFailed(e: ReplyFailed): void;
  ownerChanged(e: OwnerChanged): void;
  agentMessage(e: AgentMessage): void;
  /** Connected (first time, or again after a drop): the view re-joins and reconciles. */
  connected(): void;
  disconnected(): void;
}

/**
 * The visitor hub connection. Automatic reconnect retries forever with a capped back-off (a server restart takes
 * seconds); stateful reconnect replays what a brief drop lost on the same server. After a real reconnect (a new
 * connection, or a restarted server) the view re-joins the conversation and reconciles with the transcript.
 */
export class ChatConnection {
  private readonly hub: HubConnection;
  private starting: Promise<void> | null = null;

  constructor(origin: string, session: Session, private readonly events: ChatEvents) {
    this.hub = new HubConnectionBuilder()
      .withUrl(`${origin}/hubs/chat`, {
        accessTokenFactory: () => session.visitorToken,
        // Bearer token, not cookies: a cross-origin page needs no credentials (see docs/widget.md, CORS).
        withCredentials: false,
      })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => Math.min(500 * 2 ** context.previousRetryCount, 5000) })
      .withStatefulReconnect()
      .configureLogging(LogLevel.None)
      .build();
    this.hub.on("ReplyStarted", (e: ReplyStarted) => events.replyStarted(e));
    this.hub.on("ReplyDelta", (e: ReplyDelta) => events.replyDelta(e));
    this.hub.on("ReplyCompleted", (e: ReplyCompleted) => events.replyCompleted(e));
    this.hub.on("ReplyFailed", (e: ReplyFailed) => events.replyFailed(e));
    this.hub.on("OwnerChanged", (e: OwnerChanged) => events.ownerChanged(e));
    this.hub.on("AgentMessage", (e: AgentMessage) => events.agentMessage(e));
    this.hub.onreconnecting(() => events.disconnected());
    this.hub.onreconnected(() => events.connected());
    this.hub.onclose(() => {
      events.disconnected();
      void this.start();
    });
  }

  get connected(): boolean {
    return this.hub.state === HubConnectionState.Connected;
  }

  /** Starts, retrying until the server answers (it may be restarting). */
  start(): Promise<void> {
    this.starting ??= (async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          await this.hub.start();
          break;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** attempt, 5000)));
        }
      }
      this.starting = null;
      this.events.connected();
    })();
    return this.starting;
  }

  join(conversationId: string): Promise<JoinResult> {
    return this.hub.invoke<JoinResult>("JoinConversation", conversationId);
  }

  send(conversationId: string, clientMessageId: string, text: string): Promise<SendResult> {
    return this.hub.invoke<SendResult>("SendMessage", conversationId, clientMessageId, text);
  }

  requestPerson(conversationId: string): Promise<RequestPersonResult> {
    return this.hub.invoke<RequestPersonResult>("RequestPerson", conversationId);
  }
}
