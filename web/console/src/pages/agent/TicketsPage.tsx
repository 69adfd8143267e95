// #/tickets: the email addresses visitors left when no agent was online, for the team to write back; closed when done.
import { useCallback, useEffect, useState } from "preact/hooks";
import { getJson, send } from "../../api";
import type { Ticket } from "./agentTypes";
import { formatDateTime, messageOf } from "./format";

export function TicketsPage() {
  const [tickets, setTickets] = useState<Ticket[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      setTickets(await getJson<Ticket[]>("/api/v1/tickets"));
    } catch (failure) {
      setError(messageOf(failure));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  async function close(ticket: Ticket) {
    setError(null);
    try {
      await send("POST", `/api/v1/tickets/${ticket.id}/close`);
      setTickets((list) => list?.filter((t) => t.id !== ticket.id) ?? null);
      setNotice(`Closed the ticket from ${ticket.email}.`);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  return (
    <div class="agent-page">
      <header class="page-head">
        <h1>Tickets</h1>
        <button type="button" class="secondary" onClick={() => load()}>Refresh</button>
      </header>
      <p class="muted">Visitors who wanted a person while nobody was online left these addresses. Write to them, then close the ticket.</p>
      {error && <p class="error" role="alert">{error}</p>}
      <p class="notice" role="status">{notice}</p>
      <section class="panel">
        {tickets === null ? (
          <p class="muted">Loading…</p>
        ) : tickets.length === 0 ? (
          <p class="muted">No open tickets.</p>
        ) : (
          <table>
            <caption class="visually-hidden">Open tickets, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Left at</th>
                <th scope="col">Conversation</th>
                <th scope="col"><span class="visually-hidden">Action</span></th>
              </tr>
            </thead>
            <tbody>
              {tickets.map((ticket) => (
                <tr key={ticket.id}>
                  <td>{ticket.email}</td>
                  <td>{formatDateTime(ticket.createdAt)}</td>
                  <td><code>{ticket.conversationId}</code></td>
                  <td>
                    <button type="button" class="secondary" onClick={() => close(ticket)} aria-label={`Close the ticket from ${ticket.email}`}>Close</button>
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
