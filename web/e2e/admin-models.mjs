// An admin starts a fine-tuning run from the Models page, watches it finish, promotes the new version and rolls back.
import { signIn } from "./lib/console.mjs";
import { newPage, scenario, screenshot, setting, step } from "./lib/browser.mjs";

await scenario(async (browser) => {
  const { page } = await newPage(browser, { viewport: { width: 1360, height: 900 } });
  page.setDefaultTimeout(120000);
  const versions = page.getByRole("table", { name: "Model versions" });

  await step("the admin starts a run from the approved examples", async () => {
    await signIn(page, setting("ADMIN_EMAIL"), setting("ADMIN_PASSWORD"));
    await page.getByRole("link", { name: "Models", exact: true }).click();
    await versions.getByText("Active").waitFor();
    await page.getByLabel("Steps").fill("20");
    await page.getByRole("button", { name: "Fine-tune from approved examples" }).click();
    await versions.getByText("Training").first().waitFor();
  });

  await step("the run finishes ready, with held-out figures", async () => {
    await versions.getByRole("button", { name: "Promote" }).waitFor();
    const row = versions.locator("tr").filter({ hasText: "-ft-" });
    const figures = await row.locator("td").nth(3).innerText();
    if (!figures.includes("→")) throw new Error(`no held-out figures: ${figures}`);
  });
  await screenshot(page, "admin-model-versions");

  await step("promoting makes it the active version and the running model", async () => {
    await versions.getByRole("button", { name: "Promote" }).click();
    await versions.locator("tr").filter({ hasText: "-ft-" }).getByText("Active").waitFor();
    await page.getByRole("table", { name: "Models" }).getByText("-ft-").waitFor();
  });

  await step("promoting the first version rolls back", async () => {
    await versions.getByRole("button", { name: "Promote" }).click();
    await versions.locator("tr").filter({ hasNotText: "-ft-" }).getByText("Active").waitFor();
  });
});
