import { useEffect, useState } from "preact/hooks";
import { request, send } from "../../api";
import { ErrorMessage, Section, useJson } from "../../components";
import { formatBytes, formatDateTime } from "../../format";
import type { DocumentRow, KnowledgeBase, Revision } from "./knowledgeTypes";
import { Uploads } from "./Uploads";
import { VectorProgress } from "./VectorProgress";

function History({ slug, document }: { slug: string; document: DocumentRow }) {
  const revisions = useJson<Revision[]>(`/api/v1/knowledge-bases/${encodeURIComponent(slug)}/documents/${document.id}/revisions`);
  return (
    <td colSpan={7}>
      <ErrorMessage error={revisions.error} />
      <table aria-label={`Versions of ${document.title}`}>
        <thead><tr><th>Added in</th><th>Removed in</th><th>Size</th><th>SHA-256</th><th>Stored</th></tr></thead>
        <tbody>
          {(revisions.data ?? []).map((r) => (
            <tr key={r.id}>
              <td>v{r.addedInVersion}</td>
              <td>{r.removedInVersion ? `v${r.removedInVersion}` : "current"}</td>
              <td>{formatBytes(r.sizeBytes)}</td>
              <td><code>{r.sha256.slice(0, 12)}</code></td>
              <td>{formatDateTime(r.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </td>
  );
}

export function KnowledgePage() {
  const bases = useJson<KnowledgeBase[]>("/api/v1/knowledge-bases");
  const [slug, setSlug] = useState<string | null>(null);
  const documents = useJson<DocumentRow[]>(slug ? `/api/v1/knowledge-bases/${encodeURIComponent(slug)}/documents` : null);
  const [open, setOpen] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rollbackTo, setRollbackTo] = useState("");

  useEffect(() => {
    if (!slug && bases.data?.[0]) setSlug(bases.data[0].slug);
  }, [bases.data, slug]);

  const base = bases.data?.find((b) => b.slug === slug) ?? null;
  const refresh = () => { bases.reload(); documents.reload(); };

  async function act(action: () => Promise<string>) {
    setError(null);
    setMessage(null);
    try {
      setMessage(await action());
      refresh();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }

  const remove = (document: DocumentRow) => {
    if (!confirm(`Delete "${document.title}"? It stops being used for answers at once; its bytes stay in the version history.`)) return;
    void act(async () => {
      await send("DELETE", `/api/v1/knowledge-bases/${encodeURIComponent(slug!)}/documents/${document.id}`);
      return `Deleted "${document.title}".`;
    });
  };

  const reindex = () => act(async () => {
    await send("POST", `/api/v1/knowledge-bases/${encodeURIComponent(slug!)}/reindex`);
    return "Re-indexing started: every document is parsed again from its stored bytes.";
  });

  const rollback = (event: Event) => {
    event.preventDefault();
    const version = Number(rollbackTo);
    void act(async () => {
      const result = await send<{ restoredVersion: number; newVersion: number; documentsRestored: number; documentsRemoved: number; failures: string[] }>(
        "POST", `/api/v1/knowledge-bases/${encodeURIComponent(slug!)}/rollback`, { toVersion: version });
      return `Restored version ${result.restoredVersion} as version ${result.newVersion}: ${result.documentsRestored} restored, ${result.documentsRemoved} removed.`
        + (result.failures.length ? ` Failures: ${result.failures.join("; ")}` : "");
    });
  };

  const exportZip = () => act(async () => {
    const response = await request(`/api/v1/knowledge-bases/${encodeURIComponent(slug!)}/export`);
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = `${slug}-v${base?.version ?? 0}.zip`;
    link.click();
    URL.revokeObjectURL(link.href);
    return "Export downloaded.";
  });

  return (
    <>
      <Section
        title="Knowledge bases"
        actions={bases.data && bases.data.length > 1 && (
          <label>
            Knowledge base{" "}
            <select value={slug ?? ""} onChange={(e) => setSlug(e.currentTarget.value)}>
              {bases.data.map((b) => <option key={b.slug} value={b.slug}>{b.name}</option>)}
            </select>
          </label>
        )}
      >
        <ErrorMessage error={bases.error} />
        {base && (
          <div class="stats">
            <div class="stat"><span class="muted">Name</span><strong>{base.name}</strong></div>
            <div class="stat"><span class="muted">Version</span><strong>{base.version}</strong></div>
            <div class="stat"><span class="muted">Documents</span><strong>{base.documents}</strong></div>
            <div class="stat"><span class="muted">Passages</span><strong>{base.chunks}</strong></div>
            <div class="stat"><span class="muted">Updated</span><strong>{formatDateTime(base.updatedAt)}</strong></div>
            <VectorProgress slug={base.slug} version={base.version} />
          </div>
        )}
      </Section>

      {slug && (
        <Section title="Upload documents">
          <Uploads slug={slug} onIndexed={refresh} />
        </Section>
      )}

      {slug && (
        <Section
          title="Documents"
          actions={<>
            <button type="button" class="secondary" onClick={reindex}>Re-index</button>
            <button type="button" class="secondary" onClick={exportZip}>Export</button>
            <form class="actions" onSubmit={rollback}>
              <label>Roll back to version <input type="number" min={0} max={base?.version} required value={rollbackTo} onInput={(e) => setRollbackTo(e.currentTarget.value)} style={{ width: "5rem" }} /></label>
              <button type="submit" class="secondary">Roll back</button>
            </form>
          </>}
        >
          {message && <p class="notice" role="status">{message}</p>}
          <ErrorMessage error={error ?? documents.error} />
          <table aria-label="Documents">
            <thead><tr><th>Title</th><th>File</th><th>Status</th><th>Passages</th><th>Size</th><th>Updated</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              {(documents.data ?? []).flatMap((d) => [
                <tr key={d.id}>
                  <td>{d.title}</td>
                  <td>{d.source} <span class="muted">v{d.version}</span></td>
                  <td><span class={`badge ${d.status.toLowerCase()}`}>{d.status}</span></td>
                  <td>{d.chunks}</td>
                  <td>{formatBytes(d.sizeBytes)}</td>
                  <td>{formatDateTime(d.updatedAt)}</td>
                  <td class="actions">
                    <button type="button" class="link" aria-expanded={open === d.id} onClick={() => setOpen(open === d.id ? null : d.id)}>History</button>
                    <button type="button" class="link" onClick={() => remove(d)} aria-label={`Delete ${d.title}`}>Delete</button>
                  </td>
                </tr>,
                open === d.id ? <tr key={`${d.id}-history`}><History slug={slug} document={d} /></tr> : null,
              ])}
            </tbody>
          </table>
          {documents.data?.length === 0 && <p class="muted">No documents yet: upload some above.</p>}
        </Section>
      )}
    </>
  );
}
