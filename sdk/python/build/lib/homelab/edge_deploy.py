"""Deploys workloads to the Pi cluster through the Kubernetes API (the seed's ``EdgeDeploy``).

Mirrors the TypeScript SDK (src/sdk/edge-deploy.ts): the same manifest (non-root, read-only root,
resource requests and limits, ``role: edge-worker`` arm64 nodes), applied with server-side apply
(``PATCH …?fieldManager=homelab&force=true``, ``application/apply-patch+yaml``) to the kubeconfig
context named by ``cluster``.
"""
from __future__ import annotations

import json
import os
import re
import ssl
import tempfile
import urllib.error
import urllib.request
from typing import Any, Dict, Optional

from ._http import DEFAULT_TIMEOUT
from .agent import Agent
from .config import clusters_file, load_clusters
from .errors import HomelabError
from .kubeconfig import ClusterAccess, load_cluster_access
from .models import Answer, ApplyResult

_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
#: Seconds the Kubernetes API may take to answer (as the TypeScript SDK).
KUBE_TIMEOUT = 15.0


def edge_manifest(name: str, image: str, env: Optional[Dict[str, str]] = None, namespace: Optional[str] = None,
                  replicas: Optional[int] = None, every_node: bool = False, cpu: Optional[str] = None,
                  memory: Optional[str] = None) -> Dict[str, Any]:
    """The manifest of an edge workload: a Deployment of ``replicas`` pods, or a DaemonSet with
    ``every_node=True``; byte-for-byte the TypeScript SDK's ``edgeManifest``."""
    if not _NAME.match(name or ""):
        raise HomelabError(400, f"name \"{name}\" must be a DNS label (lowercase letters, digits, '-')", field="name")
    if not image:
        raise HomelabError(400, "image is required", field="image")
    labels = {"app": name, "app.kubernetes.io/managed-by": "homelab"}
    pod = {
        "metadata": {"labels": labels},
        "spec": {
            "nodeSelector": {"role": "edge-worker", "kubernetes.io/arch": "arm64"},
            "tolerations": [{"key": "role", "operator": "Equal", "value": "edge-worker", "effect": "NoSchedule"}],
            "securityContext": {"runAsNonRoot": True, "runAsUser": 10001, "seccompProfile": {"type": "RuntimeDefault"}},
            "containers": [{
                "name": name, "image": image,
                "env": [{"name": k, "value": str(v)} for k, v in (env or {}).items()],
                "resources": {"requests": {"cpu": cpu or "100m", "memory": memory or "128Mi"}, "limits": {"cpu": "500m", "memory": "256Mi"}},
                "securityContext": {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True, "capabilities": {"drop": ["ALL"]}},
            }],
        },
    }
    kind = "DaemonSet" if every_node else "Deployment"
    spec: Dict[str, Any] = {"selector": {"matchLabels": {"app": name}}}
    if not every_node:
        spec["replicas"] = 1 if replicas is None else replicas
    spec["template"] = pod
    return {"apiVersion": "apps/v1", "kind": kind, "metadata": {"name": name, "namespace": namespace or "iot", "labels": labels}, "spec": spec}


class EdgeDeploy:
    """Applies edge workloads to the Pi cluster and asks the agent about them.

    ``cluster`` is the kubeconfig context (default ``"pi"``; a ``[pi]`` table in the clusters file may
    give ``context``, ``kubeconfig`` and ``namespace``). ``access`` skips the kubeconfig (in-cluster
    use, tests). ``agent``/``studio`` say which agent ``query_agent`` asks and where it runs.

    >>> deploy = EdgeDeploy(cluster="pi")
    >>> deploy.apply(name="warehouse-sensors", image="sensor-collector:v1.2.0", env={"LOCATION": "warehouse-b"})
    >>> print(deploy.query_agent("Show me warehouse-b sensor status"))
    """

    def __init__(self, cluster: str = "pi", *, kubeconfig: Optional[str] = None, context: Optional[str] = None,
                 access: Optional[ClusterAccess] = None, agent: str = "agent-bruno", studio: Optional[str] = None,
                 url: Optional[str] = None, token: Optional[str] = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        entry = load_clusters(clusters_file()).get(cluster, {})
        self.cluster = cluster
        self.context = context or str(entry.get("context") or cluster)
        self.kubeconfig = kubeconfig or (str(entry["kubeconfig"]) if entry.get("kubeconfig") else None)
        self.namespace = str(entry["namespace"]) if entry.get("namespace") else None
        self._access = access
        self._agent = (agent, studio, url, token, timeout)

    def apply(self, name: str, image: str, env: Optional[Dict[str, str]] = None, *, namespace: Optional[str] = None,
              replicas: Optional[int] = None, every_node: bool = False, cpu: Optional[str] = None,
              memory: Optional[str] = None, dry_run: bool = False) -> ApplyResult:
        """Server-side applies the workload; ``dry_run=True`` returns the manifest without a cluster."""
        manifest = edge_manifest(name, image, env, namespace or self.namespace, replicas, every_node, cpu, memory)
        if dry_run:
            return ApplyResult(manifest=manifest, applied=False)
        access = self._access or load_cluster_access(self.context, self.kubeconfig)
        meta = manifest["metadata"]
        plural = "daemonsets" if manifest["kind"] == "DaemonSet" else "deployments"
        path = f"/apis/apps/v1/namespaces/{meta['namespace']}/{plural}/{meta['name']}?fieldManager=homelab&force=true"
        status, body = _send(access, "PATCH", path, json.dumps(manifest).encode(), "application/apply-patch+yaml")
        if status >= 300:
            raise HomelabError(status, f"the Pi cluster refused {manifest['kind']} {meta['name']}: {body[:300]}", reason="kubernetes", field="manifest")
        return ApplyResult(manifest=manifest, applied=True, status=status)

    def query_agent(self, question: str) -> Answer:
        """Asks the agent (agent-bruno) about the deployment; the seed's ``query_agent``."""
        agent, studio, url, token, timeout = self._agent
        return Agent(agent, cluster=studio, url=url, token=token, timeout=timeout).query(question)


def _send(a: ClusterAccess, method: str, path: str, body: bytes, content_type: str) -> "tuple[int, str]":
    headers = {"content-type": content_type, "accept": "application/json"}
    if a.token:
        headers["authorization"] = f"Bearer {a.token}"
    req = urllib.request.Request(a.server + path, data=body, headers=headers, method=method)
    with tempfile.TemporaryDirectory(prefix="homelab-kube-") as tmp:
        ctx = _tls(a, tmp) if a.server.startswith("https:") else None
        try:
            with urllib.request.urlopen(req, timeout=KUBE_TIMEOUT, context=ctx) as res:  # noqa: S310
                return res.status, res.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode("utf-8", "replace")
        except (urllib.error.URLError, OSError) as err:
            raise HomelabError(503, f"cannot reach the Pi cluster at {a.server}: {getattr(err, 'reason', err)}", reason="unreachable", field="cluster") from err


def _tls(a: ClusterAccess, tmp: str) -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    if a.insecure:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    elif a.ca:
        ctx.load_verify_locations(cadata=a.ca.decode("ascii", "replace"))
    if a.cert and a.key:
        # ssl loads client certificates from files only: written to a private temp dir, removed after.
        cert, key = os.path.join(tmp, "client.crt"), os.path.join(tmp, "client.key")
        for p, data in ((cert, a.cert), (key, a.key)):
            fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
        ctx.load_cert_chain(cert, key)
    return ctx
