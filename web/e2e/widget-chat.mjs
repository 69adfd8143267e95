// A visitor asks on the demo site: the answer streams in, cites its source (the link opens the passage), takes a
// thumbs-up and a comment, and the conversation is still there after a reload.
import assert from "node:assert/strict";
import { baseUrl, newPage, scenario, screenshot, step } from "./lib/browser.mjs";
import { ask, openWidget, recordStreaming, sel, shownTranscript, storedTranscript } from "./lib/widget.mjs";

const question = "How much does shipping cost?";

await scenario(async (browser) => {
  const { context, page } = await newPage(browser, { viewport: { width: 1280, height: 800 } });

  await step("the demo shop shows the widget's launcher", async () => {
    await page.goto(baseUrl);
    await page.getByRole("heading", { name: "Gear for the long way round" }).waitFor();
    await page.getByRole("button", { name: "Open chat" }).waitFor();
  });

  await step("opening it moves focus to the message box", async () => {
    await page.getByRole("button", { name: "Open chat" }).click();
    await page.getByRole("dialog", { name: "Ridgeline Support" }).waitFor();
    assert.equal(await page.evaluate(() => document.querySelector("[data-platform-chat-widget]").shadowRoot.activeElement?.id), "pw-input");
  });

  let reply;
  await step("the answer streams in, piece by piece", async () => {
    await recordStreaming(page);
    reply = await ask(page, question, 1);
    const deltas = Number(await reply.getAttribute("data-deltas"));
    const lengths = await page.evaluate(() => window.__streaming.lengths);
    assert.ok(deltas >= 2, `the reply came in ${deltas} piece(s)`);
    assert.ok(lengths.length >= 1, "the reply was never seen while streaming");
    assert.match(await reply.locator(".body").innerText(), /\$/);
  });

  await step("the cited source opens and shows the passage", async () => {
    const link = reply.locator(".sources a").first();
    assert.match(await link.getAttribute("href"), /\/api\/v1\/sources\/\d+$/);
    const [source] = await Promise.all([context.waitForEvent("page"), link.click()]);
    await source.waitForLoadState();
    const text = await source.locator("body").innerText();
    assert.match(text, /shipping/i);
    assert.match(text, /\$75/);
    await source.close();
  });

  await step("thumbs up and a comment are taken", async () => {
    await reply.getByRole("button", { name: "Thumbs up" }).click();
    await reply.getByText("Thanks for your feedback.").waitFor();
    assert.equal(await reply.getByRole("button", { name: "Thumbs up" }).getAttribute("aria-pressed"), "true");
    await reply.getByLabel("Your comment (optional)").fill("Clear and quick.");
    await reply.getByRole("button", { name: "Submit comment" }).click();
    await reply.getByText("Thanks for your comment.").waitFor();
  });

  await screenshot(page, "widget-desktop");

  await step("a reload keeps the conversation, once", async () => {
    const before = await shownTranscript(page);
    await page.reload();
    await openWidget(page);
    await page.locator(sel.reply).first().waitFor();
    await page.waitForFunction(() => document.querySelector("[data-platform-chat-widget]").shadowRoot.querySelector("li.msg.bot:not(.greeting) .sources a"));
    const after = await shownTranscript(page);
    assert.deepEqual(after, before);
    assert.deepEqual(after.map(([role]) => role), ["visitor", "bot"]);
    const stored = await storedTranscript(page, baseUrl);
    assert.deepEqual(stored.map(([role]) => role), ["visitor", "bot"]);
    assert.equal(stored[0][1], question);
  });

  await step("Escape closes the panel and gives focus back to the launcher", async () => {
    await page.getByLabel("Your message").focus();
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "hidden" });
    await page.getByRole("button", { name: "Open chat" }).waitFor();
  });
});
