/**
 * A histogram as DOM bars (they take the theme's colours and are focusable): counts printed above
 * every bar, the selected range hatched as well as recoloured. Clicking a bar filters to its range.
 */
import { binValues } from "../logic/histogram";
import { fmtNumber, h } from "../shared/dom";

export interface HistogramOptions {
  title: string;
  values: (number | null)[];
  bins: number;
  /** The selected score range, when it is this histogram's. */
  selected?: { min: number; max: number };
  onPick?: (range: { min: number; max: number }) => void;
}

function barOf(fraction: number): HTMLElement {
  const bar = h("span", { class: "bar" });
  // Through the CSSOM: the page's CSP forbids inline style attributes.
  bar.style.height = `${fraction * 75}%`;
  return bar;
}

export function histogramView(o: HistogramOptions): HTMLElement {
  // Scores live in [0, 1], but a malformed response's hard penalty can sit below: widen to fit.
  let lo = 0;
  let hi = 1;
  for (const v of o.values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const hist = binValues(o.values, o.bins, lo, hi);
  const peak = Math.max(1, ...hist.counts);
  const bars = hist.counts.map((count, i) => {
    const min = hist.edges[i];
    const max = hist.edges[i + 1];
    const label = `${o.title}: ${count} sample${count === 1 ? "" : "s"} in [${min.toFixed(2)}, ${max.toFixed(2)}${i === o.bins - 1 ? "]" : ")"}`;
    const pressed = o.selected !== undefined && o.selected.min <= min + 1e-9 && max <= o.selected.max + 1e-9;
    return h(
      "button",
      {
        title: label,
        attrs: { "aria-label": label, "aria-pressed": String(pressed), "data-bin": String(i) },
        on: { click: () => o.onPick?.({ min, max }) },
      },
      [h("span", { class: "n", text: count ? String(count) : "" }), barOf(count / peak)],
    );
  });
  return h("section", { class: "histogram card", attrs: { "data-histogram": o.title } }, [
    h("h3", { text: o.title }),
    h("div", { class: "bars", attrs: { role: "group", "aria-label": `${o.title} histogram` } }, bars),
    h("div", { class: "axis" }, [
      h("span", { text: fmtNumber(lo) }),
      h("span", { text: fmtNumber((lo + hi) / 2) }),
      h("span", { text: fmtNumber(hi) }),
    ]),
    h("div", { class: "muted", text: `${hist.missing} unscored` }),
  ]);
}
