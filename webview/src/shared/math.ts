/**
 * KaTeX rendering of untrusted TeX: `trust: false` (no \href, \url, \htmlData, \includegraphics),
 * expansion and size limits, MathML for screen readers; what KaTeX refuses shows as its source text.
 * `katex.render` builds DOM nodes itself (no HTML string), so this is not an innerHTML path either.
 * Rendered formulas are cached by source and cloned: long responses repeat the same expressions.
 */
import katex from "katex";

export const KATEX_OPTIONS = {
  output: "htmlAndMathml",
  trust: false,
  // We render parse errors ourselves: KaTeX's own error span sets a `style` attribute, which the
  // panel's CSP (rightly) refuses.
  throwOnError: true,
  strict: "ignore",
  maxExpand: 500,
  maxSize: 20,
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
  } catch (error) {
    // A parse error, an expansion bomb or a command trust:false refuses: show the source as text.
    el.replaceChildren(source);
    el.classList.add("math-error");
    el.setAttribute(
      "aria-label",
      `TeX not rendered: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  // The source stays reachable (copy, tooltips) whatever KaTeX drew.
  el.title = source.length > 300 ? `${source.slice(0, 300)}…` : source;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, el.cloneNode(true));
  return el;
}

/**
 * Math rendered when it scrolls near the viewport: a 4,000-word response has hundreds of formulas
 * and KaTeX's output is ~50 nodes each, so rendering them all up front costs far more than the
 * diff. Until then the placeholder shows the TeX source (already readable, already styled).
 */
let observer: IntersectionObserver | undefined;

function renderPending(el: HTMLElement): void {
  const tex = el.dataset.tex ?? "";
  const display = el.dataset.display === "1";
  const rendered = renderMath(tex, display, el.textContent ?? "");
  el.replaceChildren(...Array.from(rendered.childNodes));
  el.classList.remove("math-pending");
  for (const c of Array.from(rendered.classList)) el.classList.add(c);
  el.title = rendered.title;
  const label = rendered.getAttribute("aria-label");
  if (label && !el.hasAttribute("aria-label")) el.setAttribute("aria-label", label);
  delete el.dataset.tex;
}

export function lazyMath(tex: string, display: boolean, source: string): HTMLElement {
  const el = document.createElement(display ? "div" : "span");
  el.className = display ? "math math-display math-pending" : "math math-pending";
  el.textContent = source;
  el.dataset.tex = tex;
  if (display) el.dataset.display = "1";
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer!.unobserve(entry.target);
        renderPending(entry.target as HTMLElement);
      }
    },
    { rootMargin: "200px 0px" },
  );
  observer.observe(el);
  return el;
}

/** Stops watching the placeholders of a view that is being replaced (no detached nodes kept). */
export function resetLazyMath(): void {
  observer?.disconnect();
  observer = undefined;
}
