// Small display helpers shared by the agent pages.
import { useEffect, useState } from "preact/hooks";

const reasons: Record<string, string> = {
  VisitorAsked: "Visitor asked for a person",
  AlwaysHumanTopic: "Topic people handle",
  NegativeSentiment: "Visitor sounds frustrated",
  RepeatedFailure: "Bot failed repeatedly",
  LowConfidence: "Bot was not confident",
  OutOfScope: "Question out of scope",
};

export function reasonLabel(reason: string): string {
  return reasons[reason] ?? reason;
}

/** "42 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, "0")} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/** The server stores UTC; a time read back from SQLite can come without its zone, so none means UTC. */
function utc(iso: string): Date {
  return new Date(/(Z|[+-]\d\d:\d\d)$/i.test(iso) ? iso : `${iso}Z`);
}

export function formatTime(iso: string): string {
  return utc(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

export function formatDateTime(iso: string): string {
  return utc(iso).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
}

/** The current time, re-rendering every <code>intervalMs</code>: what makes wait times tick. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** The sentence to show for a failed call. */
export function messageOf(failure: unknown): string {
  return failure instanceof Error ? failure.message : String(failure);
}
