import type { ChartConfiguration } from "chart.js";
import { useMemo, useState } from "preact/hooks";
import { ErrorMessage, Section, useJson } from "../../components";
import { formatPercent, humanize, isoDay } from "../../format";
import { ChartView } from "./Chart";

interface Report {
  from: string;
  to: string;
  days: { day: string; conversations: number; answeredByBot: number; handedOff: number }[];
  satisfaction: { ratings: number; averageRating: number | null; satisfiedShare: number | null; thumbsUp: number; thumbsDown: number };
  topQuestions: { label: string; count: number }[];
  unanswered: { label: string; count: number }[];
  latency: { day: string; replies: number; p50Ms: number; p95Ms: number }[];
  handoffReasons: { label: string; count: number }[];
  models: { model: string; replies: number; averageLatencyMs: number | null; thumbsUp: number; thumbsDown: number }[];
}

const bot = "#1f6feb";

/** Every day of the range, so quiet days show as zero instead of vanishing from the charts. */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = new Date(`${from}T00:00:00Z`); isoDay(day) <= to && days.length < 400; day = new Date(day.getTime() + 86_400_000)) {
    days.push(isoDay(day));
  }
  return days;
}
const person = "#d4a72c";

function Counts({ title, rows, empty }: { title: string; rows: { label: string; count: number }[]; empty: string }) {
  return (
    <Section title={title}>
      {rows.length === 0 ? <p class="muted">{empty}</p> : (
        <table aria-label={title}>
          <thead><tr><th>Question</th><th>Times</th></tr></thead>
          <tbody>{rows.map((r) => <tr key={r.label}><td>{r.label}</td><td>{r.count}</td></tr>)}</tbody>
        </table>
      )}
    </Section>
  );
}

export function AnalyticsPage() {
  const today = new Date();
  const [from, setFrom] = useState(isoDay(new Date(today.getTime() - 29 * 86_400_000)));
  const [to, setTo] = useState(isoDay(today));
  const report = useJson<Report>(`/api/v1/analytics?from=${from}&to=${to}`);
  const r = report.data;

  const range = useMemo(() => (r ? daysBetween(r.from, r.to) : []), [r]);

  const volume = useMemo<ChartConfiguration<"bar">>(() => {
    const byDay = new Map(r?.days.map((d) => [d.day, d]));
    return {
    type: "bar",
    data: {
      labels: range,
      datasets: [
        { label: "Answered by the bot", data: range.map((d) => byDay.get(d)?.answeredByBot ?? 0), backgroundColor: bot, stack: "chats" },
        { label: "Handed off", data: range.map((d) => byDay.get(d)?.handedOff ?? 0), backgroundColor: person, stack: "chats" },
      ],
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    };
  }, [r, range]);

  const latency = useMemo<ChartConfiguration<"line">>(() => {
    const byDay = new Map(r?.latency.map((d) => [d.day, d]));
    return {
      type: "line",
      data: {
        labels: range,
        datasets: [
          { label: "Median reply time (ms)", data: range.map((d) => byDay.get(d)?.p50Ms ?? null), borderColor: bot, backgroundColor: bot, spanGaps: true },
          { label: "95th percentile (ms)", data: range.map((d) => byDay.get(d)?.p95Ms ?? null), borderColor: "#b42318", backgroundColor: "#b42318", spanGaps: true },
        ],
      },
      options: { scales: { y: { beginAtZero: true } } },
    };
  }, [r, range]);

  const reasons = useMemo<ChartConfiguration<"bar">>(() => ({
    type: "bar",
    data: {
      labels: r?.handoffReasons.map((x) => humanize(x.label)) ?? [],
      datasets: [{ label: "Hand-offs", data: r?.handoffReasons.map((x) => x.count) ?? [], backgroundColor: person }],
    },
    options: { indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
  }), [r]);

  const total = r?.days.reduce((sum, d) => sum + d.conversations, 0) ?? 0;
  const handed = r?.days.reduce((sum, d) => sum + d.handedOff, 0) ?? 0;

  return (
    <>
      <Section
        title="Analytics"
        actions={<div class="filters">
          <label>From <input type="date" value={from} max={to} onChange={(e) => setFrom(e.currentTarget.value)} /></label>
          <label>To <input type="date" value={to} min={from} onChange={(e) => setTo(e.currentTarget.value)} /></label>
        </div>}
      >
        <ErrorMessage error={report.error} />
        {r && (
          <div class="stats">
            <div class="stat"><span class="muted">Conversations</span><strong>{total}</strong></div>
            <div class="stat"><span class="muted">Answered by the bot</span><strong>{formatPercent(total ? (total - handed) / total : null)}</strong></div>
            <div class="stat"><span class="muted">CSAT (4–5 of 5)</span><strong>{formatPercent(r.satisfaction.satisfiedShare)}</strong><span class="muted">{r.satisfaction.ratings} ratings, mean {r.satisfaction.averageRating ?? "—"}</span></div>
            <div class="stat"><span class="muted">Thumbs on replies</span><strong>{r.satisfaction.thumbsUp} up · {r.satisfaction.thumbsDown} down</strong></div>
          </div>
        )}
      </Section>
      {r && (
        <>
          <div class="grid-2">
            <Section title="Conversations per day"><ChartView config={volume} label="Conversations per day, answered by the bot and handed off" /></Section>
            <Section title="Reply time"><ChartView config={latency} label="Median and 95th percentile reply time per day" /></Section>
          </div>
          <div class="grid-2">
            <Counts title="Top questions" rows={r.topQuestions} empty="No questions in this range." />
            <Counts title="Questions with no good answer" rows={r.unanswered} empty="Every question found an answer." />
          </div>
          <div class="grid-2">
            <Section title="Hand-off reasons"><ChartView config={reasons} label="Hand-offs by reason" /></Section>
            <Section title="Replies by model">
              <table aria-label="Replies by model">
                <thead><tr><th>Model</th><th>Replies</th><th>Mean time</th><th>Thumbs up</th><th>Thumbs down</th></tr></thead>
                <tbody>{r.models.map((m) => <tr key={m.model}><td>{m.model}</td><td>{m.replies}</td><td>{m.averageLatencyMs ?? "—"} ms</td><td>{m.thumbsUp}</td><td>{m.thumbsDown}</td></tr>)}</tbody>
              </table>
            </Section>
          </div>
        </>
      )}
    </>
  );
}
