/**
 * Workspace symbols: every problem id in the `.pns` files of the workspace folders. Files on disk
 * are found by a bounded walk (at most `pns.workspaceSymbols.maxFiles` files, no dot folders or
 * node_modules) and indexed by a line scan for `@problem <id>` (cached by size and mtime); open
 * documents are taken from memory, so unsaved edits count.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SymbolKind, type CancellationToken, type WorkspaceSymbol } from "vscode-languageserver";
import type { ServerContext } from "./context";
import { toLspRange } from "./ranges";

interface IndexedFile {
  key: string;
  ids: { id: string; line: number; character: number }[];
}

const SKIP_DIRS = new Set(["node_modules", "dist", "out", "__pycache__"]);
const MAX_RESULTS = 1000;
const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** `@problem <id>` lines: a line scan, the format makes problem starts line-local. */
export function scanIds(text: string): IndexedFile["ids"] {
  const ids: IndexedFile["ids"] = [];
  const re = /^@problem[ \t]+([^\s]+)/gm;
  let line = 0;
  let lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    for (let at = text.indexOf("\n", lastIndex); at !== -1 && at < m.index; at = text.indexOf("\n", at + 1))
      line++;
    lastIndex = m.index;
    ids.push({ id: m[1], line, character: m[0].length - m[1].length });
  }
  return ids;
}

async function* walk(
  dir: string,
  budget: { files: number },
  token: CancellationToken,
): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (budget.files <= 0 || token.isCancellationRequested) return;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith(".") && !SKIP_DIRS.has(entry.name)) yield* walk(full, budget, token);
    } else if (entry.isFile() && entry.name.endsWith(".pns")) {
      budget.files--;
      yield full;
    }
  }
}

export class WorkspaceIndex {
  private readonly files = new Map<string, IndexedFile>();

  async file(file: string): Promise<IndexedFile["ids"]> {
    const info = await stat(file);
    if (info.size > MAX_FILE_BYTES) return [];
    const key = `${info.size}:${info.mtimeMs}`;
    const cached = this.files.get(file);
    if (cached?.key === key) return cached.ids;
    const ids = scanIds(await readFile(file, "utf8"));
    this.files.set(file, { key, ids });
    return ids;
  }
}

function matches(query: string, id: string): boolean {
  if (!query) return true;
  const q = query.toLowerCase();
  const s = id.toLowerCase();
  let at = 0;
  for (const c of q) {
    at = s.indexOf(c, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}

export function registerWorkspaceSymbols(ctx: ServerContext): void {
  const index = new WorkspaceIndex();
  ctx.connection.onWorkspaceSymbol(async (params, token) => {
    const results: WorkspaceSymbol[] = [];
    const seen = new Set<string>();
    for (const document of ctx.documents.all()) {
      seen.add(document.uri);
      for (let i = 0; i < document.segments.length && results.length < MAX_RESULTS; i++) {
        // The ids are known without a tree for most segments of a big file: parse only matches.
        if (!document.problemIds(i).some((id) => id && matches(params.query, id))) continue;
        for (const problem of document.parsed(i).problems) {
          if (problem.id && matches(params.query, problem.id)) {
            results.push({
              name: problem.id,
              kind: SymbolKind.Module,
              location: {
                uri: document.uri,
                range: toLspRange(problem.idRange, document.segments[i].startLine),
              },
            });
          }
        }
      }
    }
    const settings = ctx.workspaceFolders[0] ? await ctx.settings.get(ctx.workspaceFolders[0]) : undefined;
    const budget = { files: settings?.editor.workspaceSymbolsMaxFiles ?? 2000 };
    for (const folder of ctx.workspaceFolders) {
      if (!folder.startsWith("file:")) continue;
      for await (const file of walk(fileURLToPath(folder), budget, token)) {
        if (results.length >= MAX_RESULTS || token.isCancellationRequested) return results;
        const uri = pathToFileURL(file).toString();
        if (seen.has(uri)) continue;
        let ids: IndexedFile["ids"];
        try {
          ids = await index.file(file);
        } catch {
          continue;
        }
        for (const { id, line, character } of ids) {
          if (!matches(params.query, id)) continue;
          const start = { line, character };
          results.push({
            name: id,
            kind: SymbolKind.Module,
            containerName: path.basename(file),
            location: { uri, range: { start, end: { line, character: character + id.length } } },
          });
        }
      }
    }
    return results;
  });
}
