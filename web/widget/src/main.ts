// The embeddable chat: <script src="https://chat.example/widget.js" data-title="..." async></script>. See docs/widget.md.
import { mergeSettings, readEmbedConfig } from "./config";
import { VisitorApi } from "./api";
import { ChatWidget } from "./widget";

const script = document.currentScript as HTMLScriptElement | null;

async function boot(): Promise<void> {
  if (document.querySelector("[data-platform-chat-widget]")) return; // the tag twice on one page: one widget
  const config = readEmbedConfig(script);
  const settings = mergeSettings(await new VisitorApi(config.origin).settings(), config.overrides);
  const host = document.createElement("div");
  host.setAttribute("data-platform-chat-widget", "");
  document.body.appendChild(host);
  new ChatWidget(host, config, settings);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => void boot());
else void boot();
