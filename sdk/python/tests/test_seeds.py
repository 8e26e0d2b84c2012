"""The seeds' Python snippets, exactly as the seeds write them, run against the live studio.

``tests/seeds/`` holds the blocks (``seed_blocks.py`` extracts them); when the seeds are at hand
(``HOMELAB_SEEDS_DIR``, else ``shared/seeds`` beside the checkout, else /work/shared/seeds) the copies are checked against them first.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path
from typing import Dict, List, Tuple

from tests.seed_blocks import extract
from tests.support import FACTS, HAVE_PANDAS, api, live, post_query, steady
from tests.test_edge_deploy import FakeKubeApi, kubeconfig

HERE = Path(__file__).parent / "seeds"
# The seeds live in the team's shared/ folder: beside the checkout in CI, /work/shared here.
_REPO = Path(__file__).resolve().parents[3]
SEEDS = next((p for p in (Path(os.environ.get("HOMELAB_SEEDS_DIR", "")), _REPO.parent / "shared" / "seeds",
                          Path("/work/shared/seeds")) if str(p) not in ("", ".") and p.is_dir()), Path("/work/shared/seeds"))
KINDS = ["temperature", "humidity", "pressure"]


def run(name: str, **env: str) -> "subprocess.CompletedProcess[str]":
    """Runs a snippet as a user would: its own process, its own directory, the SDK installed."""
    with tempfile.TemporaryDirectory(prefix="seed-") as cwd:
        return subprocess.run([sys.executable, str(HERE / name)], cwd=cwd, env={**os.environ, **env},
                              capture_output=True, text=True, timeout=300)


class Copies(unittest.TestCase):
    def test_the_copies_are_the_seeds_blocks_verbatim(self) -> None:
        if not SEEDS.is_dir():
            self.skipTest(f"seeds not found at {SEEDS} (set HOMELAB_SEEDS_DIR); the copies in tests/seeds run anyway")
        self.assertEqual(extract(SEEDS), {p.name: p.read_text(encoding="utf-8") for p in sorted(HERE.glob("*.py"))})

    def test_five_snippets(self) -> None:
        self.assertEqual(len(list(HERE.glob("*.py"))), 5)


@live
class Snippets(unittest.TestCase):
    def test_pi_cluster_1_recent_anomalies(self) -> None:
        r = run("pi-cluster-1.py")
        self.assertEqual(r.returncode, 0, r.stderr)
        got = re.findall(r"Sensor: (.+)\nValue: (.+)\nAnalysis: (.+)", r.stdout)
        want = api("/api/v1/anomalies", range="1h")["anomalies"]
        self.assertGreaterEqual(len(want), 4)
        self.assertEqual([(s, float(v)) for s, v, _ in got], [(f"{a['node']}/{a['sensor']}", float(a["value"])) for a in want])
        self.assertEqual([a for _, _, a in got if a != "None"], [FACTS["explained"]["text"]])

    def test_pi_cluster_2_deploy_then_ask(self) -> None:
        k8s = FakeKubeApi()
        try:
            with tempfile.TemporaryDirectory(prefix="kube-") as d:
                r = run("pi-cluster-2.py", KUBECONFIG=kubeconfig(d, k8s.url, True))
        finally:
            k8s.close()
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(k8s.calls), 1)
        self.assertEqual(k8s.calls[0]["path"], "/apis/apps/v1/namespaces/iot/deployments/warehouse-sensors?fieldManager=homelab&force=true")
        self.assertEqual(k8s.calls[0]["body"]["spec"]["template"]["spec"]["containers"][0]["image"], "sensor-collector:v1.2.0")
        self.assertEqual(steady(r.stdout), steady(post_query("Show me warehouse-b sensor status")["response"]))
        self.assertIn("warehouse-b", r.stdout)

    def test_studio_cluster_1_agent_query(self) -> None:
        r = run("studio-cluster-1.py")
        self.assertEqual(r.returncode, 0, r.stderr)
        q = "Show me temperature readings from Pi cluster warehouse sensors in the last 24 hours"
        self.assertEqual(steady(r.stdout), steady(post_query(q)["response"]))
        self.assertRegex(r.stdout, r"\d", "the answer carries the stored numbers")

    @unittest.skipUnless(HAVE_PANDAS, "the snippet imports pandas (this is the no-pandas run)")
    def test_studio_cluster_2_thirty_days(self) -> None:
        r = run("studio-cluster-2.py")
        end = int(time.time() * 1000)
        self.assertEqual(r.returncode, 0, r.stderr)
        m = re.fullmatch(r"Collected (\d+) data points from edge\n", r.stdout)
        self.assertTrue(m, r.stdout)
        readings, anomalies = self.stored(end - 30 * 86_400_000 - 60_000, end)
        self.assertGreater(len(readings), 20_000)
        self.assertEqual(int(m.group(1)), len(readings) + len(anomalies - readings))

    @unittest.skipUnless(HAVE_PANDAS, "the snippet imports pandas (this is the no-pandas run)")
    def test_pi_cluster_3_data_then_training(self) -> None:
        r = run("pi-cluster-3.py")
        self.assertEqual(r.returncode, 0, r.stderr)
        # The studio trained a forecast of every temperature series the 30 days held and sent
        # pi-node-1 and pi-node-2 their parts (queued for them: no collector runs in this test).
        model = api("/api/v1/models", name="timeseries-forecast-temperature")["models"][0]
        self.assertTrue({"pi-node-1", "pi-node-2"} <= {s["node"] for s in model["series"]})
        self.assertTrue(all(s["metrics"]["forecast"]["tail_points"] > 0 for s in model["series"]))
        nodes = {n["node"]: n["model"] for n in api("/api/v1/nodes")["nodes"]}
        for node in ("pi-node-1", "pi-node-2"):
            self.assertEqual(nodes[node]["id"], model["id"], node)
            self.assertIn(nodes[node]["state"], ("sending", "shadow", "active"), node)

    @unittest.skipUnless(HAVE_PANDAS, "the example needs pandas (this is the no-pandas run)")
    def test_the_thirty_day_example_runs(self) -> None:
        example = Path(__file__).parent.parent / "examples" / "thirty_days.py"
        with tempfile.TemporaryDirectory(prefix="example-") as cwd:
            r = subprocess.run([sys.executable, str(example)], cwd=cwd, capture_output=True, text=True, timeout=300,
                               env={**os.environ, "PLOT_FILE": os.path.join(cwd, "chart.png")})
            plotted = os.path.exists(os.path.join(cwd, "chart.png"))
        self.assertEqual(r.returncode, 0, r.stderr)
        m = re.search(r"^(\d+) readings from 4 nodes", r.stdout, re.M)
        self.assertTrue(m, r.stdout)
        self.assertTrue(plotted or "matplotlib is not installed" in r.stdout, r.stdout)

    def stored(self, frm: int, to: int) -> Tuple[set, set]:
        keys: List[Tuple[int, str, str]] = []
        for kind in KINDS:
            keys += [(x["ts"], x["node"], x["sensor"]) for x in api("/api/v1/readings", kind=kind, **{"from": frm, "to": to, "limit": 100000})["readings"]]
        anomalies: Dict[Tuple[int, str, str], bool] = {(a["ts"], a["node"], a["sensor"]): True for a in api("/api/v1/anomalies", **{"from": frm, "to": to, "limit": 10000})["anomalies"] if a["kind"] in KINDS}
        return set(keys), set(anomalies)


if __name__ == "__main__":
    unittest.main()
