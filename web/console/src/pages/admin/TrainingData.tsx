import { useState } from "preact/hooks";
import { request, send } from "../../api";
import { ErrorMessage, Section, useJson } from "../../components";
import { formatDateTime, humanize } from "../../format";

interface Example {
  id: string;
  conversationId: string;
  kind: string;
  question: string;
  rejected: string | null;
  chosen: string;
  status: string;
  createdAt: string;
  reviewedAt: string | null;
  reviewNote: string | null;
}

const statuses = ["Pending", "Approved", "Rejected"] as const;

function Candidate({ example, onReviewed }: { example: Example; onReviewed: () => void }) {
  const [chosen, setChosen] = useState(example.chosen);
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);

  async function review(action: "approve" | "reject") {
    setError(null);
    try {
      await send("POST", `/api/v1/training-examples/${example.id}/${action}`, action === "approve" ? { chosen } : { note });
      onReviewed();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }

  return (
    <article class="example" aria-label={`Candidate: ${example.question}`}>
      <span class="muted">
        {example.kind === "Correction" ? "An agent corrected the bot" : "An agent's reply"} · {formatDateTime(example.createdAt)} ·{" "}
        <a href={`#/admin/transcripts/${example.conversationId}`}>conversation</a>
        {example.reviewedAt && <> · reviewed {formatDateTime(example.reviewedAt)}{example.reviewNote && <>: “{example.reviewNote}”</>}</>}
      </span>
      <strong>Visitor: {example.question}</strong>
      {example.rejected && <div><span class="muted">The bot said:</span><div class="rejected">{example.rejected}</div></div>}
      {example.status === "Pending" ? (
        <>
          <label>Reply to train on <textarea rows={3} maxLength={4000} value={chosen} onInput={(e) => setChosen(e.currentTarget.value)} /></label>
          <label>Note if rejecting <input type="text" maxLength={2000} value={note} onInput={(e) => setNote(e.currentTarget.value)} /></label>
          <ErrorMessage error={error} />
          <div class="actions">
            <button type="button" onClick={() => review("approve")}>Approve</button>
            <button type="button" class="secondary" onClick={() => review("reject")}>Reject</button>
          </div>
        </>
      ) : (
        <div><span class="muted">Reply:</span><div style={{ whiteSpace: "pre-wrap" }}>{example.chosen}</div></div>
      )}
    </article>
  );
}

const exports = [
  { query: "approvedOnly=true", file: "approved-examples.jsonl", label: "Approved examples" },
  { query: "format=preferences", file: "preference-pairs.jsonl", label: "Preference pairs" },
  { query: "", file: "conversations.jsonl", label: "All conversations" },
];

/** Downloads an export (JSONL, PII redacted) with the admin's token, which a plain link could not send. */
function ExportButtons() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function download(query: string, file: string) {
    setError(null);
    setBusy(file);
    try {
      const response = await request(`/api/v1/transcripts/export${query ? `?${query}` : ""}`);
      const link = document.createElement("a");
      link.href = URL.createObjectURL(await response.blob());
      link.download = file;
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Section title="Export for fine-tuning">
      <p class="muted">JSONL in the chat format fine-tuning tools read, with emails, phone numbers, card numbers, IBANs, addresses and names replaced by placeholders. Filters are on the API and the CLI (<code>Platform.Cli export</code>).</p>
      <div class="actions">
        {exports.map((e) => (
          <button key={e.file} type="button" class="secondary" disabled={busy !== null} onClick={() => download(e.query, e.file)}>
            {busy === e.file ? "Exporting…" : e.label}
          </button>
        ))}
      </div>
      <ErrorMessage error={error} />
    </Section>
  );
}

/** Candidate fine-tuning examples agents made from transcripts, for an admin to approve or reject. */
export function TrainingDataPage() {
  const [status, setStatus] = useState<(typeof statuses)[number]>("Pending");
  const page = useJson<{ items: Example[]; total: number }>(`/api/v1/training-examples?status=${status}&take=100`);
  return (
    <>
    <ExportButtons />

    <Section
      title="Training data"
      actions={<div class="actions" role="group" aria-label="Show">
        {statuses.map((s) => (
          <button key={s} type="button" class={s === status ? "" : "secondary"} aria-pressed={s === status} onClick={() => setStatus(s)}>{humanize(s)}</button>
        ))}
      </div>}
    >
      <p class="muted">
        Agents mark bot replies wrong (with the right reply) and promote their own replies. Only approved examples are
        exported for fine-tuning; a correction also becomes a preference pair (the right reply over the bot's).
      </p>
      <ErrorMessage error={page.error} />
      {page.data?.items.map((example) => <Candidate key={example.id} example={example} onReviewed={page.reload} />)}
      {page.data?.items.length === 0 && <p class="muted">No {status.toLowerCase()} examples.</p>}
      {page.data && page.data.total > page.data.items.length && <p class="muted">Showing the oldest {page.data.items.length} of {page.data.total}.</p>}
    </Section>
    </>
  );
}
