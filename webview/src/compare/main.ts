/**
 * The paper's comparison table: rows backbone × arm (baseline, + RS-DPO, + PNS-DPO), columns the
 * benchmarks and their average, each cell pass@1 in % with its 95 % interval; the best arm per
 * backbone and column is marked. Every text goes in through textContent (shared/dom.ts).
 */
import "../shared/panel.css";
import "./compare.css";
import { h, setChildren } from "../shared/dom";
import type { CompareCell, CompareInbound, CompareOutbound, CompareTable } from "../shared/protocol";
import { connect } from "../shared/vscodeApi";

interface Saved {
  file?: string;
  table?: CompareTable;
}

const ARMS: Record<string, string> = { baseline: "baseline", "rs-dpo": "+ RS-DPO", "pns-dpo": "+ PNS-DPO" };

const pct = (x: number): string => (100 * x).toFixed(1);

/** "45.2 [43.1, 47.3]" as the CLI's table.md writes it; "—" for a missing cell. */
export function cellText(cell: CompareCell | null): string {
  return cell ? `${pct(cell.pass1)} [${pct(cell.low)}, ${pct(cell.high)}]` : "—";
}

const channel = connect<CompareInbound, CompareOutbound, Saved>((message) => {
  if (message.type === "compare/table") {
    channel.save({ file: message.file, table: message.table });
    render(message.file, message.table);
  } else {
    channel.save({ file: message.file });
    setChildren(root, [h("p", { class: "error", text: message.message, attrs: { role: "alert" } })]);
    document.body.dataset.rendered = "error";
  }
});

const root = h("main");
document.body.append(root);

function render(file: string, table: CompareTable): void {
  // The best pass@1 per backbone and column (benchmarks, then the average), to mark it.
  const columns = table.benchmarks.length + 1;
  const best = new Map<string, number[]>();
  for (const row of table.rows) {
    const values = [...row.cells, row.average].map((c) => c?.pass1 ?? -1);
    const current = best.get(row.backbone) ?? Array<number>(columns).fill(-1);
    best.set(
      row.backbone,
      current.map((v, i) => Math.max(v, values[i])),
    );
  }
  const head = h("tr", {}, [
    h("th", { text: "backbone" }),
    h("th", { text: "arm" }),
    ...table.benchmarks.map((b) => h("th", { text: b })),
    h("th", { text: "average" }),
  ]);
  const body = table.rows.map((row) =>
    h("tr", { title: [row.model, row.run].filter(Boolean).join("\n") }, [
      h("td", { text: row.backbone }),
      h("td", { text: ARMS[row.arm] ?? row.arm }),
      ...[...row.cells, row.average].map((c, i) => {
        const top =
          c !== null &&
          c.pass1 === best.get(row.backbone)?.[i] &&
          table.rows.filter((r) => r.backbone === row.backbone).length > 1;
        return h("td", {
          class: `num${top ? " best" : ""}`,
          text: cellText(c),
          title: c?.problems !== undefined ? `${c.problems} problems` : undefined,
        });
      }),
    ]),
  );
  const note = [
    `${table.metric}; in %`,
    table.codeVersion && `code ${table.codeVersion}`,
    table.machine && `machine ${table.machine}`,
  ]
    .filter(Boolean)
    .join(" · ");
  setChildren(root, [
    h("h2", { text: "Comparison table" }),
    h("p", { class: "file", text: file }),
    table.rows.length === 0
      ? h("p", { text: "The table has no rows." })
      : h("table", { class: "compare" }, [h("thead", {}, [head]), h("tbody", {}, body)]),
    h("p", {
      class: "note",
      text: `${note}. Bold: the best arm of its backbone. A row missing a benchmark shows — and no average.`,
    }),
  ]);
  document.body.dataset.rendered = `${table.rows.length}x${columns}`;
}

if (channel.saved.file && channel.saved.table) render(channel.saved.file, channel.saved.table);
channel.post({ type: "ready" });
