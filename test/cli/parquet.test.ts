import { describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { parquetWriteBuffer } from "hyparquet-writer";
import { readParquetRecords } from "../../server/src/io/parquet";
import { pns, tempDir } from "./interopHarness";

const DEMO = path.resolve(__dirname, "../../examples/demo.pns");

const jsonRows = (text: string) =>
  text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("pns export to Parquet", () => {
  it("writes the same rows as JSONL, atomically, and pns import reads them back as TRL pairs", async () => {
    const dir = tempDir();
    const out = path.join(dir, "dpo.parquet");
    const parquet = await pns(["export", DEMO, "--format", "trl-dpo", "-o", out]);
    expect(parquet.code, parquet.stderr).toBe(0);
    const jsonl = await pns(["export", DEMO, "--format", "trl-dpo"]);
    const expected = jsonRows(jsonl.stdout);
    const rows = await parquetReadObjects({ file: await asyncBufferFromFile(out) });
    expect(rows).toEqual(expected);
    expect(readFileSync(out).subarray(0, 4).toString()).toBe("PAR1");

    const back = await pns(["import", out]);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stderr).toContain(`detected shape trl`);
    expect(back.stdout).toContain("@negative");
  });

  it("refuses nested rows: conversational and the lossless jsonl form stay JSONL", async () => {
    const out = path.join(tempDir(), "x.parquet");
    const chat = await pns(["export", DEMO, "--format", "grpo", "--conversational", "-o", out]);
    expect(chat.code).toBe(2);
    expect(chat.stderr).toContain("--conversational rows are message lists: write them as JSONL");
    const lossless = await pns(["export", DEMO, "--format", "jsonl", "-o", out]);
    expect(lossless.code).toBe(2);
    expect(lossless.stderr).toContain("--format jsonl is nested");
  });
});

describe("reading Parquet rows", () => {
  it("turns 64-bit integers into numbers (or strings past 2^53) and refuses rows over the size limit", async () => {
    const file = path.join(tempDir(), "t.parquet");
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: "question", data: ["q1", "x".repeat(2000), "q3"], type: "STRING" },
        { name: "n", data: [1n, 2n, 2n ** 60n], type: "INT64" },
      ],
    });
    writeFileSync(file, new Uint8Array(buffer));
    const records = [];
    for await (const record of readParquetRecords(file, 1000)) records.push(record);
    expect(records[0]).toMatchObject({ line: 1, value: { question: "q1", n: 1 } });
    expect(records[1]).toMatchObject({ line: 2, error: { code: "row-too-large" } });
    expect(records[2]).toMatchObject({ line: 3, value: { question: "q3", n: "1152921504606846976" } });
  });
});
