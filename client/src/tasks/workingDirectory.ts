/**
 * Where `pns run` starts. Relative paths inside a job config (`dataset`, `benchmarks`, a local
 * model) resolve against the directory `pns run` is started in (docs/jobs.md), and the shipped
 * configs write them from the repository root (`dataset: examples/tiny/tiny.pns`). When the
 * workspace folder is that root, it is the answer; when the workspace is a sub-folder (say
 * `examples/`, with the config at `tiny/reverse-rl.yaml`), the right directory is an ancestor of
 * the config. So: the nearest of the config's ancestors (and the workspace folder) under which
 * the most of the config's relative paths exist; the workspace folder when none resolve anywhere,
 * so the error names the path the user expects.
 */
import * as path from "node:path";

/** How far above the config file to look; a config is never this deep below its paths' root. */
const MAX_LEVELS = 8;

export function chooseWorkingDirectory(
  configFile: string,
  workspaceFolder: string,
  relativePaths: readonly string[],
  exists: (file: string) => boolean,
): string {
  if (relativePaths.length === 0) return workspaceFolder;
  const candidates: string[] = [];
  let dir = path.dirname(configFile);
  for (let level = 0; level < MAX_LEVELS; level++) {
    candidates.push(dir);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  // The workspace folder first among equals: it is where a user would start a terminal.
  const ordered = [workspaceFolder, ...candidates.filter((c) => c !== workspaceFolder)];
  let best = { dir: workspaceFolder, found: 0 };
  for (const candidate of ordered) {
    const found = relativePaths.filter((p) => exists(path.resolve(candidate, p))).length;
    if (found > best.found) best = { dir: candidate, found };
    if (found === relativePaths.length) break;
  }
  return best.dir;
}
