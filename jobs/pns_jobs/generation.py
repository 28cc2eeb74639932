"""Sampling K responses per prompt: transformers `generate` on the model's device (GPU when there
is one), vLLM's offline engine when installed and asked for, or an OpenAI-compatible endpoint
(vLLM's `/v1/completions` and `/v1/chat/completions`) with bounded concurrency.

A prompt is a string (sent as is, as TRL's GRPOTrainer does for standard prompts) or a list of chat
messages (rendered with the tokenizer's chat template, or sent to `/chat/completions`)."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Sequence

Prompt = str | list[dict[str, str]]


class GenerationError(RuntimeError):
    """Generation failed in a way the user can fix; the message says how."""


@dataclass
class SamplingSettings:
    num_samples: int = 4
    temperature: float = 1.0
    top_p: float = 1.0
    max_new_tokens: int = 256
    seed: int = 0
    batch_size: int = 4
    concurrency: int = 8


def prompt_texts(tokenizer: Any, prompts: Sequence[Prompt]) -> list[str]:
    """Plain prompts pass; message lists go through the model's chat template (a tokenizer without
    one is an error that names the fix, never a silent fallback to concatenation)."""
    needs_template = any(not isinstance(p, str) for p in prompts)
    if needs_template and not getattr(tokenizer, "chat_template", None):
        raise GenerationError(
            "the prompts are conversational but the tokenizer has no chat template: set `conversational: false` "
            "(plain prompts) or use a model whose tokenizer_config.json defines chat_template"
        )
    return [p if isinstance(p, str) else tokenizer.apply_chat_template(p, tokenize=False, add_generation_prompt=True) for p in prompts]


def device_of(model: Any) -> Any:
    return next(model.parameters()).device


def load_for_generation(model_path: str) -> tuple[Any, Any]:
    """The model on the best device (CUDA when present, in bf16 there) and a left-padding tokenizer."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_path, padding_side="left")
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    cuda = torch.cuda.is_available()
    model = AutoModelForCausalLM.from_pretrained(model_path, dtype=torch.bfloat16 if cuda else None)
    if cuda:
        model.to("cuda")
    model.eval()
    return model, tokenizer


def generate_with(model: Any, tokenizer: Any, prompts: Sequence[Prompt], settings: SamplingSettings) -> list[list[str]]:
    """`num_samples` completions per prompt (only the new text), in prompt order, with a model that is
    already loaded (also used mid-training for a greedy check)."""
    import torch

    torch.manual_seed(settings.seed)
    texts = prompt_texts(tokenizer, prompts)
    sample = settings.temperature > 0
    per_prompt = settings.num_samples if sample else 1
    device = device_of(model)
    was_training = model.training
    model.eval()
    out: list[list[str]] = []
    try:
        for start in range(0, len(texts), settings.batch_size):
            batch = tokenizer(texts[start : start + settings.batch_size], return_tensors="pt", padding=True).to(device)
            with torch.inference_mode():
                generated = model.generate(
                    **batch,
                    do_sample=sample,
                    temperature=settings.temperature if sample else None,
                    top_p=settings.top_p if sample else None,
                    top_k=None,
                    max_new_tokens=settings.max_new_tokens,
                    num_return_sequences=per_prompt,
                    pad_token_id=tokenizer.pad_token_id,
                    eos_token_id=tokenizer.eos_token_id,
                )
            decoded = tokenizer.batch_decode(generated[:, batch["input_ids"].shape[1] :], skip_special_tokens=True)
            for i in range(0, len(decoded), per_prompt):
                group = decoded[i : i + per_prompt]
                out.append(group * settings.num_samples if not sample else group)  # greedy: one answer, k copies
    finally:
        model.train(was_training)
    return out


def generate_local(model_path: str, prompts: Sequence[Prompt], settings: SamplingSettings) -> list[list[str]]:
    model, tokenizer = load_for_generation(model_path)
    return generate_with(model, tokenizer, prompts, settings)


def vllm_available() -> bool:
    try:
        import vllm  # noqa: F401
    except ImportError:
        return False
    return True


def generate_vllm(model_path: str, prompts: Sequence[Prompt], settings: SamplingSettings) -> list[list[str]]:
    """vLLM's offline engine (GPU): one `generate`/`chat` call for all prompts, n samples each."""
    from vllm import LLM, SamplingParams  # type: ignore[import-not-found]

    engine = LLM(model=model_path, seed=settings.seed)
    params = SamplingParams(
        n=settings.num_samples if settings.temperature > 0 else 1,
        temperature=settings.temperature,
        top_p=settings.top_p,
        max_tokens=settings.max_new_tokens,
        seed=settings.seed,
    )
    texts = prompt_texts(engine.get_tokenizer(), prompts)
    results = engine.generate(texts, params)
    out = []
    for result in results:
        group = [choice.text for choice in result.outputs]
        out.append(group * settings.num_samples if settings.temperature <= 0 else group)
    return out


def _endpoint_request(base_url: str, model: str, prompt: Prompt, settings: SamplingSettings, key: str, timeout: float) -> list[str]:
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
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            choices = json.loads(response.read())["choices"]
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        raise GenerationError(f"endpoint {base_url} failed: {error} (is the server up? raise `endpoint_timeout`?)") from error
    except (KeyError, ValueError, TypeError) as error:
        raise GenerationError(f"endpoint {base_url} answered without a 'choices' list") from error
    choices.sort(key=lambda c: c.get("index", 0))
    return [c["message"]["content"] if chat else c["text"] for c in choices]


def generate_endpoint(
    base_url: str,
    model: str,
    prompts: Sequence[Prompt],
    settings: SamplingSettings,
    api_key_env: str = "OPENAI_API_KEY",
    timeout: float = 600,
) -> list[list[str]]:
    """One request per prompt with `n` samples, at most `settings.concurrency` in flight; the key
    comes from the environment, never a file. Any failed request fails the whole call: a partial
    set of samples is never returned as if complete."""
    key = os.environ.get(api_key_env, "")
    with ThreadPoolExecutor(max_workers=max(1, settings.concurrency)) as pool:
        futures = [pool.submit(_endpoint_request, base_url, model, p, settings, key, timeout) for p in prompts]
        return [future.result() for future in futures]
