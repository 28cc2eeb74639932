// Compares two golden captures of bench/golden.mjs and says what differs, grouped so that a
// deliberate change shows as one line with its count instead of thousands of diff hunks: each
// difference is named by its JSON path with indices folded (`lsp.hovers[].hover.contents.value`)
// and, inside text, by the table cell or line that changed (`| answer |` -> `| answer (inverted) |`).
// Exit code 1 when anything differs, 0 when the captures are identical.
//
//   node bench/goldenCompare.mjs <before-dir> <after-dir>
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const [before, after] = process.argv.slice(2);
if (!before || !after) throw new Error("usage: node bench/goldenCompare.mjs <before-dir> <after-dir>");

/** @type {Map<string, { count: number, files: Set<string>, example: string }>} */
const groups = new Map();
function note(file, key, example) {
  const group = groups.get(key) ?? { count: 0, files: new Set(), example };
  group.count++;
  group.files.add(file);
  groups.set(key, group);
}

const short = (text) => (text.length <= 60 ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, 57))}…`);

/** Two long texts from a little before where they first differ. */
function aroundFirstDifference(was, is) {
  let at = 0;
  while (at < was.length && was[at] === is[at]) at++;
  const from = Math.max(0, at - 20);
  const cut = (text) => `${from > 0 ? "…" : ""}${short(text.slice(from))}`;
  return `${cut(was)} -> ${cut(is)}`;
}

/** Two texts: the lines (and, in Markdown tables, the cells) that differ. */
function compareText(file, where, was, is) {
  const wasLines = was.split("\n");
  const isLines = is.split("\n");
  if (wasLines.length !== isLines.length) {
    note(file, `${where}: ${wasLines.length} lines -> ${isLines.length}`, `${short(was)} -> ${short(is)}`);
    return;
  }
  wasLines.forEach((line, i) => {
    if (line === isLines[i]) return;
    const wasCells = line.split(" | ");
    const isCells = isLines[i].split(" | ");
    if (wasCells.length !== isCells.length) {
      note(file, `${where}: a line`, `${short(line)} -> ${short(isLines[i])}`);
      return;
    }
    wasCells.forEach((cell, k) => {
      if (cell === isCells[k]) return;
      const label =
        cell.length <= 40 && isCells[k].length <= 40 ? `${short(cell)} -> ${short(isCells[k])}` : "text";
      note(file, `${where}: cell ${k} ${label}`, aroundFirstDifference(cell, isCells[k]));
    });
  });
}

/** What an added or removed item is: its code and message when it has them (a finding). */
function summary(item) {
  if (item && typeof item === "object" && ("code" in item || "message" in item)) {
    const line = item.range?.start?.line ?? item.line;
    return `${item.code ?? ""} ${short(String(item.message ?? ""))}${line === undefined ? "" : ` (line ${line})`}`;
  }
  return short(JSON.stringify(item) ?? "");
}

/**
 * The longest common subsequence of two arrays, by each item's JSON text: the items only one side
 * has, and the rest paired in order (a pair left between two removals may still differ inside).
 */
function align(was, is) {
  const a = was.map((x) => JSON.stringify(x));
  const b = is.map((x) => JSON.stringify(x));
  const lengths = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i][j] =
        a[i] === b[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  const removed = [];
  const added = [];
  const pairs = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
    } else if (lengths[i + 1][j] >= lengths[i][j + 1]) removed.push(was[i++]);
    else added.push(is[j++]);
  }
  removed.push(...was.slice(i));
  added.push(...is.slice(j));
  return { removed, added, pairs };
}

function compare(file, where, was, is) {
  if (typeof was === "string" && typeof is === "string") {
    if (was !== is) compareText(file, where, was, is);
    return;
  }
  const kind = (value) => (Array.isArray(value) ? "array" : value === null ? "null" : typeof value);
  if (kind(was) !== kind(is)) {
    note(
      file,
      `${where}: ${kind(was)} -> ${kind(is)}`,
      `${short(JSON.stringify(was) ?? "")} -> ${short(JSON.stringify(is) ?? "")}`,
    );
    return;
  }
  if (Array.isArray(was)) {
    if (was.length === is.length) {
      for (let i = 0; i < was.length; i++) compare(file, `${where}[]`, was[i], is[i]);
      return;
    }
    // Items added or removed: aligned by their whole text, so one new finding shows as one added
    // item, not as every later item shifted by one.
    const { removed, added, pairs } = align(was, is);
    for (const item of removed) note(file, `${where}[]: removed ${summary(item)}`, "");
    for (const item of added) note(file, `${where}[]: added ${summary(item)}`, "");
    for (const [a, b] of pairs) compare(file, `${where}[]`, a, b);
    return;
  }
  if (was !== null && typeof was === "object") {
    for (const key of new Set([...Object.keys(was), ...Object.keys(is)])) {
      compare(file, where ? `${where}.${key}` : key, was[key], is[key]);
    }
    return;
  }
  if (was !== is) note(file, `${where}: ${short(String(was))} -> ${short(String(is))}`, "");
}

const names = new Set(
  [...readdirSync(before), ...readdirSync(after)].filter((name) => name.endsWith(".json")),
);
for (const name of [...names].sort()) {
  const wasFile = path.join(before, name);
  const isFile = path.join(after, name);
  if (!existsSync(wasFile) || !existsSync(isFile)) {
    note(name, existsSync(wasFile) ? "file only before" : "file only after", name);
    continue;
  }
  compare(name, "", JSON.parse(readFileSync(wasFile, "utf8")), JSON.parse(readFileSync(isFile, "utf8")));
}

console.log(`${names.size} capture files compared`);
if (groups.size === 0) {
  console.log("identical");
} else {
  for (const [key, group] of [...groups].sort((a, b) => b[1].count - a[1].count)) {
    const files = group.files.size <= 3 ? [...group.files].join(", ") : `${group.files.size} files`;
    console.log(`${String(group.count).padStart(6)}  ${key}  (${files})`);
    if (group.example && !key.includes(group.example)) console.log(`        e.g. ${group.example}`);
  }
}
process.exitCode = groups.size === 0 ? 0 : 1;
