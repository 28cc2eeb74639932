// `npm run bench:webview`: the webview bundles in headless Chromium (Debian's chromium through
// playwright-core), loaded exactly as VS Code loads them (the real HTML shell and CSP from
// client/src/panels/html.ts), with data posted as the extension host posts it.
//
//   1. curves: time to first render of 5 runs x 20,000 points (3 metrics: 3 charts, each with 5
//      smoothed lines over 5 raw ones at the default smoothing), from the first message to the
//      frame after the charts are drawn. Goal <= 300 ms.
//   2. curves: frame time while panning: a shift-drag of 120 steps, one per animation frame, across
//      3 charts that share the zoom; the work of each redrawing frame (user timing), p50 and p95,
//      and the main thread's CPU time per frame. Goal p95 <= 16 ms (one frame at 60 Hz).
//   3. diff: time to render a pair of 4,000-word responses with math (about 1 formula in 12
//      words, 10% of the words changed), cold (fresh page, KaTeX cache empty) and warm. Goal
//      <= 150 ms cold.
//
//   node bench/webview.mjs [--runs N]   repeats each measurement N times (default 5), prints medians
// Functions passed to page.evaluate run in the page:
/* global window, document, requestAnimationFrame, MouseEvent, WheelEvent */
import { build } from "esbuild";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM_FLAGS, findChromium } from "../scripts/chromium.mjs";
import { numberOption } from "./options.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist", "webview");
const ORIGIN = "https://pns-webview.test";
const repeats = numberOption("--runs", 5);

const executablePath = findChromium();
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
  args: [...CHROMIUM_FLAGS],
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
  // Main-thread CPU time (CDP ThreadTime): the wall clock on a loaded machine counts other
  // processes' time too; thread time is what the page itself spent.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
  page.cpu = async () =>
    (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "ThreadTime").value * 1000;
  return page;
}

/** Wall-clock and main-thread CPU milliseconds of `fn` (an evaluate that resolves when done). */
async function measure(page, fn) {
  const cpu0 = await page.cpu();
  const wall = await fn();
  return { wall, cpu: (await page.cpu()) - cpu0 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

/** Curves: first render, then panning. Data is generated in the page and posted as the host would. */
async function curves() {
  const page = await open("curves");
  await page.evaluate(() => {
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
    window.__bench = { runs, columns };
  });
  const firstRender = await measure(page, () =>
    page.evaluate(async () => {
      const { runs, columns } = window.__bench;
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
    }),
  );
  const over = await page.$('section.chart[data-metric="reward"] .u-over');
  const box = await over.boundingBox();
  const at = { x: box.x + box.width / 2, y: box.y + 50 };
  await page.evaluate(async ({ x, y }) => {
    const target = document.querySelector('section.chart[data-metric="reward"] .u-over');
    // Zoom in first so there is room to pan, as a user would.
    target.dispatchEvent(
      new WheelEvent("wheel", { deltaY: -100, clientX: x, clientY: y, bubbles: true, cancelable: true }),
    );
    await new Promise((r) => setTimeout(r, 0));
    target.dispatchEvent(
      new MouseEvent("mousedown", { clientX: x, clientY: y, shiftKey: true, bubbles: true }),
    );
  }, at);
  // 120 pan steps, one per animation frame as a pointer delivers them; the page times the work of
  // each frame that redraws the charts (user timing `pns:zoom-frame`), and CDP gives the
  // main thread's CPU time over the whole gesture.
  const cpu0 = await page.cpu();
  const pan = await page.evaluate(async ({ x, y }) => {
    performance.clearMeasures("pns:zoom-frame");
    for (let i = 1; i <= 120; i++) {
      window.dispatchEvent(new MouseEvent("mousemove", { clientX: x - i * 2, clientY: y, shiftKey: true }));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    }
    return performance
      .getEntriesByType("measure")
      .filter((e) => e.name === "pns:zoom-frame")
      .map((e) => e.duration);
  }, at);
  const panCpuPerFrame = ((await page.cpu()) - cpu0) / pan.length;
  await page.evaluate(() => window.dispatchEvent(new MouseEvent("mouseup", {})));
  await page.close();
  return { firstRender, pan, panCpuPerFrame };
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
    measure(page, () =>
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
      ),
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
  const keys = ["first", "panP50", "panP95", "cold", "warm"];
  const wall = Object.fromEntries(keys.map((k) => [k, []]));
  const cpu = Object.fromEntries(keys.map((k) => [k, []]));
  let stats;
  for (let i = 0; i < repeats; i++) {
    const c = await curves();
    wall.first.push(c.firstRender.wall);
    cpu.first.push(c.firstRender.cpu);
    wall.panP50.push(pct(c.pan, 50));
    wall.panP95.push(pct(c.pan, 95));
    // Thread time comes per gesture: its mean per frame stands in for both rows' CPU column.
    cpu.panP50.push(c.panCpuPerFrame);
    cpu.panP95.push(c.panCpuPerFrame);
    const d = await diff();
    wall.cold.push(d.cold.wall);
    cpu.cold.push(d.cold.cpu);
    wall.warm.push(d.warm.wall);
    cpu.warm.push(d.warm.cpu);
    stats = d;
  }
  const row = (label, key, goal) => {
    const w = median(wall[key]);
    const c = median(cpu[key]);
    const verdict =
      goal === undefined
        ? ""
        : `goal <= ${goal} ms: ${c <= goal ? "met" : "MISSED"} (CPU)${w <= goal ? ", met (wall)" : ", missed (wall)"}`;
    console.log(`${label.padEnd(56)} ${w.toFixed(1).padStart(7)} ${c.toFixed(1).padStart(7)}   ${verdict}`);
  };
  console.log(
    `PNS webview benchmark: Chromium ${context.browser()?.version() ?? ""} headless, ${availableParallelism()} CPUs, load average ${loadavg()[0].toFixed(2)}, median of ${repeats}`,
  );
  console.log(
    `${"".padEnd(56)} ${"wall ms".padStart(7)} ${"CPU ms".padStart(7)}   (CPU: the page's main-thread time)`,
  );
  row("curves: first render, 5 runs x 20,000 points, 3 charts", "first", 300);
  row("curves: pan frame, p95 of 120 (CPU: mean per frame)", "panP95", 16);
  row("curves: pan frame, p50", "panP50");
  row(`diff: ${stats.words[0]}- vs ${stats.words[1]}-word pair with math (cold)`, "cold", 150);
  row(`diff: the next pair (j) (${stats.stats.math} formulas drawn)`, "warm");
} finally {
  await context.close();
  rmSync(dir, { recursive: true, force: true });
}
