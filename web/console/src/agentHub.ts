// The console's one connection to the agent hub (/hubs/agent). Being connected is what marks the agent online
// (AgentPresence on the server), so it starts with the first agent page and stays up until sign-out, reconnecting
// for as long as the tab is open.
import { HubConnectionBuilder, LogLevel, type HubConnection } from "@microsoft/signalr";
import { useEffect, useRef, useState } from "preact/hooks";
import { session } from "./session";
import type { ConversationMessageEvent, Handoff, HandoffTakenEvent } from "./pages/agent/agentTypes";

/** Event names and payloads, as in Platform.Contracts' IAgentConsoleClient. */
export interface AgentEvents {
  HandoffQueued: Handoff;
  HandoffTaken: HandoffTakenEvent;
  VisitorMessage: ConversationMessageEvent;
}

export type HubStatus = "connecting" | "connected" | "reconnecting" | "disconnected";

const route = "/hubs/agent";
const maxRetryDelayMs = 30_000;

class AgentHub {
  private connection: HubConnection | null = null;
  private current: HubStatus = "disconnected";
  private readonly listeners = new Set<(status: HubStatus) => void>();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private attempts = 0;

  constructor() {
    session.subscribe((account) => {
      if (!account) void this.stop();
    });
  }

  status(): HubStatus {
    return this.current;
  }

  onStatus(listener: (status: HubStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts the connection once; later calls return the same one. */
  start(): HubConnection {
    if (this.connection) return this.connection;
    const connection = new HubConnectionBuilder()
      .withUrl(route, { accessTokenFactory: () => session.freshAccessToken() })
      // The default policy gives up after four tries; an agent's console should keep trying, backing off.
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ({ previousRetryCount }) => Math.min(maxRetryDelayMs, 1000 * 2 ** previousRetryCount) })
      .configureLogging(LogLevel.None)
      .build();
    connection.onreconnecting(() => this.set("reconnecting"));
    connection.onreconnected(() => this.set("connected"));
    connection.onclose(() => {
      this.set("disconnected");
      if (this.connection === connection) this.scheduleStart(connection);
    });
    this.connection = connection;
    void this.connect(connection);
    return connection;
  }

  on<E extends keyof AgentEvents>(event: E, handler: (payload: AgentEvents[E]) => void): () => void {
    const connection = this.start();
    connection.on(event, handler);
    return () => connection.off(event, handler);
  }

  async stop(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    clearTimeout(this.retryTimer);
    this.set("disconnected");
    await connection?.stop().catch(() => undefined);
  }

  private async connect(connection: HubConnection): Promise<void> {
    this.set("connecting");
    try {
      await connection.start();
      this.attempts = 0;
      this.set("connected");
    } catch {
      // Automatic reconnect covers only a connection that once started; a failed first start is retried here.
      this.set("disconnected");
      this.scheduleStart(connection);
    }
  }

  private scheduleStart(connection: HubConnection): void {
    if (this.connection !== connection || !session.current()) return;
    const delay = Math.min(maxRetryDelayMs, 1000 * 2 ** this.attempts++);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (this.connection === connection) void this.connect(connection);
    }, delay);
  }

  private set(status: HubStatus): void {
    if (status === this.current) return;
    this.current = status;
    for (const listener of this.listeners) listener(status);
  }
}

export const agentHub = new AgentHub();

/** The hub's status, starting the connection if it is not up yet. */
export function useHubStatus(): HubStatus {
  const [status, setStatus] = useState(agentHub.status());
  useEffect(() => {
    const unsubscribe = agentHub.onStatus(setStatus);
    agentHub.start();
    setStatus(agentHub.status());
    return unsubscribe;
  }, []);
  return status;
}

/** Calls the latest handler for each event, for as long as the component is mounted. */
export function useHubEvent<E extends keyof AgentEvents>(event: E, handler: (payload: AgentEvents[E]) => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => agentHub.on(event, (payload) => latest.current(payload)), [event]);
}
