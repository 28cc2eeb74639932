// `npm run bench:webview`: the webview bundles in headless Chromium (Debian's chromium through
// playwright-core), loaded exactly as VS Code loads them (the real HTML shell and CSP from
// client/src/panels/html.ts), with data posted as the extension host posts it.
//
//   1. curves: time to first render of 5 runs x 20,000 points (3 metrics: 3 charts, each with 5
//      smoothed lines over 5 raw ones at the default smoothing), from the first message to the
//      frame after the charts are drawn. Goal <= 300 ms.
//   2. curves: main-thread time per pan step (a shift-drag across all 3 charts, which share the
//      zoom), p50 and p95 over 120 steps. Goal p95 <= 16 ms (one frame at 60 Hz).
//   3. diff: time to render a pair of 4,000-word responses with math (about 1 formula in 12
//      words, 10% of the words changed), cold (fresh page, KaTeX cache empty) and warm. Goal
//      <= 150 ms cold.
//
//   node bench/webview.mjs [--runs N]   repeats each measurement N times (default 5), prints medians
// Functions passed to page.evaluate run in the page:
/* global window, document, requestAnimationFrame, MouseEvent, WheelEvent */
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist", "webview");
const ORIGIN = "https://pns-webview.test";
const runsArg = process.argv.indexOf("--runs");
const repeats = runsArg === -1 ? 5 : Number(process.argv[runsArg + 1]);

function which(name) {
  try {
    return execFileSync("which", [name], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}
const executablePath = process.env.PNS_CHROMIUM ?? which("chromium") ?? which("chromium-browser");
if (!executablePath) {
  console.error("bench:webview needs chromium: apt-get install -y chromium (or set PNS_CHROMIUM)");
  process.exit(2);
}
for (const panel of ["curves", "diff"])
  if (!existsSync(path.join(dist, `${panel}.js`))) {
    console.error(`dist/webview/${panel}.js is missing: run node scripts/build.mjs`);
    process.exit(2);
  }

// The page shell the extension serves, bundled from its TypeScript source.
const shell = await build({
  entryPoints: [path.join(root, "client/src/panels/html.ts")],
  bundle: true,
  write: false,
  format: "esm",
  platform: "neutral",
});
const { panelHtml } = await import(
  `data:text/javascript;base64,${Buffer.from(shell.outputFiles[0].text).toString("base64")}`
);

const dir = mkdtempSync(path.join(tmpdir(), "pns-bench-chromium-"));
const context = await chromium.launchPersistentContext(dir, {
  executablePath,
  headless: true,
  viewport: { width: 1400, height: 1000 },
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
await context.route("**/*", async (route) => {
  const url = new URL(route.request().url());
  if (url.origin !== ORIGIN) return route.abort();
  if (url.pathname.endsWith(".html")) {
    const kind = url.pathname.slice(1, -5);
    const html = panelHtml({
      cspSource: ORIGIN,
      nonce: "YmVuY2gtbm9uY2UtMTIzNDU2Nzg5",
      scriptUri: `${ORIGIN}/${kind}.js`,
      styleUri: `${ORIGIN}/${kind}.css`,
      title: kind,
    });
    return route.fulfill({
      status: 200,
      contentType: "text/html",
      body: html.replace("<body>", '<body class="vscode-dark">'),
    });
  }
  const file = path.join(dist, url.pathname);
  if (!file.startsWith(dist) || !existsSync(file)) return route.fulfill({ status: 404, body: "" });
  const type = file.endsWith(".js")
    ? "text/javascript"
    : file.endsWith(".css")
      ? "text/css"
      : "application/octet-stream";
  return route.fulfill({ status: 200, contentType: type, body: readFileSync(file) });
});

async function open(kind) {
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__posted = [];
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(m),
      getState: () => undefined,
      setState: () => {},
    });
  });
  await page.goto(`${ORIGIN}/${kind}.html`);
  await page.waitForFunction(() => window.__posted.some((m) => m.type === "ready"));
  return page;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

/** Curves: first render, then panning. Data is generated in the page and posted as the host would. */
async function curves() {
  const page = await open("curves");
  const firstRender = await page.evaluate(async () => {
    const runs = Array.from({ length: 5 }, (_, r) => ({
      id: `/runs/run-${r}`,
      label: `run-${r}`,
      hasSamples: false,
    }));
    // Columns, as the host sends them (client/src/panels/curves: toColumns).
    const n = 20_000;
    const columns = runs.map((_, r) => ({
      steps: Array.from({ length: n }, (_, i) => i + 1),
      values: {
        reward: Array.from({ length: n }, (_, i) => Math.sin(i / 500 + r) + Math.random() * 0.3),
        loss: Array.from({ length: n }, (_, i) => Math.exp(-i / 5000) + Math.random() * 0.05),
        kl: Array.from({ length: n }, (_, i) => (i / n) * (r + 1) + Math.random() * 0.01),
      },
    }));
    const t0 = performance.now();
    window.postMessage({ type: "curves/runs", runs }, "*");
    runs.forEach((run, r) =>
      window.postMessage({ type: "curves/columns", run: run.id, columns: columns[r] }, "*"),
    );
    // Rendered (data-rendered counts versions: 1 runs + 5 rows messages), then the next frame.
    await new Promise((resolve) => {
      const check = () =>
        document.body.dataset.rendered === "6" &&
        document.querySelectorAll("section.chart canvas").length === 3
          ? requestAnimationFrame(() => resolve())
          : requestAnimationFrame(check);
      check();
    });
    return performance.now() - t0;
  });
  const over = await page.$('section.chart[data-metric="reward"] .u-over');
  const box = await over.boundingBox();
  const pan = await page.evaluate(
    async ({ x, y, width }) => {
      const target = document.querySelector('section.chart[data-metric="reward"] .u-over');
      // Zoom in first so there is room to pan, as a user would.
      target.dispatchEvent(
        new WheelEvent("wheel", {
          deltaY: -100,
          clientX: x + width / 2,
          clientY: y + 50,
          bubbles: true,
          cancelable: true,
        }),
      );
      await new Promise((r) => setTimeout(r, 0));
      target.dispatchEvent(
        new MouseEvent("mousedown", {
          clientX: x + width / 2,
          clientY: y + 50,
          shiftKey: true,
          bubbles: true,
        }),
      );
      const times = [];
      for (let i = 1; i <= 120; i++) {
        const t0 = performance.now();
        window.dispatchEvent(
          new MouseEvent("mousemove", { clientX: x + width / 2 - i * 2, clientY: y + 50, shiftKey: true }),
        );
        // uPlot commits redraws in a microtask: a macrotask boundary means the step is drawn.
        await new Promise((r) => setTimeout(r, 0));
        times.push(performance.now() - t0);
      }
      window.dispatchEvent(new MouseEvent("mouseup", { clientX: x, clientY: y }));
      return times;
    },
    { x: box.x, y: box.y, width: box.width },
  );
  await page.close();
  return { firstRender, pan };
}

function words(n, seed, changed) {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const vocab =
    "the so we then add multiply divide each batch needs cups of sugar total is answer therefore since because gives".split(
      " ",
    );
  const out = [];
  for (let i = 0; i < n; i++) {
    if (i % 12 === 11) out.push(`$\\frac{${i % 17}}{${(i % 5) + 2}} + ${i % 9} = ${(i * 7) % 31}$`);
    else out.push(rnd() < changed ? `w${Math.floor(rnd() * 1000)}` : vocab[i % vocab.length]);
    if (i % 40 === 39) out.push("\n\n");
  }
  return `${out.join(" ")}\n\nSo the answer is $\\boxed{${seed}}$.`;
}

function side(role, index, text) {
  return {
    uri: "file:///bench.pns",
    problemId: "bench-1",
    index,
    role,
    meta: { model: "bench" },
    text,
    range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } },
    extracted: "72",
    correct: role === "positive",
    composite: 0.8,
    components: [{ name: "format", weight: 0.1, value: 1, reason: "ok", provenance: "local" }],
    answer: null,
    divergence: { start: 0, end: 40 },
    slip: { start: 100, end: 120, text: "1 + 1 = 3", expected: "2" },
    verdict: { equal: role === "positive", gradable: true, rule: "exact", reason: "bench" },
  };
}

async function diff() {
  const chosen = words(3000, 72, 0);
  const rejected = words(3000, 96, 0.1);
  const pair = {
    problem: {
      uri: "file:///bench.pns",
      id: "bench-1",
      statement: "Compute $\\frac{3}{4} \\cdot 6$.",
      gold: "\\frac{9}{2}",
      range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } },
    },
    chosen: side("positive", 0, chosen),
    rejected: side("negative", 1, rejected),
  };
  const page = await open("diff");
  const time = (index) =>
    page.evaluate(
      async ({ pair, index }) => {
        const t0 = performance.now();
        window.postMessage(
          {
            type: "diff/pair",
            pair,
            position: { index, total: 10 },
            request: { uri: pair.problem.uri, problemId: "bench-1", sampleIndex: 1 },
          },
          "*",
        );
        await new Promise((resolve) => {
          const check = () =>
            document.querySelector(".pair-head .muted")?.textContent?.startsWith(`pair ${index + 1} `)
              ? requestAnimationFrame(() => resolve())
              : setTimeout(check, 0);
          check();
        });
        return performance.now() - t0;
      },
      { pair, index },
    );
  const cold = await time(0);
  const warm = await time(1);
  const stats = await page.evaluate(() => ({
    math: document.querySelectorAll(".katex").length,
    nodes: document.querySelectorAll("*").length,
  }));
  await page.close();
  return { cold, warm, stats, words: [chosen.split(/\s+/).length, rejected.split(/\s+/).length] };
}

try {
  const results = { first: [], panP50: [], panP95: [], cold: [], warm: [] };
  let stats;
  for (let i = 0; i < repeats; i++) {
    const c = await curves();
    results.first.push(c.firstRender);
    results.panP50.push(pct(c.pan, 50));
    results.panP95.push(pct(c.pan, 95));
    const d = await diff();
    results.cold.push(d.cold);
    results.warm.push(d.warm);
    stats = d;
  }
  const line = (label, value, goal) =>
    console.log(
      `${label.padEnd(58)} ${value.toFixed(1).padStart(7)} ms  (goal <= ${goal} ms: ${value <= goal ? "met" : "MISSED"})`,
    );
  console.log(
    `PNS webview benchmark: Chromium ${context.browser()?.version() ?? ""} headless, ${availableParallelism()} CPUs, load ${loadavg()[0].toFixed(2)}, median of ${repeats}`,
  );
  line("curves: first render, 5 runs x 20,000 points, 3 charts", median(results.first), 300);
  line("curves: pan step, main-thread time, p95 (120 steps)", median(results.panP95), 16);
  console.log(`${"curves: pan step, p50".padEnd(58)} ${median(results.panP50).toFixed(1).padStart(7)} ms`);
  line(`diff: ${stats.words[0]}- vs ${stats.words[1]}-word pair with math, cold`, median(results.cold), 150);
  console.log(
    `${"diff: the next pair (j), formulas partly cached".padEnd(58)} ${median(results.warm).toFixed(1).padStart(7)} ms  (${stats.stats.math} formulas, ${stats.stats.nodes} DOM nodes)`,
  );
} finally {
  await context.close();
  rmSync(dir, { recursive: true, force: true });
}
