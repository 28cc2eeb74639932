import { existsSync, promises as fs } from "node:fs";
import * as path from "node:path";
import type { CliIo } from "../io/processIo";
import { shellJoin } from "../protocol/commandLine";
import { formatIssue, parseJobConfig } from "../protocol/jobConfigFile";
import type { JobSpec } from "../protocol/jobs";
import { accelerateCommand, type LaunchPlan, localCommand, processesPerNode } from "./launchCommand";
import { runProcessGroup } from "./processGroup";
import {
  describeMissing,
  findInterpreter,
  ProbeError,
  type ProbeResult,
  probeInterpreter,
  pythonEnv,
} from "./python";
import { formatConfigIssue } from "../io/loadConfig";
import { writeFileAtomic } from "../io/atomicWrite";
import { graderVersion, remoteSummary, resolveRewardConfig, rewardConfigRecord } from "./rewardConfig";
import { startRewardServer, type RewardServer } from "./rewardServer";
import {
  createRunDirectory,
  newestRun,
  readStatus,
  type RunState,
  utcStamp,
  writeStatus,
} from "./runDirectory";
import type { CommandRunner } from "./slurm/backend";
import { nodeScriptPath, sbatchPath, type SlurmRender, type SlurmSettings } from "./slurm/render";
import { renderRunScript, runSlurm } from "./slurm/run";
import { ScriptValueError } from "./slurm/scriptValues";
import { validateJobConfig } from "./validate";
import { readAccelerateConfig } from "./accelerateConfig";
import { formatNeeds, machineNeeds } from "./requirements";
import { runLinkSuffix } from "../protocol/editorLink";
import { parseServers } from "./servers/spec";
import { serverNeeds } from "./servers/needs";
import {
  changesRewardConfig,
  generationJobArgs,
  planServers,
  type ServersPlan,
  supervisorCommand,
  tokenEnv,
} from "./servers/plan";
import { type ServersReady, startServers } from "./servers/supervisor";
import { randomBytes } from "node:crypto";

export type Launcher = "local" | "accelerate" | "slurm";

/** Everything `pns run` was asked to do, already parsed from its command line. */
export interface RunRequest {
  job: JobSpec;
  configPath: string;
  launcher: Launcher;
  gpus: number;
  nodes: number;
  python?: string;
  dryRun: boolean;
  /** true: continue the newest run of this job; a string: continue that run directory. */
  resume: boolean | string;
  runsRoot: string;
  accelerateConfig?: string;
  accelerateArgs: string[];
  /** The pipeline's profile (`--profile`), passed to the job as `--profile NAME`. */
  profile?: string;
  slurm: SlurmSettings;
  probe: boolean;
}

/** The world `pns run` acts on; tests replace the parts that would reach outside. */
export interface RunContext {
  io: CliIo;
  signal?: AbortSignal;
  jobsDir: string | undefined;
  /** How to run the pns CLI itself (for the reward server, and for `pns export` / `pns grade` in jobs). */
  pnsCommand: string[];
  /** The reward server command; default `<pns> serve-reward --port 0`. */
  rewardServerCommand?: string[];
  slurmRunner?: CommandRunner;
  pollMs?: number;
  now?: () => Date;
}

export const EXIT_FAILED = 1;
export const EXIT_INVALID = 2;

export async function executeRun(request: RunRequest, context: RunContext): Promise<number> {
  const { io } = context;
  const say = (line: string) => io.stdout.write(`${line}\n`);
  const complain = (line: string) => io.stderr.write(`${line}\n`);
  const resolve = (p: string) => path.resolve(io.cwd, p);
  const configPath = resolve(request.configPath);

  let text: string;
  try {
    text = await fs.readFile(configPath, "utf8");
  } catch (error) {
    complain(
      `pns run: cannot read config ${request.configPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
    return EXIT_INVALID;
  }
  const config = parseJobConfig(text, request.configPath);
  if (config.issues.some((i) => i.severity === "error")) {
    for (const issue of config.issues) complain(formatIssue(issue));
    return EXIT_INVALID;
  }

  const interpreter = findInterpreter(request.python, io.env, context.jobsDir);
  if (!interpreter) {
    complain("pns run: no Python found: run `bash jobs/setup-venv.sh`, or pass --python / set PNS_PYTHON");
    return EXIT_INVALID;
  }
  const env = pythonEnv(io.env, context.jobsDir);
  let probe: ProbeResult | undefined;
  if (request.probe) {
    try {
      probe = await probeInterpreter(interpreter, request.job.name, env);
    } catch (error) {
      if (!(error instanceof ProbeError)) throw error;
      if (!request.dryRun) {
        complain(`pns run: ${error.message}`);
        return EXIT_INVALID;
      }
      complain(`pns run: warning: ${error.message} (dry run continues without the key check)`);
    }
    const missing = probe && describeMissing(probe, interpreter);
    if (missing) {
      complain(`pns run: ${missing}`);
      if (!request.dryRun) return EXIT_INVALID;
    }
  }

  const processes = request.launcher === "local" ? 1 : processesPerNode(request) * request.nodes;
  const issues = validateJobConfig(request.job, config, {
    fields: probe?.fields,
    processes,
    exists: (p) => existsSync(resolve(p)),
  });
  // The model servers the config asks this run to start (servers/spec.ts).
  const parsedServers = parseServers(request.job, config);
  issues.push(...parsedServers.issues);
  for (const issue of issues) complain(formatIssue(issue));
  if (issues.some((i) => i.severity === "error")) {
    complain(`pns run: ${request.configPath} has errors; nothing was started`);
    return EXIT_INVALID;
  }
  // What the config needs from this machine (GPUs, vLLM, DeepSpeed, memory): see requirements.ts.
  let accelerate: Record<string, unknown> | undefined;
  if (request.accelerateConfig) {
    const read = await readAccelerateConfig(resolve(request.accelerateConfig));
    if ("error" in read) {
      complain(`pns run: ${read.error}`);
      return EXIT_INVALID;
    }
    accelerate = read.values;
  }
  const servers = parsedServers.servers;
  const trainingGpus = request.launcher === "local" ? (probe?.cuda?.available ? 1 : 0) : request.gpus;
  const needs = [
    // A generation server this run starts is no longer something to start by hand first.
    ...machineNeeds({
      job: request.job,
      values: config.values,
      launcher: request.launcher,
      gpus: request.gpus,
      nodes: request.nodes,
      accelerate,
      probe,
    }).filter(
      (need) =>
        !(
          servers.some((s) => s.role === "generation") && need.what.startsWith("a TRL vLLM generation server")
        ),
    ),
    ...serverNeeds(servers, probe, trainingGpus, request.launcher === "slurm"),
  ];
  if (!request.dryRun && needs.some((need) => need.met === false)) {
    for (const need of needs.filter((n) => n.met === false))
      complain(`pns run: this machine lacks ${need.what}: ${need.detail}`);
    complain("pns run: nothing was started (`--dry-run` lists every need)");
    return EXIT_INVALID;
  }
  if (request.launcher === "local" && (request.gpus > 1 || request.nodes > 1)) {
    complain("pns run: --gpus / --nodes above 1 need --launcher accelerate or slurm");
    return EXIT_INVALID;
  }

  const externalServer = Boolean(io.env.PNS_REWARD_URL);
  if (externalServer && servers.some((s) => s.role !== "generation")) {
    complain(
      `pns run: PNS_REWARD_URL names a shared reward server, which would never call this run's servers.reward_model / servers.judge: unset PNS_REWARD_URL, or drop them from ${request.configPath}`,
    );
    return EXIT_INVALID;
  }
  // One pns.config.json per run, resolved here and handed to the server explicitly (never left to
  // whatever config lies above the server's working directory).
  const rewardConfig =
    request.job.needsRewardServer && !externalServer
      ? await resolveRewardConfig(config.values, configPath, io.cwd)
      : undefined;
  if (rewardConfig) {
    for (const issue of rewardConfig.loaded.issues) complain(formatConfigIssue(issue));
    if (rewardConfig.loaded.issues.some((i) => i.severity === "error")) {
      complain(`pns run: the reward config ${rewardConfig.file ?? ""} has errors; nothing was started`);
      return EXIT_INVALID;
    }
  }

  const runsRoot = resolve(request.runsRoot);
  let runDir: string;
  if (request.resume !== false) {
    const found =
      typeof request.resume === "string"
        ? resolve(request.resume)
        : await newestRun(runsRoot, request.job.name);
    if (!found || !existsSync(found)) {
      complain(
        `pns run: --resume found no earlier ${request.job.name} run${typeof request.resume === "string" ? ` at ${request.resume}` : ` under ${request.runsRoot}`}`,
      );
      return EXIT_INVALID;
    }
    runDir = found;
  } else if (request.dryRun) {
    runDir = path.join(runsRoot, `${utcStamp(context.now?.() ?? new Date())}-${request.job.name}`);
  } else {
    runDir = await createRunDirectory(runsRoot, request.job.name, context.now?.());
  }

  const plan: LaunchPlan = {
    job: request.job,
    python: interpreter.command,
    configPath,
    runDir,
    resume: request.resume !== false,
    gpus: request.launcher === "local" ? 1 : request.gpus,
    nodes: request.launcher === "slurm" ? request.nodes : 1,
    accelerateConfig: request.accelerateConfig ? resolve(request.accelerateConfig) : undefined,
    accelerateArgs: request.accelerateArgs,
    profile: request.profile,
  };
  const serversPlan: ServersPlan | undefined =
    servers.length > 0 ? planServers(interpreter.command, servers, rewardConfig?.file) : undefined;
  const serversDir = path.join(runDir, "servers");
  const pnsCli = shellJoin(context.pnsCommand);
  // Unbuffered: stdout is a pipe here, and a pseudoterminal should show lines as they happen.
  const jobEnv: NodeJS.ProcessEnv = { ...env, PNS_LOG_CAPTURED: "1", PNS_CLI: pnsCli, PYTHONUNBUFFERED: "1" };
  const baseServerCommand = context.rewardServerCommand ?? [
    ...context.pnsCommand,
    "serve-reward",
    "--port",
    "0",
  ];
  const serverCommand =
    rewardConfig && baseServerCommand.includes("serve-reward")
      ? [...baseServerCommand, ...(rewardConfig.file ? ["--config", rewardConfig.file] : ["--no-config"])]
      : baseServerCommand;
  const rewardServerArgs = rewardConfig
    ? rewardConfig.file
      ? ["--config", rewardConfig.file]
      : ["--no-config"]
    : [];
  const rewardConfigLine =
    rewardConfig &&
    `${rewardConfig.file ?? "none (defaults: local components only)"} (${rewardConfig.source})`;
  const localOnly =
    request.job.name === "reverse-rl" && rewardConfig && !remoteSummary(rewardConfig.loaded.settings)
      ? `no reward model or judge is configured${rewardConfig.file ? ` in ${rewardConfig.file}` : ""}: reverse RL trains on format and the local checks only (accuracy inversion, arithmetic); set rewardModel and judge for the paper's plausibility signal`
      : undefined;

  if (request.dryRun) {
    say(`pns run ${request.job.name} (dry run: nothing is started)`);
    say(
      `config      ${request.configPath}: ${issues.length === 0 ? "ok" : `${issues.length} warning(s)`}${probe ? "" : " (keys not checked: no probe)"}`,
    );
    if (probe)
      say(
        `python      ${probe.executable} (Python ${probe.python}; ${Object.entries(probe.versions)
          .filter(([, v]) => v)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")})`,
      );
    else say(`python      ${interpreter.command} (from ${interpreter.source})`);
    say(`run dir     ${runDir}${request.resume === false ? " (not created)" : " (resumed)"}`);
    if (rewardConfigLine) say(`reward cfg  ${rewardConfigLine}`);
    if (localOnly) say(`warning     ${localOnly}`);
    if (needs.length > 0) {
      const unmet = needs.filter((n) => n.met === false).length;
      say(
        `needs       ${unmet === 0 ? "what this machine can tell is here" : `${unmet} thing(s) this machine lacks: a real run here refuses to start`}`,
      );
      for (const line of formatNeeds(needs)) say(line);
    }
    if (serversPlan) {
      say(
        `servers     started by the run, healthy before the job starts, stopped when it ends (${path.join(serversDir, "plan.json")}):`,
      );
      for (const server of serversPlan.servers)
        say(
          `  ${server.name.padEnd(13)}${shellJoin(server.argv)}  (${server.gpus} GPU(s), health ${server.health}${server.nodes === "first" ? ", first node only" : ""})`,
        );
      if (changesRewardConfig(serversPlan))
        say(
          `  the reward server scores with a copy of the reward config pointed at these servers (${path.join(serversDir, "node-<rank>", "pns.config.json")})`,
        );
    }
    if (request.job.needsRewardServer && request.launcher !== "slurm")
      say(
        `reward      ${externalServer ? `existing server at ${io.env.PNS_REWARD_URL}` : shellJoin(serverCommand)}`,
      );
    say(`env         PYTHONPATH=${jobEnv.PYTHONPATH ?? ""} PNS_CLI=${pnsCli} PNS_LOG_CAPTURED=1`);
    if (request.launcher === "slurm") {
      let rendered: SlurmRender;
      try {
        rendered = renderRunScript({ request, context, plan, rewardServerArgs, servers: serversPlan });
      } catch (error) {
        if (!(error instanceof ScriptValueError)) throw error;
        complain(`pns run: ${error.message}`);
        return EXIT_INVALID;
      }
      say(`submit      cd ${shellJoin([runDir])} && sbatch --parsable sbatch.sh`);
      say(
        `\n--- ${sbatchPath(runDir)}\n${rendered.sbatch}--- ${nodeScriptPath(runDir)}\n${rendered.node}---`,
      );
    } else {
      const argv = request.launcher === "accelerate" ? accelerateCommand(plan) : localCommand(plan);
      say(`command     ${shellJoin(argv)}`);
    }
    return 0;
  }

  say(`PNS_RUN_DIR=${runDir}`);
  if (rewardConfig) {
    say(`[pns] reward config ${rewardConfigLine}`);
    const record = {
      ...rewardConfigRecord(
        rewardConfig,
        await graderVersion(context.jobsDir && path.dirname(context.jobsDir)),
      ),
      // Slurm's node script starts each node's server with the same --config / --no-config.
      passed_to_server: true,
      ...(serversPlan && changesRewardConfig(serversPlan)
        ? {
            endpoints:
              "rewardModel / judge: the servers this run started (servers/node-<rank>/pns.config.json, servers.json)",
          }
        : {}),
    };
    await writeFileAtomic(path.join(runDir, "reward-config.json"), `${JSON.stringify(record, null, 2)}\n`);
  } else if (request.job.needsRewardServer && externalServer) {
    say(
      `[pns] reward server ${io.env.PNS_REWARD_URL} (PNS_REWARD_URL): its own config applies; no reward-config.json is written`,
    );
  }
  if (localOnly) say(`[pns] warning: ${localOnly}`);
  const started = Date.now();
  await writeStatus(runDir, request.job.name, "running", {
    launcher: request.launcher,
    run_dir: runDir,
    processes: processesPerNode(plan) * plan.nodes,
  });
  const finish = async (state: RunState, reason?: string): Promise<number> => {
    const current = await readStatus(runDir);
    // The job records its own end; only fill in when it could not (killed, crashed, never started).
    const final =
      current && current.state !== "running"
        ? current
        : await writeStatus(runDir, request.job.name, state, reason ? { reason } : {});
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    // Inside VS Code's terminal the line ends with a deep link to the run (protocol/editorLink.ts).
    say(
      `[pns] ${request.job.name} ${final.state}${final.reason ? `: ${final.reason}` : ""} (${seconds}s, run dir ${runDir})${runLinkSuffix(io.env, path.resolve(io.cwd, runDir))}`,
    );
    return final.state === "succeeded" ? 0 : EXIT_FAILED;
  };

  if (serversPlan) await fs.mkdir(serversDir, { recursive: true });
  if (serversPlan)
    await writeFileAtomic(path.join(serversDir, "plan.json"), `${JSON.stringify(serversPlan, null, 2)}\n`);
  if (request.launcher === "slurm")
    return runSlurm({ request, context, plan, finish, say, rewardServerArgs, servers: serversPlan });

  let server: RewardServer | undefined;
  let modelServers: ServersReady | undefined;
  try {
    // The servers' tokens: fresh, in the environment only (never argv or a file).
    const tokens = Object.fromEntries(
      (serversPlan?.servers ?? [])
        .filter((s) => s.token_env)
        .map((s) => [tokenEnv(s.role), randomBytes(24).toString("base64url")]),
    );
    if (serversPlan) {
      try {
        modelServers = await startServers(
          supervisorCommand(
            interpreter.command,
            path.join(serversDir, "plan.json"),
            path.join(serversDir, "node-0"),
            "0",
            trainingGpus,
          ),
          {
            env: { ...env, ...tokens, PYTHONUNBUFFERED: "1" },
            cwd: io.cwd,
            onLine: say,
            signal: context.signal,
          },
        );
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return await finish(context.signal?.aborted ? "cancelled" : "failed", message);
      }
      if (modelServers.trainDevices) jobEnv.CUDA_VISIBLE_DEVICES = modelServers.trainDevices;
      plan.jobExtraArgs = generationJobArgs(
        serversPlan,
        modelServers.urls.PNS_SERVER_GENERATION_URL ?? "",
        modelServers.groupPort ?? "",
      );
    }
    if (request.job.needsRewardServer && !externalServer) {
      try {
        // Without PNS_REWARD_TOKEN in its environment the server makes a fresh random token.
        const { PNS_REWARD_TOKEN: _inherited, ...serverEnv } = io.env;
        const command = modelServers?.config
          ? [...baseServerCommand, "--config", modelServers.config]
          : serverCommand;
        server = await startRewardServer(command, { ...serverEnv, ...tokens });
      } catch (error) {
        return await finish("failed", error instanceof Error ? error.message.split("\n")[0] : String(error));
      }
      jobEnv.PNS_REWARD_URL = server.url;
      jobEnv.PNS_REWARD_TOKEN = server.token;
      say(`[pns] reward server at ${server.url}`);
    }
    const argv = request.launcher === "accelerate" ? accelerateCommand(plan) : localCommand(plan);
    say(`[pns] ${shellJoin(argv)}`);
    const result = await runProcessGroup(argv, {
      env: jobEnv,
      cwd: io.cwd,
      logFile: path.join(runDir, "log.txt"),
      onStdout: (t) => io.stdout.write(t),
      onStderr: (t) => io.stderr.write(t),
      signal: context.signal,
    });
    if (result.cancelled) return await finish("cancelled", "cancelled by the user (Ctrl-C)");
    if (result.code === 0) return await finish("succeeded");
    const lastLine = result.stderrTail.trim().split("\n").filter(Boolean).pop() ?? "";
    const how = result.signal
      ? `killed by ${result.signal}${result.signal === "SIGKILL" ? " (out of memory?)" : ""}`
      : `exited with code ${result.code}`;
    return await finish(
      "failed",
      `the job ${how} before recording its end${lastLine ? `; last output: ${lastLine}` : ""}`,
    );
  } finally {
    await server?.stop();
    await modelServers?.stop();
  }
}
