/**
 * DOM for one side of the pair: pieces from logic/pairDiff merged into runs of equal styling,
 * text through text nodes, math through KaTeX (when it scrolls into view). Changes are marked by background AND by
 * strike-through (left) or underline (right); markers by an outline style, an icon and a label.
 */
import type { MarkerKind, Piece } from "../logic/pairDiff";
import { h } from "../shared/dom";
import { lazyMath } from "../shared/math";

export const MARKER_LABELS: Record<MarkerKind, { icon: string; label: string }> = {
  divergence: { icon: "↳", label: "first divergent step" },
  slip: { icon: "⚠", label: "first false arithmetic" },
  answer: { icon: "▣", label: "final answer" },
};

function styleKey(p: Piece): string {
  return `${p.changed ? 1 : 0}|${p.markers.join(",")}`;
}

/** Renders `pieces` into `root`; `side` picks deletion (left) or insertion (right) styling. */
export function renderSide(root: HTMLElement, pieces: Piece[], side: "left" | "right"): void {
  const frag = document.createDocumentFragment();
  const seen = new Set<MarkerKind>();
  let i = 0;
  while (i < pieces.length) {
    const markers = pieces[i].markers;
    const markerKey = markers.join(",");
    let j = i;
    while (j < pieces.length && pieces[j].markers.join(",") === markerKey) j++;
    const host = markers.length
      ? h("mark", { class: markers.map((m) => `marker marker-${m}`).join(" ") })
      : frag;
    for (const m of markers) {
      if (seen.has(m)) continue;
      seen.add(m);
      // The label starts the first span of each marker: an icon and words, not a colour alone.
      (host as HTMLElement).append(
        h("span", {
          class: `marker-label marker-label-${m}`,
          text: `${MARKER_LABELS[m].icon} ${MARKER_LABELS[m].label}`,
        }),
      );
    }
    renderRun(host, pieces, i, j, side);
    if (host !== frag) frag.append(host);
    i = j;
  }
  root.replaceChildren(frag);
}

function renderRun(host: Node, pieces: Piece[], from: number, to: number, side: "left" | "right"): void {
  const changedClass = side === "left" ? "del" : "ins";
  let k = from;
  while (k < to) {
    const p = pieces[k];
    if (p.kind === "math") {
      const el = lazyMath(p.tex ?? "", p.display ?? false, p.text);
      if (p.changed) {
        el.classList.add(changedClass);
        el.setAttribute(
          "aria-label",
          `${side === "left" ? "only in chosen" : "only in rejected"}: ${p.text.slice(0, 200)}`,
        );
      }
      host.appendChild(el);
      k++;
      continue;
    }
    // Merge consecutive text pieces of one style into one node: 4,000-word responses stay cheap.
    const key = styleKey(p);
    let text = "";
    while (k < to && pieces[k].kind === "text" && styleKey(pieces[k]) === key) text += pieces[k++].text;
    if (p.changed) host.appendChild(h(side === "left" ? "del" : "ins", { class: changedClass, text }));
    else host.appendChild(document.createTextNode(text));
  }
}

/** Math-aware rendering of text without a diff (problem statement, gold answer). */
export function renderPlain(root: HTMLElement, pieces: Piece[]): void {
  renderSide(root, pieces, "left");
}
