/**
 * The command lines the VS Code client builds for "Export DPO Pairs" and "Import JSONL" are
 * accepted by the real `pns` CLI (run in-process), for every strategy and shape the client offers.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { exportArgs, importArgs, IMPORT_SHAPES, PAIRING_STRATEGIES } from "../../client/src/cliArgs";
import { runCli } from "../../server/src/cli/main";

const ROOT = path.resolve(__dirname, "..", "..");
const DEMO = path.join(ROOT, "examples", "demo.pns");
const dir = mkdtempSync(path.join(tmpdir(), "pns-cli-args-"));

async function pns(args: string[]): Promise<{ code: number; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = "";
  stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  stdout.resume();
  const code = await runCli(args, { stdout, stderr, stdin: new PassThrough(), env: {}, cwd: dir });
  return { code, stderr: err };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("client command lines against the pns CLI", () => {
  for (const strategy of PAIRING_STRATEGIES) {
    it(`exports DPO pairs with --pairing ${strategy}`, async () => {
      const out = path.join(dir, `${strategy}.jsonl`);
      const result = await pns(exportArgs(DEMO, strategy, out, 2));
      expect(result.code, result.stderr).toBe(0);
      const rows = readFileSync(out, "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { chosen: unknown; rejected: unknown });
      expect(rows.length).toBeGreaterThan(0);
      expect(rows[0]).toHaveProperty("chosen");
      expect(rows[0]).toHaveProperty("rejected");
    });
  }

  it("imports JSONL with every shape the client offers", async () => {
    const gsm8k = path.join(dir, "gsm8k.jsonl");
    writeFileSync(gsm8k, `${JSON.stringify({ question: "What is 2 + 2?", answer: "2 + 2 = 4\n#### 4" })}\n`);
    const lossless = path.join(dir, "demo.jsonl");
    expect((await pns(["export", DEMO, "--format", "jsonl", "-o", lossless])).code).toBe(0);
    const math = path.join(dir, "math.jsonl");
    writeFileSync(
      math,
      `${JSON.stringify({ problem: "What is 2 + 2?", solution: "It is $\\boxed{4}$." })}\n`,
    );
    const trl = path.join(dir, "trl.jsonl");
    writeFileSync(
      trl,
      `${JSON.stringify({ prompt: "What is 2 + 2?", chosen: "$\\boxed{4}$", rejected: "$\\boxed{5}$" })}\n`,
    );
    const inputs: Record<string, string> = { auto: gsm8k, gsm8k, math, trl, "pns-jsonl": lossless };
    for (const shape of IMPORT_SHAPES) {
      const input = inputs[shape];
      const out = path.join(dir, `${shape}.pns`);
      const result = await pns(importArgs(input, shape, out));
      expect(result.code, `${shape}: ${result.stderr}`).toBe(0);
      expect(readFileSync(out, "utf8")).toMatch(/^@pns 1\n/);
    }
  });
});
