// Signing in to the console, shared by the agent and admin scenarios.
import { baseUrl } from "./browser.mjs";

export async function signIn(page, email, password) {
  await page.goto(`${baseUrl}/console/`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}
