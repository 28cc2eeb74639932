/**
 * Deep links into the editor (`vscode://pns-workbench.pns-workbench/open?run=…`), built once for
 * every writer: the extension's views and tests, and `pns run`'s summary line when its output goes
 * to VS Code's terminal. The extension's URI handler (client/src/home/links) reads them.
 */

/** `<publisher>.<name>` from package.json (a contract test checks it). */
export const EXTENSION_ID = "pns-workbench.pns-workbench";

/** Set by the extension in its terminals: the link base with the editor's own URI scheme. */
export const LINK_BASE_ENV = "PNS_EDITOR_LINK_BASE";

const LINK_BASE = /^[a-z][a-z0-9+.-]*:\/\/[A-Za-z0-9-]+\.[A-Za-z0-9-]+$/;

/**
 * Where links start (`vscode://pns-workbench.pns-workbench`) when output goes to a VS Code
 * terminal, else undefined (a plain terminal or a log file gets no links): `PNS_EDITOR_LINK_BASE`
 * as the extension sets it (it knows the scheme: `vscode-insiders`, `cursor`…), else
 * `TERM_PROGRAM=vscode`, which VS Code sets in every integrated terminal.
 */
export function editorLinkBase(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const given = env[LINK_BASE_ENV]?.trim();
  if (given && LINK_BASE.test(given)) return given;
  if (env.TERM_PROGRAM === "vscode") return `vscode://${EXTENSION_ID}`;
  return undefined;
}

/** `<base>/open?run=<dir>[&step=<n>]`: the run's curves (and the samples logged at step n). */
export function runLinkFrom(base: string, runDir: string, step?: number): string {
  const query = new URLSearchParams({ run: runDir, ...(step !== undefined ? { step: String(step) } : {}) });
  return `${base}/open?${query.toString()}`;
}

/** `<base>/open?file=<.pns>[&problem=<id>[&sample=<k>]]`: the file at that problem or sample. */
export function sampleLinkFrom(base: string, file: string, problem?: string, sample?: number): string {
  const query = new URLSearchParams({
    file,
    ...(problem ? { problem } : {}),
    ...(sample !== undefined ? { sample: String(sample) } : {}),
  });
  return `${base}/open?${query.toString()}`;
}

/**
 * What `pns run`'s summary line ends with inside VS Code's terminal: ` · open <link to the run>`;
 * elsewhere nothing, so logs and pipes keep the plain line.
 */
export function runLinkSuffix(env: Readonly<Record<string, string | undefined>>, runDir: string): string {
  const base = editorLinkBase(env);
  return base ? ` · open ${runLinkFrom(base, runDir)}` : "";
}
