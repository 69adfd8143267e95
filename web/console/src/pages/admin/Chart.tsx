// A Chart.js chart as a component: created on mount, updated when its data changes, destroyed on unmount. Chart.js
// is loaded on first use, so only admins who open the analytics page download it.
import type { Chart, ChartConfiguration } from "chart.js";
import { useEffect, useRef } from "preact/hooks";

let loading: Promise<typeof Chart> | null = null;

function loadChart(): Promise<typeof Chart> {
  loading ??= import("chart.js").then((charts) => {
    // Only the parts these charts use, so the chunk carries no unused chart types.
    charts.Chart.register(charts.BarController, charts.BarElement, charts.CategoryScale, charts.LinearScale, charts.LineController,
      charts.LineElement, charts.PointElement, charts.Legend, charts.Tooltip);
    return charts.Chart;
  });
  return loading;
}

export function ChartView({ config, label }: { config: ChartConfiguration<"bar" | "line">; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    let chart: Chart<"bar" | "line"> | null = null;
    let cancelled = false;
    void loadChart().then((ChartType) => {
      if (cancelled || !canvas.current) return;
      chart = new ChartType(canvas.current, { ...config, options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options } });
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [config]);

  return (
    <div class="chart">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
