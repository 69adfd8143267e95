// Under a bot reply: "Mark wrong" and the right reply; under an agent's reply: "Use for training". Either sends a
// candidate example for an admin to review (Training data page); nothing changes for the visitor.
import { useState } from "preact/hooks";
import { send } from "../../api";

type State = "idle" | "editing" | "saving" | "sent";

export function TrainingSignal({ conversationId, messageId, role }: { conversationId: string; messageId: string; role: string }) {
  const [state, setState] = useState<State>("idle");
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const base = `/api/v1/conversations/${conversationId}/messages/${messageId}`;

  async function submit(action: () => Promise<unknown>) {
    setState("saving");
    setError(null);
    try {
      await action();
      setState("sent");
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setState(role === "bot" ? "editing" : "idle");
    }
  }

  if (state === "sent") return <p class="signal muted" role="status">Sent for review as a training example.</p>;

  if (role === "agent") {
    return (
      <div class="signal">
        <button type="button" class="link" disabled={state === "saving"} onClick={() => submit(() => send("POST", `${base}/promote`))}>Use for training</button>
        {error && <span class="error" role="alert"> {error}</span>}
      </div>
    );
  }

  if (state === "idle") {
    return <div class="signal"><button type="button" class="link" onClick={() => setState("editing")}>Mark wrong</button></div>;
  }

  return (
    <form class="signal correction" onSubmit={(e) => { e.preventDefault(); void submit(() => send("POST", `${base}/correction`, { text })); }}>
      <label>
        The right reply
        <textarea rows={3} maxLength={4000} required value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="actions">
        <button type="submit" disabled={state === "saving"}>Send for review</button>
        <button type="button" class="secondary" onClick={() => { setState("idle"); setError(null); }}>Cancel</button>
      </div>
    </form>
  );
}
