"""The HTTP plumbing every class shares: base URL, bearer token, timeout, one error shape.

Mirrors the TypeScript SDK's ``HttpClient`` (src/sdk/client.ts): JSON in and out, the server's
``{"error": {status, reason, message, field}}`` raised as a :class:`HomelabError`, an unreachable
server as status 503 with reason ``unreachable`` and what to do.
"""
from __future__ import annotations

import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict, Mapping, Optional

from .config import ClusterConfig
from .errors import HomelabError

#: Seconds a request may take (a cold Knative start included).
DEFAULT_TIMEOUT = 30.0


class HttpClient:
    def __init__(self, config: ClusterConfig, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.config = config
        self.url = config.url
        self.timeout = timeout

    def request(self, method: str, path: str, body: Any = None, params: Optional[Mapping[str, Any]] = None) -> Any:
        """Sends one request and returns the parsed JSON answer; raises HomelabError otherwise."""
        query = urllib.parse.urlencode({k: v for k, v in (params or {}).items() if v is not None})
        target = f"{self.url}{path}{'?' + query if query else ''}"
        headers = {"accept": "application/json", "user-agent": "homelab-python/0.1"}
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["content-type"] = "application/json"
        if self.config.token:
            headers["authorization"] = f"Bearer {self.config.token}"
        req = urllib.request.Request(target, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as res:  # noqa: S310 (http/https only, checked in config)
                status, text = res.status, res.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as err:
            status, text = err.code, err.read().decode("utf-8", "replace")
        except (urllib.error.URLError, socket.timeout, ConnectionError, OSError) as err:
            cause = getattr(err, "reason", err)
            raise HomelabError(
                503,
                f"cannot reach agent-bruno at {self.url} ({cause}); is it running? start it with `homelab up` "
                f"or set HOMELAB_URL (resolved from {self.config.source})",
                reason="unreachable",
            ) from err
        try:
            parsed = json.loads(text) if text else None
        except ValueError:
            parsed = None
        if status >= 400:
            e: Dict[str, Any] = parsed["error"] if isinstance(parsed, dict) and isinstance(parsed.get("error"), dict) else {}
            raise HomelabError(status, str(e.get("message") or f"HTTP {status}: {text[:200]}"),
                               reason=str(e.get("reason") or "http_error"), field=e.get("field"))
        if parsed is None:
            raise HomelabError(502, f"{method} {path} answered {status} without a JSON body: {text[:200]!r}", reason="bad_response")
        return parsed
