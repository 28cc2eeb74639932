import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pns, tempDir } from "./interopHarness";

function files(texts: Record<string, string>): { dir: string; paths: string[] } {
  const dir = tempDir();
  const paths = Object.entries(texts).map(([name, text]) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  });
  return { dir, paths };
}

const DEMO = `@pns 1
@# curated

@problem p1 source=hand level=1
What is 2 + 3?

@answer 5
@positive model=ref
2 + 3 = 5, so $\\boxed{5}$.

@negative kind=plausible
2 + 3 = 6, so $\\boxed{6}$.

@problem p2
What is 1/2 as a decimal?

@answer \\frac{1}{2}
@positive
It is $\\boxed{0.5}$.
`;

const SAMPLED = `@pns 1

@problem p1 source=sampled split=train
What is  2 + 3?

@answer 5
@positive model=tiny temperature=1.0
2 + 3 = 5, so $\\boxed{5}$.

@negative model=tiny
2 + 3 = 7, so $\\boxed{7}$.

@negative model=tiny
2 + 3 = 6,  so $\\boxed{6}$.

@problem p2
What is 1/2 as a decimal?

@answer 0.5
@negative model=tiny
It is $\\boxed{0.2}$.

@problem p3
What is 2 * 4?

@answer 8
@positive
$\\boxed{8}$
`;

describe("pns merge", () => {
  it("joins problems by id, drops duplicate samples, unions metadata, writes atomically and counts", async () => {
    const { dir, paths } = files({ "demo.pns": DEMO, "sampled.pns": SAMPLED });
    const out = path.join(dir, "merged.pns");
    const r = await pns(["merge", ...paths, "-o", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      "pns merge: 2 files, 5 problems -> 3 (2 joined), 8 samples -> 6 (2 duplicates dropped); 2 warning(s); wrote",
    );
    // source differs: the first file's value stays, a warning names both places.
    expect(r.stderr).toContain(
      `${paths[0]}:4:20: warning: problem 'p1': source=hand kept, source=sampled dropped [conflicting-meta]`,
    );
    expect(r.stderr).toContain(`${paths[1]}:3:20: note: the other side is here`);
    expect(r.stderr).toContain("a positive of problem 'p1': model=ref kept, model=tiny dropped");
    const merged = readFileSync(out, "utf8");
    expect(merged).toBe(`@pns 1
@# curated

@problem p1 source=hand level=1 split=train
What is 2 + 3?

@answer 5
@positive model=ref temperature=1.0
2 + 3 = 5, so $\\boxed{5}$.

@negative kind=plausible model=tiny
2 + 3 = 6, so $\\boxed{6}$.

@negative model=tiny
2 + 3 = 7, so $\\boxed{7}$.

@problem p2
What is 1/2 as a decimal?

@answer \\frac{1}{2}
@positive
It is $\\boxed{0.5}$.

@negative model=tiny
It is $\\boxed{0.2}$.

@problem p3
What is 2 * 4?

@answer 8
@positive
$\\boxed{8}$
`);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    // The merged file is a valid dataset: it exports.
    const exported = await pns(["export", out, "--format", "trl-dpo"]);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain("counts pairs=3");
  });

  it("refuses conflicting gold answers with both locations, writes nothing, exits 1", async () => {
    const { dir, paths } = files({
      "a.pns": DEMO,
      "b.pns": DEMO.replace("@answer 5", "@answer 6"),
    });
    const out = path.join(dir, "merged.pns");
    const r = await pns(["merge", ...paths, "-o", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${paths[0]}:7:9: error: problem 'p1' has two different gold answers: '5' and '6' [conflicting-answer]`,
    );
    expect(r.stderr).toContain(`${paths[1]}:7:9: note: the other side is here`);
    expect(r.stderr).toContain("1 conflict(s); nothing written");
    expect(existsSync(out)).toBe(false);
  });

  it("a different statement under one id is a conflict too; a text on both sides is kept with a warning", async () => {
    const { paths } = files({
      "a.pns": DEMO,
      "b.pns": DEMO.replace("What is 1/2 as a decimal?", "What is 1/4 as a decimal?"),
      "c.pns": DEMO.replace("@negative kind=plausible\n2 + 3 = 6", "@positive\n2 + 3 = 6"),
    });
    const statement = await pns(["merge", paths[0], paths[1]]);
    expect(statement.code).toBe(1);
    expect(statement.stderr).toContain(`${paths[0]}:15:1: error: problem 'p2' has a different statement`);
    const roles = await pns(["merge", paths[0], paths[2]]);
    expect(roles.code).toBe(0);
    expect(roles.stderr).toContain("[conflicting-roles]");
    expect(roles.stdout.match(/2 \+ 3 = 6/g)).toHaveLength(2);
  });

  it("refuses inputs with parse errors and needs two files", async () => {
    const { paths } = files({ "a.pns": DEMO, "bad.pns": "@pns 1\n\n@problem x\nQ\n" });
    const bad = await pns(["merge", ...paths]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.pns:3:1: error: .*\[missing-answer\]/);
    expect((await pns(["merge", paths[0]])).code).toBe(2);
  });
});
