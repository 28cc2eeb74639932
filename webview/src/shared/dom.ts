/**
 * DOM construction without HTML strings: every text from a dataset or a run goes in through
 * `textContent`, attributes through `setAttribute` with names chosen here, never `innerHTML`.
 */
export interface Props {
  class?: string;
  text?: string;
  title?: string;
  attrs?: Record<string, string>;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Props,
  children?: (Node | string | null | undefined | false)[],
): HTMLElementTagNameMap[K];
export function h(
  tag: string,
  props?: Props,
  children?: (Node | string | null | undefined | false)[],
): HTMLElement;
export function h(
  tag: string,
  props: Props = {},
  children: (Node | string | null | undefined | false)[] = [],
): HTMLElement {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.text !== undefined) el.textContent = props.text;
  if (props.title !== undefined) el.title = props.title;
  for (const [name, value] of Object.entries(props.attrs ?? {})) el.setAttribute(name, value);
  for (const [name, handler] of Object.entries(props.on ?? {}))
    el.addEventListener(name, handler as EventListener);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return el;
}

/** Replaces an element's children. */
export function setChildren(el: Element, children: (Node | string)[]): void {
  el.replaceChildren(...children);
}

/** `0.8123` → `0.81`, null → `—`. */
export function fmtScore(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "—" : value.toFixed(digits);
}

/** Compact number for axes and read-outs: 3 significant digits, exponent for tiny/huge values. */
export function fmtNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return value.toExponential(2);
  return Number(value.toPrecision(4)).toString();
}
