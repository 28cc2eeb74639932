/**
 * Dataset overview: counts, findings by code, histograms of the composite and each component,
 * filters, a sortable list whose rows jump to the sample, and bulk actions over the current filter
 * (the host confirms, then applies one undoable WorkspaceEdit).
 */
import "../shared/panel.css";
import "./overview.css";
import {
  filterRows,
  sortRows,
  type OverviewFilter,
  type SortKey,
  type SortSpec,
} from "../logic/overviewFilter";
import { fmtScore, h, setChildren } from "../shared/dom";
import { button, select, textfield } from "../shared/elements";
import type {
  BulkAction,
  OverviewData,
  OverviewInbound,
  OverviewOutbound,
  OverviewRow,
} from "../shared/protocol";
import { connect } from "../shared/vscodeApi";
import { histogramView } from "./histogramView";

interface Saved {
  filter: OverviewFilter;
  sort: SortSpec;
  data?: OverviewData;
}

/** Rows drawn at once; "Show more" adds pages (a 40 MB file has 100,000 samples). */
const PAGE = 300;
const BINS = 10;
let data: OverviewData | undefined;
let shownRows = PAGE;
const channel = connect<OverviewInbound, OverviewOutbound, Saved>((message) => {
  if (message.type === "overview/data") {
    data = message.data;
    save();
    render();
  } else {
    status.classList.toggle("error", !message.ok);
    status.textContent = message.message;
  }
});
const view: Saved = { filter: {}, sort: { key: "composite", descending: true }, ...channel.saved };
data = view.data;
const save = (): void => channel.save({ filter: view.filter, sort: view.sort, data });

const status = h("div", { class: "status", attrs: { role: "status", "aria-live": "polite" } });
const main = h("main");
document.body.append(status, main);

function setFilter(patch: Partial<OverviewFilter>): void {
  view.filter = { ...view.filter, ...patch };
  for (const key of Object.keys(view.filter) as (keyof OverviewFilter)[]) {
    if (view.filter[key] === undefined || view.filter[key] === "") delete view.filter[key];
  }
  shownRows = PAGE;
  save();
  renderResults();
}

function numberOrUndefined(text: string): number | undefined {
  const n = Number(text);
  return text.trim() === "" || !Number.isFinite(n) ? undefined : n;
}

function counts(d: OverviewData): HTMLElement {
  const positives = d.rows.filter((r) => r.role === "positive").length;
  const findings = Object.values(d.findings).reduce((a, b) => a + b, 0);
  const item = (n: number, label: string): HTMLElement =>
    h("div", { class: "count" }, [h("strong", { text: String(n) }), label]);
  return h("div", { class: "counts" }, [
    item(d.problems, "problems"),
    item(positives, "positives"),
    item(d.rows.length - positives, "negatives"),
    item(findings, "findings"),
  ]);
}

function codeButtons(d: OverviewData): HTMLElement {
  const entries = Object.entries(d.findings).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (entries.length === 0) return h("p", { class: "muted", text: "No findings." });
  return h(
    "div",
    { class: "codes", attrs: { role: "group", "aria-label": "Findings by code (click to filter)" } },
    entries.map(([code, n]) => {
      const pressed = view.filter.code === code;
      return h("button", {
        text: `${code} ${n}`,
        title: pressed ? "Clear this filter" : `Show only samples with ${code}`,
        attrs: { "aria-pressed": String(pressed), "data-code": code },
        on: { click: () => setFilter({ code: pressed ? undefined : code }) },
      });
    }),
  );
}

function filters(d: OverviewData): HTMLElement {
  const codes = Object.keys(d.findings).sort();
  return h("div", { class: "filters", attrs: { role: "search" } }, [
    select(
      [{ value: "", label: "any finding" }, ...codes.map((c) => ({ value: c, label: c }))],
      view.filter.code ?? "",
      (v) => setFilter({ code: v || undefined }),
      "filter-code",
    ),
    select(
      [
        { value: "", label: "any role" },
        { value: "negative", label: "negatives" },
        { value: "positive", label: "positives" },
      ],
      view.filter.role ?? "",
      (v) => setFilter({ role: (v || undefined) as OverviewFilter["role"] }),
      "filter-role",
    ),
    textfield(
      "min composite",
      view.filter.min?.toString() ?? "",
      (v) => setFilter({ min: numberOrUndefined(v) }),
      "filter-min",
    ),
    textfield(
      "max composite",
      view.filter.max?.toString() ?? "",
      (v) => setFilter({ max: numberOrUndefined(v) }),
      "filter-max",
    ),
    textfield(
      "metadata key=value",
      view.filter.meta ?? "",
      (v) => setFilter({ meta: v || undefined }),
      "filter-meta",
    ),
    (() => {
      const search = textfield(
        "search text or /regex/",
        view.filter.search ?? "",
        (v) => setFilter({ search: v || undefined }),
        "filter-search",
      );
      search.classList.add("search");
      return search;
    })(),
    button(
      "Clear filters",
      () => {
        view.filter = {};
        setFilter({});
      },
      { secondary: true, id: "clear-filters" },
    ),
  ]);
}

const BULK: { value: BulkAction; label: string }[] = [
  { value: "drop", label: "Delete these samples" },
  { value: "accept", label: "Set status=accepted" },
  { value: "reject", label: "Set status=rejected" },
  { value: "flag", label: "Set status=flagged" },
];

function bulkBar(rows: OverviewRow[]): HTMLElement {
  let action: BulkAction = "flag";
  const describe = (): string => {
    const parts = Object.entries(view.filter).map(([k, v]) => `${k}=${String(v)}`);
    return `${BULK.find((b) => b.value === action)!.label.toLowerCase()} for ${rows.length} sample${rows.length === 1 ? "" : "s"}${parts.length ? ` matching ${parts.join(", ")}` : " (no filter: the whole file)"}`;
  };
  return h("div", { class: "bulk" }, [
    h("span", {
      text: `Bulk action over the ${rows.length} filtered sample${rows.length === 1 ? "" : "s"}:`,
    }),
    select(BULK, action, (v) => (action = v as BulkAction), "bulk-action"),
    button(
      "Apply…",
      () => {
        if (rows.length === 0) return;
        status.textContent = "Waiting for confirmation…";
        channel.post({
          type: "overview/bulk",
          action,
          targets: rows.map((r) => ({ uri: r.uri, problemId: r.problemId, sampleIndex: r.sampleIndex })),
          description: describe(),
        });
      },
      { id: "bulk-apply", title: "VS Code asks for confirmation; the edit is one undo step" },
    ),
  ]);
}

/** A component column: the engine's name (the row key) and the label the server sent. */
type Column = OverviewData["components"][number];

function table(rows: OverviewRow[], components: readonly Column[]): HTMLElement {
  const columns: { key: SortKey; label: string; num?: boolean }[] = [
    { key: "problem", label: "problem" },
    { key: "role", label: "role" },
    { key: "composite", label: "composite", num: true },
    ...components.map((c) => ({
      key: `component:${c.name}` as SortKey,
      label: c.label,
      num: true,
    })),
    { key: "findings", label: "findings" },
    { key: "chars", label: "chars", num: true },
  ];
  const head = h("tr", {}, [
    ...columns.map((c) => {
      const sorted = view.sort.key === c.key;
      return h(
        "th",
        {
          class: c.num ? "num" : "",
          attrs: { "aria-sort": sorted ? (view.sort.descending ? "descending" : "ascending") : "none" },
        },
        [
          h("button", {
            text: c.label,
            attrs: { "data-sort": c.key },
            on: {
              click: () => {
                view.sort = { key: c.key, descending: sorted ? !view.sort.descending : c.num === true };
                save();
                renderResults();
              },
            },
          }),
        ],
      );
    }),
    h("th", { text: "answer" }),
    h("th", { text: "metadata" }),
    h("th", { text: "review" }),
  ]);
  const body = rows.slice(0, shownRows).map((row) => {
    const reveal = (): void => channel.post({ type: "reveal", uri: row.uri, line: row.range.start.line });
    const answerCell = h("td", {}, [
      h("code", { text: row.extracted ?? "—" }),
      " ",
      row.correct === null
        ? ""
        : h("span", { class: row.correct ? "pass" : "fail", text: row.correct ? "= gold" : "≠ gold" }),
    ]);
    return h(
      "tr",
      {
        attrs: { tabindex: "0", "data-row": `${row.problemId}/${row.sampleIndex}` },
        title: `Go to ${row.problemId} ${row.role} #${row.sampleIndex + 1} (line ${row.range.start.line + 1})`,
        on: {
          click: reveal,
          keydown: (e) => {
            if (e.key === "Enter") reveal();
          },
        },
      },
      [
        h("td", { text: row.problemId }),
        h("td", { text: `${row.role} #${row.sampleIndex + 1}` }),
        h("td", { class: "num", text: fmtScore(row.composite) }),
        ...components.map((c) => h("td", { class: "num", text: fmtScore(row.components[c.name] ?? null) })),
        h("td", { class: "codes-cell", text: [...new Set(row.codes)].join(", ") }),
        h("td", { class: "num", text: String(row.chars) }),
        answerCell,
        h("td", {
          class: "muted",
          text: Object.entries(row.meta)
            .map(([k, v]) => `${k}=${v}`)
            .join(" "),
        }),
        h("td", {}, [
          row.role === "negative"
            ? h("button", {
                class: "compare",
                text: "Compare",
                title: `Review ${row.problemId} ${row.role} #${row.sampleIndex + 1} against a positive`,
                on: {
                  click: (e) => {
                    // The row's own click would also jump to the editor.
                    e.stopPropagation();
                    channel.post({
                      type: "overview/compare",
                      target: { uri: row.uri, problemId: row.problemId, sampleIndex: row.sampleIndex },
                    });
                  },
                },
              })
            : "",
        ]),
      ],
    );
  });
  const more =
    rows.length > shownRows
      ? button(
          `Show ${Math.min(PAGE, rows.length - shownRows)} more of ${rows.length - shownRows}`,
          () => {
            shownRows += PAGE;
            renderResults();
          },
          { secondary: true, id: "show-more" },
        )
      : null;
  return h("div", {}, [h("table", { class: "rows" }, [h("thead", {}, [head]), h("tbody", {}, body)]), more]);
}

const header = h("div");
const filterBar = h("div");
const results = h("div");
main.replaceChildren(header, filterBar, results);

/** Everything: on new data. Typing in a filter only redraws the results (focus stays put). */
function render(): void {
  if (!data) {
    setChildren(header, [h("p", { class: "muted", text: "Waiting for the language server…" })]);
    return;
  }
  const name = decodeURIComponent(data.uri.slice(data.uri.lastIndexOf("/") + 1));
  setChildren(header, [h("h1", { text: `Dataset overview · ${name}` }), counts(data)]);
  setChildren(filterBar, [filters(data)]);
  renderResults();
}

function renderResults(): void {
  if (!data) return;
  const { rows: filtered, error } = filterRows(data.rows, view.filter);
  const sorted = sortRows(filtered, view.sort);
  // State saved by an older version has no column list: show the rows without component columns.
  const components = data.components ?? [];
  const selected =
    view.filter.min !== undefined && view.filter.max !== undefined
      ? { min: view.filter.min, max: view.filter.max }
      : undefined;
  syncFilterControls();
  setChildren(results, [
    error ? h("p", { class: "status error", text: `Search: ${error}` }) : "",
    h("h2", { text: "Findings by code" }),
    codeButtons(data),
    h("h2", { text: `Scores of the ${filtered.length} filtered samples` }),
    h("div", { class: "histograms" }, [
      histogramView({
        title: "composite",
        values: filtered.map((r) => r.composite),
        bins: BINS,
        selected,
        onPick: (range) =>
          setFilter(
            selected && selected.min === range.min && selected.max === range.max
              ? { min: undefined, max: undefined }
              : range,
          ),
      }),
      ...components.map((c) =>
        histogramView({
          title: c.label,
          values: filtered.map((r) => r.components[c.name] ?? null),
          bins: BINS,
        }),
      ),
    ]),
    h("h2", { text: `Samples (${filtered.length} of ${data.rows.length})` }),
    bulkBar(filtered),
    table(sorted, components),
  ]);
  document.body.dataset.rendered = `${filtered.length}/${data.rows.length}`;
}

/** Controls changed by other means (a code button, a histogram bar, Clear) show the filter. */
function syncFilterControls(): void {
  const set = (id: string, value: string): void => {
    const el = document.getElementById(id) as (HTMLElement & { value: string }) | null;
    if (el && el.value !== value && document.activeElement !== el) el.value = value;
  };
  set("filter-code", view.filter.code ?? "");
  set("filter-role", view.filter.role ?? "");
  set("filter-min", view.filter.min?.toString() ?? "");
  set("filter-max", view.filter.max?.toString() ?? "");
  set("filter-meta", view.filter.meta ?? "");
  set("filter-search", view.filter.search ?? "");
}

render();
channel.post({ type: "ready" });
