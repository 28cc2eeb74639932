// String-level clean-up of one answer: notation that does not change the value is removed or
// rewritten so that the parser sees one spelling per idea. Order matters and is commented.
import { replaceCommandArg } from "../latex/groups";
import { LimitExceeded, MAX_ANSWER_CHARS, MAX_DEPTH } from "./bounds";
import { parseNumberWords } from "./numberWords";

const UNICODE: Record<string, string> = {
  "\u2212": "-",
  "\u2013": "-",
  "\u00d7": "\\times ",
  "\u00f7": "\\div ",
  "\u00b7": "\\cdot ",
  "\u221a": "\\sqrt",
  "\u03c0": "\\pi ",
  "\u221e": "\\infty ",
  "\u2264": "\\le ",
  "\u2265": "\\ge ",
  "\u2260": "\\ne ",
  "\u00b2": "^2",
  "\u00b3": "^3",
  "\u00bd": "(1/2)",
  "\u00bc": "(1/4)",
  "\u00be": "(3/4)",
  "\u222a": "\\cup ",
  "\u2229": "\\cap ",
  "\u2208": "\\in ",
  "\u211d": "\\mathbb{R}",
  "\u2205": "\\emptyset ",
  "\u00b0": "",
  "\u2248": "\\approx ",
  "\u00a0": " ",
  "\u2009": " ",
  "\u202f": " ",
  "\u00b1": "\\pm ",
  "\u2213": "\\mp ",
};
const UNICODE_RE = new RegExp(`[${Object.keys(UNICODE).join("")}]`, "g");
const NON_ASCII = /[\u0080-\uffff]/;

/** Wrappers whose body is plain text or a label: `\text{cm}` -> ` cm `. */
const TEXT_WRAPPERS = [
  "text",
  "textbf",
  "textit",
  "textrm",
  "textnormal",
  "mathrm",
  "mathbf",
  "mathit",
  "mbox",
  "operatorname",
  "mathsf",
  "texttt",
];

function stripOuter(s: string): string {
  // Nothing to strip unless an end holds a delimiter, a period, a space or a spacing command.
  if (!/^[\s*$\\]|[\s.*$)\]};,!d]$/.test(s)) return s;
  for (let changed = true; changed;) {
    changed = false;
    s = s.trim();
    const before = s;
    s = s.replace(/^\*\*([\s\S]*)\*\*$/, "$1");
    s = s.replace(/^\$\$([\s\S]*)\$\$$/, "$1").replace(/^\$([\s\S]*)\$$/, "$1");
    s = s.replace(/^\\\(([\s\S]*)\\\)$/, "$1").replace(/^\\\[([\s\S]*)\\\]$/, "$1");
    s = s.replace(/\s*(?:\\?\.|\\,|\\;|\\!|\\quad)$/, "");
    const box = /^\\(?:boxed|fbox)\s*\{([\s\S]*)\}$/.exec(s);
    if (box && balanced(box[1])) s = box[1]!;
    if (s !== before) changed = true;
  }
  return s;
}

function balanced(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "\\") i++;
    else if (s[i] === "{") depth++;
    else if (s[i] === "}" && --depth < 0) return false;
  }
  return depth === 0;
}

/** Checks nesting before any recursive work: a thousand nested `\frac` must not reach the parser. */
function checkDepth(s: string): void {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "{" || c === "(" || c === "[") max = Math.max(max, ++depth);
    else if (c === "}" || c === ")" || c === "]") depth--;
  }
  if (max > MAX_DEPTH) throw new LimitExceeded(`nesting depth ${max} exceeds ${MAX_DEPTH}`);
}

/** `0.1\overline{6}` -> the exact fraction it denotes. */
function repeatingDecimal(s: string): string {
  return s.replace(/(\d*)\.(\d*)\\overline\{(\d{1,30})\}/g, (_m, int: string, fixed: string, rep: string) => {
    const whole = BigInt(`${int || "0"}${fixed}${rep}`) - BigInt(`${int || "0"}${fixed}`);
    const den = 10n ** BigInt(fixed.length) * (10n ** BigInt(rep.length) - 1n);
    return `\\frac{${whole}}{${den}}`;
  });
}

/** `3\frac{1}{2}` is three and a half, not 3·½: an integer glued to a proper fraction. */
function mixedNumbers(s: string): string {
  return s.replace(
    /(^|[\s(=,+-])(\d+)\s*\\frac\s*\{(\d+)\}\s*\{(\d+)\}/g,
    (m, pre: string, whole: string, n: string, d: string) =>
      BigInt(n) < BigInt(d) ? `${pre}(${whole}+\\frac{${n}}{${d}})` : m,
  );
}

/**
 * Rewrites an answer into the spelling the parser expects. Throws LimitExceeded for inputs over
 * the length or nesting bounds.
 */
export function cleanAnswer(raw: string): string {
  if (raw.length > MAX_ANSWER_CHARS) {
    throw new LimitExceeded(`answer is ${raw.length} characters, over the ${MAX_ANSWER_CHARS} limit`);
  }
  let s = NON_ASCII.test(raw) ? raw.replace(UNICODE_RE, (c) => UNICODE[c] ?? c) : raw;
  s = stripOuter(s);
  checkDepth(s);
  // Most answers are short plain numbers or expressions: each family of rewrites is skipped
  // unless its trigger character is present.
  if (s.includes("\\")) s = cleanLatex(s);
  if (s.includes("{")) s = s.replace(/(\d)\s*\{\s*,\s*\}\s*(?=\d{3})/g, "$1");
  // Degrees, percent and currency are notation, never scaling (50% stays 50).
  if (/[%$€£¥]|percent/i.test(s)) s = s.replace(/%|\bpercent\b|\$|[€£¥]/gi, "");
  if (/\s\s|^\s|\s$|[\t\n]/.test(s)) s = s.replace(/\s+/g, " ").trim();
  s = stripOuter(s);
  // Whole-answer forms that only make sense for the whole string.
  // Thousands separators, also before a unit (`2,500.5cm^2`); a first group of 0 is no group
  // (`0,111` is a decimal comma).
  const grouped = /^(-?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?)((?:\s*[a-zA-Z]{2,}\.?(?:\^\{?\d\}?)?)*)$/.exec(s);
  if (grouped) s = grouped[1].replace(/,/g, "") + grouped[2];
  if (/^-?\d{1,3}(?: \d{3})+(?:\.\d+)?$/.test(s)) s = s.replace(/ /g, "");
  if (/^[+-]?\s*(?:infinity|inf)$/i.test(s)) s = s.replace(/(?:infinity|inf)$/i, "\\infty");
  const words = s.length <= 60 && /^[a-zA-Z -]+$/.test(s) ? parseNumberWords(s) : null;
  if (words !== null) s = String(words);
  return s;
}

/** The LaTeX rewrites: run only when the answer contains a backslash. */
function cleanLatex(input: string): string {
  let s = input;
  // Macro definitions are never answers; refuse them instead of expanding them.
  if (/\\(?:def|newcommand|renewcommand|let|catcode)\b/.test(s)) {
    throw new LimitExceeded("macro definitions are not evaluated");
  }
  // Answers that went through JSON twice carry `\\frac`: a line break never precedes a command
  // name in an answer outside a matrix, so the doubled backslash is one.
  if (!s.includes("\\begin")) s = s.replace(/\\\\(?=[a-zA-Z]{2,})/g, "\\");
  // Thousands separators written as LaTeX spacing (`1\,234`, `16,\!386`), before spacing goes.
  s = s.replace(/(\d)(?:\\[,;: ]|,?\s*\\!\s*)(?=\d{3}\b)/g, "$1");
  s = s.replace(/\\(?:dfrac|tfrac|cfrac)/g, "\\frac").replace(/\\(?:dbinom|tbinom)/g, "\\binom");
  s = s.replace(
    /\\(?:left|right|bigl|bigr|Bigl|Bigr|big|Big|biggl|biggr)\s*(\\?[.(){}[\]|]|\\[lr]?vert|\\[lr]angle)?/g,
    (_m, d?: string) => (d === undefined || d === "." ? "" : d),
  );
  s = s.replace(/\\(?:displaystyle|textstyle|scriptstyle|limits|nolimits)\b/g, "");
  // A `\\\\` row break is one token: its second backslash does not start `\\ ` or `\\!` spacing.
  s = s.replace(/\\\\|\\!|\\[,;: ]|\\q?quad\b|~/g, (m) => (m === "\\\\" ? m : m === "\\!" ? "" : " "));
  s = s.replace(/\\[lr]vert\b|\\vert\b|\\mid\b/g, "|");
  s = s
    .replace(/\\(?:leq?slant|leq?)\b/g, "\\le ")
    .replace(/\\(?:geq?slant|geq?)\b/g, "\\ge ")
    .replace(/\\neq?\b/g, "\\ne ");
  s = s.replace(/\\varnothing\b/g, "\\emptyset ");
  // A word in a text wrapper right after a number is a unit, even one letter long (`5\text{ m}`);
  // e and i are left alone, they are numbers.
  // A unit of two or more letters stays as a plain word, so that values read its unit and two
  // different units are not compared by their numbers; a one-letter unit goes (it would read as
  // a variable).
  s = s.replace(
    /([\d}])\s*\\(?:text|textrm|mbox|mathrm)\s*\{\s*(?!(?:and|or|e|i)\s*\})([a-zA-Z][a-zA-Z. ]*)\}(\s*\^\s*\{?\d\}?)?/g,
    (_m, before: string, unit: string, power?: string) =>
      /^[a-zA-Z]{2,}(?: [a-zA-Z]{2,})*\.?\s*$/.test(unit)
        ? `${before} ${unit.trim()}${power?.replace(/\s+/g, "") ?? ""}`
        : before,
  );
  // Text wrappers keep their words (units and labels are handled when values are read).
  s = replaceCommandArg(s, TEXT_WRAPPERS, (body) => ` ${body} `);
  s = s.replace(/\^\s*\{?\s*\\circ\s*\}?|\\circ\b|\\degree\b/g, "");
  s = s.replace(/\\%/g, "%").replace(/\\\$|\\euro\b|\\pounds\b/g, "");
  s = s.replace(/\\overline\s*(\d)/g, "\\overline{$1}");
  s = mixedNumbers(s);
  return repeatingDecimal(s);
}
