// On a 375x667 phone the open widget fills the screen, nothing scrolls sideways, and the composer is in view.
import assert from "node:assert/strict";
import { baseUrl, newPage, scenario, screenshot, step } from "./lib/browser.mjs";
import { ask, horizontalOverflow, openWidget } from "./lib/widget.mjs";

await scenario(async (browser) => {
  const { page } = await newPage(browser, { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await page.goto(baseUrl);

  await step("the closed launcher fits", async () => {
    const box = await page.getByRole("button", { name: "Open chat" }).boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 375 && box.y + box.height <= 667, JSON.stringify(box));
    assert.equal(await horizontalOverflow(page), 0);
  });

  await step("open, the panel fills the screen and the composer is visible", async () => {
    await openWidget(page);
    await ask(page, "What is your return policy?", 1);
    const panel = await page.getByRole("dialog").boundingBox();
    assert.deepEqual([panel.x, panel.y, panel.width, panel.height], [0, 0, 375, 667]);
    for (const control of [page.getByLabel("Your message"), page.getByRole("button", { name: "Send", exact: true }), page.getByRole("button", { name: "Close chat" }).first()]) {
      const box = await control.boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= 667 && box.x >= 0 && box.x + box.width <= 375, JSON.stringify(box));
    }
    assert.equal(await horizontalOverflow(page), 0);
    const inner = await page.evaluate(() => {
      const scroll = document.querySelector("[data-platform-chat-widget]").shadowRoot.querySelector(".scroll");
      return scroll.scrollWidth - scroll.clientWidth;
    });
    assert.equal(inner, 0);
  });

  await screenshot(page, "widget-phone");
});
