// Drag-and-drop upload: one request per file, so each file has its own progress bar and its own error, then the
// ingestion job is followed until the server has parsed and indexed the file.
import { useRef, useState } from "preact/hooks";
import { describeFailure, getJson } from "../../api";
import { session } from "../../session";
import { formatBytes } from "../../format";
import type { IngestionJob } from "./knowledgeTypes";

interface Upload {
  key: string;
  name: string;
  size: number;
  sent: number;
  /** Uploading, then the ingestion item's status (Queued, Parsing, Added, Updated, Unchanged, Failed). */
  status: string;
  error: string | null;
}

const finished = new Set(["Added", "Updated", "Unchanged", "Deleted", "Failed"]);

function send(slug: string, file: File, onProgress: (sent: number) => void): Promise<IngestionJob> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/v1/knowledge-bases/${encodeURIComponent(slug)}/documents`);
    const token = session.accessToken();
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onerror = () => reject(new Error("The upload was cut off: check the connection and try again."));
    xhr.onload = async () => {
      const response = new Response(xhr.responseText, { status: xhr.status, headers: { "Content-Type": "application/json" } });
      if (xhr.status >= 200 && xhr.status < 300) resolve((await response.json()) as IngestionJob);
      else reject(new Error(await describeFailure(response)));
    };
    const form = new FormData();
    form.append("files", file, file.name);
    xhr.send(form);
  });
}

export function Uploads({ slug, onIndexed }: { slug: string; onIndexed: () => void }) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const update = (key: string, change: Partial<Upload>) =>
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));

  async function follow(key: string, job: IngestionJob) {
    let current = job;
    for (;;) {
      const item = current.items[0];
      if (item) update(key, { status: item.status, error: item.error });
      if (!item || finished.has(item.status)) break;
      await new Promise((r) => setTimeout(r, 700));
      current = await getJson<IngestionJob>(`/api/v1/knowledge-bases/${encodeURIComponent(slug)}/jobs/${current.id}`);
    }
    onIndexed();
  }

  function start(files: FileList | null) {
    if (!files) return;
    for (const file of Array.from(files)) {
      const key = `${file.name}-${crypto.randomUUID()}`;
      setUploads((list) => [{ key, name: file.name, size: file.size, sent: 0, status: "Uploading", error: null }, ...list]);
      send(slug, file, (sent) => update(key, { sent }))
        .then((job) => follow(key, job))
        .catch((failure: unknown) => update(key, { status: "Failed", error: failure instanceof Error ? failure.message : String(failure) }));
    }
  }

  return (
    <div>
      <div
        class={`dropzone${over ? " over" : ""}`}
        onDragOver={(e) => { e.preventDefault(); setOver(true); }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => { e.preventDefault(); setOver(false); start(e.dataTransfer?.files ?? null); }}
      >
        <p>Drop Markdown, HTML, PDF, Word, CSV/TSV or text files here, or</p>
        <button type="button" class="secondary" onClick={() => input.current?.click()}>Choose files…</button>
        <input ref={input} type="file" multiple hidden aria-label="Files to upload" onChange={(e) => { start(e.currentTarget.files); e.currentTarget.value = ""; }} />
      </div>
      {uploads.length > 0 && (
        <ul class="uploads" aria-label="Uploads" aria-live="polite">
          {uploads.map((u) => (
            <li key={u.key} data-file={u.name}>
              <span>{u.name} <span class="muted">({formatBytes(u.size)})</span></span>
              <progress max={Math.max(u.size, 1)} value={u.status === "Uploading" ? u.sent : u.size} aria-label={`Upload of ${u.name}`} />
              <span>
                <span class={`badge ${u.status.toLowerCase()}`}>{u.status}</span>
                {u.error && <span class="error"> {u.error}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
