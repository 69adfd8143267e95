// The server goes down mid-conversation and comes back on the same address and data: the widget reconnects on
// its own, sends what the visitor wrote meanwhile exactly once, and shows every message once.
import assert from "node:assert/strict";
import { baseUrl, control, newPage, scenario, step } from "./lib/browser.mjs";
import { ask, finishedReply, openWidget, sel, shownTranscript, storedTranscript } from "./lib/widget.mjs";

const first = "How long does standard shipping take?";
const second = "How much does the Summit 2 tent weigh?";

await scenario(async (browser) => {
  const { page } = await newPage(browser, { viewport: { width: 1280, height: 800 } });
  await page.goto(baseUrl);
  await openWidget(page);

  await step("a first question is answered", async () => {
    await ask(page, first, 1);
  });

  await step("the server stops; the widget says it is reconnecting", async () => {
    await control("stop-server");
    await page.getByRole("status").filter({ hasText: "Reconnecting" }).waitFor();
  });

  await step("a message written while the server is down waits", async () => {
    await page.getByLabel("Your message").fill(second);
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await page.locator(`${sel.visitor}.pending`).waitFor();
  });

  await step("the server comes back; the message is sent and answered", async () => {
    await control("start-server");
    await finishedReply(page, 2);
    await page.getByRole("status").filter({ hasText: "Reconnecting" }).waitFor({ state: "hidden", timeout: 30000 });
  });

  await step("nothing is lost or doubled, on screen or on the server", async () => {
    const shown = await shownTranscript(page);
    assert.deepEqual(shown.map(([role]) => role), ["visitor", "bot", "visitor", "bot"], JSON.stringify(shown));
    assert.equal(shown[0][1], first);
    assert.equal(shown[2][1], second);
    const stored = await storedTranscript(page, baseUrl);
    assert.deepEqual(stored.map(([role]) => role), ["visitor", "bot", "visitor", "bot"], JSON.stringify(stored));
    assert.deepEqual([stored[0][1], stored[2][1]], [first, second]);
    assert.equal(await page.locator(`${sel.visitor}.pending`).count(), 0);
  });

  await step("and a reload shows the same four messages", async () => {
    const before = await shownTranscript(page);
    await page.reload();
    await openWidget(page);
    await finishedReply(page, 2);
    assert.deepEqual(await shownTranscript(page), before);
  });
});
