import type { WidgetSettings } from "./types";

/** What the embedding page chose: the server (from the script's own src) and the data- attributes. */
export interface EmbedConfig {
  origin: string;
  knowledgeBase?: string;
  open: boolean;
  overrides: Partial<WidgetSettings>;
}

const colour = /^#[0-9a-fA-F]{6}$/;

export function readEmbedConfig(script: HTMLScriptElement | null): EmbedConfig {
  const data = script?.dataset ?? {};
  // The widget talks to the server it was loaded from, so one script tag works on any site.
  const origin = (data.server ?? (script?.src ? new URL(script.src, location.href).origin : location.origin)).replace(/\/$/, "");
  const overrides: Partial<WidgetSettings> = {};
  if (data.title) overrides.title = data.title;
  if (data.greeting !== undefined) overrides.greeting = data.greeting;
  if (data.primaryColor && colour.test(data.primaryColor)) overrides.primaryColor = data.primaryColor;
  if (data.textColor && colour.test(data.textColor)) overrides.textOnPrimaryColor = data.textColor;
  if (data.position === "left" || data.position === "right") overrides.position = data.position;
  return { origin, knowledgeBase: data.knowledgeBase || undefined, open: data.open === "true", overrides };
}

export const defaultSettings: WidgetSettings = {
  title: "Support",
  greeting: "Hi! How can I help?",
  primaryColor: "#1f6feb",
  textOnPrimaryColor: "#ffffff",
  position: "right",
};

/** Only well-formed values reach the style sheet, whatever the server or page sent. */
export function mergeSettings(server: Partial<WidgetSettings> | null, overrides: Partial<WidgetSettings>): WidgetSettings {
  const merged = { ...defaultSettings, ...(server ?? {}), ...overrides };
  if (!colour.test(merged.primaryColor)) merged.primaryColor = defaultSettings.primaryColor;
  if (!colour.test(merged.textOnPrimaryColor)) merged.textOnPrimaryColor = defaultSettings.textOnPrimaryColor;
  if (merged.position !== "left") merged.position = "right";
  return merged;
}
