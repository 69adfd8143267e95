// An admin signs in, uploads a PDF by drag-and-drop's file picker, watches it get indexed, asks the test chat a
// question only that PDF answers, and visits every admin page (a screenshot of each is a test artifact).
import { textPdf } from "./lib/pdf.mjs";
import { signIn } from "./lib/console.mjs";
import { baseUrl, newPage, scenario, screenshot, setting, step } from "./lib/browser.mjs";
import { ask, openWidget } from "./lib/widget.mjs";

const email = setting("ADMIN_EMAIL");
const password = setting("ADMIN_PASSWORD");

await scenario(async (browser) => {
  const { page } = await newPage(browser, { viewport: { width: 1360, height: 900 } });

  await step("admin signs in and lands on the knowledge page", async () => {
    await signIn(page, email, password);
    await page.getByRole("link", { name: "Knowledge" }).click();
    await page.getByRole("table", { name: "Documents" }).getByRole("row").nth(1).waitFor();
  });

  await step("a PDF upload shows progress and ends indexed", async () => {
    const pdf = textPdf("Summit Lantern guide", [
      "The Summit Lantern runs for 72 hours on one charge at its lowest setting.",
      "It charges fully in four hours over USB-C and is waterproof to IPX7.",
    ]);
    await page.getByLabel("Files to upload").setInputFiles({ name: "summit-lantern.pdf", mimeType: "application/pdf", buffer: pdf });
    const row = page.locator('[data-file="summit-lantern.pdf"]');
    await row.getByText("Added").waitFor({ timeout: 30000 });
    await page.getByRole("table", { name: "Documents" }).getByText("summit-lantern.pdf").waitFor();
  });

  await step("a broken file is refused with the parser's reason, and nothing else is lost", async () => {
    await page.getByLabel("Files to upload").setInputFiles({ name: "broken.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 this is not a pdf") });
    const row = page.locator('[data-file="broken.pdf"]');
    await row.getByText("Failed").waitFor({ timeout: 30000 });
    const error = await row.locator(".error").innerText();
    if (error.trim().length < 10) throw new Error(`the failure has no reason: "${error}"`);
    await page.getByRole("table", { name: "Documents" }).getByText("summit-lantern.pdf").waitFor();
  });

  await step("the knowledge page says which search answers: keywords only on this server, which runs no encoder", async () => {
    const status = page.getByTestId("vector-status");
    await status.getByText("Keywords only").waitFor();
    await status.getByText("Platform:Embeddings:Model").waitFor();
  });
  await screenshot(page, "admin-knowledge");

  await step("the test chat answers from the PDF and shows passages with scores", async () => {
    await page.getByRole("link", { name: "Test chat" }).click();
    await page.getByLabel("Message").fill("How long does the Summit Lantern run on one charge?");
    await page.getByRole("button", { name: "Run" }).click();
    const passages = page.getByRole("table", { name: "Retrieved passages" });
    await passages.getByText("Summit Lantern guide").first().waitFor();
    await page.getByTestId("decision").getByText("Answer").waitFor();
    await page.getByText("72 hours").first().waitFor();
  });
  await screenshot(page, "admin-test-chat");

  await step("the test chat shows a hand-off decision when the visitor asks for a person", async () => {
    await page.getByLabel("Message").fill("I want to talk to a real person");
    await page.getByRole("button", { name: "Run" }).click();
    await page.getByTestId("decision").getByText("Hand off to a person: Visitor asked").waitFor();
  });

  const greeting = "Hello from the Ridgeline help desk! Ask about any product.";
  await step("the admin changes the widget's greeting and the preview follows", async () => {
    await page.getByRole("link", { name: "Widget", exact: true }).click();
    await page.getByLabel("Greeting", { exact: false }).fill(greeting);
    await page.getByLabel("Preview of the widget").getByText(greeting).waitFor();
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
  });
  await screenshot(page, "admin-widget");

  await step("on the site, the widget greets with the new greeting and answers from the uploaded PDF with a citation", async () => {
    const { page: visitor } = await newPage(browser, { viewport: { width: 1280, height: 800 } });
    await visitor.goto(`${baseUrl}/`);
    await openWidget(visitor);
    await visitor.getByRole("dialog").getByText(greeting).waitFor();
    const reply = await ask(visitor, "How long does the Summit Lantern run on one charge?", 1);
    await reply.getByText("72 hours").first().waitFor();
    await reply.getByRole("link", { name: /Summit Lantern guide/ }).waitFor();
    await screenshot(visitor, "widget-answers-from-pdf");
    await visitor.context().close();
  });

  for (const [link, marker, name] of [
    ["Transcripts", "Conversations", "admin-transcripts"],
    ["Analytics", "Replies by model", "admin-analytics"],
    ["Models", "Models", "admin-models"],
    ["Agents", "Accounts", "admin-agents"],
  ]) {
    await step(`the ${link} page renders`, async () => {
      await page.getByRole("link", { name: link, exact: true }).click();
      await page.getByRole("table", { name: marker }).waitFor();
    });
    await screenshot(page, name);
  }

  await step("a transcript opens from the list with its messages", async () => {
    await page.getByRole("link", { name: "Transcripts", exact: true }).click();
    await page.getByRole("table", { name: "Conversations" }).getByRole("link").first().click();
    await page.getByRole("list", { name: "Messages" }).getByRole("listitem").first().waitFor();
  });
  await screenshot(page, "admin-transcript");
});
