import { useHubStatus } from "../../agentHub";

const labels = {
  connected: "Online: new chats arrive live",
  connecting: "Connecting…",
  reconnecting: "Connection lost: reconnecting…",
  disconnected: "Offline: you do not count as available; retrying…",
} as const;

/** Whether the console is connected to the agent hub, which is also whether this agent counts as online. */
export function ConnectionStatus() {
  const status = useHubStatus();
  return (
    <p class={`hub-status hub-${status}`} role="status" data-status={status}>
      <span class="dot" aria-hidden="true" /> {labels[status]}
    </p>
  );
}
