// #/queue: the waiting hand-offs (live), accepting one, and the chats this agent already holds; #/queue/<handoffId>
// opens one of those chats.
import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError, getJson, send } from "../../api";
import { useHubEvent, useHubStatus } from "../../agentHub";
import { navigate, type Route } from "../../router";
import { session } from "../../session";
import type { Handoff, HeldChat } from "./agentTypes";
import { ChatView } from "./ChatView";
import { ConnectionStatus } from "./ConnectionStatus";
import { formatDuration, messageOf, reasonLabel, useNow } from "./format";

/** A hand-off with the moment (by this browser's clock) its wait began, so wait times tick without clock skew. */
interface Waiting extends Handoff {
  since: number;
}

const stamp = (handoff: Handoff): Waiting => ({ ...handoff, since: Date.now() - handoff.waitingSeconds * 1000 });

export function QueuePage({ route }: { route: Route }) {
  const handoffId = route.segments[1];
  return handoffId ? <ChatView handoffId={handoffId} /> : <Queue />;
}

function Queue() {
  const [waiting, setWaiting] = useState<Waiting[]>([]);
  const [mine, setMine] = useState<Handoff[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [accepting, setAccepting] = useState<string | null>(null);
  const [unread, setUnread] = useState<ReadonlySet<string>>(new Set());
  const status = useHubStatus();
  const now = useNow();

  const load = useCallback(async () => {
    try {
      const [queue, held] = await Promise.all([getJson<Handoff[]>("/api/v1/handoffs"), getJson<Handoff[]>("/api/v1/handoffs/mine")]);
      setWaiting(queue.map(stamp));
      setMine(held);
      setLoaded(true);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }, []);

  // Load on arrival, and again whenever the hub (re)connects: events sent while it was down are lost.
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (status === "connected") void load();
  }, [status, load]);

  useHubEvent("HandoffQueued", (handoff) =>
    setWaiting((list) => (list.some((h) => h.id === handoff.id) ? list : [...list, stamp(handoff)].sort((a, b) => a.since - b.since))),
  );
  useHubEvent("HandoffTaken", (taken) => {
    setWaiting((list) => list.filter((h) => h.id !== taken.handoffId));
    if (taken.agentId === session.current()?.id) void load();
  });

  useHubEvent("VisitorMessage", (event) => setUnread((ids) => new Set(ids).add(event.conversationId)));

  async function accept(handoff: Handoff) {
    setAccepting(handoff.id);
    setError(null);
    try {
      await send<HeldChat>("POST", `/api/v1/handoffs/${handoff.id}/accept`);
      navigate(`/queue/${handoff.id}`);
    } catch (failure) {
      setWaiting((list) => list.filter((h) => h.id !== handoff.id));
      setError(failure instanceof ApiError && failure.status === 409 ? "Too late: another agent took it." : messageOf(failure));
    } finally {
      setAccepting(null);
    }
  }

  return (
    <div class="agent-page">
      <header class="page-head">
        <h1>Queue</h1>
        <ConnectionStatus />
      </header>
      {error && <p class="error" role="alert">{error}</p>}

      <section class="panel" aria-labelledby="mine-title">
        <h2 id="mine-title">Your open chats</h2>
        {mine.length === 0 ? (
          <p class="muted">{loaded ? "You hold no chats." : "Loading…"}</p>
        ) : (
          <ul class="held">
            {mine.map((handoff) => (
              <li key={handoff.id}>
                <a href={`#/queue/${handoff.id}`}>Chat {handoff.conversationId.slice(0, 8)}</a>{" "}
                <span class="muted">{reasonLabel(handoff.reason)}</span>
                {unread.has(handoff.conversationId) && <strong class="unread"> · new message from the visitor</strong>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="panel" aria-labelledby="waiting-title">
        <h2 id="waiting-title">Waiting ({waiting.length})</h2>
        {waiting.length === 0 ? (
          <p class="muted">{loaded ? "Nobody is waiting." : "Loading…"}</p>
        ) : (
          <table>
            <caption class="visually-hidden">Waiting chats, longest wait first</caption>
            <thead>
              <tr>
                <th scope="col">Waiting</th>
                <th scope="col">Reason</th>
                <th scope="col">Detail</th>
                <th scope="col"><span class="visually-hidden">Action</span></th>
              </tr>
            </thead>
            <tbody>
              {waiting.map((handoff) => (
                <tr key={handoff.id} data-handoff={handoff.id} data-conversation={handoff.conversationId}>
                  <td class="wait">{formatDuration((now - handoff.since) / 1000)}</td>
                  <td>{reasonLabel(handoff.reason)}</td>
                  <td class="detail">{handoff.detail}</td>
                  <td>
                    <button type="button" disabled={accepting !== null} onClick={() => accept(handoff)}
                      aria-label={`Accept chat ${handoff.conversationId.slice(0, 8)} (${reasonLabel(handoff.reason)})`}>
                      {accepting === handoff.id ? "Accepting…" : "Accept"}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
