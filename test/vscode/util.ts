/** Helpers for the in-editor suite: waits on conditions with deadlines (never fixed sleeps). */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as vscode from "vscode";

export const EXTENSION_ID = "pns-workbench.pns-workbench";

/** The extension's root folder (this file is bundled to dist/test/vscode/index.js). */
export function extensionRoot(): string {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  return extension ? extension.extensionPath : path.resolve(__dirname, "..", "..", "..");
}

export function demoUri(): vscode.Uri {
  return vscode.Uri.file(path.join(extensionRoot(), "examples", "demo.pns"));
}

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise<void>((resolve) => setTimeout(resolve, 50));
  }
}

/** Diagnostics from our server on a document, once there are some. */
export function pnsDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === "pns");
}

/** A position at the first occurrence of `needle` in a document (plus `delta` characters). */
export function positionOf(document: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const at = document.getText().indexOf(needle);
  assert.ok(at >= 0, `'${needle}' not found in ${document.uri.toString()}`);
  return document.positionAt(at + delta);
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === "string" ? c : "value" in c ? c.value : ""))
    .join("\n");
}
