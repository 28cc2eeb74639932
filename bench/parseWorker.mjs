// One measurement of bench/parse.mjs in a fresh process: `memory` or `speed` (see there).
import { readFileSync } from "node:fs";

const [mode, bundle, file, runsArg] = process.argv.slice(2);
const { decodeText, parse, serialize } = await import(bundle);
const gc = globalThis.gc;
if (!gc) throw new Error("run with --expose-gc");

const peakRss = () => process.resourceUsage().maxRSS * 1024;

function read() {
  const bytes = readFileSync(file);
  return decodeText(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)).text;
}

if (mode === "memory") {
  gc();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  const text = read();
  const tree = parse(text);
  const peakAfterParse = peakRss();
  gc();
  const heapHeld = process.memoryUsage().heapUsed - heapBefore;
  const out = serialize(tree);
  const peakAfterSerialize = peakRss();
  const samples = tree.problems.reduce((n, p) => n + p.samples.length, 0);
  process.stdout.write(
    JSON.stringify({
      rssBefore,
      peakAfterParse,
      peakAfterSerialize,
      heapHeld,
      roundTrip: out === text,
      problems: tree.problems.length,
      samples,
      diagnostics: tree.diagnostics.length,
    }),
  );
} else {
  const runs = Number(runsArg);
  // Wall-clock time, and CPU time (all threads: V8's concurrent GC helpers included), which says
  // more than wall time on a busy machine.
  const time = (fn) => {
    const wall = [];
    const cpu = [];
    // The previous run's result is dropped before collecting, so that runs do not stack up.
    const last = { result: undefined };
    for (let i = 0; i < runs + 1; i++) {
      last.result = undefined;
      gc();
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      last.result = fn();
      const seconds = (performance.now() - start) / 1000;
      const used = process.cpuUsage(cpuStart);
      // The first run warms the JIT up and is not counted.
      if (i > 0) {
        wall.push(seconds);
        cpu.push((used.user + used.system) / 1e6);
      }
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    return { result: last.result, stats: { median: median(wall), min: Math.min(...wall), cpu: median(cpu) } };
  };
  const readRun = time(read);
  const text = readRun.result;
  const parseRun = time(() => parse(text));
  const tree = parseRun.result;
  const serializeRun = time(() => serialize(tree));
  process.stdout.write(
    JSON.stringify({ read: readRun.stats, parse: parseRun.stats, serialize: serializeRun.stats }),
  );
}
