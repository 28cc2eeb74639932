/**
 * Settings per resource, read through `workspace/configuration` and cached per document URI (never
 * in globals), dropped on `workspace/didChangeConfiguration` or when the project file changes.
 * Each distinct warning is shown to the user once.
 */
import type { Connection } from "vscode-languageserver";
import { checkSettings } from "./read";
import { applyEngineOverrides, toEditorSettings, type EffectiveSettings } from "./effective";
import { folderOf, readProjectConfig } from "./projectConfig";

export class SettingsCache {
  private readonly byResource = new Map<string, Promise<EffectiveSettings>>();
  private readonly shownWarnings = new Set<string>();
  /** Settings pushed by a client without `workspace/configuration` (the `settings` of didChangeConfiguration). */
  private pushed: unknown = undefined;

  constructor(
    private readonly connection: Connection,
    private readonly supportsConfiguration: () => boolean,
    private readonly workspaceFolders: () => readonly string[],
    private readonly trusted: () => boolean,
  ) {}

  get(uri: string): Promise<EffectiveSettings> {
    let entry = this.byResource.get(uri);
    if (!entry) {
      entry = this.load(uri);
      this.byResource.set(uri, entry);
    }
    return entry;
  }

  /** Forgets everything; `pushed` replaces the settings when the client sends them directly. */
  invalidate(pushed?: unknown): void {
    if (pushed !== undefined) this.pushed = pushed;
    this.byResource.clear();
  }

  forget(uri: string): void {
    this.byResource.delete(uri);
  }

  private async load(uri: string): Promise<EffectiveSettings> {
    let section: unknown = this.pushed;
    if (this.supportsConfiguration()) {
      try {
        section = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: "pns" });
      } catch (error) {
        this.warn(`Cannot read the pns settings (${String(error)}); using defaults.`);
        section = undefined;
      }
    }
    const checked = checkSettings(section);
    const editor = toEditorSettings(checked);
    const project = await readProjectConfig(folderOf(uri, this.workspaceFolders()), editor.configFile);
    const engine = applyEngineOverrides(project.settings, checked);
    // Untrusted workspace: local analysis only, so no endpoint is even listed in the composite.
    if (!this.trusted()) {
      delete engine.judge;
      delete engine.rewardModel;
    }
    const warnings = [...checked.warnings, ...project.warnings];
    for (const warning of warnings) this.warn(warning);
    return { editor, engine, warnings, analysisKey: JSON.stringify(engine) };
  }

  private warn(message: string): void {
    if (this.shownWarnings.has(message)) return;
    this.shownWarnings.add(message);
    this.connection.console.warn(message);
    void this.connection.window.showWarningMessage(`PNS: ${message}`);
  }
}
