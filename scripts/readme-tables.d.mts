// Types for readme-tables.mjs (the generator runs as plain Node; the drift test imports it from TS).

/** A `pns` subcommand as the CLI reference needs it. */
export interface CliHelp {
  name: string;
  summary: string;
  help: string;
}

export declare const SECTION_NAMES: string[];
export declare function begin(name: string): string;
export declare function end(name: string): string;
export declare function renderSettings(manifest: unknown): string;
export declare function renderCommands(manifest: unknown): string;
export declare function renderCli(commands: CliHelp[]): string;
export declare function fillSections(readme: string, bodies: Record<string, string>): string;
export declare function sectionText(readme: string, name: string): string | null;
