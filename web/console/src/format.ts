// Small formatting helpers shared by console pages.

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatPercent(share: number | null | undefined): string {
  return share == null ? "—" : `${Math.round(share * 100)}%`;
}

/** "VisitorAsked" -> "Visitor asked". */
export function humanize(name: string | null | undefined): string {
  if (!name) return "—";
  const spaced = name.replace(/_/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Today's date as yyyy-mm-dd in UTC, the form date inputs and the API use. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
