// How far the passages' search vectors are: answers use keyword search alone until every passage has one, so an admin
// who just uploaded a large knowledge base can see when meaning-based search joins in, and why it has not.
import { useEffect, useState } from "preact/hooks";
import { getJson } from "../../api";
import type { VectorStatus } from "./knowledgeTypes";

const pollMs = 2000;

export function VectorProgress({ slug, version }: { slug: string; version: number }) {
  const [status, setStatus] = useState<VectorStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await getJson<VectorStatus>(`/api/v1/knowledge-bases/${encodeURIComponent(slug)}/vectors`, abort.signal);
        setStatus(next);
        setError(null);
        if (next.model !== "none" && !next.complete && !next.encoderError) timer = setTimeout(poll, pollMs);
      } catch (failure) {
        if (abort.signal.aborted) return;
        setError(failure instanceof Error ? failure.message : String(failure));
        timer = setTimeout(poll, pollMs * 5);
      }
    };
    void poll();
    return () => { abort.abort(); clearTimeout(timer); };
  }, [slug, version]);

  if (error) return <div class="stat" data-testid="vector-status"><span class="muted">Search</span><span class="error">{error}</span></div>;
  if (!status) return null;
  if (status.model === "none" || status.encoderError) {
    return (
      <div class="stat" data-testid="vector-status">
        <span class="muted">Search</span>
        <strong>Keywords only</strong>
        <span class="muted">{status.encoderError ?? "No sentence encoder is configured (Platform:Embeddings:Model)."}</span>
      </div>
    );
  }
  if (status.complete) {
    return (
      <div class="stat" data-testid="vector-status">
        <span class="muted">Search</span>
        <strong>Keywords + meaning</strong>
        <span class="muted">{status.embedded} of {status.total} passages embedded ({status.model})</span>
      </div>
    );
  }
  return (
    <div class="stat" data-testid="vector-status">
      <span class="muted">Search vectors</span>
      <progress max={Math.max(status.total, 1)} value={status.embedded} aria-label="Passages embedded" />
      <span class="muted">
        {status.embedded} of {status.total} passages embedded ({status.model}); keyword search answers until all are.
      </span>
      {status.lastError && <span class="error">Last attempt failed: {status.lastError}</span>}
    </div>
  );
}
