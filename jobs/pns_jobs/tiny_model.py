"""A tiny random Qwen3 model and a character-level tokenizer, built offline into a folder.

Nothing can be downloaded from the model hub in CI, so the tiny CPU runs train this instead: the
engines load it by path exactly as they would load a hub model. Building is deterministic (fixed
seed) and cached: a folder that already holds a complete build is reused.

Why Qwen3 and not Qwen2: transformers 5 lists `qwen2` among the model types whose saved tokenizer
class it overrides with `Qwen2Tokenizer`, whose byte-level pre-tokenizer silently drops the spaces
of a character vocabulary; for `qwen3` it honours the saved generic tokenizer. The shape is the same
family (Qwen2 layout plus q/k norms).

    python -m pns_jobs.tiny_model [--out .cache/tiny-qwen2] [--force]
"""

from __future__ import annotations

import argparse
import json
import shutil
import string
import sys
from pathlib import Path

# Bump when the recipe changes: a cached folder with another recipe version is rebuilt.
RECIPE_VERSION = 3
MARKER = "pns-tiny-model.json"
DEFAULT_DIR = Path(".cache/tiny-qwen3")

SPECIAL_TOKENS = ["<pad>", "<unk>", "<s>", "</s>"]
# Printable ASCII plus newline: enough for prompts, LaTeX and \boxed{} answers.
CHARACTERS = sorted(set(string.printable) - set("\r\x0b\x0c\t")) + ["\t"]

# One line: the prompt then the assistant's text, so prompt/completion splitting works in TRL.
# Newlines are emitted as expressions: transformers renders templates with trim_blocks, which
# would swallow a literal newline written right after a block tag.
CHAT_TEMPLATE = (
    "{% for message in messages %}{{ message['content'] }}{% if not loop.last %}{{ '\\n' }}{% endif %}"
    "{% endfor %}{% if add_generation_prompt %}{{ '\\n' }}{% endif %}"
)


def build_tokenizer(vocab_size: int | None = None):  # -> PreTrainedTokenizerFast
    """Character-level; `vocab_size` pads with `<extra_N>` tokens so a model of realistic shape
    (e.g. 151936 embeddings) decodes every id it samples into something."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    tokens = SPECIAL_TOKENS + CHARACTERS
    tokens += [f"<extra_{i}>" for i in range(max(0, (vocab_size or 0) - len(tokens)))]
    vocab = {token: index for index, token in enumerate(tokens)}
    core = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    # Split into single characters (whitespace included) and join them back without spaces.
    core.pre_tokenizer = pre_tokenizers.Split(pattern="", behavior="isolated")
    core.decoder = decoders.Fuse()
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=core,
        pad_token="<pad>",
        unk_token="<unk>",
        bos_token="<s>",
        eos_token="</s>",
        padding_side="left",
    )
    tokenizer.chat_template = CHAT_TEMPLATE
    return tokenizer


def build_model(vocab_size: int, seed: int = 0, **shape: int):  # -> Qwen3ForCausalLM
    import torch
    from transformers import Qwen3Config, Qwen3ForCausalLM

    torch.manual_seed(seed)
    config = Qwen3Config(
        vocab_size=vocab_size,
        hidden_size=shape.get("hidden_size", 16),
        intermediate_size=shape.get("intermediate_size", 32),
        num_hidden_layers=shape.get("num_hidden_layers", 2),
        num_attention_heads=shape.get("num_attention_heads", 4),
        num_key_value_heads=shape.get("num_key_value_heads", 2),
        head_dim=shape.get("head_dim", 4),
        max_position_embeddings=shape.get("max_position_embeddings", 2048),
        tie_word_embeddings=True,
        pad_token_id=0,
        bos_token_id=2,
        eos_token_id=3,
    )
    return Qwen3ForCausalLM(config)


def make_tokenizer_portable(folder: Path) -> None:
    """transformers 5 writes its own class name (TokenizersBackend), which transformers 4 cannot
    load; the generic fast class loads in both (the GPU machine may carry either)."""
    config_file = folder / "tokenizer_config.json"
    tokenizer_config = json.loads(config_file.read_text(encoding="utf-8"))
    tokenizer_config["tokenizer_class"] = "PreTrainedTokenizerFast"
    config_file.write_text(json.dumps(tokenizer_config, indent=2) + "\n", encoding="utf-8")


def is_built(folder: Path, shape: str = "tiny") -> bool:
    marker = folder / MARKER
    if not marker.is_file():
        return False
    try:
        record = json.loads(marker.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return False
    return record.get("recipe") == RECIPE_VERSION and record.get("shape", "tiny") == shape


# The shape of Qwen2.5-0.5B (about 0.49B parameters with tied embeddings), for the GPU check.
SHAPES: dict[str, dict[str, int]] = {
    "tiny": {},
    # PNS-mini's base model (docs/mini.md): about 1.06M parameters, learns the mini task on a CPU.
    "mini": {
        "hidden_size": 128,
        "intermediate_size": 512,
        "num_hidden_layers": 4,
        "num_attention_heads": 4,
        "num_key_value_heads": 4,
        "head_dim": 32,
        "max_position_embeddings": 512,
    },
    "0.5b": {
        "vocab_size": 151936,
        "hidden_size": 896,
        "intermediate_size": 4864,
        "num_hidden_layers": 24,
        "num_attention_heads": 14,
        "num_key_value_heads": 2,
        "head_dim": 64,
        "max_position_embeddings": 32768,
    },
}


def ensure_tiny_model(folder: Path = DEFAULT_DIR, force: bool = False, seed: int = 0, shape: str = "tiny") -> Path:
    """Builds the model and tokenizer into `folder` unless a complete build is there already.

    The build goes to a sibling temp folder and is renamed into place, so an interrupted build never
    leaves a half-written folder that a later run would take for a model."""
    folder = folder.resolve()
    if not force and is_built(folder, shape):
        return folder
    temp = folder.with_name(folder.name + ".building")
    shutil.rmtree(temp, ignore_errors=True)
    temp.mkdir(parents=True)
    dims = dict(SHAPES[shape])
    tokenizer = build_tokenizer(dims.pop("vocab_size", None))
    model = build_model(vocab_size=len(tokenizer), seed=seed, **dims)
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    model.save_pretrained(temp)
    tokenizer.save_pretrained(temp)
    make_tokenizer_portable(temp)
    parameters = sum(p.numel() for p in model.parameters())
    (temp / MARKER).write_text(
        json.dumps({"recipe": RECIPE_VERSION, "seed": seed, "shape": shape, "parameters": parameters}) + "\n",
        encoding="utf-8",
    )
    shutil.rmtree(folder, ignore_errors=True)
    temp.rename(folder)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pns_jobs.tiny_model", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_DIR, help=f"target folder (default {DEFAULT_DIR})")
    parser.add_argument("--force", action="store_true", help="rebuild even when a build is cached")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--shape", choices=sorted(SHAPES), default="tiny", help="tiny (CPU tests), mini (PNS-mini base) or 0.5b (GPU check)")
    args = parser.parse_args(argv)
    folder = ensure_tiny_model(args.out, force=args.force, seed=args.seed, shape=args.shape)
    print(f"tiny model ready: {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
