"""EdgeDeploy: the TypeScript SDK's manifests, server-side apply to a kubeconfig context's API."""
from __future__ import annotations

import json
import tempfile
import threading
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Dict, List

from homelab import EdgeDeploy, HomelabError, edge_manifest, load_cluster_access
from homelab._yaml import load_subset
from tests.support import FACTS, live


class FakeKubeApi:
    """Records what a Kubernetes API server would receive; answers 200 for the right token."""

    def __init__(self, token: str = "pi-token") -> None:
        self.calls: List[Dict[str, Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_PATCH(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                outer.calls.append({"path": self.path, "type": self.headers.get("content-type"),
                                    "auth": self.headers.get("authorization"), "body": json.loads(body)})
                ok = self.headers.get("authorization") == f"Bearer {token}"
                self.send_response(200 if ok else 401)
                self.send_header("content-type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}" if ok else b'{"kind":"Status","message":"Unauthorized"}')

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def kubeconfig(dir: str, server: str, flow: bool) -> str:
    """The TypeScript test's flow-style kubeconfig, or kubectl's own block layout."""
    if flow:
        text = f"""apiVersion: v1
kind: Config
current-context: studio
contexts:
  - {{ name: pi, context: {{ cluster: pi, user: pi-admin, namespace: iot }} }}
  - {{ name: studio, context: {{ cluster: studio, user: pi-admin }} }}
clusters:
  - {{ name: pi, cluster: {{ server: "{server}" }} }}
  - {{ name: studio, cluster: {{ server: "http://127.0.0.1:1" }} }}
users:
  - {{ name: pi-admin, user: {{ token: pi-token }} }}
"""
    else:
        text = f"""apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==   # a comment
    server: {server}
  name: pi
contexts:
- context:
    cluster: pi
    user: pi-admin
  name: pi
current-context: pi
kind: Config
preferences: {{}}
users:
- name: pi-admin
  user:
    token: 'pi-token'
"""
    path = Path(dir) / ("flow.yaml" if flow else "block.yaml")
    path.write_text(text, encoding="utf-8")
    return str(path)


class Manifests(unittest.TestCase):
    @live
    def test_the_same_manifests_as_the_typescript_sdk(self) -> None:
        for case in FACTS["manifests"]:
            self.assertEqual(edge_manifest(**case["args"]), case["manifest"], case["args"]["name"])

    def test_bad_names_and_images(self) -> None:
        with self.assertRaises(HomelabError) as cm:
            edge_manifest("Bad_Name", "y")
        self.assertIn("DNS label", str(cm.exception))
        with self.assertRaises(HomelabError):
            edge_manifest("ok", "")

    def test_dry_run_needs_no_cluster(self) -> None:
        r = EdgeDeploy(cluster="nowhere", kubeconfig="/nonexistent").apply(name="x", image="y:1", dry_run=True)
        self.assertFalse(r.applied)
        self.assertEqual(r.manifest["kind"], "Deployment")


class Kubeconfig(unittest.TestCase):
    def setUp(self) -> None:
        self.dir = tempfile.mkdtemp(prefix="homelab-kube-")

    def test_both_layouts_read_alike(self) -> None:
        flow = load_cluster_access("pi", kubeconfig(self.dir, "http://h:1", True))
        block = load_cluster_access(None, kubeconfig(self.dir, "http://h:1", False))
        self.assertEqual((flow.server, flow.token, flow.namespace), ("http://h:1", "pi-token", "iot"))
        self.assertEqual((block.server, block.token), ("http://h:1", "pi-token"))
        self.assertEqual(block.ca, b"-----BEGIN CERTIFICATE-----\n")

    def test_unknown_context_lists_the_known(self) -> None:
        with self.assertRaises(HomelabError) as cm:
            load_cluster_access("nope", kubeconfig(self.dir, "http://h:1", True))
        self.assertIn('no context "nope"', str(cm.exception))
        self.assertIn("pi, studio", str(cm.exception))

    def test_yaml_subset_reads_kubeconfigs_as_pyyaml_does(self) -> None:
        doc = "a:\n- 1\n- b: 'it''s'\n  c: [x, \"y\"]\nd: ~\ne: {f: {g: h:i}}\n"
        self.assertEqual(load_subset(doc), {"a": [1, {"b": "it's", "c": ["x", "y"]}], "d": None, "e": {"f": {"g": "h:i"}}})
        with self.assertRaises(ValueError):
            load_subset("a: &anchor 1\n")
        try:
            import yaml  # type: ignore[import-untyped,import-not-found,unused-ignore]
        except ImportError:
            self.skipTest("no PyYAML here to compare with (the subset parser is what runs)")
        for flow in (True, False):
            text = Path(kubeconfig(self.dir, "https://10.0.0.1:6443", flow)).read_text()
            self.assertEqual(load_subset(text), yaml.safe_load(text))


class Apply(unittest.TestCase):
    def setUp(self) -> None:
        self.api = FakeKubeApi()
        self.dir = tempfile.mkdtemp(prefix="homelab-kube-")
        self.config = kubeconfig(self.dir, self.api.url, True)

    def tearDown(self) -> None:
        self.api.close()

    def test_server_side_apply_to_the_context(self) -> None:
        deploy = EdgeDeploy(cluster="pi", kubeconfig=self.config)
        r = deploy.apply(name="warehouse-sensors", image="sensor-collector:v1.2.0", env={"LOCATION": "warehouse-b", "REPORT_TO": "agent-bruno"})
        self.assertTrue(r.applied)
        call = self.api.calls[0]
        self.assertEqual(call["path"], "/apis/apps/v1/namespaces/iot/deployments/warehouse-sensors?fieldManager=homelab&force=true")
        self.assertEqual((call["type"], call["auth"]), ("application/apply-patch+yaml", "Bearer pi-token"))
        self.assertEqual(call["body"], r.manifest)
        self.assertEqual(call["body"]["spec"]["template"]["spec"]["containers"][0]["env"],
                         [{"name": "LOCATION", "value": "warehouse-b"}, {"name": "REPORT_TO", "value": "agent-bruno"}])
        deploy.apply(name="cams", image="m:1", every_node=True)
        self.assertIn("/daemonsets/cams", self.api.calls[1]["path"])

    def test_refusals_and_unreachable_clusters_are_errors(self) -> None:
        from homelab import ClusterAccess
        with self.assertRaises(HomelabError) as cm:
            EdgeDeploy(access=ClusterAccess(server=self.api.url, token="wrong")).apply(name="x", image="y")
        self.assertEqual(cm.exception.status, 401)
        self.assertIn("refused", str(cm.exception))
        with self.assertRaises(HomelabError) as cm:
            EdgeDeploy(access=ClusterAccess(server="http://127.0.0.1:9")).apply(name="x", image="y")
        self.assertEqual((cm.exception.status, cm.exception.reason), (503, "unreachable"))


if __name__ == "__main__":
    unittest.main()
