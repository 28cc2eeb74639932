"""Model-loading glue shared by the launchers: a clear error for a model path that does not exist,
and the `model_init_kwargs` TRL trainers use when they load a model from a path."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


class ModelPathError(ValueError):
    """The model is neither a local folder nor reachable on the hub; the message says which."""


def looks_local(name: str) -> bool:
    """Hub ids are `name` or `org/name`; anything else is meant as a path."""
    return name.startswith((".", "/", "~")) or name.count("/") > 1


def check_model(name: str | None) -> str:
    """Fails before any loading for a missing local path, or any missing model when offline."""
    if not name:
        raise ModelPathError("no model given: set `model_name_or_path:` in the config")
    path = Path(name).expanduser()
    if path.exists():
        if not (path / "config.json").is_file():
            raise ModelPathError(f"model folder {name} has no config.json: is it a saved model?")
        return str(path)
    offline = os.environ.get("HF_HUB_OFFLINE") == "1" or os.environ.get("TRANSFORMERS_OFFLINE") == "1"
    if looks_local(name) or offline:
        hint = " (HF_HUB_OFFLINE=1: only local folders can load)" if offline else ""
        raise ModelPathError(f"model path {name} does not exist{hint}")
    return name


def init_kwargs(training: Any, model_args: Any) -> None:
    """TRL loads string models with `training.model_init_kwargs`; fill it from ModelConfig unless the
    config set it explicitly."""
    if getattr(training, "model_init_kwargs", None):
        return
    # trust_remote_code moved from ModelConfig to the trainer configs in TRL 1.x: read either.
    trust = getattr(training, "trust_remote_code", None) or getattr(model_args, "trust_remote_code", False)
    kwargs: dict[str, Any] = {"trust_remote_code": bool(trust)}
    dtype = getattr(model_args, "dtype", None)
    if dtype not in (None, "auto"):
        kwargs["dtype"] = dtype
    if getattr(model_args, "attn_implementation", None):
        kwargs["attn_implementation"] = model_args.attn_implementation
    training.model_init_kwargs = kwargs
