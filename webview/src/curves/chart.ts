/**
 * One uPlot chart of one metric with every visible run overlaid. uPlot draws to canvas (100,000s of
 * points at 60 fps) and is 50 kB: what a live, many-run viewer needs (docs/webviews.md, "Why uPlot").
 * Colours come from the theme; each run also has its own dash pattern.
 */
import uPlot from "uplot";
import { fmtNumber } from "../shared/dom";
import { detailLevels, levelFor, type Aligned } from "../logic/decimate";
import { chartTheme, textWidth, withAlpha, type RunStyle } from "../shared/theme";

const STEP_INCRS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6];

export interface SeriesSpec {
  label: string;
  style: RunStyle;
  /** A faint raw line drawn under a smoothed one. */
  faint?: boolean;
}

export interface ChartHandlers {
  /** A click (not a drag) at step `step` nearest to series `series`. */
  onPick(step: number, series: number): void;
  /** The user zoomed or panned this chart's x range (null: reset). */
  onZoom(range: { min: number; max: number } | null): void;
}

function options(width: number, series: SeriesSpec[], handlers: ChartHandlers): uPlot.Options {
  const theme = chartTheme();
  const axis: uPlot.Axis = {
    stroke: theme.foreground,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1 },
    font: theme.font,
    values: (_u, splits) => splits.map((v) => fmtNumber(v)),
  };
  return {
    width,
    height: 220,
    pxAlign: 0,
    cursor: {
      sync: { key: "pns-curves", setSeries: false },
      drag: { x: true, y: false, setScale: false },
      points: { size: 6 },
    },
    legend: { live: true },
    scales: { x: { time: false } },
    axes: [
      // Steps are integers: no 1.5 ticks on short runs.
      { ...axis, label: "step", labelFont: theme.font, incrs: STEP_INCRS },
      { ...axis, size: axisWidth },
    ],
    series: [
      { label: "step", value: (_u, v) => (v === null ? "—" : String(v)) },
      ...series.map((s) => ({
        label: s.label,
        stroke: s.faint ? withAlpha(s.style.colour, 0.28) : s.style.colour,
        width: s.faint ? 1 : 1.5,
        dash: s.style.dash,
        spanGaps: true,
        points: { show: false },
        value: (_u: uPlot, v: number | null) => fmtNumber(v),
        // Raw companions of smoothed lines stay out of the read-out (CSS hides `.raw` rows).
        ...(s.faint ? { class: "raw" } : {}),
      })),
    ],
    hooks: {
      // A drag selects a step range: it becomes the shared zoom of every chart.
      setSelect: [
        (u) => {
          const { left, width } = u.select;
          if (width < 4) return;
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          handlers.onZoom({ min: u.posToVal(left, "x"), max: u.posToVal(left + width, "x") });
        },
      ],
    },
    plugins: [interactions(handlers)],
  };
}

/** The y axis as wide as its widest tick label (learning rates print as `1.00e-6`). */
function axisWidth(_u: uPlot, values: string[] | null): number {
  if (!values?.length) return 40;
  const font = chartTheme().font;
  return Math.ceil(Math.max(...values.map((v) => textWidth(font, v)))) + 18;
}

/** Click-to-pick, wheel zoom, shift/middle-drag pan and double-click reset. */
function interactions(handlers: ChartHandlers): uPlot.Plugin {
  return {
    hooks: {
      ready: (u) => {
        const over = u.over;
        let down: { x: number; y: number; min: number; max: number; pan: boolean } | undefined;
        over.addEventListener(
          "mousedown",
          (e) => {
            const pan = e.shiftKey || e.button === 1;
            down = { x: e.clientX, y: e.clientY, min: u.scales.x.min ?? 0, max: u.scales.x.max ?? 0, pan };
            // Stop uPlot's own drag-to-zoom from starting on the same element.
            if (pan) e.stopImmediatePropagation();
          },
          { capture: true },
        );
        window.addEventListener("mousemove", (e) => {
          if (!down?.pan) return;
          const dx = ((e.clientX - down.x) / over.clientWidth) * (down.max - down.min);
          handlers.onZoom({ min: down.min - dx, max: down.max - dx });
        });
        window.addEventListener("mouseup", (e) => {
          const was = down;
          down = undefined;
          if (!was || was.pan) return;
          if (Math.abs(e.clientX - was.x) > 3 || Math.abs(e.clientY - was.y) > 3) return;
          const idx = u.cursor.idx;
          if (idx === null || idx === undefined) return;
          const step = u.data[0][idx];
          const top = u.cursor.top ?? 0;
          let best = -1;
          let bestDist = Infinity;
          for (let s = 1; s < u.series.length; s++) {
            const y = u.data[s][idx];
            if (!u.series[s].show || y === null || y === undefined) continue;
            const dist = Math.abs(u.valToPos(y, u.series[s].scale ?? "y") - top);
            if (dist < bestDist) [best, bestDist] = [s - 1, dist];
          }
          if (best >= 0) handlers.onPick(step, best);
        });
        over.addEventListener(
          "wheel",
          (e) => {
            e.preventDefault();
            const { min, max } = u.scales.x;
            if (min === undefined || max === undefined || min === null || max === null) return;
            const at = u.posToVal(u.cursor.left ?? over.clientWidth / 2, "x");
            const factor = e.deltaY < 0 ? 0.8 : 1.25;
            handlers.onZoom({ min: at - (at - min) * factor, max: at + (max - at) * factor });
          },
          { passive: false },
        );
        over.addEventListener("dblclick", () => handlers.onZoom(null));
      },
    },
  };
}

export class Chart {
  private plot: uPlot | undefined;
  private signature = "";
  /** The data at decreasing detail (logic/decimate): a zoomed-out chart draws ~2 points a pixel. */
  private levels: Aligned[] = [];
  private level = 0;
  private width = 600;

  constructor(
    readonly root: HTMLElement,
    private readonly handlers: ChartHandlers,
  ) {}

  /** Draws `data`; the plot is rebuilt only when the series (labels, styles) or the theme changed. */
  update(
    series: SeriesSpec[],
    data: uPlot.AlignedData,
    zoom: { min: number; max: number } | null,
    width: number,
  ): void {
    this.width = width;
    this.levels = detailLevels(data as Aligned, 2 * width);
    this.level = this.levelFor(zoom);
    const shown = this.levels[this.level] as uPlot.AlignedData;
    const signature = JSON.stringify([series, chartTheme()]);
    if (!this.plot || signature !== this.signature) {
      this.plot?.destroy();
      this.signature = signature;
      this.plot = new uPlot(options(width, series, this.handlers), shown, this.root);
    } else {
      this.plot.setData(shown, zoom === null);
    }
    this.applyZoom(zoom);
  }

  private levelFor(zoom: { min: number; max: number } | null): number {
    const x = this.levels[0]?.[0];
    if (!x || x.length < 2 || !zoom) return this.levels.length - 1;
    const fraction = Math.min(1, Math.max(0, (zoom.max - zoom.min) / (x[x.length - 1] - x[0] || 1)));
    return levelFor(this.levels, fraction, 2 * this.width);
  }

  applyZoom(zoom: { min: number; max: number } | null): void {
    const plot = this.plot;
    if (!plot) return;
    // Zooming in swaps to finer data; panning at one zoom only moves the scale.
    const level = this.levelFor(zoom);
    if (level !== this.level && this.levels[level]) {
      this.level = level;
      plot.setData(this.levels[level], false);
    }
    const x = plot.data[0];
    const range = zoom ?? (x.length ? { min: x[0], max: x[x.length - 1] } : null);
    if (!range) return;
    if (plot.scales.x.min === range.min && plot.scales.x.max === range.max) return;
    plot.setScale("x", range);
  }

  resize(width: number): void {
    this.width = width;
    this.plot?.setSize({ width, height: 220 });
  }

  canvas(): HTMLCanvasElement | undefined {
    return this.plot?.ctx.canvas;
  }

  destroy(): void {
    this.plot?.destroy();
    this.plot = undefined;
  }
}
