// ```pns code blocks in Markdown (docs/format.md, READMEs) are highlighted by injecting the .pns
// grammar into VS Code's Markdown grammar. The spec's own examples are the fixture: each is a
// canonical file, so every block must come out with no invalid token and its directives recognised.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { OnigScanner } from "vscode-oniguruma";
import type { IGrammar } from "vscode-textmate";
import { createRegistry, hasScope, markdownInjectionPath, scopesOf, tokenizeText } from "./harness";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const formatDoc = readFileSync(path.join(root, "docs/format.md"), "utf8");

let markdown: IGrammar;
beforeAll(async () => {
  markdown = (await (await createRegistry()).loadGrammar("text.html.markdown"))!;
});

describe("```pns blocks in Markdown", () => {
  it("is contributed to VS Code as an injection into Markdown, embedding the pns language", () => {
    const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
      contributes: {
        grammars: { scopeName: string; path: string; injectTo?: string[]; embeddedLanguages?: object }[];
      };
    };
    const entry = manifest.contributes.grammars.find((g) => g.scopeName === "markdown.pns.codeblock");
    expect(entry).toMatchObject({
      injectTo: ["text.html.markdown"],
      embeddedLanguages: { "meta.embedded.block.pns": "pns" },
    });
    expect(path.resolve(root, entry!.path)).toBe(markdownInjectionPath);
  });

  it("compiles every regex of the injection grammar", () => {
    const source = readFileSync(markdownInjectionPath, "utf8");
    const patterns = [...source.matchAll(/"(match|begin|end|while)": "((?:[^"\\]|\\.)*)"/g)].map(
      (m) => JSON.parse(`"${m[2]}"`) as string,
    );
    expect(patterns.length).toBeGreaterThanOrEqual(5);
    for (const pattern of patterns)
      expect(() => new OnigScanner([pattern.replace(/\\(\d)/g, "x")])).not.toThrow();
  });

  it("highlights every pns example of docs/format.md as .pns, with no invalid token", () => {
    const lines = tokenizeText(markdown, formatDoc);
    let inside = false;
    let blocks = 0;
    const problems: string[] = [];
    lines.forEach((line, n) => {
      if (/^```pns\s*$/.test(line.text)) {
        inside = true;
        blocks++;
        return;
      }
      if (inside && /^```\s*$/.test(line.text)) {
        inside = false;
        return;
      }
      for (const token of line.tokens) {
        const embedded = token.scopes.includes("meta.embedded.block.pns");
        if (embedded !== inside)
          problems.push(`${n + 1}: ${JSON.stringify(token.text)} embedded=${embedded}`);
        if (token.scopes.some((s) => s.startsWith("invalid.")))
          problems.push(`${n + 1}: invalid ${token.text}`);
      }
      if (inside && /^@(pns|problem|answer|positive|negative)\b/.test(line.text)) {
        if (!hasScope(line.tokens[0].scopes, "keyword.control.directive"))
          problems.push(`${n + 1}: not a directive`);
      }
    });
    expect(blocks).toBeGreaterThanOrEqual(5);
    expect(problems).toEqual([]);
  });

  it("leaves other fences and the prose around them alone", () => {
    const lines = tokenizeText(markdown, "Text @problem x\n```text\n@problem y\n```\n");
    expect(scopesOf(lines, 0, "@problem")).toEqual(["text.html.markdown"]);
    expect(scopesOf(lines, 2, "@problem")).toEqual(["text.html.markdown"]);
  });
});
