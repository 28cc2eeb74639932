// Static checks on syntaxes/pns.tmLanguage.json. vscode-textmate compiles a regex only when a
// rule is first reached, so a typo in a rarely used rule would pass the snapshots; here every
// regex is compiled up front, every include must resolve and every repository rule must be used.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { OnigScanner } from "vscode-oniguruma";
import { grammarPath, loadPnsGrammar } from "./harness";

interface Rule {
  name?: string;
  contentName?: string;
  match?: string;
  begin?: string;
  end?: string;
  while?: string;
  include?: string;
  patterns?: Rule[];
  captures?: Record<string, Rule>;
  beginCaptures?: Record<string, Rule>;
  endCaptures?: Record<string, Rule>;
}

interface Grammar extends Rule {
  scopeName: string;
  repository: Record<string, Rule>;
}

const grammar = JSON.parse(readFileSync(grammarPath, "utf8")) as Grammar;

/** Other grammars we include: coloured when the editor has them, harmless when it does not. */
const externalGrammars = ["source.python"];

/** Every rule object in the grammar with a readable path to it, for failure messages. */
function* walk(rule: Rule, where: string): Generator<[string, Rule]> {
  yield [where, rule];
  for (const [index, child] of (rule.patterns ?? []).entries())
    yield* walk(child, `${where}.patterns[${index}]`);
  for (const key of ["captures", "beginCaptures", "endCaptures"] as const) {
    for (const [group, child] of Object.entries(rule[key] ?? {}))
      yield* walk(child, `${where}.${key}[${group}]`);
  }
}

const rules = [
  ...walk({ patterns: grammar.patterns }, "patterns"),
  ...Object.entries(grammar.repository).flatMap(([name, rule]) => [...walk(rule, `repository.${name}`)]),
];

describe("grammar structure", () => {
  beforeAll(async () => {
    await loadPnsGrammar(); // loads the Oniguruma WASM the scanners below need
  });

  it("has the scope name package.json contributes", () => {
    expect(grammar.scopeName).toBe("source.pns");
  });

  it("compiles every regex with Oniguruma", () => {
    const failures: string[] = [];
    for (const [where, rule] of rules) {
      for (const key of ["match", "begin", "end", "while"] as const) {
        const source = rule[key];
        if (source === undefined) continue;
        // End patterns may refer to begin captures (\1); vscode-textmate substitutes the captured
        // text before compiling, so stand in a literal for the check.
        const pattern = key === "end" || key === "while" ? source.replace(/\\([0-9]+)/g, "x") : source;
        try {
          new OnigScanner([pattern]);
        } catch (error) {
          failures.push(`${where}.${key}: ${String(error)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("resolves every include and uses every repository rule", () => {
    const used = new Set<string>();
    const missing: string[] = [];
    for (const [where, rule] of rules) {
      if (!rule.include) continue;
      if (externalGrammars.includes(rule.include)) continue;
      expect(rule.include, where).toMatch(/^#/);
      const name = rule.include.slice(1);
      used.add(name);
      if (!(name in grammar.repository)) missing.push(`${where}: ${rule.include}`);
    }
    expect(missing).toEqual([]);
    expect(Object.keys(grammar.repository).filter((name) => !used.has(name))).toEqual([]);
  });

  it("ends every scope name with .pns so themes and tests can tell ours apart", () => {
    const names = rules.flatMap(([where, rule]) =>
      [rule.name, rule.contentName]
        .filter((name): name is string => name !== undefined)
        .flatMap((name) => name.split(" ").map((scope) => [where, scope] as const)),
    );
    expect(names.length).toBeGreaterThan(50);
    expect(
      names.filter(([, scope]) => !scope.endsWith(".pns")).map(([where, scope]) => `${where}: ${scope}`),
    ).toEqual([]);
  });

  it("ends every multi-line region at a known directive line", () => {
    const directive = "@(?:problem|answer|positive|negative)(?:\\s|$)";
    const regions = rules.filter(([, rule]) => rule.begin !== undefined);
    expect(regions.length).toBeGreaterThan(5);
    for (const [where, rule] of regions) {
      // begin/end regions end on a lookahead at the directive; begin/while regions stop before it.
      if (rule.while !== undefined) expect(rule.while, where).toContain(`(?!${directive})`);
      else expect(rule.end, where).toContain(`^(?=${directive})`);
    }
  });

  it("is a file path package.json contributes", () => {
    const manifest = JSON.parse(readFileSync(path.resolve(grammarPath, "../../package.json"), "utf8")) as {
      contributes: { grammars: { scopeName: string; path: string; language: string }[] };
    };
    const entry = manifest.contributes.grammars.find((g) => g.scopeName === "source.pns");
    expect(entry).toMatchObject({ language: "pns" });
    expect(path.resolve(grammarPath, "../..", entry!.path)).toBe(grammarPath);
  });
});
