import { useState } from "preact/hooks";
import { ErrorMessage, Section, useJson } from "../../components";
import { formatDateTime, humanize } from "../../format";
import { navigate, type Route } from "../../router";
import type { Message } from "../../types";

interface Summary {
  id: string;
  createdAt: string;
  updatedAt: string;
  state: string;
  messages: number;
  firstQuestion: string | null;
  outcome: string;
  handoffReason: string | null;
  rating: number | null;
}

interface Detail {
  id: string;
  state: string;
  createdAt: string;
  rating: number | null;
  ratingComment: string | null;
  messages: Message[];
  handoffs: { id: string; reason: string; detail: string | null; status: string; requestedAt: string; acceptedAt: string | null; resolvedAt: string | null }[];
  feedback: { messageId: string; rating: string; comment: string | null }[];
}

const reasons = ["VisitorAsked", "LowConfidence", "OutOfScope", "NegativeSentiment", "RepeatedFailure", "AlwaysHumanTopic"];
const pageSize = 25;

function TranscriptDetail({ id }: { id: string }) {
  const detail = useJson<Detail>(`/api/v1/transcripts/${id}`);
  if (detail.error) return <ErrorMessage error={detail.error} />;
  if (!detail.data) return <p class="muted" role="status">Loading…</p>;
  const d = detail.data;
  const feedback = new Map(d.feedback.map((f) => [f.messageId, f]));
  return (
    <Section title="Conversation" actions={<button type="button" class="link" onClick={() => navigate("/admin/transcripts")}>Close</button>}>
      <p class="muted">
        Started {formatDateTime(d.createdAt)} · {humanize(d.state)}
        {d.rating != null && <> · rated {d.rating}/5{d.ratingComment && <>: “{d.ratingComment}”</>}</>}
      </p>
      {d.handoffs.map((h) => (
        <p key={h.id}>Handed off: <strong>{humanize(h.reason)}</strong>{h.detail && <> ({h.detail})</>} · {humanize(h.status)}</p>
      ))}
      <ol class="transcript-view" aria-label="Messages">
        {d.messages.map((m) => {
          const f = feedback.get(m.id);
          return (
            <li key={m.id} class={m.role}>
              <span class="meta">{humanize(m.role)}{m.source && ` · ${m.source}`} · {formatDateTime(m.createdAt)}{f && ` · thumbs ${f.rating}${f.comment ? `: “${f.comment}”` : ""}`}</span>
              {m.text}
              {m.citations && m.citations.length > 0 && <span class="meta">Sources: {m.citations.map((c) => c.title).join(", ")}</span>}
            </li>
          );
        })}
      </ol>
    </Section>
  );
}

export function TranscriptsPage({ route }: { route: Route }) {
  const [filters, setFilters] = useState({ q: "", from: "", to: "", outcome: "", rating: "", reason: "" });
  const [applied, setApplied] = useState(filters);
  const [skip, setSkip] = useState(0);
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(applied)) if (value) query.set(key, value);
  query.set("skip", String(skip));
  query.set("take", String(pageSize));
  const page = useJson<{ items: Summary[]; total: number }>(`/api/v1/transcripts?${query}`);
  const selected = route.segments[2];

  const set = (key: keyof typeof filters) => (e: { currentTarget: { value: string } }) => setFilters({ ...filters, [key]: e.currentTarget.value });

  return (
    <>
      <Section title="Transcripts">
        <form class="filters" onSubmit={(e) => { e.preventDefault(); setSkip(0); setApplied(filters); }}>
          <label>Words <input type="search" value={filters.q} onInput={set("q")} placeholder="refund, tracking…" /></label>
          <label>From <input type="date" value={filters.from} onInput={set("from")} /></label>
          <label>To <input type="date" value={filters.to} onInput={set("to")} /></label>
          <label>Outcome
            <select value={filters.outcome} onChange={set("outcome")}>
              <option value="">Any</option><option value="Answered">Answered</option><option value="Unanswered">Unanswered</option><option value="HandedOff">Handed off</option>
            </select>
          </label>
          <label>Rating
            <select value={filters.rating} onChange={set("rating")}>
              <option value="">Any</option>{[5, 4, 3, 2, 1].map((r) => <option key={r} value={r}>{r}</option>)}
            </select>
          </label>
          <label>Hand-off reason
            <select value={filters.reason} onChange={set("reason")}>
              <option value="">Any</option>{reasons.map((r) => <option key={r} value={r}>{humanize(r)}</option>)}
            </select>
          </label>
          <button type="submit">Search</button>
        </form>
        <ErrorMessage error={page.error} />
        <table aria-label="Conversations">
          <thead><tr><th>Started</th><th>First question</th><th>Outcome</th><th>Reason</th><th>Rating</th><th>Messages</th></tr></thead>
          <tbody>
            {(page.data?.items ?? []).map((t) => (
              <tr key={t.id} class="clickable" onClick={() => navigate(`/admin/transcripts/${t.id}`)}>
                <td><a href={`#/admin/transcripts/${t.id}`}>{formatDateTime(t.createdAt)}</a></td>
                <td>{t.firstQuestion ?? <span class="muted">—</span>}</td>
                <td><span class={`badge ${t.outcome.toLowerCase()}`}>{humanize(t.outcome)}</span></td>
                <td>{t.handoffReason ? humanize(t.handoffReason) : ""}</td>
                <td>{t.rating ?? ""}</td>
                <td>{t.messages}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.data && (
          <div class="actions" style={{ marginTop: ".6rem" }}>
            <span class="muted">{page.data.total === 0 ? "No conversations match." : `${skip + 1}–${Math.min(skip + pageSize, page.data.total)} of ${page.data.total}`}</span>
            <button type="button" class="secondary" disabled={skip === 0} onClick={() => setSkip(Math.max(0, skip - pageSize))}>Newer</button>
            <button type="button" class="secondary" disabled={skip + pageSize >= page.data.total} onClick={() => setSkip(skip + pageSize)}>Older</button>
          </div>
        )}
      </Section>
      {selected && <TranscriptDetail id={selected} />}
    </>
  );
}
