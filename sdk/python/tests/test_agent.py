"""Agent, EdgeDeploy.query_agent, ForgeTraining and deploy_model against the live studio."""
from __future__ import annotations

import unittest

from homelab import Agent, Answer, EdgeData, ForgeTraining, HomelabError, Model
from tests.support import FACTS, live, post_query, steady


@live
class AgentQuery(unittest.TestCase):
    def test_answer_prints_as_text_and_carries_the_fields(self) -> None:
        q = "What's the humidity at warehouse-b?"
        answer = Agent("agent-bruno", cluster="studio").query(q)
        direct = post_query(q)
        self.assertIsInstance(answer, Answer)
        self.assertEqual(steady(str(answer)), steady(direct["response"]))
        self.assertEqual(answer.intent, direct["intent"])
        self.assertEqual(answer.query, q)
        self.assertIsInstance(answer.data, dict)
        self.assertIsInstance(answer.cold_start, bool)
        self.assertGreaterEqual(answer.latency_ms, 0)

    def test_server_errors_carry_status_and_reason(self) -> None:
        with self.assertRaises(HomelabError) as cm:
            Agent(url=FACTS["url"]).query("   ")
        self.assertEqual((cm.exception.status, cm.exception.reason), (400, "invalid"))
        self.assertIn("empty", str(cm.exception))

    def test_unreachable_says_what_to_do(self) -> None:
        with self.assertRaises(HomelabError) as cm:
            Agent(url="http://127.0.0.1:9", timeout=5).query("hi")
        self.assertEqual((cm.exception.status, cm.exception.reason), (503, "unreachable"))
        self.assertIn("homelab up", str(cm.exception))

    def test_other_agents_answer_on_their_own_route(self) -> None:
        from tests.support import api
        served = [a["name"] for a in api("/api/v1/agents")["agents"]]
        with self.assertRaises(HomelabError) as cm:
            Agent("agent-nobody", url=FACTS["url"]).query("hi")
        self.assertEqual((cm.exception.status, cm.exception.reason, cm.exception.field), (404, "not_found", "name"))
        self.assertIn(served[0], str(cm.exception), "says which agents there are")
        others = [n for n in served if n != "agent-bruno"]
        if not others:
            self.skipTest("this studio serves agent-bruno alone (unknown names checked)")
        answer = Agent(others[0], url=FACTS["url"]).query("What can you do?")
        self.assertEqual(answer.agent, others[0])
        self.assertTrue(str(answer))

    def test_bad_agent_name(self) -> None:
        with self.assertRaises(HomelabError):
            Agent("Agent Bruno!")


@live
class TrainingAndDeployment(unittest.TestCase):
    """The studio trains from its stored data: versioned models with held-back metrics, or a clear refusal."""

    def rows(self) -> list:
        return EdgeData(url=FACTS["url"]).get_timeseries(sensors=["temperature"], time_range="6h", as_dataframe=False)

    def test_train_answers_a_versioned_model_trained_on_the_rows_window(self) -> None:
        rows = self.rows()
        t = ForgeTraining(cluster="forge")
        model = t.train(data=rows, model_type="detector_baseline", target="temperature", gpus=2)
        self.assertIsInstance(model, Model)
        self.assertTrue(model.id.startswith("detector-baseline-temperature-v"), model.id)
        self.assertTrue(str(model.checksum).startswith("sha256:"))
        self.assertEqual(model.raw["params"]["gpus"], 2)
        nodes = {r.node for r in rows}
        self.assertEqual({s["node"] for s in model.raw["series"]}, nodes, "every series of the rows, nothing else")
        for s in model.raw["series"]:
            self.assertGreaterEqual(s["metrics"]["baseline"]["tail_readings"], 1)
        again = t.train(data=rows, model_type="detector_baseline", target="temperature")
        self.assertEqual(again.version, model.version + 1, "a new version under the same name")

    def test_a_forecast_on_six_hours_is_refused_with_the_reason(self) -> None:
        with self.assertRaises(HomelabError) as cm:
            ForgeTraining(cluster="forge").train(data=self.rows(), model_type="timeseries_forecast", target="temperature")
        self.assertEqual((cm.exception.status, cm.exception.reason), (422, "not_enough_data"))
        self.assertIn("at least a day", str(cm.exception))

    def test_deploy_of_an_unknown_model_is_a_clear_404(self) -> None:
        edge = EdgeData(url=FACTS["url"])
        with self.assertRaises(HomelabError) as cm:
            edge.deploy_model(Model(id="m-1", version=1), nodes=["pi-node-1", "pi-node-2"])
        self.assertEqual((cm.exception.status, cm.exception.reason), (404, "not_found"))
        self.assertIn("m-1", str(cm.exception))

    def test_arguments_are_checked_before_sending(self) -> None:
        t = ForgeTraining(url=FACTS["url"])
        for kw, field in (({"target": "radon"}, "target"), ({"gpus": -1}, "gpus"), ({"model_type": ""}, "model_type")):
            args = {"model_type": "timeseries_forecast", "target": "temperature", "gpus": 0, **kw}
            with self.assertRaises(HomelabError) as cm:
                t.train(data=self.rows(), **args)
            self.assertEqual((cm.exception.status, cm.exception.field), (400, field))
        with self.assertRaises(HomelabError) as cm:
            t.train(data="temperature", model_type="x", target="temperature")
        self.assertEqual(cm.exception.field, "data")
        with self.assertRaises(HomelabError) as cm:
            EdgeData(url=FACTS["url"]).deploy_model("m-1", nodes=[])
        self.assertEqual(cm.exception.field, "nodes")


if __name__ == "__main__":
    unittest.main()
