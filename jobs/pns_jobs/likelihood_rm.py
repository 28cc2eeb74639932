"""A likelihood reward model: a causal LM whose score is the log-likelihood it gives the response,
`r = scale · Σ_t log p(x_t | x_<t) + bias` over the tokens after the prompt (EOS included).

Why it exists: a sequence classifier reads one hidden state, the last token's. To see that a line
`13 - 9 = 3` is wrong, that state must hold a comparison of each written digit with the digit the
model expected, a circuit the language model never needed and that a few thousand pairs do not
teach. The language model already makes that comparison in its next-token distribution: the
likelihood of a response is where its arithmetic shows. Measured on PNS-mini's held-out pairs
(docs/mini.md): a sequence classifier reached 0.60–0.72 pairwise accuracy, the same body's
likelihood 0.975 before any pairwise training.

It trains with TRL's RewardTrainer (centred Bradley–Terry loss) like any reward model, and loads
through `AutoModelForSequenceClassification` once this module is imported (`register()`), so the
classify server, the reward-model job and the report use it unchanged. Its `logits` are (batch, 1).
"""

from __future__ import annotations

from typing import Any

MODEL_TYPE = "pns_likelihood_rm"
_REGISTERED: dict[str, Any] = {}


def _classes() -> tuple[type, type]:
    """The config and model classes, built on first use: importing torch and transformers costs
    seconds, and most jobs never need them."""
    if _REGISTERED:
        return _REGISTERED["config"], _REGISTERED["model"]
    import torch
    from torch import nn
    from transformers import AutoConfig, AutoModelForCausalLM, PretrainedConfig, PreTrainedModel
    from transformers.modeling_outputs import SequenceClassifierOutputWithPast

    class LikelihoodRewardConfig(PretrainedConfig):
        model_type = MODEL_TYPE

        def __init__(self, lm_config: dict[str, Any] | None = None, response_after_ids: list[int] | None = None, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.lm_config = lm_config or {}
            # The token ids that end the prompt: the response is scored from the token after their
            # first occurrence. Empty: every token but the first is scored.
            self.response_after_ids = list(response_after_ids or [])
            self.num_labels = 1

    class LikelihoodRewardModel(PreTrainedModel):
        config_class = LikelihoodRewardConfig
        base_model_prefix = "lm"
        _no_split_modules: list[str] = []

        def __init__(self, config: Any, lm: Any = None) -> None:
            super().__init__(config)
            # `lm`: an already loaded language model to wrap (no second copy of its weights);
            # from_pretrained builds it from the config and then loads the saved weights.
            self.lm = lm if lm is not None else AutoModelForCausalLM.from_config(AutoConfig.for_model(**config.lm_config))
            self.scale = nn.Parameter(torch.tensor(1.0))
            self.bias = nn.Parameter(torch.tensor(0.0))
            self.post_init()

        def _init_weights(self, module: Any) -> None:
            # The language model brings its own weights; scale and bias start at 1 and 0.
            return

        # Gradient checkpointing is the language model's: delegate (RewardConfig turns it on by default).
        supports_gradient_checkpointing = True

        def gradient_checkpointing_enable(self, gradient_checkpointing_kwargs: Any = None) -> None:
            self.lm.gradient_checkpointing_enable(gradient_checkpointing_kwargs=gradient_checkpointing_kwargs)

        def gradient_checkpointing_disable(self) -> None:
            self.lm.gradient_checkpointing_disable()

        def get_input_embeddings(self) -> Any:
            return self.lm.get_input_embeddings()

        def set_input_embeddings(self, value: Any) -> None:
            self.lm.set_input_embeddings(value)

        def response_mask(self, input_ids: Any, attention_mask: Any) -> Any:
            """1 on each token after the prompt's end marker (and inside attention_mask)."""
            mask = attention_mask.clone() if attention_mask is not None else torch.ones_like(input_ids)
            marker = self.config.response_after_ids
            if not marker:
                first = mask.float().argmax(dim=1)
                mask[torch.arange(mask.shape[0]), first] = 0
                return mask
            width = len(marker)
            hits = torch.ones(input_ids.shape[0], input_ids.shape[1] - width + 1, dtype=torch.bool, device=input_ids.device)
            for offset, token in enumerate(marker):
                hits &= input_ids[:, offset : input_ids.shape[1] - width + 1 + offset] == token
            found = hits.any(dim=1)
            # A text without the marker is scored whole, like the empty marker.
            start = torch.where(found, hits.float().argmax(dim=1) + width, torch.ones_like(found, dtype=torch.long))
            positions = torch.arange(input_ids.shape[1], device=input_ids.device)[None, :]
            return mask * (positions >= start[:, None]).to(mask.dtype)

        def forward(self, input_ids: Any = None, attention_mask: Any = None, **kwargs: Any) -> Any:
            kwargs.pop("labels", None)
            kwargs.pop("use_cache", None)
            out = self.lm(input_ids=input_ids, attention_mask=attention_mask, use_cache=False, **kwargs)
            logp = torch.log_softmax(out.logits[:, :-1].float(), dim=-1).gather(-1, input_ids[:, 1:, None])[..., 0]
            weights = self.response_mask(input_ids, attention_mask)[:, 1:].to(logp.dtype)
            score = self.scale * (logp * weights).sum(dim=1) + self.bias
            return SequenceClassifierOutputWithPast(logits=score[:, None])

    AutoConfig.register(MODEL_TYPE, LikelihoodRewardConfig, exist_ok=True)
    from transformers import AutoModelForSequenceClassification

    AutoModelForSequenceClassification.register(LikelihoodRewardConfig, LikelihoodRewardModel, exist_ok=True)
    _REGISTERED.update(config=LikelihoodRewardConfig, model=LikelihoodRewardModel)
    return LikelihoodRewardConfig, LikelihoodRewardModel


def register() -> None:
    """Make `AutoModelForSequenceClassification.from_pretrained` load saved likelihood reward models."""
    _classes()


def from_language_model(body: str, response_after: str, tokenizer: Any, **load_kwargs: Any) -> Any:
    """A likelihood reward model around the causal LM saved at `body`; the response starts after
    the first `response_after` in each text (the prompt's separator)."""
    from transformers import AutoModelForCausalLM

    config_class, model_class = _classes()
    lm = AutoModelForCausalLM.from_pretrained(body, **load_kwargs)
    marker = tokenizer(response_after, add_special_tokens=False)["input_ids"] if response_after else []
    config = config_class(lm_config=lm.config.to_dict(), response_after_ids=marker, pad_token_id=lm.config.pad_token_id, eos_token_id=lm.config.eos_token_id)
    return model_class(config, lm=lm)
