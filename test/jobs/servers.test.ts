import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { executeRun } from "../../server/src/jobs/executeRun";
import { parseJobConfig } from "../../server/src/protocol/jobConfigFile";
import { planServers } from "../../server/src/jobs/servers/plan";
import { parseServers } from "../../server/src/jobs/servers/spec";
import { renderSlurm } from "../../server/src/jobs/slurm/render";
import { captureIo, GRPO_FIELDS, job, probeJson, request, STANDIN_PYTHON, tempDir } from "./helpers";

const REPO = path.resolve(__dirname, "../..");
const SERVER_MODE = "use_vllm: true\nvllm_mode: server\n";
const parse = (jobName: string, yaml: string) => parseServers(job(jobName), parseJobConfig(yaml, "rl.yaml"));

describe("servers: in a job config", () => {
  it("reads the three roles with their defaults", () => {
    const { servers, issues } = parse(
      "reverse-rl",
      `${SERVER_MODE}servers:\n  generation: { model: Qwen/Qwen2.5-7B-Instruct, gpus: 2 }\n  reward_model: { model: runs/rm/outputs/model, engine: classify }\n  judge: { model: Qwen/Qwen2.5-7B-Instruct, port: 8002, args: [--max-model-len, 8192] }\n`,
    );
    expect(issues).toEqual([]);
    expect(servers).toEqual([
      {
        role: "generation",
        engine: "trl-vllm-serve",
        model: "Qwen/Qwen2.5-7B-Instruct",
        gpus: 2,
        port: undefined,
        readyTimeoutS: 900,
        args: [],
      },
      {
        role: "reward_model",
        engine: "classify",
        model: "runs/rm/outputs/model",
        gpus: 0,
        port: undefined,
        readyTimeoutS: 120,
        args: [],
      },
      {
        role: "judge",
        engine: "vllm",
        model: "Qwen/Qwen2.5-7B-Instruct",
        gpus: 1,
        port: 8002,
        readyTimeoutS: 900,
        args: ["--max-model-len", "8192"],
      },
    ]);
  });

  // [job, servers block, the issues as `line:col message`]
  const refused: [string, string, string[]][] = [
    [
      "reverse-rl",
      "servers:\n  critic: { model: m }\n",
      ["2:3 servers.critic: unknown role: one of generation, reward_model, judge"],
    ],
    [
      "reverse-rl",
      "servers:\n  judge: { model: m, engine: classify }\n",
      ['2:3 servers.judge.engine: "classify" cannot serve this role: vllm'],
    ],
    [
      "reverse-rl",
      "servers:\n  judge: { gpus: 1 }\n",
      ["2:3 servers.judge.model: required, a hub id or a model folder"],
    ],
    [
      "reverse-rl",
      "servers:\n  judge: { model: m, gpus: 0, colour: red }\n",
      [
        "2:3 servers.judge.colour: unknown key: one of model, engine, gpus, port, ready_timeout_s, args",
        "2:3 servers.judge.gpus: vLLM needs at least one GPU (engine: classify runs a reward model on the CPU)",
      ],
    ],
    [
      "reverse-rl",
      "servers:\n  generation: { model: m }\n",
      [
        "2:3 servers.generation needs `use_vllm: true` and `vllm_mode: server` (with colocate, vLLM runs inside the training and no server is needed)",
      ],
    ],
    [
      "dpo",
      "servers:\n  reward_model: { model: m, engine: classify }\n",
      [
        "2:3 servers.reward_model / servers.judge: dpo does not score through the reward server, so nothing would call them",
      ],
    ],
    [
      "reverse-rl",
      "servers: [judge]\n",
      ["1:10 servers must be a mapping of roles (generation, reward_model, judge) to { model, gpus, ... }"],
    ],
  ];
  it.each(refused)(
    "refuses what cannot work (%s: %j), at the servers value, naming the key and the fix",
    (jobName, yaml, expected) => {
      expect(parse(jobName, yaml).issues.map((i) => `${i.line}:${i.column} ${i.message}`)).toEqual(expected);
    },
  );

  it("plans each engine's command: 127.0.0.1, a port picked at start, tokens only in the environment", () => {
    const { servers } = parse(
      "reverse-rl",
      `${SERVER_MODE}servers:\n  judge: { model: J, gpus: 2 }\n  reward_model: { model: R }\n  generation: { model: G, gpus: 2 }\n`,
    );
    const plan = planServers("/venv/bin/python", servers, "/p/pns.config.json");
    expect(plan.reward_config).toBe("/p/pns.config.json");
    expect(
      plan.servers.map((s) => [
        s.name,
        s.argv.join(" "),
        s.health,
        s.url_suffix,
        s.nodes,
        s.token_env,
        s.server_token_env,
      ]),
    ).toEqual([
      [
        "generation",
        "/venv/bin/python -m trl.scripts.vllm_serve --model G --host 127.0.0.1 --port {port} --tensor_parallel_size 2",
        "/health/",
        "",
        "first",
        undefined,
        undefined,
      ],
      [
        "reward_model",
        "/venv/bin/python -m vllm.entrypoints.openai.api_server --model R --host 127.0.0.1 --port {port} --runner pooling",
        "/health",
        "",
        "every",
        "PNS_REWARD_MODEL_API_KEY",
        "VLLM_API_KEY",
      ],
      [
        "judge",
        "/venv/bin/python -m vllm.entrypoints.openai.api_server --model J --host 127.0.0.1 --port {port} --tensor-parallel-size 2",
        "/health",
        "/v1",
        "every",
        "PNS_JUDGE_API_KEY",
        "VLLM_API_KEY",
      ],
    ]);
  });
});

describe("servers: in the Slurm scripts", () => {
  it("asks Slurm for the servers' GPUs too, starts them first on each node, and hands their URLs on", () => {
    const { servers } = parse(
      "reverse-rl",
      `${SERVER_MODE}servers:\n  generation: { model: G, gpus: 2 }\n  judge: { model: J }\n`,
    );
    const runDir = "/work/project/runs/20261126T054412Z-reverse-rl";
    const { sbatch, node } = renderSlurm({
      plan: {
        job: job("reverse-rl"),
        python: "/opt/venv/bin/python",
        configPath: "/work/project/rl.yaml",
        runDir,
        resume: false,
        gpus: 4,
        nodes: 2,
        accelerateArgs: [],
      },
      settings: { extra: [], port: 29500 },
      cwd: "/work/project",
      jobsDir: "/opt/pns/jobs",
      pnsCommand: ["/usr/bin/node", "/opt/pns/bin/pns.js"],
      rewardServerArgs: ["--config", "/work/project/pns.config.json"],
      servers: planServers("/opt/venv/bin/python", servers, "/work/project/pns.config.json"),
    });
    expect(sbatch).toContain("#SBATCH --gres=gpu:7\n"); // 4 training + 2 generation + 1 judge
    expect(node).toContain(
      `/opt/venv/bin/python -m pns_jobs.model_servers --plan ${runDir}/servers/plan.json --out-dir ${runDir}/servers/node-"$SLURM_PROCID" --node-rank "$SLURM_PROCID" --train-gpus 4 >"$servers_out" 2>&1 &`,
    );
    expect(node).toContain(
      `export PNS_JUDGE_API_KEY="$(/opt/venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(24))')"`,
    );
    expect(node).not.toContain("PNS_GENERATION_API_KEY"); // TRL's server takes no token
    // The reward server scores with the copy pointed at this node's servers, not the original.
    expect(node).toContain(`serve-reward --port 0 --config "$PNS_SERVERS_CONFIG") >"$server_log" 2>&1 &`);
    expect(node).toContain(
      '--vllm_server_base_url "$PNS_SERVER_GENERATION_URL" \\\n  --vllm_group_port "$PNS_VLLM_GROUP_PORT"',
    );
    // Servers before the reward server, the reward server before the training; one trap stops both.
    const order = [
      "trap cleanup EXIT",
      "pns_jobs.model_servers",
      "serve-reward",
      "accelerate.commands.launch",
    ].map((s) => node.indexOf(s));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order.every((i) => i > 0)).toBe(true);
  });
});

describe("servers: pns run", () => {
  function project(config: string) {
    const dir = tempDir();
    writeFileSync(path.join(dir, "data.pns"), "@pns 1\n");
    mkdirSync(path.join(dir, "model"));
    writeFileSync(path.join(dir, "rl.yaml"), config);
    return dir;
  }
  const RL = `model_name_or_path: ./model\ndataset: data.pns\nper_device_train_batch_size: 4\nnum_generations: 4\n${SERVER_MODE}`;
  const context = (io: ReturnType<typeof captureIo>["io"]) => ({
    io,
    jobsDir: path.join(REPO, "jobs"),
    pnsCommand: ["/usr/bin/node", "/opt/pns/bin/pns.js"],
    now: () => new Date("2026-11-26T05:44:12Z"),
  });

  /** `pns run reverse-rl --config rl.yaml --dry-run` in a project with this config. */
  async function dryRun(config: string, env: Record<string, string> = {}) {
    const dir = project(config);
    const c = captureIo(dir, {
      STANDIN_PROBE_JSON: probeJson(dir, {
        ...GRPO_FIELDS,
        use_vllm: false,
        vllm_mode: "server",
        servers: null,
      }),
      ...env,
    });
    const code = await executeRun(
      request({ job: job("reverse-rl"), configPath: "rl.yaml", python: STANDIN_PYTHON, dryRun: true }),
      context(c.io),
    );
    return { dir, code, out: c.out(), err: c.err() };
  }

  it("lists the servers in a dry run and what they need that this machine lacks", async () => {
    const { dir, code, out, err } = await dryRun(
      `${RL}servers:\n  generation: { model: G, gpus: 2 }\n  reward_model: { model: R, engine: classify }\n`,
    );
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toContain(
      "servers     started by the run, healthy before the job starts, stopped when it ends",
    );
    expect(out).toContain(
      `  generation   ${STANDIN_PYTHON} -m trl.scripts.vllm_serve --model G --host 127.0.0.1 --port '{port}' --tensor_parallel_size 2  (2 GPU(s), health /health/, first node only)`,
    );
    expect(out).toContain(
      `  reward_model ${STANDIN_PYTHON} -m pns_jobs.classify_server --model R --port '{port}'  (0 GPU(s), health /health)`,
    );
    expect(out).toContain("[missing] vLLM (servers.generation)");
    expect(out).not.toContain("a TRL vLLM generation server at"); // started by the run, not by hand
    expect(existsSync(path.join(dir, "runs"))).toBe(false);
  });

  it("refuses servers for a shared reward server (PNS_REWARD_URL), which would never call them", async () => {
    const { code, err } = await dryRun(`${RL}servers:\n  reward_model: { model: R, engine: classify }\n`, {
      PNS_REWARD_URL: "http://127.0.0.1:9",
    });
    expect(code).toBe(2);
    expect(err).toContain(
      "PNS_REWARD_URL names a shared reward server, which would never call this run's servers.reward_model / servers.judge",
    );
  });
});
