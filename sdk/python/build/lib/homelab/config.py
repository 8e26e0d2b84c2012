"""Where a cluster name leads: explicit arguments, then ``HOMELAB_URL``/``HOMELAB_TOKEN``, then the
clusters file (``HOMELAB_CLUSTERS_FILE`` or ``~/.config/homelab/clusters.toml``), then
``http://localhost:8080`` (what ``homelab up`` serves).

The clusters file has one table per cluster::

    [studio]
    url = "http://agent-bruno.studio.cluster:30120"
    token = "team-token"        # optional: a read token (admin to create alerts)

    [pi]
    context = "pi"              # kubeconfig context EdgeDeploy applies to (default: the name)
    kubeconfig = "~/.kube/config"
    namespace = "iot"
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Mapping, Optional

from .errors import HomelabError

DEFAULT_URL = "http://localhost:8080"


@dataclass(frozen=True)
class ClusterConfig:
    """How to reach one cluster, as resolved (``source`` says where from)."""

    name: str
    url: str
    token: Optional[str] = None
    context: Optional[str] = None
    kubeconfig: Optional[str] = None
    namespace: Optional[str] = None
    source: str = "default"


def clusters_file(env: Optional[Mapping[str, str]] = None) -> Path:
    env = os.environ if env is None else env
    if env.get("HOMELAB_CLUSTERS_FILE"):
        return Path(env["HOMELAB_CLUSTERS_FILE"]).expanduser()
    base = Path(env["XDG_CONFIG_HOME"]).expanduser() if env.get("XDG_CONFIG_HOME") else Path.home() / ".config"
    return base / "homelab" / "clusters.toml"


def load_clusters(path: Path) -> Dict[str, Dict[str, Any]]:
    """Reads the clusters file; a missing file is no clusters, a broken one a HomelabError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as err:
        raise HomelabError(400, f"cannot read clusters file {path}: {err}", field="clusters") from err
    try:
        data = parse_toml(text)
    except ValueError as err:
        raise HomelabError(400, f"clusters file {path}: {err}", field="clusters") from err
    return {k: v for k, v in data.items() if isinstance(v, dict)}


def resolve(cluster: Optional[str] = None, url: Optional[str] = None, token: Optional[str] = None,
            env: Optional[Mapping[str, str]] = None) -> ClusterConfig:
    """Resolves a cluster name to its URL and token (see the module's docstring for the order)."""
    env = os.environ if env is None else env
    name = cluster or "studio"
    path = clusters_file(env)
    entry = load_clusters(path).get(name, {})
    extra = {k: str(entry[k]) for k in ("context", "kubeconfig", "namespace") if k in entry}
    tok = token or env.get("HOMELAB_TOKEN") or (str(entry["token"]) if "token" in entry else None)
    if url:
        return ClusterConfig(name, _base(url), tok, source="argument", **extra)
    if env.get("HOMELAB_URL"):
        return ClusterConfig(name, _base(env["HOMELAB_URL"]), tok, source="HOMELAB_URL", **extra)
    if "url" in entry:
        return ClusterConfig(name, _base(str(entry["url"])), tok, source=str(path), **extra)
    if cluster and path.exists() and not entry:
        known = ", ".join(sorted(load_clusters(path))) or "none"
        raise HomelabError(400, f'no cluster "{cluster}" in {path} (clusters: {known}); add a [{cluster}] table with url = "…" or set HOMELAB_URL', field="cluster")
    return ClusterConfig(name, DEFAULT_URL, tok, source="default", **extra)


def _base(url: str) -> str:
    if not re.match(r"^https?://", url):
        raise HomelabError(400, f'url must start with http:// or https://, got "{url}"', field="url")
    return url.rstrip("/")


def parse_toml(text: str) -> Dict[str, Any]:
    """TOML through ``tomllib`` (Python 3.11+), else the subset a clusters file needs: ``[table]``
    and ``[a.b]`` headers, ``key = "string" | 'literal' | integer | float | true | false``, comments."""
    try:
        import tomllib  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return parse_toml_subset(text)
    try:
        return tomllib.loads(text)  # type: ignore[no-any-return,unused-ignore]
    except tomllib.TOMLDecodeError as err:
        raise ValueError(str(err)) from err


_KEY = r'[A-Za-z0-9_-]+|"[^"]*"'
_HEADER = re.compile(rf'^\[\s*((?:{_KEY})(?:\s*\.\s*(?:{_KEY}))*)\s*\]$')
_PAIR = re.compile(rf'^({_KEY})\s*=\s*(.+)$')


def parse_toml_subset(text: str) -> Dict[str, Any]:
    root: Dict[str, Any] = {}
    table = root
    for n, raw in enumerate(text.splitlines(), 1):
        line = _strip_comment(raw).strip()
        if not line:
            continue
        header = _HEADER.match(line)
        if header:
            table = root
            for part in re.findall(_KEY, header.group(1)):
                table = table.setdefault(part.strip('"'), {})
                if not isinstance(table, dict):
                    raise ValueError(f"line {n}: {part} is a value, not a table")
            continue
        pair = _PAIR.match(line)
        if not pair:
            raise ValueError(f"line {n}: expected [table] or key = value, got {raw.strip()!r}")
        table[pair.group(1).strip('"')] = _value(pair.group(2).strip(), n)
    return root


def _strip_comment(line: str) -> str:
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            return line[:i]
    return line


def _value(text: str, n: int) -> Any:
    if len(text) >= 2 and text[0] == text[-1] == '"':
        try:
            return json.loads(text)  # a TOML basic string's escapes are JSON's
        except ValueError:
            raise ValueError(f"line {n}: bad string {text}") from None
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1]
    if text in ("true", "false"):
        return text == "true"
    try:
        return int(text.replace("_", ""))
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"line {n}: unsupported value {text!r} (strings, numbers and booleans only)") from None
