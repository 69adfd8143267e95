// An agent takes over a chat a visitor started in another browser context, and both see each other's messages:
// the queue updates live, the transcript shows the bot's citations and the reason, notes stay with the agents.
import { baseUrl, newPage, scenario, screenshot, setting, step } from "./lib/browser.mjs";
import { openWidget } from "./lib/widget.mjs";

const agentEmail = setting("AGENT_EMAIL");
const agentPassword = setting("AGENT_PASSWORD");
const otherAgentEmail = setting("OTHER_AGENT_EMAIL");
const question = "how much do i need to spend to get free shipping?";
const reply = "Hi, this is Sam from support. I can help with that.";
const visitorFollowUp = "My tent pole snapped on day one.";
const note = "Internal: offer a free repair under warranty.";

await scenario(async (browser) => {
  const { page: visitor } = await newPage(browser, { viewport: { width: 900, height: 800 } });
  const { page: agent } = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  const visitorTranscript = visitor.getByRole("log", { name: "Conversation" });
  const agentTranscript = agent.getByRole("list", { name: "Transcript" });

  await step("the visitor asks the bot and gets an answer with its sources", async () => {
    await visitor.goto(`${baseUrl}/`);
    await openWidget(visitor);
    await visitor.getByLabel("Your message").fill(question);
    await visitor.getByRole("button", { name: "Send", exact: true }).click();
    await visitorTranscript.locator("li.msg").filter({ hasText: "Sources" }).first().waitFor();
  });

  await step("the agent signs in to the console and is online", async () => {
    await agent.goto(`${baseUrl}/console/`);
    await agent.getByLabel("Email").fill(agentEmail);
    await agent.getByLabel("Password").fill(agentPassword);
    await agent.getByRole("button", { name: "Sign in" }).click();
    await agent.getByRole("heading", { name: "Queue" }).waitFor();
    await agent.getByRole("status").filter({ hasText: "Online" }).waitFor();
  });

  const row = agent.getByRole("row").filter({ hasText: "Visitor asked for a person" });
  await step("the visitor asks for a person and the chat appears in the agent's queue live", async () => {
    await visitor.getByRole("button", { name: "Talk to a person" }).click();
    await visitorTranscript.getByText("connecting you with a person", { exact: false }).waitFor();
    await row.waitFor();
  });

  await step("the wait time ticks", async () => {
    const before = await row.locator("td.wait").textContent();
    await agent.waitForFunction((previous) => document.querySelector("td.wait")?.textContent !== previous, before);
  });
  await screenshot(agent, "console-queue");

  await step("the agent accepts and sees the whole transcript with the bot's citations and the reason", async () => {
    await row.getByRole("button", { name: /^Accept/ }).click();
    await agent.getByText("Handed off: Visitor asked for a person").waitFor();
    await agentTranscript.getByText(question).waitFor();
    await agentTranscript.getByRole("list", { name: "Sources the bot cited" }).first().waitFor();
  });

  await step("the visitor is told a person joined", async () => {
    await visitorTranscript.getByText("joined the chat", { exact: false }).waitFor();
  });

  await step("the agent replies and the visitor sees it", async () => {
    await agent.getByLabel("Message").fill(reply);
    await agent.getByRole("button", { name: "Send to visitor" }).click();
    await agentTranscript.getByText(reply).waitFor();
    await visitorTranscript.getByText(reply).waitFor();
  });

  await step("the visitor writes and the agent sees it live", async () => {
    await visitor.getByLabel("Your message").fill(visitorFollowUp);
    await visitor.getByRole("button", { name: "Send", exact: true }).click();
    await agentTranscript.getByText(visitorFollowUp).waitFor();
  });

  await step("after a reload the console resumes the chat, and flags new visitor messages in the agent's open chats", async () => {
    await agent.reload();
    await agentTranscript.getByText(visitorFollowUp).waitFor();
    await agent.getByRole("link", { name: "← Queue" }).click();
    await agent.getByRole("status").filter({ hasText: "Online" }).waitFor();
    await visitor.getByLabel("Your message").fill("Are you still there?");
    await visitor.getByRole("button", { name: "Send", exact: true }).click();
    await agent.getByText("new message from the visitor").waitFor();
    await agent.getByRole("link", { name: /^Chat / }).click();
    await agentTranscript.getByText("Are you still there?").waitFor();
  });

  await step("the agent writes an internal note, shown as a note", async () => {
    await agent.getByLabel("Message").fill(note);
    await agent.getByRole("button", { name: "Add internal note" }).click();
    await agentTranscript.getByRole("listitem").filter({ hasText: "Internal note" }).filter({ hasText: note }).waitFor();
  });

  let canned = "";
  await step("a canned response is inserted, sent, and reaches the visitor, who never sees the note", async () => {
    await agent.getByLabel("Canned response").selectOption({ label: "Greeting" });
    await agent.getByRole("button", { name: "Insert" }).click();
    canned = await agent.getByLabel("Message").inputValue();
    if (!canned.startsWith("Hi, thanks for waiting")) throw new Error(`the composer holds "${canned}"`);
    await agent.getByRole("button", { name: "Send to visitor" }).click();
    await visitorTranscript.getByText(canned).waitFor();
    // The visitor's page re-read the transcript after the note was written, so a leaked note would be there now.
    if ((await visitorTranscript.getByText(note).count()) !== 0) throw new Error("the visitor sees the internal note");
  });
  await screenshot(agent, "console-chat");
  await screenshot(visitor, "visitor-with-agent");

  await step("the agent returns the chat to the bot and the visitor is told", async () => {
    await agent.getByRole("button", { name: "Return to bot" }).click();
    await agent.getByRole("status").filter({ hasText: "You returned this chat to the bot." }).waitFor();
    await visitorTranscript.getByText("chatting with our assistant again", { exact: false }).waitFor();
  });

  await step("the returned chat is no longer among the agent's open chats", async () => {
    await agent.getByRole("link", { name: "Back to the queue" }).click();
    await agent.getByText("You hold no chats.").waitFor();
  });

  await step("a chat another agent takes leaves this agent's queue live", async () => {
    await visitor.getByRole("button", { name: "Talk to a person" }).click();
    await row.waitFor();
    const headers = await signInOverApi(otherAgentEmail, agentPassword);
    const [waiting] = await (await fetch(`${baseUrl}/api/v1/handoffs`, { headers })).json();
    const accepted = await fetch(`${baseUrl}/api/v1/handoffs/${waiting.id}/accept`, { method: "POST", headers });
    if (!accepted.ok) throw new Error(`the other agent could not accept: ${accepted.status}`);
    await row.waitFor({ state: "detached" });
    await agent.getByText("Nobody is waiting.").waitFor();
  });
});

async function signInOverApi(email, password) {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`${email} could not sign in: ${response.status}`);
  return { Authorization: `Bearer ${(await response.json()).accessToken}` };
}
