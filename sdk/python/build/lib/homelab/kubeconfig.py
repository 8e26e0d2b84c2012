"""Reads a kubeconfig and says how to reach one context's API server (mirrors src/sdk/kubeconfig.ts)."""
from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Optional

from . import _yaml
from .errors import HomelabError


@dataclass(frozen=True)
class ClusterAccess:
    """What is needed to talk to one cluster's API server (PEM bytes for CA and client certificate)."""

    server: str
    ca: Optional[bytes] = None
    insecure: bool = False
    token: Optional[str] = None
    cert: Optional[bytes] = None
    key: Optional[bytes] = None
    namespace: Optional[str] = None


def default_kubeconfig() -> Path:
    first = os.environ.get("KUBECONFIG", "").split(os.pathsep)[0]
    return Path(first).expanduser() if first else Path.home() / ".kube" / "config"


def load_cluster_access(context: Optional[str] = None, path: Optional[str] = None) -> ClusterAccess:
    """The server, CA and credentials of ``context`` (default: the current context) in the kubeconfig
    at ``path`` (default ``KUBECONFIG`` or ``~/.kube/config``)."""
    file = Path(path).expanduser() if path else default_kubeconfig()
    try:
        cfg = _yaml.load(file.read_text(encoding="utf-8")) or {}
    except (OSError, ValueError) as err:
        raise HomelabError(400, f"cannot read kubeconfig {file}: {err}; set KUBECONFIG or use dry_run=True", field="kubeconfig") from err
    if not isinstance(cfg, dict):
        raise HomelabError(400, f"kubeconfig {file} is not a mapping", field="kubeconfig")
    name = context or cfg.get("current-context")
    ctx = _named(cfg.get("contexts"), name, "context")
    if ctx is None:
        names = ", ".join(str(c.get("name")) for c in cfg.get("contexts") or [] if isinstance(c, dict)) or "none"
        raise HomelabError(400, f'no context "{name}" in {file}; contexts: {names}', field="context")
    cluster = _named(cfg.get("clusters"), ctx.get("cluster"), "cluster")
    if cluster is None or not cluster.get("server"):
        raise HomelabError(400, f'context "{name}" names cluster "{ctx.get("cluster")}", which {file} does not define', field="context")
    user = _named(cfg.get("users"), ctx.get("user"), "user") or {}
    if user.get("exec") or user.get("auth-provider"):
        if not (user.get("token") or user.get("client-certificate-data") or user.get("client-certificate")):
            raise HomelabError(400, f'user "{ctx.get("user")}" in {file} authenticates with an exec or auth-provider plugin, which this SDK does not run; use a token or client certificate', field="kubeconfig")
    token = user.get("token")
    if not token and user.get("tokenFile"):
        token = _file(user["tokenFile"], file).decode().strip()
    return ClusterAccess(
        server=str(cluster["server"]).rstrip("/"),
        ca=_pem(cluster, "certificate-authority", file),
        insecure=bool(cluster.get("insecure-skip-tls-verify")),
        token=token,
        cert=_pem(user, "client-certificate", file),
        key=_pem(user, "client-key", file),
        namespace=ctx.get("namespace"),
    )


def _named(items: Any, name: Any, inner: str) -> Optional[Dict[str, Any]]:
    for item in items or []:
        if isinstance(item, dict) and item.get("name") == name:
            value = item.get(inner)
            return value if isinstance(value, dict) else {}
    return None


def _pem(section: Dict[str, Any], key: str, base: Path) -> Optional[bytes]:
    if section.get(f"{key}-data"):
        return base64.b64decode(section[f"{key}-data"])
    if section.get(key):
        return _file(section[key], base)
    return None


def _file(p: str, base: Path) -> bytes:
    path = Path(p).expanduser()
    try:
        return (path if path.is_absolute() else base.parent / path).read_bytes()
    except OSError as err:
        raise HomelabError(400, f"kubeconfig {base}: cannot read {p}: {err}", field="kubeconfig") from err
