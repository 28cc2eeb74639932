// Hostile clients beside honest ones, against a running `pns serve-reward` (bench/reward.mjs
// starts it and calls this): honest clients send batches back to back while
//   - one authenticated client posts 63 MB of `[` again and again,
//   - one posts a single 60 MB completion of arithmetic claims again and again,
//   - one posts 250 completions of arithmetic claims, each just under the per-item limit,
//   - 200 unauthenticated sockets trickle request bodies, and 40 more trickle their headers,
// and a prober asks GET /health every 20 ms. Prints the honest clients' p50/p99 alone and under
// attack, and /health's p99 and worst latency (goal: /health never waits more than 100 ms).
import { connect } from "node:net";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";

const percentile = (values, p) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

export async function benchHostile({ url, token, batches, clients = 2, seconds = 15 }) {
  // (The attackers live in startHostiles, run in a worker thread.)
  const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const stop = { now: false };

  async function honest(latencies) {
    let next = 0;
    while (!stop.now) {
      const started = performance.now();
      const response = await fetch(`${url}/v1/reward`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ items: batches[next++ % batches.length] }),
      });
      const body = await response.json();
      if (response.status !== 200 || body.results.some((r) => r === null))
        throw new Error(`honest batch failed: HTTP ${response.status}`);
      latencies.push(performance.now() - started);
    }
  }

  async function prober(latencies) {
    while (!stop.now) {
      const started = performance.now();
      const response = await fetch(`${url}/health`);
      await response.arrayBuffer();
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async function phase(withHostiles) {
    stop.now = false;
    const honestLatencies = [];
    const healthLatencies = [];
    // The attackers run in a worker thread: building and sending 60 MB bodies must not stall the
    // prober's own event loop, or the figures would measure the bench instead of the server.
    const hostile = withHostiles ? await startWorker() : { stop: async () => ({}) };
    const timer = setTimeout(() => (stop.now = true), seconds * 1000);
    await Promise.all([
      ...Array.from({ length: clients }, () => honest(honestLatencies)),
      prober(healthLatencies),
    ]);
    clearTimeout(timer);
    const stats = await hostile.stop();
    return { honestLatencies, healthLatencies, stats };
  }

  async function startWorker() {
    const worker = new Worker(new URL(import.meta.url), { workerData: { url, token } });
    await new Promise((resolve) => worker.once("message", resolve)); // "started"
    return {
      async stop() {
        const stats = new Promise((resolve) => worker.once("message", resolve));
        worker.postMessage("stop");
        const result = await stats;
        await worker.terminate();
        return result;
      },
    };
  }

  const calm = await phase(false);
  const attacked = await phase(true);
  return { calm, attacked };
}

/** The attackers (in the worker thread). */
function startHostiles(url, token) {
  const { port, hostname } = new URL(url);
  const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const stop = { now: false };
  {
    const stats = { bigPosts: 0, bigAnswers: {}, trickling: 0, tricklersClosedByServer: 0 };
    const bodies = {
      brackets: "[".repeat(63_000_000),
      claim: JSON.stringify([
        {
          prompt: "p",
          completion: "We have 3 + 4 = 7 and 7 * 6 = 42. ".repeat(1_750_000) + "\\boxed{42}",
          answer: "41",
        },
      ]),
      // 250 items just under the per-item limit (128 Ki characters): all are scored, about 30 MB
      // of arithmetic claims in one request (a server that yields every 64 items holds its event
      // loop for 64 of them, seconds).
      nearLimit: JSON.stringify(
        Array.from({ length: 250 }, (_, i) => ({
          prompt: `p${i}`,
          completion: "We have 3 + 4 = 7 and 7 * 6 = 42. ".repeat(3_700) + "\\boxed{42}",
          answer: "41",
        })),
      ),
    };
    const big = async (body) => {
      while (!stop.now) {
        try {
          const response = await fetch(`${url}/v1/reward`, { method: "POST", headers: auth, body });
          await response.arrayBuffer();
          stats.bigPosts++;
          stats.bigAnswers[response.status] = (stats.bigAnswers[response.status] ?? 0) + 1;
        } catch {
          stats.bigAnswers.error = (stats.bigAnswers.error ?? 0) + 1;
        }
      }
    };
    const sockets = [];
    const trickle = (first, drip) => {
      const socket = connect(Number(port), hostname);
      socket.on("error", () => {});
      socket.on("close", () => {
        if (!stop.now) stats.tricklersClosedByServer++;
      });
      socket.write(first);
      const timer = setInterval(() => socket.writable && socket.write(drip), 200);
      sockets.push({ socket, timer });
      stats.trickling++;
    };
    for (let i = 0; i < 200; i++)
      trickle("POST /v1/reward HTTP/1.1\r\nhost: x\r\ncontent-length: 100000000\r\n\r\n[", "[");
    for (let i = 0; i < 40; i++) trickle("POST /v1/reward HTTP/1.1\r\nhost: x\r\n", "x-slow: 1\r\n");
    const running = [big(bodies.brackets), big(bodies.claim), big(bodies.nearLimit)];
    return {
      stats,
      async stop() {
        stop.now = true;
        for (const { socket, timer } of sockets) {
          clearInterval(timer);
          socket.destroy();
        }
        await Promise.all(running);
        return stats;
      },
    };
  }
}

if (!isMainThread && workerData?.url) {
  const hostiles = startHostiles(workerData.url, workerData.token);
  parentPort.postMessage("started");
  parentPort.once("message", async () => parentPort.postMessage(await hostiles.stop()));
}

export function printHostile({ calm, attacked }, load) {
  const f = (v) => (Number.isFinite(v) ? v.toFixed(1) : "n/a");
  console.log(`\n== hostile clients beside honest ones (bench/rewardHostile.mjs)`);
  for (const [name, r] of [
    ["honest alone", calm],
    ["under attack", attacked],
  ]) {
    console.log(
      `${name.padEnd(13)} honest batches ${String(r.honestLatencies.length).padStart(4)}: p50 ${f(percentile(r.honestLatencies, 50))} ms, p99 ${f(percentile(r.honestLatencies, 99))} ms;` +
        ` /health ${r.healthLatencies.length} probes: p99 ${f(percentile(r.healthLatencies, 99))} ms, max ${f(Math.max(...r.healthLatencies))} ms`,
    );
  }
  const s = attacked.stats;
  console.log(
    `hostile: ${s.bigPosts} big authenticated posts answered (${JSON.stringify(s.bigAnswers)}); ` +
      `${s.trickling} trickling sockets, ${s.tricklersClosedByServer} closed by the server`,
  );
  const worst = Math.max(...attacked.healthLatencies);
  console.log(`goal: /health within 100 ms under attack: ${worst <= 100 ? "met" : "MISSED"} (load ${load})`);
}
