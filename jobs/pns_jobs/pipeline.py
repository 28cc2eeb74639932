"""The PNS method end to end, one job per phase: `pns run pipeline --config examples/mini/pipeline.yaml`.

Phases (each a normal job with its own run directory under `<run>/phases/`, except the small
in-process steps marked *):
  data*          the task's splits (train problems for sampling, RL and DPO; test; harder)
  base_eval      greedy pass@1 of the base model on test and harder
  base_band*     stops the pipeline unless test pass@1 lies in [base_band_low, base_band_high]
  sample         K responses per train problem from the base model: correct and wrong (RS negatives)
  rm_pairs*      (correct, wrong) pairs of those samples, split by problem into train / held-out
  rm_base        the reward model's body: the base model trained further on reference solutions
  reward_model   centred Bradley-Terry reward model from that body, held-out pairwise accuracy
  reverse_rl     GRPO from the base model on the composite (format, accuracy inversion, the reward
                 model served by jobs' /classify server, local CoT checks; no judge at this scale)
  synthesize     plausible negatives from the trained generator, with the plausibility floors
  figure1*       the reward model's mean raw score of correct answers, PNS and RS negatives
  dpo_pairs*     three arms with identical chosen sides and pair counts
  dpo-<arm>-s<n> DPO from the base model, per arm and seed
  eval           every DPO model on test and harder
  report*        report.json and report.md

`--resume` continues the newest pipeline run at its first unfinished phase (phases.json records
each phase's state, run directory, seconds and outputs). A failed phase stops the pipeline with its
reason and the fix; every finished phase is kept.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .job import JobArguments, JobContext, run_job
from .pipeline_data import (
    dpo_arms,
    grpo_rows,
    negatives_by_problem,
    reward_model_pairs,
    sampled_problems,
    split_by_problem,
    write_jsonl,
)
from .pipeline_phases import PhaseBook, PhaseFailed, PhaseRecord, run_job_phase, run_local_phase
from .pipeline_report import build_report, write_report

JOB = "pipeline"


@dataclass
class PipelineArguments(JobArguments):
    base_model: str = field(default="examples/mini/base", metadata={"help": "the base checkpoint every phase starts from"})
    phase_configs: str = field(default="examples/mini/phases", metadata={"help": "folder of one job YAML per phase"})
    profiles: str = field(default="examples/mini/profiles.yaml", metadata={"help": "per-profile overrides"})
    profile: str = field(default="default", metadata={"help": "default | quick (or any profile of `profiles`)"})
    task_seed: int = field(default=0, metadata={"help": "seed of the task's split (must be the base model's)"})
    task_problems: int = 1000
    task_test: int = 500
    task_harder: int = 500
    seeds: list[int] = field(default_factory=lambda: [0, 1, 2], metadata={"help": "DPO seeds per arm"})
    rm_base_steps: int = field(default=300, metadata={"help": "SFT steps that make the reward model's body (0: the base model as is)"})
    rm_base_problems: int = 25600
    rm_pairs_per_problem: int = 4
    rm_held_out: float = 0.1
    dpo_pairs_per_problem: int = 2
    positives: str = field(
        default="steps_hold",
        metadata={"help": "steps_hold: a right answer is a positive only when its arithmetic claims all hold | answer: the answer alone"},
    )
    dpo_problems: int = 0
    base_band_low: float = 0.3
    base_band_high: float = 0.7


def load_yaml(path: Path) -> dict[str, Any]:
    import yaml

    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of keys")
    return data


def apply_profile(args: PipelineArguments) -> dict[str, dict[str, Any]]:
    """Sets the profile's pipeline keys on `args`; returns its per-phase overrides."""
    profiles = load_yaml(Path(args.profiles))
    if args.profile not in profiles:
        raise ValueError(f"profile {args.profile!r} is not in {args.profiles} (it has: {', '.join(profiles)})")
    chosen = dict(profiles[args.profile] or {})
    for key, value in (chosen.pop("pipeline", None) or {}).items():
        if not hasattr(args, key):
            raise ValueError(f"{args.profiles}: profile {args.profile} sets unknown pipeline key {key!r}")
        setattr(args, key, value)
    return chosen


class Pipeline:
    def __init__(self, ctx: JobContext) -> None:
        self.ctx = ctx
        self.args: PipelineArguments = ctx.args
        self.overrides = apply_profile(self.args)
        self.dir = ctx.run.path
        self.book = PhaseBook(self.dir / "phases.json")
        self.base = str(Path(self.args.base_model).resolve())
        self.rm_server: subprocess.Popen[str] | None = None
        self.rm_env: dict[str, str] = {}

    # --- helpers ---------------------------------------------------------------------------
    def phase_config(self, job: str, phase: str, **keys: Any) -> dict[str, Any]:
        """The job's YAML from `phase_configs`, the profile's overrides, then the pipeline's keys."""
        config = load_yaml(Path(self.args.phase_configs) / f"{job}.yaml")
        config.update(self.overrides.get(job) or {})
        config.update(self.overrides.get(phase) or {})
        for prompt_key in ("prompt_template", "system_prompt", "conversational"):
            config.setdefault(prompt_key, getattr(self.args, prompt_key))
        config.update(keys)
        return config

    def job(self, name: str, job: str, **keys: Any) -> PhaseRecord:
        return run_job_phase(self.book, name, job, self.phase_config(job, name, **keys), self.dir, self.rm_env)

    def local(self, name: str, body: Any) -> PhaseRecord:
        return run_local_phase(self.book, name, body)

    def export_rows(self, pns: str, name: str) -> list[dict[str, Any]]:
        from .data import load_problems

        return load_problems(pns, self.dir, name)

    # --- phases ----------------------------------------------------------------------------
    def data(self) -> dict[str, Any]:
        from .mini_task import TaskSettings, make_splits, write_splits

        a = self.args
        record_file = Path(a.base_model) / "pns_base.json"
        if record_file.is_file():
            record = json.loads(record_file.read_text(encoding="utf-8"))
            if record.get("task_seed") != a.task_seed:
                raise ValueError(f"task_seed {a.task_seed} is not the base model's ({record.get('task_seed')}): its test split would overlap what it trained on")
            if a.task_test > int(record.get("held_out_tuples", 0)):
                raise ValueError(f"task_test {a.task_test} exceeds the {record.get('held_out_tuples')} tuples the base model never trained on")
        splits = make_splits(a.task_seed, a.task_problems, 0, a.task_test, a.task_harder, TaskSettings())
        del splits["dev"]
        if a.rm_base_steps > 0:
            # The same tuple partition (same seed): the reward model never sees a test tuple either.
            splits["rm-sft"] = make_splits(a.task_seed, a.rm_base_problems, 0, a.task_test, 0, TaskSettings())["train"]
        paths = write_splits(self.dir / "data", splits, a.task_seed)
        return {name: str(path) for name, path in paths.items()}

    def check_band(self, record: PhaseRecord) -> dict[str, float]:
        table = json.loads(Path(record.outputs["table"]).read_text(encoding="utf-8"))
        scores = {row["benchmark"]: row["pass@1"] for row in table["benchmarks"]}
        test = scores.get("test", 0.0)
        low, high = self.args.base_band_low, self.args.base_band_high
        if not low <= test <= high:
            raise ValueError(
                f"the base model's pass@1 on test is {test:.3f}, outside the band [{low}, {high}]: with almost no "
                "right (or no wrong) answers there is nothing to pair; retrain it (docs/mini.md) or set base_band_low/high"
            )
        return scores

    def start_reward_model_server(self, model_dir: str) -> str:
        """jobs' /classify server for the trained reward model, and a pns.config.json that points the
        reward server at it (the phases run with this folder as working directory)."""
        token = secrets.token_urlsafe(24)
        self.rm_env = {"PNS_REWARD_MODEL_API_KEY": token}
        self.rm_server = subprocess.Popen(
            [sys.executable, "-m", "pns_jobs.classify_server", "--model", model_dir, "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, **self.rm_env},
        )
        assert self.rm_server.stdout is not None
        url = ""
        for line in self.rm_server.stdout:
            if line.startswith("PNS_CLASSIFY_URL="):
                url = line.split("=", 1)[1].strip()
                break
        if not url:
            raise PhaseFailed(f"the reward-model server for {model_dir} exited before it was ready (code {self.rm_server.wait()})")
        record = json.loads((Path(model_dir) / "pns_reward_input.json").read_text(encoding="utf-8"))
        if record.get("format") != "plain":
            raise PhaseFailed("PNS-mini's reward model must be trained on plain text (conversational: false)")
        config = json.loads((Path(self.args.phase_configs) / "pns.config.json").read_text(encoding="utf-8"))
        config["rewardModel"] = {
            **(config.get("rewardModel") or {}),
            **calibrated_transform(Path(model_dir).parent / "rm_eval.json"),
            "baseUrl": url,
            "model": model_dir,
            "kind": "classify",
            "inputFormat": "text",
            # The prompt the trainer sends already ends with the separator (prompts.py).
            "textTemplate": "{problem}{response}",
            "apiKeyEnv": "PNS_REWARD_MODEL_API_KEY",
        }
        target = self.dir / "pns.config.json"
        target.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
        print(f"[pns] reward-model server at {url} for {model_dir}; reward config {target}", flush=True)
        return str(target)

    def stop_reward_model_server(self) -> None:
        if self.rm_server and self.rm_server.poll() is None:
            self.rm_server.terminate()
            try:
                self.rm_server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.rm_server.kill()

    def run(self) -> dict[str, Any]:
        a = self.args
        print(f"[pns] pipeline profile {a.profile}: base {self.base}, seeds {a.seeds}", flush=True)
        data = self.local("data", self.data).outputs
        benches = [data["test"], data["harder"]]
        base_eval = self.job("base_eval", "eval", model_name_or_path=self.base, benchmarks=benches, models=[])
        self.local("base_band", lambda: self.check_band(base_eval))
        sample = self.job("sample", "sample", model_name_or_path=self.base, dataset=data["train"])
        sampled = sampled_problems(self.export_rows(sample.outputs["pns"], "sampled"), a.positives)

        def make_rm_pairs() -> dict[str, Any]:
            train, held = split_by_problem(sampled, a.rm_held_out, a.task_seed)
            n_train = write_jsonl(self.dir / "data" / "rm-train.jsonl", reward_model_pairs(train, a, a.rm_pairs_per_problem, a.task_seed))
            n_held = write_jsonl(self.dir / "data" / "rm-held-out.jsonl", reward_model_pairs(held, a, a.rm_pairs_per_problem, a.task_seed + 1))
            if n_train == 0 or n_held == 0:
                raise ValueError(f"{n_train} training and {n_held} held-out pairs: the base model needs both right and wrong answers")
            return {"train": str(self.dir / "data" / "rm-train.jsonl"), "held_out": str(self.dir / "data" / "rm-held-out.jsonl"), "pairs_train": n_train, "pairs_held_out": n_held,
                    "positives": sum(len(p.correct) for p in sampled), "lucky": sum(p.lucky for p in sampled)}

        pairs = self.local("rm_pairs", make_rm_pairs).outputs
        rm_body = self.base
        if a.rm_base_steps > 0:
            rm_body = self.job("rm_base", "sft", model_name_or_path=self.base, dataset=data["rm-sft"], max_steps=a.rm_base_steps).outputs["model"]
        rm = self.job("reward_model", "reward-model", model_name_or_path=rm_body, dataset=pairs["train"], eval_dataset=pairs["held_out"])
        rm_dir = rm.outputs["model"]
        try:
            reward_config = self.start_reward_model_server(rm_dir)
            grpo = self.dir / "data" / "grpo.jsonl"
            write_jsonl(grpo, grpo_rows(self.export_rows(data["train"], "train"), a))
            rl = self.job("reverse_rl", "reverse-rl", model_name_or_path=self.base, dataset=str(grpo), reward_config=reward_config)
            pool = data["train"]
            # Negatives are needed only for the problems the DPO arms draw from (the first
            # `dpo_problems`); generating them for the rest of the pool would only cost time.
            limit = {"limit": a.dpo_problems} if a.dpo_problems else {}
            synth = self.job("synthesize", "synthesize", model_name_or_path=rl.outputs["model"], dataset=pool, reward_config=reward_config, **limit)
        finally:
            self.stop_reward_model_server()
        pns_negatives = negatives_by_problem(self.export_rows(synth.outputs["pns"], "negatives"))

        def figure1() -> dict[str, Any]:
            from .pipeline_report import reward_model_means

            return reward_model_means(rm_dir, sampled, pns_negatives, a)

        self.local("figure1", figure1)

        def make_arms() -> dict[str, Any]:
            pool_problems = sampled[: a.dpo_problems] if a.dpo_problems else sampled
            arms = dpo_arms(pool_problems, pns_negatives, a, a.dpo_pairs_per_problem, a.task_seed)
            out = {}
            for arm, rows in arms.items():
                if not rows:
                    raise ValueError(f"DPO arm {arm} has no pairs left after the floors: sample more problems or lower min_reward")
                out[arm] = {"dataset": str(self.dir / "data" / f"dpo-{arm}.jsonl"), "pairs": write_jsonl(self.dir / "data" / f"dpo-{arm}.jsonl", rows)}
            return out

        arms = self.local("dpo_pairs", make_arms).outputs
        models = []
        for arm, spec in arms.items():
            for seed in a.seeds:
                trained = self.job(f"dpo-{arm}-s{seed}", "dpo", model_name_or_path=self.base, dataset=spec["dataset"], seed=seed, data_seed=seed)
                models.append(f"{arm}:{seed}={trained.outputs['model']}")
        self.job("eval", "eval", model_name_or_path=self.base, benchmarks=benches, models=models)
        return self.local("report", lambda: write_report(self.dir, build_report(self.dir, self.book, a))).outputs


def calibrated_transform(rm_eval: Path) -> dict[str, Any]:
    """The reward model's sigmoid placed on its own scale: its held-out mean scores of right and of
    wrong answers map to σ(+2) ≈ 0.88 and σ(−2) ≈ 0.12. A raw scale differs by head and by run (a
    likelihood head scores in nats, below zero); a fixed transform would flatten the component
    that reverse RL learns from. Without a held-out report the config's own transform stays."""
    if not rm_eval.is_file():
        return {}
    report = json.loads(rm_eval.read_text(encoding="utf-8"))
    right, wrong = report.get("mean_score_chosen"), report.get("mean_score_rejected")
    if not isinstance(right, (int, float)) or not isinstance(wrong, (int, float)) or right <= wrong:
        print(f"[pns] the reward model does not score right answers above wrong ones on average ({right} vs {wrong}): keeping the config's transform", flush=True)
        return {}
    transform = {"type": "sigmoid", "scale": round(4.0 / (right - wrong), 6), "shift": round((right + wrong) / 2.0, 6)}
    print(f"[pns] reward-model transform calibrated on held-out pairs: {transform}", flush=True)
    return {"transform": transform}


def pipeline(ctx: JobContext) -> dict[str, Any]:
    runner = Pipeline(ctx)
    try:
        return runner.run()
    except PhaseFailed as failure:
        # Whatever finished is in the report, with nulls for the rest.
        write_report(runner.dir, build_report(runner.dir, runner.book, runner.args))
        raise failure
    finally:
        runner.stop_reward_model_server()


def dataclass_types() -> tuple[type, ...]:
    return (PipelineArguments,)


def main(argv: list[str] | None = None) -> int:
    return run_job(JOB, dataclass_types(), pipeline, argv)


if __name__ == "__main__":
    sys.exit(main())
