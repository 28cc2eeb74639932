/**
 * Training curves: every metric of every run overlaid, smoothing, zoom/pan shared by all charts,
 * live following, PNG/CSV export, and a click on a point opens the samples the run logged there.
 * The host streams rows (client/src/panels/curves); this file only keeps them and draws.
 */
import "uplot/dist/uPlot.min.css";
import "../shared/panel.css";
import "./curves.css";
import type uPlot from "uplot";
import { chartSpecs, samplesOrderFor } from "../logic/metricCharts";
import { emptyCurves, joinRuns, reduceCurves, type CurvesState, type RunSeries } from "../logic/curvesState";
import { curvesCsv } from "../logic/csv";
import { smoothEma } from "../logic/smoothing";
import { h, setChildren } from "../shared/dom";
import { button, checkbox, textfield } from "../shared/elements";
import type { CurvesInbound, CurvesOutbound } from "../shared/protocol";
import { chartTheme, onThemeChange, runStyle } from "../shared/theme";
import { connect } from "../shared/vscodeApi";
import { Chart, type SeriesSpec } from "./chart";
import { samplesView } from "./samplesView";

interface Saved {
  /** Run directories followed: the host reopens them when VS Code restores the panel. */
  runs: string[];
  smoothing: number;
  showAll: boolean;
  filter: string;
  hidden: string[];
  follow: boolean;
  zoom: { min: number; max: number } | null;
}

let state: CurvesState = emptyCurves();
const channel = connect<CurvesInbound, CurvesOutbound, Saved>((message) => {
  state = reduceCurves(state, message);
  if (message.type === "curves/runs") {
    view.runs = message.runs.map((r) => r.id);
    save();
  }
  schedule();
});
const view: Saved = {
  smoothing: 0.6,
  showAll: false,
  filter: "",
  hidden: [],
  follow: true,
  zoom: null,
  ...channel.saved,
  runs: channel.saved.runs ?? [],
};
const save = (): void => channel.save(view);

const status = h("div", { class: "status", attrs: { role: "status", "aria-live": "polite" } });
const legend = h("div", { class: "legend", attrs: { role: "group", "aria-label": "Runs" } });
const charts = h("div", { class: "charts" });
const samplesHost = h("div");
const charted = new Map<string, { card: HTMLElement; chart: Chart; key: string }>();

const smoothingValue = h("span", { class: "num", text: view.smoothing.toFixed(2) });
const slider = h("input", {
  attrs: {
    type: "range",
    min: "0",
    max: "0.99",
    step: "0.01",
    value: String(view.smoothing),
    "aria-label": "Smoothing",
  },
});
slider.addEventListener("input", () => {
  view.smoothing = Number(slider.value);
  smoothingValue.textContent = view.smoothing.toFixed(2);
  save();
  schedule(true);
});

document.body.append(
  h("div", { class: "toolbar" }, [
    h("label", { class: "smoothing" }, ["Smoothing", slider, smoothingValue]),
    checkbox(
      "Follow live",
      view.follow,
      (on) => {
        view.follow = on;
        save();
        schedule(true);
      },
      "follow",
    ),
    checkbox(
      "All metrics",
      view.showAll,
      (on) => {
        view.showAll = on;
        save();
        schedule(true);
      },
      "show-all",
    ),
    textfield(
      "Filter metrics",
      view.filter,
      (text) => {
        view.filter = text;
        save();
        schedule(true);
      },
      "metric-filter",
    ),
    button("Reset zoom", () => setZoom(null), {
      secondary: true,
      id: "reset-zoom",
      title: "Also: double-click a chart",
    }),
    button("Export PNG", exportPng, { secondary: true, id: "export-png" }),
    button("Export CSV", exportCsv, { secondary: true, id: "export-csv" }),
    button("Add run…", () => channel.post({ type: "curves/addRun" }), { secondary: true, id: "add-run" }),
  ]),
  h("p", {
    class: "muted",
    text: "Drag to zoom · Shift-drag or wheel to pan and zoom · double-click to reset · click a point to open the samples logged at that step.",
  }),
  status,
  legend,
  charts,
  samplesHost,
);

let zoomFrame = 0;

/**
 * The shared step range of every chart. A drag or wheel sends many events per frame: they only
 * record the range, and one animation frame redraws the charts (timed as `pns:zoom-frame` for
 * bench/webview.mjs).
 */
function setZoom(zoom: { min: number; max: number } | null): void {
  view.zoom = zoom;
  if (zoom && view.follow) {
    view.follow = false;
    const follow = document.getElementById("follow") as (HTMLElement & { checked: boolean }) | null;
    if (follow) follow.checked = false;
  }
  if (zoomFrame) return;
  zoomFrame = requestAnimationFrame(() => {
    zoomFrame = 0;
    const started = performance.now();
    save();
    for (const { chart } of charted.values()) chart.applyZoom(view.zoom);
    // uPlot redraws in a microtask it queued above: measure after it.
    queueMicrotask(() => performance.measure("pns:zoom-frame", { start: started }));
  });
}

function visibleRuns(): RunSeries[] {
  return [...state.runs.values()].filter((r) => !view.hidden.includes(r.info.id));
}

function renderLegend(): void {
  const runs = [...state.runs.values()];
  setChildren(
    legend,
    runs.map((run, i) => {
      const style = runStyle(i);
      const swatch = h("canvas", { attrs: { width: "56", height: "20", "aria-hidden": "true" } });
      const ctx = swatch.getContext("2d");
      if (ctx) {
        ctx.strokeStyle = style.colour;
        ctx.lineWidth = 4;
        ctx.setLineDash(style.dash.map((d) => d * 2));
        ctx.beginPath();
        ctx.moveTo(0, 10);
        ctx.lineTo(56, 10);
        ctx.stroke();
      }
      const shown = !view.hidden.includes(run.info.id);
      const label = `${run.info.label}${run.info.state ? ` (${run.info.state})` : ""}${run.info.hasSamples ? " · samples" : ""}`;
      return h(
        "button",
        {
          attrs: { "aria-pressed": String(shown), "data-run": run.info.id },
          title: `${run.info.id}\nClick to ${shown ? "hide" : "show"}`,
          on: {
            click: () => {
              view.hidden = shown
                ? [...view.hidden, run.info.id]
                : view.hidden.filter((id) => id !== run.info.id);
              save();
              schedule(true);
            },
          },
        },
        [swatch, label],
      );
    }),
  );
}

function chartWidth(): number {
  const first = charts.firstElementChild as HTMLElement | null;
  return Math.max(300, (first?.clientWidth ?? Math.min(640, document.body.clientWidth - 24)) - 18);
}

function renderCharts(): void {
  const runs = visibleRuns();
  const allRuns = [...state.runs.values()];
  const filter = view.filter.trim().toLowerCase();
  // A chart shows when a visible run logged its metric and it matches the filter.
  const specs = chartSpecs(state.metrics, view.showAll).filter(
    (s) =>
      runs.some((r) => r.columns.has(s.metric)) &&
      (!filter || s.metric.toLowerCase().includes(filter) || s.title.toLowerCase().includes(filter)),
  );
  const wanted = new Set(specs.map((s) => s.metric));
  for (const [metric, entry] of charted) {
    if (!wanted.has(metric)) {
      entry.chart.destroy();
      entry.card.remove();
      charted.delete(metric);
    }
  }
  specs.forEach((spec, order) => {
    let entry = charted.get(spec.metric);
    if (!entry) {
      const plotRoot = h("div");
      const card = h(
        "section",
        { class: "chart card", attrs: { "data-metric": spec.metric, "aria-label": spec.title } },
        [h("h2", { text: spec.title }), plotRoot],
      );
      const chart = new Chart(plotRoot, {
        onPick: (step, series) => {
          const run = seriesRuns.get(spec.metric)?.[series];
          if (!run) return;
          if (!run.info.hasSamples) {
            status.textContent = `${run.info.label} logged no samples (samples.jsonl) — nothing to open at step ${step}.`;
            return;
          }
          status.textContent = `Opening the samples of ${run.info.label} at step ${step} (${samplesOrderFor(spec.metric)} first)…`;
          channel.post({ type: "curves/openSamples", run: run.info.id, step, metric: spec.metric });
        },
        onZoom: (range) => setZoom(range),
      });
      entry = { card, chart, key: "" };
      charted.set(spec.metric, entry);
    }
    if (charts.children[order] !== entry.card)
      charts.insertBefore(entry.card, charts.children[order] ?? null);
  });
  const width = chartWidth();
  for (const spec of specs) {
    const entry = charted.get(spec.metric)!;
    const withMetric = runs.filter((r) => r.columns.has(spec.metric));
    const key = `${state.version}|${view.smoothing}|${withMetric.map((r) => r.info.id).join(",")}|${width}`;
    if (entry.key === key) continue;
    entry.key = key;
    const joined = joinRuns(withMetric.map((r) => ({ steps: r.steps, values: r.columns.get(spec.metric)! })));
    const series: SeriesSpec[] = [];
    const data: (number | null)[][] = [joined.x];
    const owners: RunSeries[] = [];
    withMetric.forEach((run, i) => {
      const style = runStyle(allRuns.indexOf(run));
      if (view.smoothing > 0) {
        series.push({ label: `${run.info.label} (raw)`, style, faint: true });
        data.push(joined.ys[i]);
        owners.push(run);
      }
      series.push({ label: run.info.label, style });
      data.push(view.smoothing > 0 ? smoothEma(joined.ys[i], view.smoothing) : joined.ys[i]);
      owners.push(run);
    });
    seriesRuns.set(spec.metric, owners);
    entry.chart.update(series, data as uPlot.AlignedData, followZoom(joined.x), width);
  }
  const empty = specs.length === 0;
  charts.classList.toggle("empty", empty);
  if (empty && !charts.querySelector(".muted"))
    charts.append(
      h("p", {
        class: "muted",
        text:
          state.runs.size === 0
            ? "No run directory yet: run “PNS: Show Training Curves” on a run folder."
            : "No metric matches.",
      }),
    );
  if (!empty) charts.querySelector(":scope > p.muted")?.remove();
}

const seriesRuns = new Map<string, RunSeries[]>();

/** When following with a zoom window, slide the window so the newest step stays in view. */
function followZoom(x: number[]): { min: number; max: number } | null {
  if (!view.zoom || !view.follow || x.length === 0) return view.zoom;
  const last = x[x.length - 1];
  if (last <= view.zoom.max) return view.zoom;
  const width = view.zoom.max - view.zoom.min;
  view.zoom = { min: last - width, max: last };
  return view.zoom;
}

function render(): void {
  status.classList.toggle("error", Boolean(state.error));
  if (state.error) status.textContent = state.error;
  renderLegend();
  renderCharts();
  if (state.samples) {
    const s = state.samples;
    const label = state.runs.get(s.run)?.info.label ?? s.run;
    setChildren(samplesHost, [samplesView(label, s.step, s.samples, s.note)]);
    status.textContent = "";
  }
  document.body.dataset.rendered = String(state.version);
}

let pending = false;
function schedule(force = false): void {
  if (force) for (const entry of charted.values()) entry.key = "";
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    render();
  });
}

function exportCsv(): void {
  const runs = visibleRuns().map((r) => ({ label: r.info.label, steps: r.steps, columns: r.columns }));
  channel.post({ type: "export", format: "csv", name: "curves.csv", data: curvesCsv(runs, state.metrics) });
}

/** Every chart with its title on one canvas, in the theme's colours. */
function exportPng(): void {
  const cards = [...charted.values()]
    .map((e) => ({ title: e.card.querySelector("h2")?.textContent ?? "", canvas: e.chart.canvas() }))
    .filter((c) => c.canvas);
  if (cards.length === 0) return;
  const columns = Math.min(2, cards.length);
  const w = Math.max(...cards.map((c) => c.canvas!.width));
  const hgt = Math.max(...cards.map((c) => c.canvas!.height)) + 28;
  const out = document.createElement("canvas");
  out.width = columns * w;
  out.height = Math.ceil(cards.length / columns) * hgt;
  const ctx = out.getContext("2d")!;
  const theme = chartTheme();
  ctx.fillStyle = getComputedStyle(document.body).backgroundColor || "#1e1e1e";
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = theme.foreground;
  ctx.font = theme.font;
  cards.forEach((c, i) => {
    const x = (i % columns) * w;
    const y = Math.floor(i / columns) * hgt;
    ctx.fillText(c.title, x + 8, y + 18);
    ctx.drawImage(c.canvas!, x, y + 26);
  });
  channel.post({ type: "export", format: "png", name: "curves.png", data: out.toDataURL("image/png") });
}

new ResizeObserver(() => {
  const width = chartWidth();
  for (const { chart } of charted.values()) chart.resize(width);
}).observe(charts);
onThemeChange(() => schedule(true));
channel.post({ type: "ready" });
schedule();
