import type { ConfigIssue, JobConfigFile, Location } from "../../protocol/jobConfigFile";
import type { JobSpec } from "../../protocol/jobs";

/**
 * The model servers a job config asks `pns run` to start for its run (`servers:` in the YAML):
 *
 *   servers:
 *     generation:   { model: Qwen/Qwen2.5-7B-Instruct, gpus: 2 }       # TRL's vLLM server (GRPO server mode)
 *     reward_model: { model: runs/rm/outputs/model, gpus: 1 }          # vLLM /classify, or engine: classify
 *     judge:        { model: Qwen/Qwen2.5-7B-Instruct, gpus: 1 }       # vLLM, OpenAI-compatible
 *
 * One server per role. Pure: this file reads values, never the machine.
 */
export type ServerRole = "generation" | "reward_model" | "judge";

/**
 * `trl-vllm-serve`: `trl vllm-serve` (the only server TRL's GRPO client talks to); `vllm`: vLLM's
 * OpenAI-compatible server (`--runner pooling` for a reward model); `classify`: jobs' transformers
 * server with vLLM's /classify API, for reward models vLLM does not run (CPU, tiny, custom).
 */
export type ServerEngine = "trl-vllm-serve" | "vllm" | "classify";

export interface ServerSpec {
  role: ServerRole;
  engine: ServerEngine;
  model: string;
  /** GPUs of each node the server takes (tensor parallel over them for vLLM); 0: CPU. */
  gpus: number;
  /** Fixed port on 127.0.0.1; undefined: a free one, picked when it starts. */
  port?: number;
  /** Seconds to wait for its health endpoint (a 7B model loads in minutes). */
  readyTimeoutS: number;
  /** Extra arguments for the engine's command line, as written. */
  args: string[];
}

export const ROLES: readonly ServerRole[] = ["generation", "reward_model", "judge"];
const ENGINES: Record<ServerRole, readonly ServerEngine[]> = {
  generation: ["trl-vllm-serve"],
  reward_model: ["vllm", "classify"],
  judge: ["vllm"],
};
const KEYS = ["model", "engine", "gpus", "port", "ready_timeout_s", "args"];
const truthy = (value: unknown) => value === true || value === "true";

export interface ParsedServers {
  servers: ServerSpec[];
  issues: ConfigIssue[];
}

/** Reads and checks `servers:`; every problem is an error at the `servers` value, naming the key. */
export function parseServers(
  job: JobSpec,
  config: Pick<JobConfigFile, "file" | "values" | "valueAt">,
): ParsedServers {
  const raw = config.values.servers;
  const issues: ConfigIssue[] = [];
  const where: Location = config.valueAt.servers ?? { line: 1, column: 1 };
  const error = (message: string) => issues.push({ file: config.file, ...where, severity: "error", message });
  if (raw === undefined || raw === null) return { servers: [], issues };
  if (typeof raw !== "object" || Array.isArray(raw)) {
    error("servers must be a mapping of roles (generation, reward_model, judge) to { model, gpus, ... }");
    return { servers: [], issues };
  }
  const servers: ServerSpec[] = [];
  for (const [role, body] of Object.entries(raw as Record<string, unknown>)) {
    if (!(ROLES as readonly string[]).includes(role)) {
      error(`servers.${role}: unknown role: one of ${ROLES.join(", ")}`);
      continue;
    }
    const name = role as ServerRole;
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      error(`servers.${role} must be a mapping with at least model: <hub id or folder>`);
      continue;
    }
    const fields = body as Record<string, unknown>;
    for (const key of Object.keys(fields))
      if (!KEYS.includes(key)) error(`servers.${role}.${key}: unknown key: one of ${KEYS.join(", ")}`);
    const engine = fields.engine === undefined ? ENGINES[name][0] : fields.engine;
    if (typeof engine !== "string" || !(ENGINES[name] as readonly string[]).includes(engine)) {
      error(
        `servers.${role}.engine: ${JSON.stringify(engine)} cannot serve this role: ${ENGINES[name].join(" or ")}`,
      );
      continue;
    }
    if (typeof fields.model !== "string" || fields.model.trim() === "") {
      error(`servers.${role}.model: required, a hub id or a model folder`);
      continue;
    }
    const defaultGpus = engine === "classify" ? 0 : 1;
    const gpus = fields.gpus ?? defaultGpus;
    if (!Number.isInteger(gpus) || (gpus as number) < 0 || (gpus as number) > 64)
      error(`servers.${role}.gpus: a whole number from 0 to 64`);
    if (engine !== "classify" && gpus === 0)
      error(
        `servers.${role}.gpus: vLLM needs at least one GPU (engine: classify runs a reward model on the CPU)`,
      );
    const port = fields.port;
    if (port !== undefined && (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535))
      error(`servers.${role}.port: a port from 1 to 65535 (leave it out for a free one)`);
    const timeout = fields.ready_timeout_s ?? (engine === "classify" ? 120 : 900);
    if (typeof timeout !== "number" || !(timeout > 0))
      error(`servers.${role}.ready_timeout_s: seconds, above 0`);
    const args = fields.args ?? [];
    if (!Array.isArray(args) || !args.every((a) => typeof a === "string" || typeof a === "number"))
      error(`servers.${role}.args: a list of strings`);
    servers.push({
      role: name,
      engine: engine as ServerEngine,
      model: fields.model,
      gpus: Number(gpus),
      port: port as number | undefined,
      readyTimeoutS: Number(timeout),
      args: Array.isArray(args) ? args.map(String) : [],
    });
  }
  const roles = new Set(servers.map((s) => s.role));
  if (roles.has("generation")) {
    if (job.name !== "reverse-rl")
      error(
        `servers.generation: only reverse-rl generates through TRL's vLLM server (this job is ${job.name})`,
      );
    else if (!truthy(config.values.use_vllm) || config.values.vllm_mode !== "server")
      error(
        "servers.generation needs `use_vllm: true` and `vllm_mode: server` (with colocate, vLLM runs inside the training and no server is needed)",
      );
  }
  if ((roles.has("reward_model") || roles.has("judge")) && !job.needsRewardServer)
    error(
      `servers.reward_model / servers.judge: ${job.name} does not score through the reward server, so nothing would call them`,
    );
  return { servers, issues };
}

/** GPUs each node gives the servers (Slurm asks for these on top of the training's). */
export function serverGpus(servers: readonly ServerSpec[]): number {
  return servers.reduce((sum, s) => sum + s.gpus, 0);
}
