import { useEffect, useState } from "preact/hooks";
import { send } from "../../api";
import { ErrorMessage, Section, useJson } from "../../components";

interface Settings {
  title: string;
  greeting: string;
  primaryColor: string;
  textOnPrimaryColor: string;
  position: "left" | "right";
}

/** The widget's look for every site that embeds it, with a preview and the tag to paste. */
export function WidgetSettingsPage() {
  const saved = useJson<Settings>("/api/v1/widget/settings");
  const [form, setForm] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (saved.data) setForm(saved.data);
  }, [saved.data]);

  if (!form) return <Section title="Widget"><ErrorMessage error={saved.error} />{!saved.error && <p class="muted" role="status">Loading…</p>}</Section>;

  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => setForm({ ...form, [key]: value });
  const snippet = `<script src="${location.origin}/widget.js" async></script>`;

  async function save(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      await send("PUT", "/api/v1/widget/settings", form);
      setMessage("Saved. Widgets pick up the change on their next page load (within 30 seconds).");
      saved.reload();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="grid-2">
      <Section title="Widget">
        <form class="filters" style={{ flexDirection: "column", alignItems: "stretch" }} onSubmit={save}>
          <label>Title <input type="text" required maxLength={60} value={form.title} onInput={(e) => set("title", e.currentTarget.value)} /></label>
          <label>Greeting (Markdown; empty for none) <textarea rows={3} maxLength={500} value={form.greeting} onInput={(e) => set("greeting", e.currentTarget.value)} /></label>
          <div class="filters">
            <label>Main colour <input type="color" value={form.primaryColor} onInput={(e) => set("primaryColor", e.currentTarget.value)} /></label>
            <label>Text on the main colour <input type="color" value={form.textOnPrimaryColor} onInput={(e) => set("textOnPrimaryColor", e.currentTarget.value)} /></label>
            <label>Corner
              <select value={form.position} onChange={(e) => set("position", e.currentTarget.value as Settings["position"])}>
                <option value="right">Bottom right</option>
                <option value="left">Bottom left</option>
              </select>
            </label>
          </div>
          <ErrorMessage error={error} />
          {message && <p class="notice" role="status">{message}</p>}
          <div class="actions">
            <button type="submit" disabled={busy}>{busy ? "Saving…" : "Save"}</button>
            <button type="button" class="secondary" onClick={() => saved.data && setForm(saved.data)}>Discard changes</button>
          </div>
        </form>
        <h3>Add it to a site</h3>
        <p class="muted">Paste this before <code>&lt;/body&gt;</code>. Each setting can be overridden per page with a <code>data-</code> attribute (see docs/widget.md).</p>
        <pre class="snippet"><code>{snippet}</code></pre>
        <button type="button" class="secondary" onClick={() => void navigator.clipboard?.writeText(snippet)}>Copy</button>
      </Section>
      <Section title="Preview">
        <div class="widget-preview" style={{ justifyItems: form.position === "left" ? "start" : "end" }} aria-label="Preview of the widget">
          <div class="widget-preview-panel">
            <div class="widget-preview-head" style={{ background: form.primaryColor, color: form.textOnPrimaryColor }}>{form.title}</div>
            <div class="widget-preview-body">
              {form.greeting && <p class="widget-preview-bot">{form.greeting}</p>}
              <p class="widget-preview-visitor" style={{ background: form.primaryColor, color: form.textOnPrimaryColor }}>Where is my order?</p>
            </div>
          </div>
          <span class="widget-preview-launcher" style={{ background: form.primaryColor, color: form.textOnPrimaryColor }} aria-hidden="true">Chat</span>
        </div>
      </Section>
    </div>
  );
}
