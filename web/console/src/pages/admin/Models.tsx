import { useEffect, useState } from "preact/hooks";
import { send } from "../../api";
import { ErrorMessage, Section, useJson } from "../../components";
import { formatDateTime, humanize } from "../../format";

interface ModelInfo {
  role: string;
  configured: boolean;
  loaded: boolean;
  name: string | null;
  folder: string | null;
  executionProvider: string | null;
  architecture: string | null;
  layers: number | null;
  heads: number | null;
  hiddenSize: number | null;
  error: string | null;
}

interface Version {
  id: string;
  name: string;
  status: string;
  isActive: boolean;
  createdAt: string;
  finishedAt: string | null;
  progress: number;
  trainExamples: number | null;
  heldOutExamples: number | null;
  heldOutLoss: number | null;
  baseHeldOutLoss: number | null;
  error: string | null;
  logTail: string | null;
}

function RunLog({ id }: { id: string }) {
  const version = useJson<Version>(`/api/v1/models/versions/${id}`);
  useEffect(() => {
    const timer = setInterval(version.reload, 2000);
    return () => clearInterval(timer);
  }, [version.reload]);
  return <pre class="snippet" aria-label="Run log" style={{ maxHeight: "16rem" }}>{version.data?.logTail ?? "…"}</pre>;
}

/** Versions of the local model: fine-tuning runs, their held-out figures, promotion and rollback. */
function Versions({ onChanged }: { onChanged: () => void }) {
  const versions = useJson<Version[]>("/api/v1/models/versions");
  const [steps, setSteps] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const training = versions.data?.some((v) => v.status === "Training") ?? false;

  useEffect(() => {
    if (!training) return;
    const timer = setInterval(versions.reload, 2000);
    return () => clearInterval(timer);
  }, [training, versions.reload]);

  async function act(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      versions.reload();
      onChanged();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }

  const start = (event: Event) => {
    event.preventDefault();
    void act(() => send("POST", "/api/v1/models/fine-tunes", { steps: steps ? Number(steps) : null }));
  };

  return (
    <Section
      title="Model versions"
      actions={<form class="actions" onSubmit={start}>
        <label>Steps <input type="number" min={1} max={100000} placeholder="default" value={steps} onInput={(e) => setSteps(e.currentTarget.value)} style={{ width: "7rem" }} /></label>
        <button type="submit" disabled={training}>Fine-tune from approved examples</button>
      </form>}
    >
      <p class="muted">
        A run trains the active version further on the approved examples (Training data page), holding every few out.
        Held-out loss is measured on those, never trained on: lower is better. Promote a ready version to make it answer;
        promote an earlier one to roll back. Replies in flight finish on the version they started with.
      </p>
      <ErrorMessage error={error ?? versions.error} />
      <table aria-label="Model versions">
        <thead><tr><th>Version</th><th>Status</th><th>Examples (train / held out)</th><th>Held-out loss (before → after)</th><th>Created</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          {(versions.data ?? []).flatMap((v) => [
            <tr key={v.id} data-version={v.name}>
              <td>{v.name} {v.isActive && <span class="badge indexed">Active</span>}</td>
              <td>
                <span class={`badge ${v.status.toLowerCase()}`}>{v.status}</span>
                {v.status === "Training" && <progress max={1} value={v.progress} aria-label={`Progress of ${v.name}`} style={{ marginLeft: ".4rem" }} />}
                {v.error && <div class="error">{v.error}</div>}
              </td>
              <td>{v.trainExamples ?? "—"} / {v.heldOutExamples ?? "—"}</td>
              <td>{v.heldOutLoss != null ? `${v.baseHeldOutLoss ?? "—"} → ${v.heldOutLoss}` : "—"}</td>
              <td>{formatDateTime(v.createdAt)}</td>
              <td class="actions">
                {v.status === "Ready" && !v.isActive && <button type="button" class="secondary" onClick={() => act(() => send("POST", `/api/v1/models/versions/${v.id}/promote`))}>Promote</button>}
                {v.status === "Training" && <button type="button" class="danger" onClick={() => act(() => send("POST", `/api/v1/models/versions/${v.id}/cancel`))}>Cancel</button>}
                {v.trainExamples != null && <button type="button" class="link" aria-expanded={open === v.id} onClick={() => setOpen(open === v.id ? null : v.id)}>Log</button>}
              </td>
            </tr>,
            open === v.id ? <tr key={`${v.id}-log`}><td colSpan={6}><RunLog id={v.id} /></td></tr> : null,
          ])}
        </tbody>
      </table>
    </Section>
  );
}

export function ModelsPage() {
  const models = useJson<ModelInfo[]>("/api/v1/models");
  return (
    <>
    <Versions onChanged={models.reload} />
    <Section title="Running models">
      <ErrorMessage error={models.error} />
      <table aria-label="Models">
        <thead><tr><th>Role</th><th>Model</th><th>State</th><th>Runs on</th><th>Shape</th></tr></thead>
        <tbody>
          {(models.data ?? []).map((m) => (
            <tr key={m.role}>
              <td>{humanize(m.role)}</td>
              <td>{m.name ?? <span class="muted">{m.folder || "none"}</span>}</td>
              <td>
                {!m.configured ? <span class="badge">Off</span> : m.loaded ? <span class="badge indexed">Loaded</span> : <span class="badge failed">Not loaded</span>}
                {m.error && <div class="error">{m.error}</div>}
              </td>
              <td>{m.executionProvider ?? "—"}</td>
              <td>{m.architecture ? `${m.architecture}, ${m.layers} layers, ${m.heads} heads, ${m.hiddenSize} wide` : m.hiddenSize ? `${m.hiddenSize} dimensions` : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted">
        Without a generation model the bot answers extractively (it quotes the best passage). Replies per model version,
        with their thumbs and reply times, are on the Analytics page.
      </p>
    </Section>
    </>
  );
}
