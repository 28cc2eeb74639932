import { defineConfig } from "vitest/config";

// Plain-Node tiers: core, server (stdio), CLI, grammar snapshots, webview logic, manifest contracts.
// The in-editor suite (test/vscode) and end-to-end scenarios (test/e2e) have their own runners.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/vscode/**", "test/e2e/**", "node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
