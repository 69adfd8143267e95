// HTML and script planted in a knowledge-base document, and sent by an agent, show as text: nothing runs and no
// element is made from them. The hand-off flow runs end to end on the way (queued, person joined, closed, rating).
import assert from "node:assert/strict";
import { baseUrl, control, newPage, scenario, step } from "./lib/browser.mjs";
import { ask, openWidget, sel } from "./lib/widget.mjs";

const planted = ["<script>", "<img"];

async function noInjectedElements(page) {
  const found = await page.evaluate(() => {
    const root = document.querySelector("[data-platform-chat-widget]").shadowRoot;
    return {
      pwned: window.__pwned ?? null,
      elements: root.querySelectorAll("ol.log script, ol.log img, ol.log iframe, ol.log b, ol.log [onerror]").length,
    };
  });
  assert.deepEqual(found, { pwned: null, elements: 0 });
}

await scenario(async (browser) => {
  const { context, page } = await newPage(browser, { viewport: { width: 1280, height: 800 } });
  await page.goto(baseUrl);
  await openWidget(page);

  await step("an answer quoting a document with HTML in it shows the tags as text", async () => {
    const reply = await ask(page, "How long does the Glowworm lantern battery last?", 1);
    const text = await reply.locator(".body").innerText();
    for (const tag of planted) assert.ok(text.includes(tag), `the answer does not show ${tag} as text: ${text}`);
    await noInjectedElements(page);
  });

  await step("its source page shows the passage as plain text too", async () => {
    const [source] = await Promise.all([context.waitForEvent("page"), page.locator(`${sel.reply} .sources a`).first().click()]);
    await source.waitForLoadState();
    assert.ok((await source.locator("body").innerText()).includes("<script>window.__pwned"));
    assert.equal(await source.evaluate(() => window.__pwned ?? null), null);
    await source.close();
  });

  await step("talk to a person: the chat is queued and an email can be left", async () => {
    await page.getByRole("button", { name: "Talk to a person" }).click();
    await page.getByLabel(/leave your email address/).fill("visitor@example.test");
    await page.getByRole("button", { name: "Leave email" }).click();
    await page.getByText("Thanks! We'll write to visitor@example.test.").waitFor();
  });

  await step("an agent takes the chat and writes HTML: it shows as text", async () => {
    await control("agent-reply");
    const agent = page.locator(sel.agent).last();
    await agent.waitFor();
    const text = await agent.locator(".body").innerText();
    assert.ok(text.includes("<img src=x onerror="), text);
    assert.ok(text.includes("<b>not bold</b>"), text);
    assert.equal(await agent.locator("strong").innerText(), "really bold");
    assert.equal(await agent.locator("a").count(), 1, "only the https link becomes a link");
    assert.equal(await agent.locator("a").getAttribute("href"), "https://ridgeline.example/help");
    assert.ok(text.includes("[click me](javascript:alert(1))"), text);
    await noInjectedElements(page);
  });

  await step("the agent closes the chat; the visitor rates it", async () => {
    await control("agent-close");
    await page.getByRole("group", { name: "How would you rate this chat?" }).waitFor();
    await page.getByLabel("5", { exact: true }).check();
    await page.getByLabel("Anything to add? (optional)").fill("Sorted in minutes.");
    await page.getByRole("button", { name: "Submit rating" }).click();
    await page.getByText("Thanks for your rating!").waitFor();
  });
});
