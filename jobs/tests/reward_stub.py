"""A stand-in for `pns serve-reward` in tests: same routes, token check and response shape, with a
deterministic toy score, and a record of every request so tests can assert it was called."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def toy_score(item: dict[str, Any]) -> dict[str, Any] | None:
    """Same component names as `pns serve-reward` (format, accuracy, cot), toy values."""
    completion = item["completion"]
    if completion == "":
        return None  # unscorable, as the real server answers for some inputs
    format_score = 1.0 if "\\boxed{" in completion else -1.0
    accuracy = 0.0 if item.get("answer") and item["answer"] in completion else 1.0  # 1 = answer differs
    cot = min(len(completion), 64) / 64
    return {
        "reward": format_score + accuracy + cot,
        "components": {"format": format_score, "accuracy": accuracy, "cot": cot},
        "reasons": [],
        "used": ["format", "accuracy", "cot"],
    }


class RewardStub:
    """`with RewardStub(token="t") as stub:` serves on 127.0.0.1:<free port> until the block ends."""

    def __init__(self, token: str = "test-token", fail_after: int | None = None) -> None:
        self.token = token
        self.fail_after = fail_after
        self.requests: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: Any) -> None:  # keep test output quiet
                pass

            def _send(self, code: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._send(200, {"ok": True}) if self.path == "/health" else self._send(404, {"error": "no route"})

            def do_POST(self) -> None:
                if self.path != "/v1/reward":
                    return self._send(404, {"error": "no route"})
                if self.headers.get("Authorization") != f"Bearer {stub.token}":
                    return self._send(401, {"error": "bad token"})
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with stub.lock:
                    stub.requests.append(body)
                    count = len(stub.requests)
                if stub.fail_after is not None and count > stub.fail_after:
                    return self._send(503, {"error": "going away"})
                self._send(200, {"results": [toy_score(item) for item in body["items"]]})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> "RewardStub":
        self.thread.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    def env(self) -> dict[str, str]:
        return {"PNS_REWARD_URL": self.url, "PNS_REWARD_TOKEN": self.token}


if __name__ == "__main__":  # manual runs: python jobs/tests/reward_stub.py
    import time

    with RewardStub() as running:
        print(f"PNS_REWARD_URL={running.url}\nPNS_REWARD_TOKEN={running.token}", flush=True)
        while True:
            time.sleep(3600)
