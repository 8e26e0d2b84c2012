"""A studio agent, asked in plain language (the seed's ``Agent``; mirrors src/sdk/agent.ts)."""
from __future__ import annotations

import re
import urllib.parse
from typing import Optional

from ._http import DEFAULT_TIMEOUT, HttpClient
from .config import resolve
from .errors import HomelabError
from .models import Answer

_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")


class Agent:
    """An agent on the studio.

    ``cluster`` names the studio in the clusters file (``HOMELAB_URL`` overrides it; see
    :mod:`homelab.config`). agent-bruno answers on ``POST /query``; any other agent on
    ``POST /agents/{name}/query``.

    >>> agent = Agent("agent-bruno", cluster="studio")
    >>> response = agent.query("Are there any unhealthy Pi nodes?")
    >>> print(response)            # the answer text
    >>> response.intent, response.data, response.cold_start, response.latency_ms
    """

    def __init__(self, name: str = "agent-bruno", cluster: Optional[str] = None, *, url: Optional[str] = None,
                 token: Optional[str] = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        if not _NAME.match(name):
            raise HomelabError(400, f'agent name "{name}" must be a DNS label (lowercase letters, digits, \'-\')', field="name")
        self.name = name
        self.http = HttpClient(resolve(cluster, url, token), timeout)

    def query(self, question: str, conversation_id: Optional[str] = None) -> Answer:
        """Asks a question; returns the :class:`Answer` or raises :class:`HomelabError`."""
        body = {"query": question, **({"conversation_id": conversation_id} if conversation_id else {})}
        path = "/query" if self.name == "agent-bruno" else f"/agents/{urllib.parse.quote(self.name, safe='')}/query"
        return Answer.from_json(self.http.request("POST", path, body))

    def __repr__(self) -> str:
        return f"Agent({self.name!r}, url={self.http.url!r})"
