"""Sampling K responses per prompt: transformers `generate` locally, or an OpenAI-compatible
endpoint (vLLM's `/v1/completions` and `/v1/chat/completions`) when one is configured.

A prompt is a string (sent as is, as TRL's GRPOTrainer does for standard prompts) or a list of chat
messages (rendered with the tokenizer's chat template, or sent to `/chat/completions`)."""

from __future__ import annotations

import json
import os
import urllib.request
from dataclasses import dataclass
from typing import Any, Sequence

Prompt = str | list[dict[str, str]]


@dataclass
class SamplingSettings:
    num_samples: int = 4
    temperature: float = 1.0
    top_p: float = 1.0
    max_new_tokens: int = 256
    seed: int = 0
    batch_size: int = 4


def generate_local(model_path: str, prompts: Sequence[Prompt], settings: SamplingSettings) -> list[list[str]]:
    """`num_samples` completions per prompt (only the new text), in prompt order."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    torch.manual_seed(settings.seed)
    tokenizer = AutoTokenizer.from_pretrained(model_path, padding_side="left")
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(model_path)
    model.eval()
    texts = [
        p if isinstance(p, str) else tokenizer.apply_chat_template(p, tokenize=False, add_generation_prompt=True)
        for p in prompts
    ]
    sample = settings.temperature > 0
    out: list[list[str]] = []
    for start in range(0, len(texts), settings.batch_size):
        batch = tokenizer(texts[start : start + settings.batch_size], return_tensors="pt", padding=True)
        with torch.inference_mode():
            generated = model.generate(
                **batch,
                do_sample=sample,
                temperature=settings.temperature if sample else None,
                top_p=settings.top_p if sample else None,
                max_new_tokens=settings.max_new_tokens,
                num_return_sequences=settings.num_samples if sample else 1,
                pad_token_id=tokenizer.pad_token_id,
            )
        new_tokens = generated[:, batch["input_ids"].shape[1] :]
        decoded = tokenizer.batch_decode(new_tokens, skip_special_tokens=True)
        per_prompt = settings.num_samples if sample else 1
        for i in range(0, len(decoded), per_prompt):
            group = decoded[i : i + per_prompt]
            out.append(group * settings.num_samples if not sample else group)  # greedy: one answer, k copies
    return out


def generate_endpoint(
    base_url: str, model: str, prompts: Sequence[Prompt], settings: SamplingSettings, api_key_env: str = "OPENAI_API_KEY"
) -> list[list[str]]:
    """One request per prompt with `n` samples; the key comes from the environment, never a file."""
    key = os.environ.get(api_key_env, "")
    results: list[list[str]] = []
    for prompt in prompts:
        chat = not isinstance(prompt, str)
        body: dict[str, Any] = {
            "model": model,
            "n": settings.num_samples,
            "temperature": settings.temperature,
            "top_p": settings.top_p,
            "max_tokens": settings.max_new_tokens,
            "seed": settings.seed,
        }
        body["messages" if chat else "prompt"] = prompt
        request = urllib.request.Request(
            f"{base_url.rstrip('/')}/{'chat/completions' if chat else 'completions'}",
            data=json.dumps(body).encode("utf-8"),
            headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {key}"} if key else {})},
        )
        with urllib.request.urlopen(request, timeout=600) as response:
            choices = json.loads(response.read())["choices"]
        choices.sort(key=lambda c: c.get("index", 0))
        results.append([c["message"]["content"] if chat else c["text"] for c in choices])
    return results
