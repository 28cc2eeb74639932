import { describe, expect, it } from "vitest";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fixtures, pns, tempDir } from "./interopHarness";

const rows = (text: string) =>
  text
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** Two positives and three negatives on one problem, one negative rejected in triage. */
const DATASET = `@pns 1

@problem frac source=hand
What is $\\frac{1}{2} + \\frac{1}{3}$?

@answer \\frac{5}{6}
@positive
P1 $\\boxed{\\frac{5}{6}}$

@positive
P2 $\\boxed{\\frac{5}{6}}$

@negative
N1 $\\boxed{\\frac{2}{5}}$

@negative status=rejected
N2 $\\boxed{1}$

@negative
N3 $\\boxed{\\frac{1}{6}}$

@negative
N4 $\\boxed{\\frac{4}{6}}$

@problem lonely
No negatives here.

@answer 1
@positive
1
`;

function dataset(text = DATASET): string {
  const file = path.join(tempDir(), "data.pns");
  writeFileSync(file, text);
  return file;
}

/** The default template's instruction (docs/interop.md): steps and a boxed final answer. */
const INSTRUCTION = "Please reason step by step, and put your final answer within \\boxed{}.";

const pairsOf = (stdout: string) =>
  rows(stdout).map((r) => `${String(r.chosen).slice(0, 2)}/${String(r.rejected).slice(0, 2)}`);

describe("pns export --format trl-dpo", () => {
  it("each-negative by default: one pair per usable negative, positives round-robin, id and answer columns", async () => {
    const r = await pns(["export", dataset(), "--format", "trl-dpo"]);
    expect(r.code).toBe(0);
    expect(pairsOf(r.stdout)).toEqual(["P1/N1", "P2/N3", "P1/N4"]);
    expect(rows(r.stdout)[0]).toEqual({
      prompt: `What is $\\frac{1}{2} + \\frac{1}{3}$?\n\n${INSTRUCTION}\n`,
      chosen: "P1 $\\boxed{\\frac{5}{6}}$",
      rejected: "N1 $\\boxed{\\frac{2}{5}}$",
      id: "frac",
      answer: "\\frac{5}{6}",
    });
    expect(r.stderr).toContain(
      "wrote 3 pairs (each-negative) from 1 problem; 1 problem without a positive and a negative, 1 sample with status=rejected left out",
    );
  });

  it("all-pairs: every positive with every usable negative", async () => {
    const r = await pns(["export", dataset(), "--format", "trl-dpo", "--pairing", "all-pairs"]);
    expect(pairsOf(r.stdout)).toEqual(["P1/N1", "P2/N1", "P1/N3", "P2/N3", "P1/N4", "P2/N4"]);
  });

  it("--max-pairs-per-problem caps pairs and implies per-problem-cap", async () => {
    const r = await pns(["export", dataset(), "--format", "trl-dpo", "--max-pairs-per-problem", "4"]);
    expect(r.code).toBe(0);
    expect(pairsOf(r.stdout)).toEqual(["P1/N1", "P2/N3", "P1/N4", "P2/N1"]);
    expect(r.stderr).toContain("(per-problem-cap)");
    const two = await pns([
      "export",
      dataset(),
      "--format",
      "trl-dpo",
      "--pairing",
      "per-problem-cap",
      "--max-pairs-per-problem",
      "2",
    ]);
    expect(pairsOf(two.stdout)).toEqual(["P1/N1", "P2/N3"]);
  });

  it("--seed shuffles reproducibly", async () => {
    const file = dataset();
    const runs = await Promise.all(
      ["1", "1", "2", "3", "4"].map((seed) =>
        pns(["export", file, "--format", "trl-dpo", "--pairing", "per-problem-cap", "--seed", seed]),
      ),
    );
    expect(runs[0].stdout).toBe(runs[1].stdout);
    expect(new Set(runs.map((r) => r.stdout)).size).toBeGreaterThan(1);
    for (const r of runs) expect(rows(r.stdout)).toHaveLength(4);
  });

  it("--conversational writes message lists; --system-prompt adds a system turn", async () => {
    const r = await pns([
      "export",
      dataset(),
      "--format",
      "trl-dpo",
      "--conversational",
      "--system-prompt",
      "Think step by step.",
    ]);
    const [first] = rows(r.stdout);
    expect(first.prompt).toEqual([
      { role: "system", content: "Think step by step." },
      { role: "user", content: `What is $\\frac{1}{2} + \\frac{1}{3}$?\n\n${INSTRUCTION}` },
    ]);
    expect(first.chosen).toEqual([{ role: "assistant", content: "P1 $\\boxed{\\frac{5}{6}}$" }]);
    expect(first.rejected).toEqual([{ role: "assistant", content: "N1 $\\boxed{\\frac{2}{5}}$" }]);
  });

  it("--prompt-template-file puts the statement where {problem} is; plain prompts end in a separator", async () => {
    const template = path.join(tempDir(), "prompt.txt");
    writeFileSync(template, "Solve and put the answer in \\boxed{}.\n\n{problem}\n");
    const r = await pns(["export", dataset(), "--format", "trl-dpo", "--prompt-template-file", template]);
    expect(rows(r.stdout)[0].prompt).toBe(
      "Solve and put the answer in \\boxed{}.\n\nWhat is $\\frac{1}{2} + \\frac{1}{3}$?\n",
    );
  });

  it("--prompt-template and --system-prompt give the plain prompt: system, blank line, template, separator", async () => {
    const r = await pns([
      "export",
      dataset(),
      "--format",
      "grpo",
      "--prompt-template",
      "Problem: {problem}",
      "--system-prompt",
      "You are careful.",
    ]);
    expect(r.code).toBe(0);
    expect(rows(r.stdout)[1].prompt).toBe("You are careful.\n\nProblem: No negatives here.\n");
    const trailing = await pns([
      "export",
      dataset(),
      "--format",
      "grpo",
      "--prompt-template",
      "Q: {problem}\nA: ",
    ]);
    expect(rows(trailing.stdout)[1].prompt).toBe("Q: No negatives here.\nA: ");
  });

  it("exits 1 when no problem gives a pair", async () => {
    const r = await pns([
      "export",
      dataset("@pns 1\n\n@problem a\nQ\n\n@answer 1\n@positive\n1\n"),
      "--format",
      "trl-dpo",
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("no pairs");
  });
});

describe("pns export --format grpo and jsonl", () => {
  it("grpo writes {prompt, answer, id} per problem", async () => {
    const r = await pns(["export", dataset(), "--format", "grpo"]);
    expect(r.code).toBe(0);
    expect(rows(r.stdout)).toEqual([
      {
        prompt: `What is $\\frac{1}{2} + \\frac{1}{3}$?\n\n${INSTRUCTION}\n`,
        answer: "\\frac{5}{6}",
        id: "frac",
      },
      { prompt: `No negatives here.\n\n${INSTRUCTION}\n`, answer: "1", id: "lonely" },
    ]);
  });

  it("grpo --conversational writes a user message", async () => {
    const r = await pns(["export", dataset(), "--format", "grpo", "--conversational"]);
    expect(rows(r.stdout)[1].prompt).toEqual([
      { role: "user", content: `No negatives here.\n\n${INSTRUCTION}` },
    ]);
  });

  it("jsonl keeps every sample, rejected ones included, with metadata as strings", async () => {
    const r = await pns(["export", dataset(), "--format", "jsonl"]);
    const [frac] = rows(r.stdout);
    expect(frac).toMatchObject({ id: "frac", answer: "\\frac{5}{6}", meta: { source: "hand" } });
    expect((frac.samples as unknown[]).length).toBe(6);
    expect((frac.samples as { meta: object }[])[3].meta).toEqual({ status: "rejected" });
  });

  it("-o writes the file (atomically, no temp file left) and - means stdout", async () => {
    const dir = tempDir();
    const out = path.join(dir, "pairs.jsonl");
    const r = await pns(["export", dataset(), "--format", "trl-dpo", "-o", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(rows(readFileSync(out, "utf8"))).toHaveLength(3);
    expect(readdirSync(dir)).toEqual(["pairs.jsonl"]);
    const dash = await pns(["export", dataset(), "--format", "grpo", "-o", "-"]);
    expect(rows(dash.stdout)).toHaveLength(2);
  });
});

describe("pns export: refusals", () => {
  it("refuses a file with parse errors, printing each as file:line:col", async () => {
    const file = dataset("@pns 1\n\n@problem a\nQ\n\n@positive\nx\n\n@problem a\nQ2\n\n@answer 2\n");
    const out = path.join(tempDir(), "out.jsonl");
    const r = await pns(["export", file, "--format", "jsonl", "-o", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:3:1: error: .*\\[missing-answer\\]`),
    );
    expect(r.stderr).toMatch(/:9:\d+: error: .*\[duplicate-id\]/);
    expect(r.stderr).toContain("nothing exported");
    expect(existsSync(out)).toBe(false);
  });

  it("exits 2 for a missing file", async () => {
    const r = await pns(["export", path.join(tempDir(), "nope.pns"), "--format", "jsonl"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("ENOENT");
  });

  it.each([
    [["export", "x.pns"], "--format is required"],
    [["export", "x.pns", "--format", "csv"], "unknown --format 'csv'"],
    [
      ["export", "x.pns", "--format", "grpo", "--pairing", "all-pairs"],
      "--pairing applies to --format trl-dpo only",
    ],
    [["export", "x.pns", "--format", "trl-dpo", "--pairing", "best"], "unknown --pairing 'best'"],
    [
      ["export", "x.pns", "--format", "trl-dpo", "--system", "s", "--system-prompt", "t"],
      "older name of --system-prompt",
    ],
    [["export", "x.pns", "--format", "grpo", "--keep-ungradable"], "--keep-ungradable applies to"],
    [["export", "x.pns", "--format", "jsonl", "--system-prompt", "s"], "--system-prompt applies to"],
    [
      ["export", "x.pns", "--format", "grpo", "--prompt-template", "no placeholder"],
      "--prompt-template: the template has no {problem}",
    ],
    [
      ["export", "x.pns", "--format", "trl-dpo", "--pairing", "all-pairs", "--max-pairs-per-problem", "2"],
      "goes with --pairing per-problem-cap",
    ],
    [["export", "x.pns", "--format", "trl-dpo", "--max-pairs-per-problem", "0"], "at least 1"],
    [["export", "x.pns", "--format", "trl-dpo", "--seed", "-1"], "--seed"],
    [["export", "x.pns", "--format", "jsonl", "--conversational"], "--conversational applies to"],
    [["export", "--format", "jsonl"], "expected one .pns file"],
  ])("usage error %j exits 2", async (argv, message) => {
    const r = await pns(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it("exits 2 for a template without {problem}", async () => {
    const template = path.join(tempDir(), "t.txt");
    writeFileSync(template, "no placeholder");
    const r = await pns([
      "export",
      path.join(fixtures, "pns-with-comments.pns"),
      "--format",
      "grpo",
      "--prompt-template-file",
      template,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--prompt-template-file");
    expect(r.stderr).toContain("has no {problem} placeholder");
  });
});

describe("pns export --format trl-dpo: answers checked against the gold", () => {
  const demo = path.resolve(__dirname, "../../examples/demo.pns");

  it("leaves out negatives that are correct and positives that are wrong, and says so", async () => {
    const checked = await pns(["export", demo, "--format", "trl-dpo"]);
    expect(checked.code).toBe(0);
    expect(checked.stderr).toMatch(/\d+ samples whose answer contradicts its role left out/);
    const rows = checked.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { rejected: string; chosen: string; answer: string });
    // examples/README.md plants `4.5` for the gold \frac{9}{2} as a false negative.
    expect(rows.some((r) => r.answer === "\\frac{9}{2}" && r.rejected.includes("\\boxed{4.5}"))).toBe(false);

    const kept = await pns(["export", demo, "--format", "trl-dpo", "--keep-mislabelled"]);
    const keptRows = kept.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { rejected: string; answer: string });
    expect(keptRows.some((r) => r.answer === "\\frac{9}{2}" && r.rejected.includes("\\boxed{4.5}"))).toBe(
      true,
    );
    expect(keptRows.length).toBeGreaterThan(rows.length);
  });
});

describe("pns export --format trl-dpo: the ungradable floor", () => {
  const UNGRADABLE = `@pns 1

@problem p
What is 2 + 3?

@answer 5
@positive
2 + 3 = 5, so $\\boxed{5}$.

@negative
2 + 3 = 6, so $\\boxed{6}$.

@negative
It is somewhere around six, I think
`;

  it("leaves out samples without a gradable answer by default, keeps them with --keep-ungradable, counts both", async () => {
    const file = path.join(tempDir(), "u.pns");
    writeFileSync(file, UNGRADABLE);
    const floor = await pns(["export", file, "--format", "trl-dpo"]);
    expect(floor.code).toBe(0);
    expect(rows(floor.stdout).map((r) => r.rejected)).toEqual(["2 + 3 = 6, so $\\boxed{6}$."]);
    expect(floor.stderr).toContain("1 ungradable sample left out");
    expect(floor.stderr).toContain(
      "counts pairs=1 problems=1 unpaired_problems=0 unpaired_samples=0 rejected=0 identical=0 mislabelled=0 ungradable=1",
    );

    const kept = await pns(["export", file, "--format", "trl-dpo", "--keep-ungradable"]);
    expect(rows(kept.stdout)).toHaveLength(2);
    expect(kept.stderr).toContain("ungradable=0");
  });
});
