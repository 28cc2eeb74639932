/**
 * KaTeX rendering of untrusted TeX: `trust: false` (no \href, \url, \htmlData, \includegraphics),
 * expansion and size limits, errors rendered in place instead of thrown, MathML for screen readers.
 * `katex.render` builds DOM nodes itself (no HTML string), so this is not an innerHTML path either.
 * Rendered formulas are cached by source and cloned: long responses repeat the same expressions.
 */
import katex from "katex";

export const KATEX_OPTIONS = {
  output: "htmlAndMathml",
  trust: false,
  throwOnError: false,
  strict: "ignore",
  maxExpand: 500,
  maxSize: 20,
  errorColor: "var(--vscode-errorForeground)",
} as const;

const cache = new Map<string, Node>();
const CACHE_LIMIT = 2000;

/** Renders `tex` into a fresh element; on any failure the raw source is shown as text. */
export function renderMath(tex: string, display: boolean, source: string): HTMLElement {
  const key = `${display ? "D" : "I"}${tex}`;
  const cached = cache.get(key);
  if (cached) return cached.cloneNode(true) as HTMLElement;
  const el = document.createElement(display ? "div" : "span");
  el.className = display ? "math math-display" : "math";
  try {
    katex.render(tex, el, { ...KATEX_OPTIONS, displayMode: display });
  } catch {
    el.textContent = source;
    el.classList.add("math-error");
  }
  // The source stays reachable (copy, tooltips) whatever KaTeX drew.
  el.title = source.length > 300 ? `${source.slice(0, 300)}…` : source;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, el.cloneNode(true));
  return el;
}
