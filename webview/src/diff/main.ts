/**
 * The pair review panel: problem and gold on top, chosen and rejected side by side with a
 * math-aware word diff, the first divergent step and first false arithmetic claim marked, both
 * verdicts, the reward breakdown, and keyboard triage that the host applies to the .pns file.
 */
import "katex/dist/katex.min.css";
import "../shared/panel.css";
import "./diff.css";
import { pairDiff, plainPieces, type Marker } from "../logic/pairDiff";
import { fmtScore, h, setChildren } from "../shared/dom";
import { button } from "../shared/elements";
import type { DiffInbound, DiffOutbound, PairSide, PanelPair, TriageAction } from "../shared/protocol";
import { renderMath, resetLazyMath } from "../shared/math";
import { connect } from "../shared/vscodeApi";
import { renderPlain, renderSide } from "./render";

type Current = Extract<DiffInbound, { type: "diff/pair" }>;

interface Saved {
  current?: Current;
}

let current: Current | undefined;
const channel = connect<DiffInbound, DiffOutbound, Saved>((message) => {
  switch (message.type) {
    case "diff/pair":
      current = message;
      channel.save({ current });
      render();
      break;
    case "diff/empty":
      current = undefined;
      channel.save({});
      setChildren(main, [h("p", { class: "muted empty", text: message.message })]);
      break;
    case "diff/applied":
      status.classList.toggle("error", !message.ok);
      status.textContent = message.message;
      break;
  }
});

const status = h("div", { class: "status", attrs: { role: "status", "aria-live": "polite" } });
const main = h("main");

const SHORTCUTS: [string, string, () => void][] = [
  ["j", "next pair", () => navigate(1)],
  ["k", "previous pair", () => navigate(-1)],
  ["a", "accept the rejected sample (status=accepted)", () => triage("accept")],
  ["r", "reject it (status=rejected)", () => triage("reject")],
  ["s", "swap roles (@positive ↔ @negative)", () => triage("swap")],
  ["f", "flag for review (status=flagged)", () => triage("flag")],
  ["d", "open in VS Code's diff editor", () => openDiffEditor()],
  ["?", "show or hide this sheet", () => toggleSheet()],
];

const sheet = h("dialog", { class: "shortcuts", attrs: { "aria-label": "Keyboard shortcuts" } }, [
  h("h2", { text: "Keyboard shortcuts" }),
  h("table", {}, [
    h(
      "tbody",
      {},
      SHORTCUTS.map(([key, what]) =>
        h("tr", {}, [h("td", {}, [h("kbd", { text: key })]), h("td", { text: what })]),
      ),
    ),
  ]),
  h("p", {
    class: "muted",
    text: "Every action is one undoable edit of the .pns file (Ctrl+Z in its editor).",
  }),
  button("Close", () => sheet.close(), { secondary: true }),
]);

function navigate(delta: 1 | -1): void {
  channel.post({ type: "diff/navigate", delta });
}

function triage(action: TriageAction): void {
  if (!current) return;
  status.classList.remove("error");
  status.textContent = `${action}…`;
  channel.post({ type: "diff/triage", action, request: current.request });
}

function openDiffEditor(): void {
  if (current) channel.post({ type: "diff/openDiffEditor", request: current.request });
}

function toggleSheet(): void {
  if (sheet.open) sheet.close();
  else sheet.showModal();
}

document.body.append(
  h("div", { class: "toolbar", attrs: { role: "toolbar", "aria-label": "Triage" } }, [
    button("◀ Previous (k)", () => navigate(-1), { secondary: true, id: "prev" }),
    button("Next (j) ▶", () => navigate(1), { secondary: true, id: "next" }),
    button("✓ Accept (a)", () => triage("accept"), { id: "accept" }),
    button("✗ Reject (r)", () => triage("reject"), { secondary: true, id: "reject" }),
    button("⇄ Swap roles (s)", () => triage("swap"), { secondary: true, id: "swap" }),
    button("⚑ Flag (f)", () => triage("flag"), { secondary: true, id: "flag" }),
    button("Open in diff editor (d)", openDiffEditor, { secondary: true, id: "open-diff" }),
    button("?", toggleSheet, { secondary: true, id: "help", title: "Keyboard shortcuts" }),
  ]),
  status,
  main,
  sheet,
);

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target as HTMLElement | null;
  if (
    target &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|VSCODE-TEXTFIELD)$/.test(target.tagName))
  )
    return;
  if (event.key === "Escape" && sheet.open) return;
  const hit = SHORTCUTS.find(([key]) => key === event.key);
  if (!hit) return;
  event.preventDefault();
  hit[2]();
});

/**
 * Longest response text the panel lays out. Past it (a runaway generation, a pasted log) the view
 * shows the start and says so; "Open in diff editor" has the whole text.
 */
const MAX_SHOWN_CHARS = 100_000;

function clip(text: string): string {
  if (text.length <= MAX_SHOWN_CHARS) return text;
  const cut = /[\ud800-\udbff]/.test(text[MAX_SHOWN_CHARS - 1]) ? MAX_SHOWN_CHARS - 1 : MAX_SHOWN_CHARS;
  return text.slice(0, cut);
}

function clipNotice(side: PairSide, label: string): HTMLElement | null {
  if (side.text.length <= MAX_SHOWN_CHARS) return null;
  return h("p", {
    class: "status error",
    text: `${label}: showing the first ${MAX_SHOWN_CHARS.toLocaleString("en")} of ${side.text.length.toLocaleString("en")} characters. Press d for the whole text in VS Code's diff editor.`,
  });
}

function markers(side: PairSide): Marker[] {
  const out: Marker[] = [];
  if (side.divergence) out.push({ kind: "divergence", ...side.divergence });
  if (side.slip) out.push({ kind: "slip", start: side.slip.start, end: side.slip.end });
  if (side.answer) out.push({ kind: "answer", ...side.answer });
  return out;
}

/** An answer as math: answers are TeX (`\frac{9}{2}`) even without `$`; delimited text keeps its prose. */
function answerNode(text: string): HTMLElement {
  if (/\$|\\[([]/.test(text)) {
    const el = h("span", { class: "response" });
    renderPlain(el, plainPieces(text));
    return el;
  }
  return renderMath(text, false, text);
}

function verdictLine(side: PairSide, gold: string | null): HTMLElement {
  const v = side.verdict;
  const answer = side.extracted === null ? h("em", { text: "no final answer" }) : answerNode(side.extracted);
  const head = h("strong", {
    text: `${side === current?.pair.chosen ? "Chosen" : "Rejected"} (${side.role}): `,
  });
  if (!v || !v.gradable)
    return h("div", {}, [
      head,
      answer,
      h("span", { class: "muted", text: ` — not gradable${v ? `: ${v.reason}` : ""}` }),
    ]);
  return h("div", { attrs: { "data-verdict": v.equal ? "equal" : "different" } }, [
    head,
    answer,
    " ",
    h("span", {
      class: v.equal ? "pass" : "fail",
      text: v.equal ? "equals the gold answer" : "differs from the gold answer",
    }),
    gold === null ? null : h("span", {}, [" ", answerNode(gold)]),
    h("div", { class: "muted", text: `${v.rule}: ${v.reason}` }),
  ]);
}

function breakdown(pair: PanelPair): HTMLElement {
  const names = [...new Set([...pair.chosen.components, ...pair.rejected.components].map((c) => c.name))];
  const cell = (side: PairSide, name: string): string => {
    const c = side.components.find((x) => x.name === name);
    return c ? fmtScore(c.value) : "—";
  };
  const why = (name: string): string => {
    const c =
      pair.rejected.components.find((x) => x.name === name) ??
      pair.chosen.components.find((x) => x.name === name);
    return c ? `${c.reason}${c.provenance && c.provenance !== "local" ? ` — ${c.provenance}` : ""}` : "";
  };
  return h("table", { class: "breakdown" }, [
    h("thead", {}, [
      h("tr", {}, [
        h("th", { text: "component" }),
        h("th", { class: "num", text: "weight" }),
        h("th", { class: "num", text: "chosen" }),
        h("th", { class: "num", text: "rejected" }),
        h("th", { text: "why (rejected)" }),
      ]),
    ]),
    h("tbody", {}, [
      ...names.map((name) => {
        const component =
          pair.rejected.components.find((c) => c.name === name) ??
          pair.chosen.components.find((c) => c.name === name);
        const weight = component?.weight;
        return h("tr", { attrs: { "data-component": name } }, [
          h("td", { text: component?.label ?? name }),
          h("td", { class: "num", text: fmtScore(weight ?? null) }),
          h("td", { class: "num", text: cell(pair.chosen, name) }),
          h("td", { class: "num", text: cell(pair.rejected, name) }),
          h("td", { class: "reason", text: why(name) }),
        ]);
      }),
      h("tr", {}, [
        h("th", { text: "composite" }),
        h("td"),
        h("th", { class: "num", text: fmtScore(pair.chosen.composite) }),
        h("th", { class: "num", text: fmtScore(pair.rejected.composite) }),
        h("td"),
      ]),
    ]),
  ]);
}

function metaText(meta: Record<string, string>): string {
  return Object.entries(meta)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
}

function render(): void {
  if (!current) return;
  resetLazyMath();
  const { pair, position } = current;
  const chosenText = clip(pair.chosen.text);
  const rejectedText = clip(pair.rejected.text);
  const diff = pairDiff(chosenText, rejectedText, markers(pair.chosen), markers(pair.rejected));
  const statement = h("div", { class: "response problem" });
  renderPlain(statement, plainPieces(pair.problem.statement));
  const left = h("pre", { class: "response card", attrs: { "aria-label": "chosen response" } });
  const right = h("pre", { class: "response card", attrs: { "aria-label": "rejected response" } });
  renderSide(left, diff.left, "left");
  renderSide(right, diff.right, "right");
  const notes: HTMLElement[] = [];
  const div = pair.rejected.divergence;
  if (div)
    notes.push(
      h("li", {}, [
        "↳ The rejected response departs from the chosen one at: ",
        h("q", { text: pair.rejected.text.slice(div.start, Math.min(div.end, div.start + 200)) }),
      ]),
    );
  else
    notes.push(
      h("li", {
        class: "muted",
        text: "↳ Every step of the rejected response also appears in the chosen one.",
      }),
    );
  const slip = pair.rejected.slip;
  if (slip)
    notes.push(
      h("li", {}, [
        "⚠ First false arithmetic claim: ",
        h("code", { text: slip.text }),
        ` (the left side is ${slip.expected})`,
      ]),
    );
  else
    notes.push(
      h("li", { class: "muted", text: "⚠ No false arithmetic claim found in the rejected response." }),
    );
  setChildren(main, [
    h("div", { class: "pair-head" }, [
      h("h1", { text: `Problem ${pair.problem.id}` }),
      h("span", {
        class: "muted",
        text: `pair ${position.index + 1} of ${position.total} · ${pair.chosen.role} #${pair.chosen.index + 1} vs ${pair.rejected.role} #${pair.rejected.index + 1}`,
      }),
      h("span", {
        class: "muted",
        text: `${diff.stats.deleted} tokens only left · ${diff.stats.inserted} only right · ${diff.stats.same} shared`,
      }),
    ]),
    statement,
    h("div", { class: "gold" }, [
      h("strong", { text: "Gold answer: " }),
      pair.problem.gold === null
        ? h("span", { class: "fail", text: "missing" })
        : answerNode(pair.problem.gold),
    ]),
    h("div", { class: "verdicts" }, [
      verdictLine(pair.chosen, pair.problem.gold),
      verdictLine(pair.rejected, pair.problem.gold),
    ]),
    h("ul", { class: "notes" }, notes),
    clipNotice(pair.chosen, "Chosen") ?? "",
    clipNotice(pair.rejected, "Rejected") ?? "",
    h("div", { class: "columns" }, [
      h("section", { class: "column", attrs: { "aria-label": "chosen" } }, [
        h("h2", {}, [
          `Chosen · ${pair.chosen.role} #${pair.chosen.index + 1}`,
          h("span", { class: "muted", text: metaText(pair.chosen.meta) }),
        ]),
        left,
      ]),
      h("section", { class: "column", attrs: { "aria-label": "rejected" } }, [
        h("h2", {}, [
          `Rejected · ${pair.rejected.role} #${pair.rejected.index + 1}`,
          h("span", { class: "muted", text: metaText(pair.rejected.meta) }),
        ]),
        right,
      ]),
    ]),
    h("h2", { text: "Reward breakdown" }),
    breakdown(pair),
    h("p", { class: "muted" }, [
      "Press ",
      h("kbd", { text: "?" }),
      " for keyboard shortcuts. Removed words are struck through, added words underlined.",
    ]),
  ]);
  document.body.dataset.rendered = `${pair.problem.id}/${pair.rejected.index}`;
}

if (channel.saved.current) {
  current = channel.saved.current;
  render();
}
channel.post({ type: "ready" });
