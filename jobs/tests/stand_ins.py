"""Stand-ins for remote endpoints (never for our own engine): an OpenAI-compatible completion
endpoint that answers from a table, and a vLLM-style /classify endpoint that fails on chosen items.
Each records what it received."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable


class JsonServer:
    """`with JsonServer(handler) as server:` serves POST routes on 127.0.0.1:<free port>;
    `handler(path, body) -> (status, reply)`."""

    def __init__(self, handler: Callable[[str, dict[str, Any]], tuple[int, dict[str, Any]]]) -> None:
        self.requests: list[tuple[str, dict[str, Any]]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append((self.path, body))
                status, reply = handler(self.path, body)
                data = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> "JsonServer":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


def table_completions(table: dict[str, list[str]]) -> Callable[[str, dict[str, Any]], tuple[int, dict[str, Any]]]:
    """/v1/completions: the n answers listed for the prompt (a prompt not in the table is a 404)."""

    def handle(path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        answers = next((v for k, v in table.items() if body.get("prompt", "").startswith(k)), None)
        if path != "/v1/completions" or answers is None:
            return 404, {"error": {"message": f"no table entry for {body.get('prompt')!r}"}}
        return 200, {"choices": [{"index": i, "text": text} for i, text in enumerate(answers[: body["n"]])]}

    return handle


def classify_failing_on(marker: str) -> Callable[[str, dict[str, Any]], tuple[int, dict[str, Any]]]:
    """/classify: a fixed score per input, HTTP 500 for any batch holding an input with `marker`."""

    def handle(path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        inputs = body.get("input") or []
        if any(marker in text for text in inputs):
            return 500, {"error": {"message": "stand-in failure"}}
        return 200, {"data": [{"index": i, "logits": [1.0]} for i in range(len(inputs))]}

    return handle
