import type { ServerRole, ServerSpec } from "./spec";

/** One server as the supervisor (`python -m pns_jobs.model_servers`) reads it from plan.json. */
export interface PlannedServer {
  name: ServerRole;
  role: ServerRole;
  engine: ServerSpec["engine"];
  /** The command; `{port}` is replaced by the port picked when it starts. Never holds a token. */
  argv: string[];
  gpus: number;
  port?: number;
  health: string;
  /** Appended to `http://127.0.0.1:<port>` for the URL handed on (`/v1` for a judge). */
  url_suffix: string;
  ready_timeout_s: number;
  /** `first`: only on the first node (TRL's generation server: only rank 0 talks to it). */
  nodes: "first" | "every";
  /** The model name requests carry (vLLM serves a model under its --model value). */
  served_model: string;
  /** The variable holding its token in `pns run`'s (or the node script's) environment ... */
  token_env?: string;
  /** ... and the one the server reads it from. */
  server_token_env?: string;
}

export interface ServersPlan {
  servers: PlannedServer[];
  /** The run's pns.config.json (absolute), the base of the reward config the servers' URLs go into. */
  reward_config: string | null;
}

/**
 * The variable holding a server's token: fresh per run, in the environment only, never on a command
 * line or in a file. The project's own key variables, which the reward server's key policy sends to
 * loopback endpoints (scoring/keyPolicy.ts); the run's value replaces any inherited one.
 */
export function tokenEnv(role: ServerRole): string {
  return role === "judge"
    ? "PNS_JUDGE_API_KEY"
    : role === "reward_model"
      ? "PNS_REWARD_MODEL_API_KEY"
      : `PNS_${role.toUpperCase()}_API_KEY`;
}

/** `PNS_SERVER_GENERATION_URL`: what the supervisor prints and the node script exports. */
export function urlEnv(role: ServerRole): string {
  return `PNS_SERVER_${role.toUpperCase()}_URL`;
}

function engineCommand(python: string, spec: ServerSpec): string[] {
  const parallel = spec.gpus > 1;
  switch (spec.engine) {
    case "trl-vllm-serve":
      // TRL's server has no token option: it is bound to 127.0.0.1 and only rank 0 on this node uses it.
      return [
        python,
        "-m",
        "trl.scripts.vllm_serve",
        "--model",
        spec.model,
        "--host",
        "127.0.0.1",
        "--port",
        "{port}",
        ...(parallel ? ["--tensor_parallel_size", String(spec.gpus)] : []),
      ];
    case "vllm":
      return [
        python,
        "-m",
        "vllm.entrypoints.openai.api_server",
        "--model",
        spec.model,
        "--host",
        "127.0.0.1",
        "--port",
        "{port}",
        ...(parallel ? ["--tensor-parallel-size", String(spec.gpus)] : []),
        ...(spec.role === "reward_model" ? ["--runner", "pooling"] : []),
      ];
    case "classify":
      return [python, "-m", "pns_jobs.classify_server", "--model", spec.model, "--port", "{port}"];
  }
}

export function planServer(python: string, spec: ServerSpec): PlannedServer {
  const tokens =
    spec.engine === "trl-vllm-serve"
      ? {}
      : {
          token_env: tokenEnv(spec.role),
          server_token_env: spec.engine === "vllm" ? "VLLM_API_KEY" : "PNS_REWARD_MODEL_API_KEY",
        };
  return {
    name: spec.role,
    role: spec.role,
    engine: spec.engine,
    argv: [...engineCommand(python, spec), ...spec.args],
    gpus: spec.gpus,
    ...(spec.port !== undefined ? { port: spec.port } : {}),
    health: spec.engine === "trl-vllm-serve" ? "/health/" : "/health",
    url_suffix: spec.role === "judge" ? "/v1" : "",
    ready_timeout_s: spec.readyTimeoutS,
    nodes: spec.role === "generation" ? "first" : "every",
    served_model: spec.model,
    ...tokens,
  };
}

export function planServers(
  python: string,
  servers: readonly ServerSpec[],
  rewardConfig: string | undefined,
): ServersPlan {
  const order: ServerRole[] = ["generation", "reward_model", "judge"];
  const sorted = [...servers].sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
  return { servers: sorted.map((s) => planServer(python, s)), reward_config: rewardConfig ?? null };
}

/** Whether the reward server must use the supervisor's reward config (a reward model or judge is started). */
export function changesRewardConfig(plan: ServersPlan): boolean {
  return plan.servers.some((s) => s.role === "reward_model" || s.role === "judge");
}

/** The job's extra arguments: TRL's generation server URL and weight-sync port (values may be shell words). */
export function generationJobArgs(plan: ServersPlan, url: string, groupPort: string): string[] {
  return plan.servers.some((s) => s.role === "generation")
    ? ["--vllm_server_base_url", url, "--vllm_group_port", groupPort]
    : [];
}

/** `python -m pns_jobs.model_servers ...` for one node. */
export function supervisorCommand(
  python: string,
  planFile: string,
  outDir: string,
  nodeRank: string,
  trainGpus: number,
): string[] {
  return [
    python,
    "-m",
    "pns_jobs.model_servers",
    "--plan",
    planFile,
    "--out-dir",
    outDir,
    "--node-rank",
    nodeRank,
    "--train-gpus",
    String(trainGpus),
  ];
}
