// The console page loads and refuses a wrong password with the server's sentence.
import { baseUrl, newPage, scenario, screenshot, step } from "./lib/browser.mjs";

await scenario(async (browser) => {
  const { page } = await newPage(browser);
  await step("console shows the sign-in form", async () => {
    await page.goto(`${baseUrl}/console/`);
    await page.getByLabel("Email").waitFor();
  });
  await step("a wrong password is refused with a clear message", async () => {
    await page.getByLabel("Email").fill("nobody@example.test");
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "The email or password is wrong." }).waitFor();
  });
  await screenshot(page, "console-sign-in");
});
