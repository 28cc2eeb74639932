/**
 * Hostile dataset text: markup that would run if it ever reached innerHTML, KaTeX commands that
 * only trust:true would honour, CSS injection, expansion bombs and megabyte lines. Every payload
 * that could execute sets `window.__pwned`; every one that could load something points at an
 * origin the test browser refuses and counts.
 */
import type { OverviewData, OverviewRow, PairSide, PanelPair } from "../../../server/src/protocol/panels";

export const PWN = "window.__pwned=true";

export const HOSTILE: string[] = [
  `<script>${PWN}</script>`,
  `<img src=x onerror="${PWN}">`,
  `<svg onload="${PWN}"><circle r=5 /></svg>`,
  `<a href="javascript:${PWN}">click</a>`,
  `<iframe srcdoc="<script>parent.${PWN}</script>"></iframe>`,
  `"><script>${PWN}</script>`,
  `$\\href{javascript:${PWN}}{click me}$`,
  `\\(\\url{javascript:${PWN}}\\)`,
  `$$\\htmlData{onclick=${PWN}}{x}$$`,
  `$\\htmlStyle{background:url(https://evil.test/style)}{x}$`,
  `$\\htmlClass{x" onmouseover="${PWN}}{y}$`,
  `$\\htmlId{x}{y}$ $\\includegraphics{https://evil.test/img.png}$`,
  `$\\color{red;background:url(https://evil.test/color)}{x}$`,
  `</style><style>body{background:url(https://evil.test/css)}</style>`,
  `<link rel=stylesheet href="https://evil.test/link.css">`,
  `<meta http-equiv="refresh" content="0;url=javascript:${PWN}">`,
  `{{constructor.constructor('${PWN}')()}}`,
  `$\\def\\a{\\a\\a}\\a$`,
  `$\\def\\x{xxxxxxxxxx}\\def\\y{\\x\\x\\x\\x\\x\\x\\x\\x\\x\\x}\\def\\z{\\y\\y\\y\\y\\y\\y\\y\\y\\y\\y}\\z\\z\\z\\z\\z\\z\\z\\z\\z\\z$`,
  `$\\rule{100000em}{100000em}$ $\\Huge\\Huge\\Huge\\kern 99999em x$`,
  `\\boxed{${"{".repeat(5000)}}`,
];

/** Megabyte lines: plain, all dollars, all `\\boxed{`, all `\\(`. */
export const MEGABYTE_LINES: string[] = [
  "x".repeat(1_000_000),
  "$".repeat(1_000_000),
  "\\boxed{".repeat(150_000),
  "\\(a ".repeat(250_000),
];

export function hostileText(extra = ""): string {
  return [...HOSTILE, extra].join("\n\n");
}

function side(role: "positive" | "negative", index: number, text: string): PairSide {
  return {
    uri: `file:///x/<img src=x onerror="${PWN}">.pns`,
    problemId: `<script>${PWN}</script>`,
    index,
    role,
    meta: { model: `<img src=x onerror="${PWN}">`, note: `javascript:${PWN}` },
    text,
    range: { start: { line: index * 10, character: 0 }, end: { line: index * 10 + 5, character: 0 } },
    extracted: `\\href{javascript:${PWN}}{1}`,
    correct: false,
    composite: 0.5,
    components: [
      {
        name: `<b onmouseover="${PWN}">format</b>`,
        label: `<b onmouseover="${PWN}">format</b>`,
        weight: 1,
        value: 0.5,
        reason: `<script>${PWN}</script>`,
        provenance: `<img src=x onerror="${PWN}">`,
      },
    ],
    answer: { start: 0, end: Math.min(20, text.length) },
    divergence: { start: 0, end: Math.min(40, text.length) },
    slip: {
      start: 5,
      end: Math.min(30, text.length),
      text: `<script>${PWN}</script>`,
      expected: `<img src=x onerror="${PWN}">`,
    },
    verdict: {
      equal: false,
      gradable: true,
      rule: `<script>${PWN}</script>`,
      reason: `<img src=x onerror="${PWN}">`,
    },
  };
}

export function hostilePair(chosen: string, rejected: string): PanelPair {
  return {
    problem: {
      uri: "file:///x.pns",
      id: `<script>${PWN}</script>`,
      statement: hostileText(),
      gold: `\\href{javascript:${PWN}}{72}`,
      range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } },
    },
    chosen: side("positive", 0, chosen),
    rejected: side("negative", 1, rejected),
  };
}

export function hostileOverview(): OverviewData {
  const rows = [...HOSTILE, ...MEGABYTE_LINES.map((l) => l.slice(0, 100_000))].map(
    (text, i): OverviewRow => ({
      uri: `file:///x/<img src=x onerror="${PWN}">.pns`,
      problemId: text,
      sampleIndex: i,
      role: i % 2 ? "negative" : "positive",
      meta: { model: text, [`<img src=x onerror="${PWN}">`]: text },
      gold: text,
      extracted: text,
      correct: i % 3 === 0 ? null : i % 3 === 1,
      composite: (i % 10) / 10,
      components: { [`<script>${PWN}</script>`]: 0.5, format: 1 },
      codes: [`<img src=x onerror="${PWN}">`, "arithmetic-slip"],
      chars: text.length,
      range: { start: { line: i, character: 0 }, end: { line: i + 1, character: 0 } },
    }),
  );
  return {
    uri: `file:///x/<script>${PWN}</script>.pns`,
    problems: rows.length,
    rows,
    findings: { [`<img src=x onerror="${PWN}">`]: 3, [`<script>${PWN}</script>`]: 1 },
    components: [
      { name: `<script>${PWN}</script>`, label: `<img src=x onerror="${PWN}">` },
      { name: "format", label: "format" },
    ],
  };
}
