// The core's one box finder: `\boxed{…}`, `\boxed x` and `\fbox{…}`, brace-matched. The grader's
// extraction, the format rules and import all read boxes through it, so they cannot disagree
// about which box is the answer or what it holds.
import { matchBrace } from "./groups";

/** One box. Offsets index the scanned text. */
export interface LatexBox {
  /** Offset of the `\` of the command. */
  start: number;
  /** Offset just past the closing `}` (or the unbraced argument); the scan's end when unclosed. */
  end: number;
  /** The box's content is `text.slice(contentStart, contentEnd)`. */
  contentStart: number;
  contentEnd: number;
  /** False when the braces never close within the scan (the text ends inside the box). */
  closed: boolean;
}

export interface BoxScanOptions {
  /** Scan `text[from, to)`; defaults to the whole text. */
  from?: number;
  to?: number;
  /**
   * Longest content looked at: a box whose `}` is further away counts as unclosed. Bounds the
   * work per box (a hundred thousand unclosed `\boxed{` stay linear).
   */
  maxContent?: number;
  /**
   * What an unclosed box does to the rest of the scan. "stop": it is reported and the scan ends,
   * since everything after it is inside it (the format rules). "skip": it is dropped and the scan
   * goes on after its `{`, so a box inside a truncated one can still be the answer (extraction).
   */
  unclosed?: "stop" | "skip";
  /**
   * Only the last `last` box commands are matched (from the right): enough for any real list of
   * boxes, few enough that a response of a hundred thousand box commands costs one regex pass.
   * Implies "skip" for unclosed boxes.
   */
  last?: number;
}

/**
 * A box command (not the start of a longer name such as `\boxedtext`) and up to 34 spaces before
 * its argument. `test` and `lastIndex` find it without allocating a match per box.
 */
const BOX_COMMAND = /\\(?:boxed(?![a-zA-Z])\s{0,34}|fbox(?![a-zA-Z])\s{0,35})/g;
/** The argument of `\boxed 5`: the next token, up to a space, a math delimiter or a `}`. */
const BARE_ARGUMENT = /[^\s$}]{1,200}/y;

/**
 * Every box in reading order. A box nested in a closed box is part of its content, not a box of
 * its own (`\boxed{\boxed{5}}` is one box). Linear in the text length for any options.
 */
export function findBoxes(text: string, options: BoxScanOptions = {}): LatexBox[] {
  const from = options.from ?? 0;
  const to = Math.min(options.to ?? text.length, text.length);
  const maxContent = options.maxContent ?? Infinity;
  if (options.last !== undefined) return lastBoxes(text, from, to, maxContent, options.last);
  const stop = (options.unclosed ?? "stop") === "stop";
  const boxes: LatexBox[] = [];
  BOX_COMMAND.lastIndex = from;
  while (BOX_COMMAND.test(text)) {
    const at = BOX_COMMAND.lastIndex;
    const start = text.lastIndexOf("\\", at - 1);
    if (start >= to) break;
    if (text.charCodeAt(at) === 123 /* { */) {
      const limit = Math.min(to, maxContent === Infinity ? to : at + maxContent + 2);
      const close = matchBrace(text, at, limit);
      if (close >= 0) {
        boxes.push({ start, end: close + 1, contentStart: at + 1, contentEnd: close, closed: true });
        BOX_COMMAND.lastIndex = close + 1;
      } else if (stop) {
        boxes.push({ start, end: to, contentStart: at + 1, contentEnd: to, closed: false });
        break;
      } else {
        BOX_COMMAND.lastIndex = at + 1;
      }
    } else {
      const box = bareBox(text, start, at, to);
      if (box) {
        boxes.push(box);
        BOX_COMMAND.lastIndex = box.end;
      }
    }
  }
  return boxes;
}

/** `\boxed 5`: the argument is the next token. */
function bareBox(text: string, start: number, at: number, to: number): LatexBox | null {
  BARE_ARGUMENT.lastIndex = at;
  if (at >= to || !BARE_ARGUMENT.test(text)) return null;
  const end = Math.min(BARE_ARGUMENT.lastIndex, to);
  return { start, end, contentStart: at, contentEnd: end, closed: true };
}

/**
 * The boxes among the last `count` box commands, in reading order; unclosed ones are dropped, and
 * a box inside a later-matched enclosing box is part of its content.
 */
function lastBoxes(text: string, from: number, to: number, maxContent: number, count: number): LatexBox[] {
  const args: number[] = [];
  BOX_COMMAND.lastIndex = from;
  while (BOX_COMMAND.test(text)) {
    const at = BOX_COMMAND.lastIndex;
    if (text.lastIndexOf("\\", at - 1) >= to) break;
    args.push(at);
    if (args.length > count) args.shift();
  }
  const boxes: LatexBox[] = [];
  for (let k = args.length - 1; k >= 0; k--) {
    const at = args[k];
    const start = text.lastIndexOf("\\", at - 1);
    let box: LatexBox | null = null;
    if (text.charCodeAt(at) === 123 /* { */) {
      const limit = Math.min(to, maxContent === Infinity ? to : at + maxContent + 2);
      const close = matchBrace(text, at, limit);
      if (close >= 0) box = { start, end: close + 1, contentStart: at + 1, contentEnd: close, closed: true };
    } else box = bareBox(text, start, at, to);
    if (!box) continue;
    // `\boxed{\boxed{5}}`: the outer box replaces the inner ones it contains.
    while (boxes.length > 0 && boxes[0].end <= box.end) boxes.shift();
    boxes.unshift(box);
  }
  return boxes;
}

/** The content of the last closed box, trimmed, or null when there is none. */
export function lastBoxContent(text: string): string | null {
  const boxes = findBoxes(text, { last: 64 });
  const last = boxes[boxes.length - 1];
  return last ? text.slice(last.contentStart, last.contentEnd).trim() : null;
}
