/**
 * The language server's environment: `pns.server.analysisWorkers`, when set to a whole number,
 * becomes the `PNS_LSP_ANALYSIS_WORKERS` variable the server reads (any other value leaves the
 * server's default: one worker per core beyond the first, at most 3).
 */
export function serverEnvironment(analysisWorkers: unknown, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (typeof analysisWorkers !== "number" || !Number.isInteger(analysisWorkers) || analysisWorkers < 0) {
    return base;
  }
  return { ...base, PNS_LSP_ANALYSIS_WORKERS: String(Math.min(analysisWorkers, 16)) };
}
