/** Run-directory reading: metrics.jsonl tailing, TensorBoard event files, samples.jsonl. */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LineTail } from "../../../client/src/runDirectory/lineTail";
import { parseMetricLine } from "../../../client/src/runDirectory/metricRows";
import { RunReader, tensorboardTag } from "../../../client/src/runDirectory/runReader";
import { parseSampleLine, pickSamples } from "../../../client/src/runDirectory/samplesFile";
import { crc32c, readTfRecords } from "../../../client/src/runDirectory/tfrecord";
import { decodeEvent } from "../../../client/src/runDirectory/tfEvents";
import { concat, eventBytes, fileVersionEvent, record } from "../support/tfWriter";

const enc = (s: string) => new TextEncoder().encode(s);

describe("LineTail", () => {
  it("holds a partial last line until its newline arrives", () => {
    const t = new LineTail();
    expect(t.push(enc('{"step":1}\n{"st'))).toEqual(['{"step":1}']);
    expect(t.partialBytes).toBe(4);
    expect(t.push(enc('ep":2}\r\n'))).toEqual(['{"step":2}']);
    expect(t.lines).toBe(2);
  });
  it("decodes a UTF-8 character split between two reads", () => {
    const t = new LineTail();
    const bytes = enc("é\n");
    expect(t.push(bytes.subarray(0, 1))).toEqual([]);
    expect(t.push(bytes.subarray(1))).toEqual(["é"]);
  });
});

describe("parseMetricLine", () => {
  it("keeps numbers and nulls, drops other values", () => {
    expect(
      parseMetricLine('{"step": 3, "loss": 0.5, "kl": null, "note": "x", "nested": {"a": 1}}', 1, "m"),
    ).toEqual({ row: { step: 3, values: { loss: 0.5, kl: null } } });
  });
  it("reports bad lines with file:line:col", () => {
    expect(parseMetricLine("{oops", 7, "runs/a/metrics.jsonl")).toEqual({
      error: expect.stringMatching(/^runs\/a\/metrics\.jsonl:7:1: not JSON/),
    });
    expect(parseMetricLine("[1]", 2, "m")).toEqual({ error: "m:2:1: expected a JSON object" });
    expect(parseMetricLine('{"loss": 1}', 3, "m")).toEqual({ error: 'm:3:1: no numeric "step"' });
    expect(parseMetricLine("   ", 4, "m")).toEqual({ skip: true });
  });
});

describe("TFRecord and Event decoding", () => {
  it("computes CRC-32C (Castagnoli) check values", () => {
    expect(crc32c(enc("123456789"))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
  });

  it("reads scalars in every shape writers use and skips non-scalar events", () => {
    const file = concat(
      record(fileVersionEvent()),
      record(
        eventBytes(1, [
          { tag: "train/loss", value: 0.5 },
          { tag: "train/reward", value: 0.25, as: "tensor-float" },
        ]),
      ),
      record(
        eventBytes(2, [
          { tag: "eval/acc", value: 0.125, as: "tensor-double" },
          { tag: "lr", value: 0.75, as: "tensor-content" },
        ]),
      ),
    );
    const { records, consumed, corrupt } = readTfRecords(file);
    expect([records.length, consumed, corrupt]).toEqual([3, file.length, 0]);
    expect(records.map(decodeEvent)).toEqual([
      undefined,
      { step: 1, values: { "train/loss": 0.5, "train/reward": 0.25 } },
      { step: 2, values: { "eval/acc": 0.125, lr: 0.75 } },
    ]);
  });

  it("stops before a partial record and skips one with a bad data checksum", () => {
    const good = record(eventBytes(1, [{ tag: "loss", value: 1 }]));
    const bad = record(eventBytes(2, [{ tag: "loss", value: 2 }]));
    bad[bad.length - 1] ^= 0xff;
    const partial = record(eventBytes(3, [{ tag: "loss", value: 3 }])).subarray(0, 10);
    const r = readTfRecords(concat(good, bad, partial));
    expect(r.records).toHaveLength(1);
    expect(r.corrupt).toBe(1);
    expect(r.consumed).toBe(good.length + bad.length);
  });

  it("maps TensorBoard's train/ prefix to TRL's names", () => {
    expect(tensorboardTag("train/loss")).toBe("loss");
    expect(tensorboardTag("eval/loss")).toBe("eval/loss");
  });
});

describe("RunReader", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "pns-run-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("tails metrics.jsonl: new lines, a partial last line, a bad line reported once, a rewrite", async () => {
    const file = path.join(dir, "metrics.jsonl");
    writeFileSync(file, '{"step": 1, "loss": 1.0}\n{"step": 2, "lo');
    const reader = new RunReader(dir);
    expect(await reader.poll()).toEqual({
      rows: [{ step: 1, values: { loss: 1 } }],
      reset: false,
      errors: [],
    });
    appendFileSync(file, 'ss": 0.5}\nnot json\n');
    const second = await reader.poll();
    expect(second.rows).toEqual([{ step: 2, values: { loss: 0.5 } }]);
    expect(second.errors).toEqual([
      `${file}:3:1: not JSON (${(() => {
        try {
          JSON.parse("not json");
        } catch (e) {
          return (e as Error).message;
        }
        return "";
      })()})`,
    ]);
    expect(await reader.poll()).toEqual({ rows: [], reset: false, errors: [] });
    writeFileSync(file, '{"step": 9, "loss": 0.1}\n');
    expect(await reader.poll()).toEqual({
      rows: [{ step: 9, values: { loss: 0.1 } }],
      reset: true,
      errors: [],
    });
  });

  it("reads TensorBoard event files when there is no metrics.jsonl, following appends", async () => {
    mkdirSync(path.join(dir, "logs"));
    const file = path.join(dir, "logs", "events.out.tfevents.1764000000.host.1.0");
    const second = record(eventBytes(2, [{ tag: "train/loss", value: 0.25 }]));
    writeFileSync(
      file,
      concat(
        record(fileVersionEvent()),
        record(eventBytes(1, [{ tag: "train/loss", value: 0.5 }])),
        second.subarray(0, 7),
      ),
    );
    const reader = new RunReader(dir);
    expect((await reader.poll()).rows).toEqual([{ step: 1, values: { loss: 0.5 } }]);
    appendFileSync(file, second.subarray(7));
    expect((await reader.poll()).rows).toEqual([{ step: 2, values: { loss: 0.25 } }]);
  });

  it("reads the run state and whether samples were logged", async () => {
    const reader = new RunReader(dir);
    expect(await reader.state()).toBeUndefined();
    expect(await reader.hasSamples()).toBe(false);
    writeFileSync(path.join(dir, "status.json"), JSON.stringify({ state: "running" }));
    writeFileSync(path.join(dir, "samples.jsonl"), "");
    expect(await reader.state()).toBe("running");
    expect(await reader.hasSamples()).toBe(true);
  });
});

describe("samples.jsonl", () => {
  const lines = [
    { step: 10, kind: "pair", prompt: "p1", chosen: "c", rejected: "r", margin: 0.5, problem_id: "a" },
    { step: 10, prompt: "p2", chosen: "c", rejected: "r", margin: -0.2 },
    { step: 10, prompt: "p3", completion: "x", reward: 0.1 },
    { step: 20, prompt: "p4", completion: "y", reward: 0.9 },
  ].map((o) => JSON.stringify(o));

  it("parses both kinds and keeps extra scalar fields", () => {
    expect(parseSampleLine(lines[0])).toEqual({
      step: 10,
      kind: "pair",
      prompt: "p1",
      chosen: "c",
      rejected: "r",
      margin: 0.5,
      extra: { problem_id: "a" },
      completion: undefined,
      reward: undefined,
    });
    expect(parseSampleLine(lines[2])?.kind).toBe("rollout");
    expect(parseSampleLine("{bad")).toBeUndefined();
    expect(parseSampleLine('{"step": 1}')).toBeUndefined();
  });

  it("picks the step's samples worst first, or the nearest logged step", () => {
    const all = lines.map((l) => parseSampleLine(l)!);
    expect(pickSamples(all, 10).samples.map((s) => s.prompt)).toEqual(["p2", "p3", "p1"]);
    const near = pickSamples(all, 18);
    expect(near.step).toBe(20);
    expect(near.note).toMatch(/nearest/);
    expect(pickSamples(all, 10, 1).note).toMatch(/lowest of 3/);
  });
});
