import { ErrorMessage, Section, useJson } from "../../components";
import { humanize } from "../../format";

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

export function ModelsPage() {
  const models = useJson<ModelInfo[]>("/api/v1/models");
  return (
    <Section title="Models">
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
        Without a generation model the bot answers extractively (it quotes the best passage). Replies per model, with their
        thumbs, are on the Analytics page. Training new versions from transcripts and promoting them is not built yet.
      </p>
    </Section>
  );
}
