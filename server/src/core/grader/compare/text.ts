// Text answers and multiple-choice letters.
import { type Decision, no, yes } from "./decision";

/** Lower case, no wrappers or punctuation at the ends, single spaces. */
export function normalizeText(s: string): string {
  return s
    .toLowerCase()
    .replace(/\\text\w*\{([^{}]*)\}/g, "$1")
    .replace(/[{}]/g, "")
    .replace(/\s+/g, " ")
    .replace(/^[\s"'(.,:;]+|[\s"'.,:;)]+$/g, "")
    .trim();
}

export function compareText(g: string, p: string): Decision {
  const a = normalizeText(g);
  const b = normalizeText(p);
  return a === b ? yes("text", `same text "${a}" ignoring case`) : no("text", `text "${a}" vs "${b}"`);
}

/** The letter of a multiple-choice gold answer: "C", "(C)", "\text{(C)}". */
export function goldChoice(clean: string): string | null {
  const m = /^\(?\s*([A-E])\s*\)?$/.exec(clean.trim());
  return m ? m[1] : null;
}

/** The letter a prediction picks: "(C)", "C", "C) 12", "(A) 12", "Option B". */
export function predChoice(clean: string): string | null {
  const s = clean.trim();
  // "A and B" or "(A) or (C)" names several choices: none of them is the answer.
  const letters = new Set(s.match(/(?<![A-Za-z\\])[A-E](?![A-Za-z])/g) ?? []);
  if (letters.size > 1) return null;
  const m =
    /^(?:option|choice|answer)?\s*\(\s*([A-Ea-e])\s*\)/i.exec(s) ??
    /^(?:[Oo]ption|[Cc]hoice)?\s*([A-E])(?:\)|:|\.|\s|$)/.exec(s);
  return m ? m[1].toUpperCase() : null;
}

export function compareChoice(gold: string, predClean: string): Decision {
  const letter = predChoice(predClean);
  if (letter === null) return no("choice", `gold is choice ${gold}; the prediction names no choice letter`);
  return letter === gold
    ? yes("choice", `both pick choice ${gold}`)
    : no("choice", `choice ${gold} vs choice ${letter}`);
}
