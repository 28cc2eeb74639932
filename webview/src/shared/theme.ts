/**
 * Colours from the VS Code theme (`--vscode-*` variables on the webview's root), read when drawing
 * canvases, which cannot use CSS variables. Runs also differ by dash pattern and marker, so colour
 * is never the only cue (and high-contrast themes with few colours still separate them).
 */
export function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

const RUN_COLOURS: [string, string][] = [
  ["--vscode-charts-blue", "#3794ff"],
  ["--vscode-charts-orange", "#d18616"],
  ["--vscode-charts-green", "#89d185"],
  ["--vscode-charts-purple", "#b180d7"],
  ["--vscode-charts-red", "#f14c4c"],
  ["--vscode-charts-yellow", "#cca700"],
];

/** Dash patterns in CSS pixels, one per run (solid first). */
export const RUN_DASHES: number[][] = [[], [6, 3], [2, 2], [10, 3, 2, 3], [1, 4], [12, 6]];

export interface RunStyle {
  colour: string;
  dash: number[];
}

export function runStyle(index: number): RunStyle {
  const [name, fallback] = RUN_COLOURS[index % RUN_COLOURS.length];
  return { colour: cssVar(name, fallback), dash: RUN_DASHES[index % RUN_DASHES.length] };
}

export interface ChartTheme {
  foreground: string;
  grid: string;
  font: string;
}

export function chartTheme(): ChartTheme {
  const family = cssVar("--vscode-font-family", "sans-serif");
  const size = cssVar("--vscode-font-size", "13px");
  return {
    foreground: cssVar("--vscode-foreground", "#cccccc"),
    grid: cssVar("--vscode-editorWidget-border", cssVar("--vscode-panel-border", "rgba(128,128,128,0.35)")),
    font: `${size} ${family}`,
  };
}

/** `vscode-light`, `vscode-dark`, `vscode-high-contrast` or `vscode-high-contrast-light`: VS Code sets it on body. */
export function themeKind(): string {
  const c = document.body.classList;
  return c.contains("vscode-high-contrast-light")
    ? "hc-light"
    : c.contains("vscode-high-contrast")
      ? "hc"
      : c.contains("vscode-light")
        ? "light"
        : "dark";
}

/** Calls `redraw` when VS Code switches theme (it rewrites body's class list). */
export function onThemeChange(redraw: () => void): void {
  new MutationObserver(redraw).observe(document.body, { attributes: true, attributeFilter: ["class"] });
}

let probe: CanvasRenderingContext2D | null | undefined;

/** `colour` (any CSS colour a theme gives) with an alpha, as `rgba()` that a canvas accepts. */
export function withAlpha(colour: string, alpha: number): string {
  probe ??= document.createElement("canvas").getContext("2d");
  if (!probe) return colour;
  probe.fillStyle = "#000";
  probe.fillStyle = colour;
  const normal = String(probe.fillStyle);
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(normal);
  if (hex) return `rgba(${parseInt(hex[1], 16)}, ${parseInt(hex[2], 16)}, ${parseInt(hex[3], 16)}, ${alpha})`;
  const rgba = /^rgba?\(([^,]+),([^,]+),([^,)]+)/.exec(normal);
  return rgba ? `rgba(${rgba[1]},${rgba[2]},${rgba[3]}, ${alpha})` : colour;
}

/** Width in CSS pixels of `text` drawn in `font` (measured off-screen, never on a chart's context). */
export function textWidth(font: string, text: string): number {
  probe ??= document.createElement("canvas").getContext("2d");
  if (!probe) return text.length * 7;
  probe.font = font;
  return probe.measureText(text).width;
}
