"""Where cluster names lead (no studio needed)."""
from __future__ import annotations

import os
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from homelab import Agent, HomelabError, resolve
from homelab.config import parse_toml, parse_toml_subset
from homelab.timerange import duration_ms, epoch_ms

CLUSTERS = '''
# the clusters a team reaches
[studio]
url = "http://agent-bruno.studio.cluster:30120/"   # trailing slash dropped
token = 'team-#token'

[forge]
url = "http://forge.example:8080"

[pi]
context = "pi-k3s"
namespace = "iot"
replicas = 3
'''


class Clusters(unittest.TestCase):
    def setUp(self) -> None:
        self.dir = tempfile.mkdtemp(prefix="homelab-cfg-")
        self.file = Path(self.dir) / "clusters.toml"
        self.file.write_text(CLUSTERS, encoding="utf-8")
        self.env = {"HOMELAB_CLUSTERS_FILE": str(self.file)}

    def test_the_file_names_each_cluster(self) -> None:
        c = resolve("studio", env=self.env)
        self.assertEqual((c.url, c.token, c.source), ("http://agent-bruno.studio.cluster:30120", "team-#token", str(self.file)))
        self.assertEqual(resolve("forge", env=self.env).url, "http://forge.example:8080")
        self.assertEqual(resolve("pi", env=self.env).context, "pi-k3s")

    def test_environment_overrides_the_file_and_arguments_override_both(self) -> None:
        env = {**self.env, "HOMELAB_URL": "http://127.0.0.1:9999", "HOMELAB_TOKEN": "env-token"}
        c = resolve("studio", env=env)
        self.assertEqual((c.url, c.token, c.source), ("http://127.0.0.1:9999", "env-token", "HOMELAB_URL"))
        c = resolve("studio", url="http://other:1", token="arg", env=env)
        self.assertEqual((c.url, c.token, c.source), ("http://other:1", "arg", "argument"))

    def test_an_unknown_cluster_says_which_exist(self) -> None:
        with self.assertRaises(HomelabError) as cm:
            resolve("lab", env=self.env)
        self.assertIn('no cluster "lab"', str(cm.exception))
        self.assertIn("forge, pi, studio", str(cm.exception))

    def test_no_file_and_no_environment_is_the_local_studio(self) -> None:
        c = resolve("studio", env={"HOMELAB_CLUSTERS_FILE": os.path.join(self.dir, "none.toml")})
        self.assertEqual((c.url, c.source), ("http://localhost:8080", "default"))

    def test_default_path_is_under_the_config_home(self) -> None:
        home = Path(self.dir) / "xdg"
        (home / "homelab").mkdir(parents=True)
        (home / "homelab" / "clusters.toml").write_text('[studio]\nurl = "http://from-xdg:1"\n')
        self.assertEqual(resolve("studio", env={"XDG_CONFIG_HOME": str(home)}).url, "http://from-xdg:1")

    def test_classes_use_it(self) -> None:
        with mock.patch.dict(os.environ, self.env):
            os.environ.pop("HOMELAB_URL", None)
            self.assertEqual(Agent("agent-bruno", cluster="studio").http.url, "http://agent-bruno.studio.cluster:30120")

    def test_bad_files_and_urls_are_clear(self) -> None:
        self.file.write_text("[studio\nurl = 1\n")
        with self.assertRaises(HomelabError) as cm:
            resolve("studio", env=self.env)
        self.assertIn(str(self.file), str(cm.exception))
        with self.assertRaises(HomelabError):
            resolve(url="ftp://x")


class TomlSubset(unittest.TestCase):
    """Python 3.9 and 3.10 have no tomllib: the subset parser must read the same files the same way."""

    def test_same_as_tomllib_on_clusters_files(self) -> None:
        sub = parse_toml_subset(CLUSTERS)
        self.assertEqual(sub["studio"]["token"], "team-#token")
        self.assertEqual(sub["pi"]["replicas"], 3)
        try:
            import tomllib  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            self.skipTest("no tomllib on this Python to compare with (the subset parser is what runs here)")
        self.assertEqual(sub, tomllib.loads(CLUSTERS))
        text = '[a."b.c"]\nx = "\\u00e9\\n"\ny = -1.5\nz = true\n'
        self.assertEqual(parse_toml_subset(text), tomllib.loads(text))
        self.assertEqual(parse_toml(text), tomllib.loads(text))

    def test_errors_name_the_line(self) -> None:
        for bad in ('[studio]\nurl = [1, 2]\n', 'just words\n', '[a]\nb = "open\n'):
            with self.assertRaises(ValueError) as cm:
                parse_toml_subset(bad)
            self.assertRegex(str(cm.exception), r"line \d")


class Durations(unittest.TestCase):
    def test_the_studios_grammar(self) -> None:
        self.assertEqual(duration_ms("30d"), 30 * 86_400_000)
        self.assertEqual(duration_ms("5m"), 300_000)
        self.assertEqual(duration_ms("250ms"), 250)
        for bad in ("30 days", "1.5h", "0m", "-1h", "", "h"):
            with self.assertRaises(HomelabError):
                duration_ms(bad)

    def test_times(self) -> None:
        self.assertEqual(epoch_ms("2026-01-01T00:00:00Z", "start"), 1_767_225_600_000)
        self.assertEqual(epoch_ms(1_767_225_600_000, "start"), 1_767_225_600_000)
        with self.assertRaises(HomelabError):
            epoch_ms(True, "start")  # type: ignore[arg-type]


if __name__ == "__main__":
    unittest.main()
