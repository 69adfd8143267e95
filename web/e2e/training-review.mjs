// An agent marks a bot reply wrong with the right reply and promotes their own reply from the chat view; an admin
// edits and approves one candidate and rejects the other on the Training data page.
import { readFile } from "node:fs/promises";
import { signIn } from "./lib/console.mjs";
import { baseUrl, newPage, scenario, screenshot, setting, step } from "./lib/browser.mjs";

const handoffId = setting("HANDOFF_ID");
const correction = "Standard shipping takes 3 to 5 business days after the order ships.";

await scenario(async (browser) => {
  const { page: agent } = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  const transcript = agent.getByRole("list", { name: "Transcript" });

  await step("the agent opens the held chat", async () => {
    await signIn(agent, setting("AGENT_EMAIL"), setting("AGENT_PASSWORD"));
    await agent.goto(`${baseUrl}/console/#/queue/${handoffId}`);
    await transcript.locator('[data-role="bot"]').first().waitFor();
  });

  await step("the agent marks the bot's answer wrong and writes the right one", async () => {
    const botReply = transcript.locator('[data-role="bot"]').first();
    await botReply.getByRole("button", { name: "Mark wrong" }).click();
    await botReply.getByLabel("The right reply").fill(correction);
    await botReply.getByRole("button", { name: "Send for review" }).click();
    await botReply.getByText("Sent for review").waitFor();
  });

  await step("the agent promotes their own reply", async () => {
    const own = transcript.locator('[data-role="agent"]').first();
    await own.getByRole("button", { name: "Use for training" }).click();
    await own.getByText("Sent for review").waitFor();
  });

  const { page: admin } = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  await step("the admin sees both candidates pending", async () => {
    await signIn(admin, setting("ADMIN_EMAIL"), setting("ADMIN_PASSWORD"));
    await admin.getByRole("link", { name: "Training data" }).click();
    await admin.getByRole("article").nth(1).waitFor();
    if ((await admin.getByRole("article").count()) !== 2) throw new Error("expected two pending candidates");
  });
  await screenshot(admin, "admin-training");

  await step("the admin edits and approves the correction, and rejects the promoted reply with a note", async () => {
    const corrected = admin.getByRole("article").filter({ hasText: "The bot said:" });
    await corrected.getByLabel("Reply to train on").fill(`${correction} Tracking arrives by email.`);
    await corrected.getByRole("button", { name: "Approve" }).click();
    const promoted = admin.getByRole("article").filter({ hasText: "An agent's reply" });
    await promoted.getByLabel("Note if rejecting").fill("Too specific to this order.");
    await promoted.getByRole("button", { name: "Reject" }).click();
    await admin.getByText("No pending examples.").waitFor();
  });

  await step("the approved example carries the edited reply", async () => {
    await admin.getByRole("button", { name: "Approved", exact: true }).click();
    await admin.getByRole("article").getByText("Tracking arrives by email.").waitFor();
    await admin.getByRole("button", { name: "Rejected", exact: true }).click();
    await admin.getByText("Too specific to this order.").waitFor();
  });

  await step("the approved examples download as redacted JSONL with the edited reply", async () => {
    const [download] = await Promise.all([
      admin.waitForEvent("download"),
      admin.getByRole("button", { name: "Approved examples" }).click(),
    ]);
    const lines = (await readFile(await download.path(), "utf8")).trim().split("\n").map((line) => JSON.parse(line));
    if (lines.length !== 1) throw new Error(`expected one approved example, got ${lines.length}`);
    const assistant = lines[0].messages.at(-1);
    if (assistant.role !== "assistant" || !assistant.content.includes("Tracking arrives by email.")) {
      throw new Error(`unexpected assistant turn: ${JSON.stringify(assistant)}`);
    }
  });
});
