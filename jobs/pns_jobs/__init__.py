"""PNS Workbench jobs: thin launchers over Hugging Face TRL (SFT, reward model, reverse RL, DPO),
sampling,
negative synthesis and evaluation, each writing a run directory that `pns run` and the editor read."""

__version__ = "0.1.0"

# Job name (as `pns run <job>` spells it) -> module under pns_jobs that runs it.
JOBS: dict[str, str] = {
    "reward-model": "reward_model",
    "reverse-rl": "reverse_rl",
    "synthesize": "synthesize",
    "dpo": "dpo",
    "eval": "evaluate",
    "sft": "sft",
    "sample": "sample",
    "pipeline": "pipeline",
}
