import { useState } from "preact/hooks";
import { send } from "../../api";
import { ErrorMessage, Section, useJson } from "../../components";
import type { Account } from "../../types";

export function AgentsPage() {
  const agents = useJson<Account[]>("/api/v1/agents");
  const [form, setForm] = useState({ email: "", displayName: "", password: "", admin: false });
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  async function create(event: Event) {
    event.preventDefault();
    setError(null);
    setMessage(null);
    try {
      await send("POST", "/api/v1/agents", { ...form, displayName: form.displayName || null });
      setMessage(`Created ${form.email}. Give them their password through a channel you trust.`);
      setForm({ email: "", displayName: "", password: "", admin: false });
      agents.reload();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }

  async function disable(agent: Account) {
    if (!confirm(`Disable ${agent.email}? They are signed out at once and cannot sign in again.`)) return;
    try {
      await send("POST", `/api/v1/agents/${encodeURIComponent(agent.id)}/disable`);
      agents.reload();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }

  return (
    <div class="grid-2">
      <Section title="Agents and admins">
        <ErrorMessage error={agents.error} />
        <table aria-label="Accounts">
          <thead><tr><th>Name</th><th>Email</th><th>Roles</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {(agents.data ?? []).map((a) => (
              <tr key={a.id}>
                <td>{a.displayName}</td>
                <td>{a.email}</td>
                <td>{a.isDisabled ? <span class="badge failed">Disabled</span> : a.roles.join(", ")}</td>
                <td>{!a.isDisabled && <button type="button" class="link" onClick={() => disable(a)} aria-label={`Disable ${a.email}`}>Disable</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title="Add an account">
        <form class="filters" style={{ flexDirection: "column", alignItems: "stretch" }} onSubmit={create}>
          <label>Email <input type="email" required value={form.email} onInput={(e) => setForm({ ...form, email: e.currentTarget.value })} /></label>
          <label>Display name <input type="text" maxLength={100} value={form.displayName} onInput={(e) => setForm({ ...form, displayName: e.currentTarget.value })} /></label>
          <label>Password <input type="password" required autocomplete="new-password" value={form.password} onInput={(e) => setForm({ ...form, password: e.currentTarget.value })} /></label>
          <label style={{ display: "flex", gap: ".4rem", alignItems: "center" }}><input type="checkbox" checked={form.admin} onChange={(e) => setForm({ ...form, admin: e.currentTarget.checked })} /> Admin (can manage knowledge, settings and accounts)</label>
          <ErrorMessage error={error} />
          {message && <p class="notice" role="status">{message}</p>}
          <button type="submit">Add account</button>
        </form>
      </Section>
    </div>
  );
}
