/**
 * Reasoning steps: a response split into lines, and lines into sentences. Shared by the step-count
 * rule and by step alignment ("where does the negative go wrong?").
 */
export interface Step {
  text: string;
  /** Offsets into the response. */
  start: number;
  end: number;
}

/** A sentence ends at `.`, `!` or `?` followed by space and a capital, `$` or `\` (not `2.5`, not `e.g. x`). */
const SENTENCE_END = /[.!?](?=\s+[A-Z$\\])/g;

/** Lines with a letter or digit; long lines split into sentences. Display-math fences are not steps. */
export function splitSteps(response: string): Step[] {
  const steps: Step[] = [];
  const push = (from: number, to: number): void => {
    let s = from;
    let e = to;
    while (s < e && /\s/.test(response[s])) s++;
    while (e > s && /\s/.test(response[e - 1])) e--;
    if (s < e && /[A-Za-z0-9]/.test(response.slice(s, e)))
      steps.push({ text: response.slice(s, e), start: s, end: e });
  };
  let lineStart = 0;
  while (lineStart <= response.length) {
    let lineEnd = response.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = response.length;
    // The sentence regex runs on the line alone: on the whole text, a line without a sentence end
    // would make it search to the end of the response, once per line.
    const line = response.slice(lineStart, lineEnd);
    let from = lineStart;
    SENTENCE_END.lastIndex = 0;
    for (let m = SENTENCE_END.exec(line); m; m = SENTENCE_END.exec(line)) {
      push(from, lineStart + m.index + 1);
      from = lineStart + m.index + 1;
    }
    push(from, lineEnd);
    lineStart = lineEnd + 1;
  }
  return steps;
}

/** Whitespace, `$`, sizing commands and spelling variants of one operation do not make steps differ. */
export function normalizeStep(step: string): string {
  return step
    .toLowerCase()
    .replace(/\\[dt]frac/g, "\\frac")
    .replace(/\\(?:left|right|displaystyle)|\\[,;:! ]/g, "")
    .replace(/\\times|\\cdot|[×·*]/g, "*")
    .replace(/\\div|÷/g, "/")
    .replace(/[−–]/g, "-")
    .replace(/[\s$]+/g, "")
    .replace(/[.,;:!]+$/, "");
}

export interface StepDivergence {
  /** The first step of the negative with no equal counterpart in the positive (in order). */
  negative: Step & { index: number };
  /** The positive step at the same point of the alignment, when there is one. */
  positive: (Step & { index: number }) | undefined;
}

/**
 * The first step where the negative departs from the positive. Steps are matched in order: each
 * negative step must equal (after normalisation) a positive step after the previous match. Returns
 * undefined when every step of the negative appears in the positive.
 */
export function firstDivergentStep(positive: string, negative: string): StepDivergence | undefined {
  const pos = splitSteps(positive);
  const neg = splitSteps(negative);
  const posNorm = pos.map((s) => normalizeStep(s.text));
  let next = 0;
  for (let i = 0; i < neg.length; i++) {
    const key = normalizeStep(neg[i].text);
    const found = posNorm.indexOf(key, next);
    if (found < 0) {
      const counterpart = pos[next];
      return {
        negative: { ...neg[i], index: i },
        positive: counterpart ? { ...counterpart, index: next } : undefined,
      };
    }
    next = found + 1;
  }
  return undefined;
}
