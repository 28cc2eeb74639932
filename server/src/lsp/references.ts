/**
 * Problem ids as symbols: go to definition from a metadata value that names a problem (e.g.
 * `dup_of=gsm8k-0001`), find references of an id (its definition and every metadata value equal to
 * it), and rename an id everywhere in the document. New names are checked by the core parser.
 */
import {
  ResponseError,
  type Location,
  type Position,
  type Range as LspRange,
  type WorkspaceEdit,
} from "vscode-languageserver";
import { ID_PATTERN } from "../core/format/index";
import type { ServerContext } from "./context";
import type { PnsDocument } from "./document/pnsDocument";
import { rangeContains, toLspRange } from "./ranges";

interface IdAt {
  id: string;
  range: LspRange;
}

/** The problem id under the cursor: on a `@problem` line's id, or a metadata value. */
export function idAt(document: PnsDocument, position: Position): IdAt | undefined {
  const at = document.problemAtLine(position.line);
  if (!at) return undefined;
  const base = at.segment.startLine;
  const { problem } = at;
  if (problem.id && rangeContains(problem.idRange, base, position)) {
    return { id: problem.id, range: toLspRange(problem.idRange, base) };
  }
  const metas = [problem.meta, ...problem.samples.map((s) => s.meta)];
  for (const meta of metas) {
    for (const m of meta) {
      if (rangeContains(m.valueRange, base, position))
        return { id: m.value, range: toLspRange(m.valueRange, base) };
    }
  }
  return undefined;
}

/** Every place the id occurs: the definition first, then metadata values equal to it. */
export function occurrences(document: PnsDocument, id: string): { definition?: LspRange; uses: LspRange[] } {
  let definition: LspRange | undefined;
  const uses: LspRange[] = [];
  for (let i = 0; i < document.segments.length; i++) {
    const base = document.segments[i].startLine;
    for (const problem of document.parsed(i).problems) {
      if (problem.id === id && !definition) definition = toLspRange(problem.idRange, base);
      for (const meta of [problem.meta, ...problem.samples.map((s) => s.meta)]) {
        for (const m of meta) if (m.value === id) uses.push(toLspRange(m.valueRange, base));
      }
    }
  }
  return { definition, uses };
}

function isValidId(name: string): boolean {
  return ID_PATTERN.test(name);
}

export function registerReferences(ctx: ServerContext): void {
  const { connection, documents } = ctx;
  connection.onDefinition((params): Location[] | null => {
    const document = documents.get(params.textDocument.uri);
    const at = document && idAt(document, params.position);
    if (!document || !at) return null;
    const found = document.findProblem(at.id);
    if (!found) return null;
    return [{ uri: document.uri, range: toLspRange(found.problem.idRange, found.segment.startLine) }];
  });

  connection.onReferences((params): Location[] | null => {
    const document = documents.get(params.textDocument.uri);
    const at = document && idAt(document, params.position);
    if (!document || !at) return null;
    const { definition, uses } = occurrences(document, at.id);
    if (!definition) return null;
    const ranges = params.context.includeDeclaration ? [definition, ...uses] : uses;
    return ranges.map((range) => ({ uri: document.uri, range }));
  });

  connection.onPrepareRename((params) => {
    const document = documents.get(params.textDocument.uri);
    const at = document && idAt(document, params.position);
    if (!document || !at || !document.findProblem(at.id)) return null;
    return { range: at.range, placeholder: at.id };
  });

  connection.onRenameRequest((params): WorkspaceEdit | null => {
    const document = documents.get(params.textDocument.uri);
    const at = document && idAt(document, params.position);
    if (!document || !at) return null;
    if (!isValidId(params.newName)) {
      throw new ResponseError(
        -32602,
        `'${params.newName}' is not a valid problem id (letters, digits and _ . : / -, starting with a letter or digit)`,
      );
    }
    if (params.newName !== at.id && document.findProblem(params.newName)) {
      throw new ResponseError(-32602, `a problem with id '${params.newName}' already exists`);
    }
    const { definition, uses } = occurrences(document, at.id);
    if (!definition) return null;
    const edits = [definition, ...uses].map((range) => ({ range, newText: params.newName }));
    return { changes: { [document.uri]: edits } };
  });
}
