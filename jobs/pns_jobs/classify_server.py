"""A small server that answers vLLM's `/classify` and `/pooling` APIs with transformers, for reward
models vLLM does not run (CPU, tiny, custom): `pns serve-reward` then reaches a PNS-mini reward
model through the same client as a vLLM one.

    python -m pns_jobs.classify_server --model runs/.../outputs/model [--port 0] [--batch-size 64]

Binds 127.0.0.1 only; every request needs `Authorization: Bearer <token>` (the token comes from
`$PNS_REWARD_MODEL_API_KEY`, or a fresh random one that is printed). When ready it prints
`PNS_CLASSIFY_URL=http://127.0.0.1:<port>` and, for a generated token, `PNS_CLASSIFY_TOKEN=<token>`.

The model scores exactly the text it is sent: the reward server builds that text in the form the
model was trained on (its `pns_reward_input.json`)."""

from __future__ import annotations

import argparse
import hmac
import json
import os
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

MAX_BODY = 32 * 1024 * 1024
TOKEN_ENV = "PNS_REWARD_MODEL_API_KEY"


class Scorer:
    """One model, one lock: requests are scored one batch at a time, in arrival order."""

    def __init__(self, model_dir: str, batch_size: int) -> None:
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        from .likelihood_rm import register

        register()  # PNS's own reward-model heads load like any sequence classifier
        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(model_dir)
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        self.model = AutoModelForSequenceClassification.from_pretrained(model_dir)
        if torch.cuda.is_available():
            self.model.to("cuda")
        self.model.eval()
        self.name = model_dir
        self.batch_size = batch_size
        # The text form the model was trained on: TRL's reward trainer appended EOS (pns_reward_input.json).
        record = Path(model_dir) / "pns_reward_input.json"
        if record.is_file():
            self.eos = bool(json.loads(record.read_text(encoding="utf-8")).get("eos", False))
        else:
            print(f"warning: {record} is missing (a reward model trained before the record existed): scoring the text as sent, no EOS", file=sys.stderr, flush=True)
            self.eos = False
        self.lock = threading.Lock()

    def texts(self, body: dict[str, Any]) -> list[str]:
        if isinstance(body.get("messages"), list):
            return [self.tokenizer.apply_chat_template(body["messages"], tokenize=False)]
        raw = body.get("input")
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list) or not items or not all(isinstance(t, str) for t in items):
            raise ValueError('"input" must be a string or a non-empty list of strings (or send "messages")')
        eos = self.tokenizer.eos_token if self.eos and self.tokenizer.eos_token else ""
        return [t if not eos or t.endswith(eos) else t + eos for t in items]

    def logits(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        device = next(self.model.parameters()).device
        with self.lock, self.torch.inference_mode():
            for start in range(0, len(texts), self.batch_size):
                batch = self.tokenizer(texts[start : start + self.batch_size], return_tensors="pt", padding=True).to(device)
                out += self.model(**batch).logits.float().tolist()
        return out


def make_handler(scorer: Scorer, token: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "pns-classify/1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            pass  # one line per request would drown the job's log

        def reply(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def authorized(self) -> bool:
            given = self.headers.get("Authorization", "")
            return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            if self.path == "/health":
                self.reply(200, {"status": "ok"})
            elif self.path == "/v1/models" and self.authorized():
                self.reply(200, {"object": "list", "data": [{"id": scorer.name, "object": "model"}]})
            else:
                self.reply(401 if self.path == "/v1/models" else 404, {"error": {"message": "not found or unauthorized"}})

        def do_POST(self) -> None:  # noqa: N802
            if self.path not in ("/classify", "/pooling"):
                self.reply(404, {"error": {"message": f"no route {self.path}: /classify or /pooling"}})
                return
            if not self.authorized():
                self.reply(401, {"error": {"message": "missing or wrong bearer token"}})
                return
            length = int(self.headers.get("Content-Length") or 0)
            if length <= 0 or length > MAX_BODY:
                self.reply(413 if length > MAX_BODY else 400, {"error": {"message": f"body must be 1..{MAX_BODY} bytes"}})
                return
            try:
                body = json.loads(self.rfile.read(length))
                texts = scorer.texts(body)
            except (ValueError, TypeError) as error:
                self.reply(400, {"error": {"message": str(error)}})
                return
            started = time.perf_counter()
            logits = scorer.logits(texts)
            tokens = sum(len(scorer.tokenizer(t)["input_ids"]) for t in texts)
            key = "logits" if self.path == "/classify" else "data"
            data = [{"index": i, "object": "classification" if key == "logits" else "pooling", key: row} for i, row in enumerate(logits)]
            usage = {"prompt_tokens": tokens, "total_tokens": tokens, "completion_tokens": 0}
            self.reply(200, {"object": "list", "model": scorer.name, "data": data, "usage": usage, "seconds": time.perf_counter() - started})

    return Handler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pns_jobs.classify_server", description=__doc__.split("\n")[0])
    parser.add_argument("--model", required=True, help="a saved sequence-classification model folder")
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args(argv)
    scorer = Scorer(args.model, args.batch_size)
    token = os.environ.get(TOKEN_ENV) or secrets.token_urlsafe(24)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(scorer, token))
    server.daemon_threads = True
    print(f"PNS_CLASSIFY_URL=http://127.0.0.1:{server.server_address[1]}", flush=True)
    if not os.environ.get(TOKEN_ENV):
        print(f"PNS_CLASSIFY_TOKEN={token}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
