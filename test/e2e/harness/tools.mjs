// Locates (installing when missing) Node 24, code-server and Chromium via scripts/setup-e2e.sh.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const artifactsRoot = path.join(repoRoot, ".test-artifacts", "e2e");

/**
 * @typedef {{ node24: string, codeServer: string, chromium: string }} E2eTools
 */

/** Runs the idempotent setup script (about 0.1 s once installed) and reads the paths it prints. */
export function ensureTools() {
  const result = spawnSync("bash", [path.join(repoRoot, "scripts", "setup-e2e.sh")], {
    cwd: repoRoot,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (result.status !== 0) {
    throw new Error(
      `scripts/setup-e2e.sh failed (exit ${result.status ?? result.signal}); see its output above`,
    );
  }
  const values = Object.fromEntries(
    result.stdout
      .split("\n")
      .map((line) => /^(PNS_E2E_\w+)=(.*)$/.exec(line))
      .filter(Boolean)
      .map((match) => [match[1], match[2]]),
  );
  const tools = {
    node24: values.PNS_E2E_NODE24,
    codeServer: values.PNS_E2E_CODE_SERVER,
    chromium: values.PNS_E2E_CHROMIUM,
  };
  for (const [name, value] of Object.entries(tools)) {
    if (!value) throw new Error(`scripts/setup-e2e.sh did not report the path of ${name}`);
  }
  return /** @type {E2eTools} */ (tools);
}
