// A question that fits two entries about equally: the bot asks which one, the widget shows the two as buttons, a click
// sends the choice and the answer comes from that entry; after a reload the question still shows its buttons, spent.
// Needs the server's encoder on (the disagreement between BM25 and the encoder is what makes the bot ask).
import assert from "node:assert/strict";
import { baseUrl, newPage, scenario, screenshot, step } from "./lib/browser.mjs";
import { ask, finishedReply, openWidget, sel, shownTranscript, storedTranscript } from "./lib/widget.mjs";

// rq-027 of tests/data/sample-kb: BM25 puts the down-jacket washing entry first, the encoder the exchanges one.
const question = "want to swap my jacket for a bigger size";
const pick = "How do exchanges work?";

await scenario(async (browser) => {
  const { page } = await newPage(browser, { viewport: { width: 1280, height: 800 } });
  await page.goto(baseUrl);
  await openWidget(page);

  let asked;
  await step("the bot asks which entry is meant, with one button per entry", async () => {
    asked = await ask(page, question, 1);
    const group = asked.getByRole("group", { name: "Choose what you mean" });
    await group.waitFor();
    const labels = await group.getByRole("button").allInnerTexts();
    assert.equal(labels.length, 2, `choices: ${labels.join(" | ")}`);
    assert.ok(labels.includes(pick), `choices: ${labels.join(" | ")}`);
    const body = await asked.locator(".body").innerText();
    assert.match(body, /Which of these do you mean\?/);
    assert.doesNotMatch(body, /How do exchanges work\?/, "the choices show as buttons, not also as a list");
    assert.equal(await asked.locator(".feedback").count(), 0, "a question back takes no thumbs");
  });

  await screenshot(page, "widget-clarify");

  await step("a click sends the choice and the answer quotes the entry picked", async () => {
    await asked.getByRole("button", { name: pick }).click();
    const answer = await finishedReply(page, 2);
    assert.match(await answer.locator(".body").innerText(), /exchange/i);
    assert.match(await answer.locator(".sources").innerText(), /How do exchanges work\?/);
    for (const button of await asked.getByRole("group", { name: "Choose what you mean" }).getByRole("button").all()) {
      assert.equal(await button.isDisabled(), true, "a used question's buttons are disabled");
    }
    const visitors = await page.locator(sel.visitor).allInnerTexts();
    assert.deepEqual(visitors.map((t) => t.trim()), [question, pick]);
  });

  await step("a reload shows the question with its buttons once, and the stored transcript holds the pick", async () => {
    const before = await shownTranscript(page);
    await page.reload();
    await openWidget(page);
    await finishedReply(page, 2);
    await page.locator(sel.reply).first().getByRole("group", { name: "Choose what you mean" }).waitFor();
    assert.deepEqual(await shownTranscript(page), before);
    for (const button of await page.locator(sel.reply).first().getByRole("button").all()) {
      assert.equal(await button.isDisabled(), true, "after a reload, a question already answered keeps its buttons spent");
    }
    const stored = await storedTranscript(page, baseUrl);
    assert.deepEqual(stored.map(([role]) => role), ["visitor", "bot", "visitor", "bot"]);
    assert.equal(stored[2][1], pick);
    assert.match(stored[1][1], /\n- How do exchanges work\?/);
  });
});
