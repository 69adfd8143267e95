// Shared set-up of the browser tests: Debian's chromium through playwright-core (no browser download), the
// server the .NET test started (PLATFORM_URL), and a folder for screenshots (ARTIFACTS).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const baseUrl = required("PLATFORM_URL").replace(/\/$/, "");
export const artifacts = process.env.ARTIFACTS ?? "artifacts/screenshots";

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the browser tests through dotnet test (BrowserTests).`);
  return value;
}

export function setting(name) {
  return required(name);
}

/** Starts headless chromium with the flags a closed network needs (no background calls home). */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
}

/** A new context whose console errors and failed requests are reported, so a broken page fails loudly. */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.on("pageerror", (error) => console.error(`[page error] ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") console.error(`[console] ${message.text()}`);
  });
  page.setDefaultTimeout(Number(process.env.STEP_TIMEOUT_MS ?? 15000));
  return { context, page };
}

export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  console.log(`screenshot: ${path}`);
}

/** Logs each step, so a failure says how far the scenario got. */
export async function step(name, action) {
  const started = Date.now();
  try {
    const result = await action();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
    return result;
  } catch (error) {
    console.error(`FAIL ${name}: ${error?.message ?? error}`);
    throw error;
  }
}

/** Runs a scenario with a browser, closing it whatever happens; a failure exits non-zero. */
export async function scenario(run) {
  const browser = await launch();
  try {
    await run(browser);
  } catch (error) {
    console.error(error?.stack ?? String(error));
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

/**
 * Asks the .NET test to act (restart the server, answer as an agent, ...) and waits until it has: prints
 * `@@name`, then reads `@@done name` from stdin (see BrowserScript.cs).
 */
export async function control(name) {
  const { createInterface } = await import("node:readline");
  const lines = createInterface({ input: process.stdin });
  const answer = new Promise((resolve) => lines.once("line", resolve));
  console.log(`@@${name}`);
  const line = await answer;
  lines.close();
  process.stdin.pause(); // an open stdin would keep node alive after the scenario
  if (line !== `@@done ${name}`) throw new Error(`the test could not ${name}: ${line}`);
}
