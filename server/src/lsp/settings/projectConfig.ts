/**
 * Reads the project configuration file (`pns.config.json` by default) of the workspace folder
 * that holds a document, validated by the core. A missing file means the built-in defaults; an
 * unreadable or invalid one gives the defaults for the bad parts and warnings naming them.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defaultSettings } from "../../core/config/index";
import { formatConfigIssue, parseConfigText } from "../../io/loadConfig";
import type { PnsSettings } from "../../core/config/settings";

export interface ProjectConfig {
  settings: PnsSettings;
  /** The file it came from, or null when there is none. */
  file: string | null;
  /** Its text (part of the analysis cache key), or "" when there is none. */
  text: string;
  warnings: string[];
}

/** The workspace folder (a `file:` URI) that contains `uri`, the longest match winning. */
export function folderOf(uri: string, folders: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const folder of folders) {
    const prefix = folder.endsWith("/") ? folder : `${folder}/`;
    if (uri.startsWith(prefix) && (!best || folder.length > best.length)) best = folder;
  }
  return best;
}

export async function readProjectConfig(
  folderUri: string | undefined,
  configFile: string,
): Promise<ProjectConfig> {
  if (!folderUri?.startsWith("file:"))
    return { settings: defaultSettings(), file: null, text: "", warnings: [] };
  const file = path.resolve(fileURLToPath(folderUri), configFile);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { settings: defaultSettings(), file: null, text: "", warnings: [] };
    return {
      settings: defaultSettings(),
      file,
      text: "",
      warnings: [
        `${file}: cannot read the project configuration (${code ?? String(error)}); using defaults.`,
      ],
    };
  }
  const { settings, issues } = parseConfigText(text, file);
  const warnings = issues.map(formatConfigIssue);
  return { settings, file, text, warnings };
}
