import { startAnnouncingChild } from "../announcingChild";

/** What the supervisor printed once every server was healthy. */
export interface ServersReady {
  /** `PNS_SERVER_<ROLE>_URL` → URL, as printed. */
  urls: Record<string, string>;
  /** The reward config pointing at the servers, when a reward model or judge was started. */
  config?: string;
  /** The training's CUDA_VISIBLE_DEVICES (empty on a CPU machine). */
  trainDevices: string;
  groupPort?: string;
  stop(): Promise<void>;
}

export class ServersError extends Error {}

export interface SupervisorOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Every line the supervisor prints that is meant for people (`[pns] ...`). */
  onLine(line: string): void;
  signal?: AbortSignal;
}

/**
 * Starts `python -m pns_jobs.model_servers` (which starts the servers and waits for their health)
 * and resolves with their URLs once it prints `PNS_SERVERS_READY=1`; rejects with its reason when
 * it prints `PNS_SERVERS_FAILED=` or exits, or when the run is cancelled meanwhile (everything is
 * stopped first). It has no deadline of its own: each server's `ready_timeout_s` is the supervisor's.
 */
export async function startServers(
  command: readonly string[],
  options: SupervisorOptions,
): Promise<ServersReady> {
  const { result, stop } = await startAnnouncingChild({
    command,
    env: options.env,
    cwd: options.cwd,
    name: "the model servers' supervisor",
    exitWithParent: true,
    failureKey: "PNS_SERVERS_FAILED",
    onLine: (line) => options.onLine(line),
    signal: options.signal,
    abortReason: "cancelled by the user (Ctrl-C) while the servers were starting",
    // It stops every server, each with a grace period of its own.
    graceMs: 60_000,
    error: (message) => new ServersError(message),
    ready: (values) =>
      values.PNS_SERVERS_READY === undefined
        ? undefined
        : {
            urls: Object.fromEntries(
              Object.entries(values).filter(([k]) => /^PNS_SERVER_[A-Z0-9_]+_URL$/.test(k)),
            ),
            config: values.PNS_SERVERS_CONFIG,
            trainDevices: values.PNS_TRAIN_DEVICES ?? "",
            groupPort: values.PNS_VLLM_GROUP_PORT,
          },
  });
  return { ...result, stop };
}
