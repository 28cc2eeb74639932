// Loads syntaxes/pns.tmLanguage.json into vscode-textmate with the Oniguruma WASM engine, the same
// pair VS Code uses, and turns tokens into a readable dump for snapshot files.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadWASM, OnigScanner, OnigString } from "vscode-oniguruma";
import {
  INITIAL,
  parseRawGrammar,
  Registry,
  type IGrammar,
  type IRawTheme,
  type StateStack,
} from "vscode-textmate";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const grammarPath = path.join(root, "syntaxes/pns.tmLanguage.json");
export const fixturesDir = path.join(root, "test/grammar/fixtures");

export const markdownInjectionPath = path.join(root, "syntaxes/pns.markdown-injection.json");

/**
 * Grammars the registry can load: ours (the file grammar and the Markdown code-block injection),
 * and small stand-ins for the editor's Python and Markdown grammars that ours embed or inject into.
 */
const grammarFiles: Record<string, string> = {
  "source.pns": grammarPath,
  "markdown.pns.codeblock": markdownInjectionPath,
  "source.python": path.join(fixturesDir, "python-stub.tmLanguage.json"),
  "text.html.markdown": path.join(fixturesDir, "markdown-stub.tmLanguage.json"),
};

let wasmLoaded: Promise<void> | undefined;

/** The Oniguruma WASM engine can be loaded once per process; every registry shares it. */
function loadOniguruma(): Promise<void> {
  wasmLoaded ??= loadWASM(readFileSync(path.join(root, "node_modules/vscode-oniguruma/release/onig.wasm")));
  return wasmLoaded;
}

/** A registry holding the `.pns` grammar, optionally with a colour theme applied. */
export async function createRegistry(theme?: IRawTheme): Promise<Registry> {
  await loadOniguruma();
  return new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new OnigScanner(patterns),
      createOnigString: (text: string) => new OnigString(text),
    }),
    loadGrammar: (scopeName: string) => {
      const file = grammarFiles[scopeName];
      return Promise.resolve(file ? parseRawGrammar(readFileSync(file, "utf8"), file) : null);
    },
    // As package.json's injectTo does in VS Code.
    getInjections: (scopeName: string) =>
      scopeName === "text.html.markdown" ? ["markdown.pns.codeblock"] : undefined,
    ...(theme ? { theme } : {}),
  });
}

let grammarPromise: Promise<IGrammar> | undefined;

/** The `.pns` grammar, loaded once per test file. */
export function loadPnsGrammar(): Promise<IGrammar> {
  grammarPromise ??= (async () => {
    const grammar = await (await createRegistry()).loadGrammar("source.pns");
    if (!grammar) throw new Error(`cannot load ${grammarPath}`);
    return grammar;
  })();
  return grammarPromise;
}

export interface Token {
  start: number;
  end: number;
  text: string;
  scopes: string[];
}

export interface TokenizedLine {
  text: string;
  tokens: Token[];
  stoppedEarly: boolean;
}

/**
 * Tokenizes text line by line, carrying the rule stack across lines as an editor does.
 * Lines are split on `\n` only, so a CRLF file hands each line to the grammar with its `\r`:
 * VS Code strips it, but other hosts (and pasted text) may not, and the grammar must cope.
 */
export function tokenizeText(grammar: IGrammar, text: string, timeLimitMs = 0): TokenizedLine[] {
  const lines = text.split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  let state: StateStack = INITIAL;
  return lines.map((line) => {
    const result = grammar.tokenizeLine(line, state, timeLimitMs);
    state = result.ruleStack;
    const tokens = result.tokens.map((token) => ({
      start: token.startIndex,
      end: Math.min(token.endIndex, line.length),
      text: line.slice(token.startIndex, token.endIndex),
      scopes: token.scopes,
    }));
    return {
      text: line,
      tokens: tokens.filter((token) => token.end > token.start),
      stoppedEarly: result.stoppedEarly,
    };
  });
}

/** Lines longer than this are dumped as a token list instead of carets under the text. */
const caretWidth = 160;

/** `\r` and tabs would shift the carets; show them as one visible character each. */
function visible(text: string): string {
  return text.replace(/\r/g, "␍").replace(/\t/g, "→");
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (+${text.length - max} chars)`;
}

/**
 * The snapshot format: each source line prefixed by `>`, then one row per token with carets under
 * the characters it covers and its scopes (the root `source.pns` is left out as it is on every token).
 */
export function dumpTokens(lines: TokenizedLine[]): string {
  const out: string[] = [];
  for (const line of lines) {
    out.push(`>${clip(visible(line.text), caretWidth)}`);
    for (const token of line.tokens) {
      const scopes = token.scopes.filter((scope) => scope !== "source.pns").join(" ") || "(source.pns)";
      if (line.text.length <= caretWidth) {
        out.push(` ${" ".repeat(token.start)}${"^".repeat(token.end - token.start)} ${scopes}`);
      } else {
        out.push(`  [${token.start}, ${token.end}) ${JSON.stringify(clip(token.text, 40))} ${scopes}`);
      }
    }
  }
  return `${out.join("\n")}\n`;
}

/** The scopes of the token covering `column` on `line` (zero-based), for targeted assertions. */
export function scopesAt(lines: TokenizedLine[], line: number, column: number): string[] {
  const token = lines[line]?.tokens.find((t) => t.start <= column && column < t.end);
  if (!token) throw new Error(`no token at ${line + 1}:${column + 1}`);
  return token.scopes;
}

/** The scopes of the first token whose text starts at the first occurrence of `needle` on `line`. */
export function scopesOf(lines: TokenizedLine[], line: number, needle: string): string[] {
  const text = lines[line]?.text ?? "";
  const column = text.indexOf(needle);
  if (column < 0)
    throw new Error(`${JSON.stringify(needle)} not on line ${line + 1}: ${JSON.stringify(text)}`);
  return scopesAt(lines, line, column);
}

/** True when some scope in the list starts with the given prefix (TextMate selectors match by prefix). */
export const hasScope = (scopes: string[], prefix: string): boolean =>
  scopes.some((scope) => scope === prefix || scope.startsWith(`${prefix}.`));

/** One line of each directive kind, for table-driven tests. */
export const directiveLines: Record<string, string> = {
  header: "@pns 1",
  problem: "@problem p-1 source=x",
  answer: "@answer 72",
  "answer block": "@answer",
  positive: "@positive model=m",
  negative: "@negative kind=plausible",
};
