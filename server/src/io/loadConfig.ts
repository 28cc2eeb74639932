import { promises as fs } from "node:fs";
import * as path from "node:path";
import { findNodeAtLocation, type Node, parseTree, type ParseError, printParseErrorCode } from "jsonc-parser";
import { defaultSettings, formatJsonPath, type PnsSettings, validateSettings } from "../core/config/index";

export const CONFIG_FILE_NAME = "pns.config.json";

/** A configuration problem at a place in the file (1-based line and column, as editors print them). */
export interface LocatedConfigIssue {
  file: string;
  line: number;
  column: number;
  severity: "error" | "warning";
  message: string;
  /** JSON path of the offending value (`weights.format`), empty for syntax errors. */
  jsonPath: string;
}

export interface LoadedConfig {
  /** The config file read, or undefined when none was found (defaults apply). */
  file: string | undefined;
  settings: PnsSettings;
  issues: LocatedConfigIssue[];
}

/** `pns.config.json:3:14: error: weights.format: expected a number, got a string`. */
export function formatConfigIssue(issue: LocatedConfigIssue): string {
  const where = issue.jsonPath ? `${issue.jsonPath}: ` : "";
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.severity}: ${where}${issue.message}`;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The node a path points at; for a key that is unknown or missing, the nearest existing node. */
function locate(root: Node, jsonPath: (string | number)[], atKey: boolean): number {
  for (let n = jsonPath.length; n >= 0; n--) {
    const node = findNodeAtLocation(root, jsonPath.slice(0, n));
    if (!node) continue;
    // Unknown keys point at the key (what the user mistyped); bad values at the value.
    const keyNode = node.parent?.type === "property" ? node.parent.children?.[0] : undefined;
    return atKey && n === jsonPath.length && keyNode ? keyNode.offset : node.offset;
  }
  return 0;
}

/**
 * Parses and validates configuration text (strict JSON, as the schema's `jsonValidation` expects).
 * Syntax errors leave the defaults in place and are reported at their line:col.
 */
export function parseConfigText(text: string, file: string): LoadedConfig {
  const errors: ParseError[] = [];
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const root = parseTree(source, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length > 0 || !root) {
    const issues = errors.map((e): LocatedConfigIssue => ({
      file,
      ...lineColumn(source, e.offset),
      severity: "error",
      message: `invalid JSON: ${printParseErrorCode(e.error)}`,
      jsonPath: "",
    }));
    if (issues.length === 0) {
      issues.push({ file, line: 1, column: 1, severity: "error", message: "empty file", jsonPath: "" });
    }
    return { file, settings: defaultSettings(), issues };
  }
  const { settings, issues } = validateSettings(JSON.parse(source) as unknown);
  return {
    file,
    settings,
    issues: issues.map((issue) => ({
      file,
      ...lineColumn(source, locate(root, issue.path, issue.atKey === true)),
      severity: issue.severity,
      message: issue.message,
      jsonPath: formatJsonPath(issue.path),
    })),
  };
}

/** Walks up from `start` (a file or a directory) to the file system root looking for pns.config.json. */
export async function findConfigFile(start: string): Promise<string | undefined> {
  let dir = path.resolve(start);
  try {
    if (!(await fs.stat(dir)).isDirectory()) dir = path.dirname(dir);
  } catch {
    dir = path.dirname(dir);
  }
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    try {
      if ((await fs.stat(candidate)).isFile()) return candidate;
    } catch {
      // not here: keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads and validates one config file; an unreadable file is an issue, never a throw. */
export async function loadConfigFile(file: string): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      file,
      settings: defaultSettings(),
      issues: [
        { file, line: 1, column: 1, severity: "error", message: `cannot read: ${message}`, jsonPath: "" },
      ],
    };
  }
  return parseConfigText(text, file);
}

/** The configuration that applies to `target` (a .pns file or a directory): defaults when none is found. */
export async function loadConfigFor(target: string): Promise<LoadedConfig> {
  const file = await findConfigFile(target);
  return file ? loadConfigFile(file) : { file: undefined, settings: defaultSettings(), issues: [] };
}
