import { useState } from "preact/hooks";
import { send } from "../../api";
import { ErrorMessage, Section, useJson } from "../../components";
import { formatPercent, humanize } from "../../format";
import type { KnowledgeBase } from "./knowledgeTypes";

interface Result {
  passages: { documentId: string; title: string; source: string; headingPath: string | null; snippet: string; score: number }[];
  confidence: number;
  minConfidence: number;
  handoff: { reason: string; detail: string } | null;
  answer: string;
  source: string;
  fallbackReason: string | null;
  elapsedMs: number;
}

/** Runs a message through the bot without storing it, and shows every step of the decision. */
export function TestChatPage() {
  const bases = useJson<KnowledgeBase[]>("/api/v1/knowledge-bases");
  const [knowledgeBase, setKnowledgeBase] = useState("");
  const [text, setText] = useState("");
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setResult(await send<Result>("POST", "/api/v1/test-chat", { text, knowledgeBase: knowledgeBase || null }));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  const decision = result && (result.handoff
    ? `Hand off to a person: ${humanize(result.handoff.reason)} (${result.handoff.detail})`
    : result.source === "no_answer" ? "No good answer: the bot says so and offers a person"
    : result.source === "greeting" ? "Nothing to search for: the bot greets the visitor"
    : result.source === "clarify" ? "Two entries fit about equally: the bot asks which one the visitor means"
    : `Answer (${result.source}${result.fallbackReason ? `, fell back: ${result.fallbackReason}` : ""})`);

  return (
    <>
      <Section title="Test chat">
        <p class="muted">Runs a message through the same steps as a visitor's first message. Nothing is stored and nobody is paged.</p>
        <form class="filters" onSubmit={submit}>
          {bases.data && bases.data.length > 1 && (
            <label>Knowledge base
              <select value={knowledgeBase} onChange={(e) => setKnowledgeBase(e.currentTarget.value)}>
                {bases.data.map((b) => <option key={b.slug} value={b.slug}>{b.name}</option>)}
              </select>
            </label>
          )}
          <label style={{ flex: 1 }}>Message
            <input type="text" required maxLength={4000} value={text} onInput={(e) => setText(e.currentTarget.value)} />
          </label>
          <button type="submit" disabled={busy}>{busy ? "Running…" : "Run"}</button>
        </form>
        <ErrorMessage error={error} />
      </Section>
      {result && (
        <div class="grid-2">
          <Section title="Decision">
            <div class="stats">
              <div class="stat"><span class="muted">Confidence</span><strong>{formatPercent(result.confidence)}</strong><span class="muted">threshold {formatPercent(result.minConfidence)}</span></div>
              <div class="stat"><span class="muted">Took</span><strong>{result.elapsedMs} ms</strong></div>
            </div>
            <p data-testid="decision"><strong>{decision}</strong></p>
            {result.answer && <p class="transcript-view"><span style={{ whiteSpace: "pre-wrap" }}>{result.answer}</span></p>}
          </Section>
          <Section title="Retrieved passages">
            <table aria-label="Retrieved passages">
              <thead><tr><th>Score</th><th>Passage</th></tr></thead>
              <tbody>
                {result.passages.map((p, i) => (
                  <tr key={`${p.documentId}-${i}`}>
                    <td class="score">{p.score.toFixed(3)}</td>
                    <td><strong>{p.title}</strong>{p.headingPath && <span class="muted"> › {p.headingPath}</span>}<br />{p.snippet}<br /><span class="muted">{p.source}</span></td>
                  </tr>
                ))}
              </tbody>
            </table>
            {result.passages.length === 0 && <p class="muted">No passage matched.</p>}
          </Section>
        </div>
      )}
    </>
  );
}
