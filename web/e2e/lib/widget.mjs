// Helpers for the widget scenarios: the widget lives in an open shadow root, which Playwright's locators pierce.

/** Bot answers (not the greeting), visitor messages, and the widget's controls. */
export const sel = {
  reply: "li.msg.bot:not(.greeting)",
  visitor: "li.msg.visitor",
  agent: "li.msg.agent",
};

/** Opens the panel unless it is open already (it reopens by itself after a reload). */
export async function openWidget(page) {
  const launcher = page.locator("[data-platform-chat-widget] button.launcher");
  await launcher.waitFor({ state: "attached" });
  if ((await launcher.getAttribute("aria-expanded")) !== "true") await launcher.click();
  await page.getByRole("dialog").waitFor();
  await page.getByLabel("Your message").waitFor();
}

/** Sends a question and waits for the n-th answer (1-based) to be complete: no longer streaming. */
export async function ask(page, text, answerNumber) {
  await page.getByLabel("Your message").fill(text);
  await page.getByRole("button", { name: "Send", exact: true }).click();
  return finishedReply(page, answerNumber);
}

export async function finishedReply(page, answerNumber) {
  const reply = page.locator(sel.reply).nth(answerNumber - 1);
  await reply.waitFor();
  await page.waitForFunction(
    (n) => {
      const root = document.querySelector("[data-platform-chat-widget]")?.shadowRoot;
      const replies = root ? [...root.querySelectorAll("li.msg.bot:not(.greeting)")] : [];
      const r = replies[n - 1];
      return r && !r.hasAttribute("aria-busy") && r.querySelector(".body")?.textContent.length > 0;
    },
    answerNumber,
  );
  return reply;
}

/** The conversation as the widget shows it, as [role, text] pairs (the greeting left out). */
export async function shownTranscript(page) {
  return page.evaluate(() => {
    const root = document.querySelector("[data-platform-chat-widget]").shadowRoot;
    return [...root.querySelectorAll("ol.log > li.msg:not(.greeting)")].map((li) => [
      [...li.classList].find((c) => ["visitor", "bot", "agent", "system"].includes(c)),
      li.querySelector(".body")?.textContent ?? "",
    ]);
  });
}

/** The conversation as the server stored it, read with the visitor token the widget keeps in localStorage. */
export async function storedTranscript(page, baseUrl) {
  return page.evaluate(async (origin) => {
    const session = JSON.parse(localStorage.getItem(`platform-widget:${origin}`));
    const response = await fetch(`${origin}/api/v1/conversations/${session.conversationId}/messages`, {
      headers: { Authorization: `Bearer ${session.visitorToken}` },
    });
    return (await response.json()).map((m) => [m.role, m.text]);
  }, baseUrl);
}

/** Records, inside the page, whether a reply was seen while it was still being streamed, and how its text grew. */
export async function recordStreaming(page) {
  await page.evaluate(() => {
    const root = document.querySelector("[data-platform-chat-widget]").shadowRoot;
    const seen = (window.__streaming = { lengths: [] });
    new MutationObserver(() => {
      const busy = root.querySelector("li.msg.bot[aria-busy='true'] .body");
      if (busy) seen.lengths.push(busy.textContent.length);
    }).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

/** How far the page scrolls sideways, in pixels (0 when nothing overflows). */
export async function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
