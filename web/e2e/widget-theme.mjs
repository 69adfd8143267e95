// The admin's theme reaches the widget (colour, side), the page's data- attributes win over it (title), and the
// shadow DOM keeps the page's styles and the widget's apart. Keyboard only: Enter sends.
import assert from "node:assert/strict";
import { baseUrl, newPage, scenario, screenshot, step } from "./lib/browser.mjs";
import { finishedReply, sel } from "./lib/widget.mjs";

await scenario(async (browser) => {
  const { page } = await newPage(browser, { viewport: { width: 1280, height: 800 } });
  await page.goto(baseUrl);
  const launcher = page.getByRole("button", { name: "Open chat" });

  await step("the server's colour and position apply", async () => {
    await launcher.waitFor();
    assert.equal(await launcher.evaluate((b) => getComputedStyle(b).backgroundColor), "rgb(47, 93, 58)");
    const box = await launcher.boundingBox();
    assert.ok(box.x < 100, `the launcher is at x=${box.x}, not on the left`);
  });

  await step("the page's data-title wins over the server's title; the greeting is the server's", async () => {
    await launcher.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("dialog", { name: "Ridgeline Support" }).waitFor();
    await page.getByText("Howdy from the trail desk!").waitFor();
  });

  await step("styles stay on their side of the shadow DOM", async () => {
    const send = page.getByRole("button", { name: "Send", exact: true });
    assert.equal(await send.evaluate((b) => getComputedStyle(b).textTransform), "none");
    assert.match(await send.evaluate((b) => getComputedStyle(b).fontFamily), /system-ui/);
    assert.match(await page.evaluate(() => getComputedStyle(document.body).fontFamily), /Georgia/);
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector("h1")).color), "rgb(255, 255, 255)");
  });

  await step("Enter sends from the keyboard", async () => {
    await page.keyboard.type("Do you ship to Canada?");
    await page.keyboard.press("Enter");
    await page.locator(sel.visitor).filter({ hasText: "Do you ship to Canada?" }).waitFor();
    await finishedReply(page, 1);
  });

  await screenshot(page, "widget-themed");
});
