/**
 * Shared scans of a response, each one linear pass: `\boxed{}` answers, and the math/brace
 * structure (delimiters, groups, environments) that the truncation and balance rules read.
 */

/** A `\boxed{…}`, `\boxed x` or `\fbox{…}`; `content` is what is inside. */
export interface Box {
  start: number;
  end: number;
  content: string;
  /** False when the braces never close (the response ends inside the box). */
  closed: boolean;
}

const BOX = /\\(?:boxed|fbox)(?![A-Za-z])\s*/g;

/** Every box, in order, brace-matched (so `\boxed{\frac{1}{2}}` is one box). */
export function findBoxes(text: string): Box[] {
  const boxes: Box[] = [];
  BOX.lastIndex = 0;
  for (let m = BOX.exec(text); m; m = BOX.exec(text)) {
    const start = m.index;
    let i = start + m[0].length;
    if (text[i] === "{") {
      let depth = 0;
      const open = i;
      for (; i < text.length; i++) {
        const ch = text[i];
        if (ch === "\\") i++;
        else if (ch === "{") depth++;
        else if (ch === "}" && --depth === 0) break;
      }
      const closed = i < text.length;
      boxes.push({
        start,
        end: closed ? i + 1 : text.length,
        content: text.slice(open + 1, closed ? i : text.length),
        closed,
      });
      BOX.lastIndex = closed ? i + 1 : text.length;
    } else {
      // `\boxed 5`: the argument is the next token.
      const token = /^[^\s$}]+/.exec(text.slice(i, i + 200));
      if (!token) continue;
      boxes.push({ start, end: i + token[0].length, content: token[0], closed: true });
      BOX.lastIndex = i + token[0].length;
    }
  }
  return boxes;
}

/** An opened construct: a math delimiter, a brace group or a `\begin{env}`. */
export interface Opener {
  kind: "$" | "$$" | "\\(" | "\\[" | "{" | "env";
  /** Environment name for `env`. */
  name?: string;
  start: number;
  end: number;
}

export interface MathScan {
  /** Closers with no opener (`}`, `$` never, `\]`, `\end{x}` without `\begin{x}`). */
  strayClosers: { start: number; end: number; text: string }[];
  /**
   * Openers that never closed before their enclosing construct did: an inline `$` still open at a
   * paragraph break (math cannot span paragraphs), a `{` still open when its `$…$` closes.
   */
  unclosed: Opener[];
  /** What is still open when the text ends, outermost first. */
  openAtEnd: Opener[];
}

const CLOSES: Record<string, Opener["kind"]> = { "\\)": "\\(", "\\]": "\\[" };

const MAX_DEPTH = 256;
/** Most stray closers and unclosed openers kept: enough to report, bounded on hostile input. */
const MAX_REPORTS = 1000;

/**
 * One pass over the text outside fenced code blocks. `\$` is a literal dollar; a `$` followed by a
 * digit that is never closed in its paragraph is currency, not math (`costs $5.`).
 */
export function scanMath(text: string): MathScan {
  const strayClosers: MathScan["strayClosers"] = [];
  const unclosed: Opener[] = [];
  const stack: Opener[] = [];
  // Deeper nesting than any real formula is reported as unbalanced at once, which also keeps
  // every scan of the stack below O(MAX_DEPTH) on hostile input ({{{{… a million times).
  const push = (o: Opener): void => {
    if (stack.length < MAX_DEPTH) stack.push(o);
    else if (unclosed.length < MAX_REPORTS) unclosed.push(o);
  };
  const stray = (c: MathScan["strayClosers"][number]): void => {
    if (strayClosers.length < MAX_REPORTS) strayClosers.push(c);
  };
  /** Closes `stack[k]`; anything opened inside it and still open is unbalanced. */
  const popTo = (k: number): void => {
    for (let j = k + 1; j < stack.length && unclosed.length < MAX_REPORTS; j++) unclosed.push(stack[j]);
    stack.length = k;
  };
  const n = text.length;
  const dollarOpen = (): number => {
    for (let k = stack.length - 1; k >= 0; k--) if (stack[k].kind === "$" || stack[k].kind === "$$") return k;
    return -1;
  };
  let i = 0;
  let lineStart = true;
  while (i < n) {
    const ch = text[i];
    if (lineStart && text.startsWith("```", i)) {
      // Skip a fenced code block: braces and dollars in code are not math.
      const close = text.indexOf("\n```", i + 3);
      const next = close < 0 ? n : text.indexOf("\n", close + 4);
      i = next < 0 ? n : next + 1;
      lineStart = true;
      continue;
    }
    lineStart = false;
    if (ch === "\n") {
      lineStart = true;
      // A blank line ends a paragraph: inline math cannot cross it.
      if (text[i + 1] === "\n" || (text[i + 1] === "\r" && text[i + 2] === "\n")) {
        const k = stack.findIndex((o) => o.kind === "$");
        if (k >= 0) {
          const opener = stack[k];
          if (!/\d/.test(text[opener.end] ?? "") && unclosed.length < MAX_REPORTS) unclosed.push(opener);
          popTo(k);
        }
      }
      i++;
      continue;
    }
    if (ch === "\\") {
      const two = text.slice(i, i + 2);
      if (two === "\\(" || two === "\\[") {
        push({ kind: two, start: i, end: i + 2 });
      } else if (two === "\\)" || two === "\\]") {
        const top = stack[stack.length - 1];
        let k = stack.length - 1;
        while (k >= 0 && stack[k].kind !== CLOSES[two]) k--;
        if (k >= 0 && top) popTo(k);
        else stray({ start: i, end: i + 2, text: two });
      } else if (text.startsWith("\\begin{", i) || text.startsWith("\\end{", i)) {
        const close = text.indexOf("}", i);
        const isBegin = text[i + 1] === "b";
        const name = close < 0 ? "" : text.slice(i + (isBegin ? 7 : 5), close);
        if (close >= 0 && /^[A-Za-z*]+$/.test(name)) {
          const end = close + 1;
          if (isBegin) push({ kind: "env", name, start: i, end });
          else {
            let k = stack.length - 1;
            while (k >= 0 && !(stack[k].kind === "env" && stack[k].name === name)) k--;
            if (k >= 0) popTo(k);
            else stray({ start: i, end, text: text.slice(i, end) });
          }
          i = end;
          continue;
        }
      }
      i += 2; // `\$`, `\{`, `\}`, `\\` and every command's first letter are skipped as a unit.
      continue;
    }
    if (ch === "$") {
      const kind = text[i + 1] === "$" ? "$$" : "$";
      const k = dollarOpen();
      if (k >= 0 && stack[k].kind === kind) popTo(k);
      else if (k < 0) push({ kind, start: i, end: i + kind.length });
      else stray({ start: i, end: i + kind.length, text: kind });
      i += kind.length;
      continue;
    }
    if (ch === "{") push({ kind: "{", start: i, end: i + 1 });
    else if (ch === "}") {
      const top = stack[stack.length - 1];
      if (top?.kind === "{") stack.pop();
      else stray({ start: i, end: i + 1, text: "}" });
    }
    i++;
  }
  // An unclosed `$` before a digit is a currency sign, not a formula.
  const openAtEnd = stack.filter((o) => !(o.kind === "$" && /\d/.test(text[o.end] ?? "")));
  return { strayClosers, unclosed, openAtEnd };
}
