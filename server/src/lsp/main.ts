/**
 * Entry point of `pns-language-server`. The transport comes from the command line, as for every
 * vscode-languageserver server: `--stdio`, `--node-ipc` or `--socket=<port>`.
 */
import { isMainThread, workerData } from "node:worker_threads";
import { defaultWorkerCount } from "./documentAnalysis/pool";
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { ANALYSIS_WORKER_ROLE, runAnalysisWorker } from "./documentAnalysis/worker";
import { startServer } from "./server";

const TRANSPORTS = ["--stdio", "--node-ipc", "--socket", "--pipe", "--clientProcessId"];

/** `PNS_LSP_ANALYSIS_WORKERS=<n>` worker threads for big files' first analysis (default: by cores). */
function workerCount(): number {
  const value = process.env.PNS_LSP_ANALYSIS_WORKERS;
  if (value !== undefined && /^\d+$/.test(value.trim())) return Math.min(16, Number(value));
  return defaultWorkerCount();
}

export function main(): void {
  if (!process.argv.some((arg) => TRANSPORTS.some((t) => arg === t || arg.startsWith(`${t}=`)))) {
    process.stderr.write(
      "Usage: pns-language-server --stdio | --node-ipc | --socket=<port>\n" +
        "The PNS language server for .pns dataset files; see docs/lsp.md.\n",
    );
    process.exitCode = 2;
    return;
  }
  const connection = createConnection(ProposedFeatures.all);
  // This bundle is also the analysis workers' script (see documentAnalysis/pool.ts).
  startServer(connection, { analysisWorkers: { script: __filename, count: workerCount() } });
  connection.listen();
}

// The same bundle runs the analysis worker threads; run when executed directly (esbuild bundles
// this file as dist/server/main.js; bin/ calls main()).
if (!isMainThread && (workerData as { role?: string } | null)?.role === ANALYSIS_WORKER_ROLE)
  runAnalysisWorker();
else if (require.main === module) main();
