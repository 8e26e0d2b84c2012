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
    """Until the studio has the edge-loop endpoints these must fail clearly, never fake a model."""

    def rows(self) -> list:
        return EdgeData(url=FACTS["url"]).get_timeseries(sensors=["temperature"], time_range="6h", as_dataframe=False)

    def test_train_names_the_missing_capability_or_returns_the_servers_model(self) -> None:
        try:
            model = ForgeTraining(cluster="forge").train(data=self.rows(), model_type="timeseries_forecast", target="temperature", gpus=2)
        except HomelabError as err:
            self.assertEqual((err.status, err.reason), (501, "unsupported"))
            self.assertIn("POST /api/v1/models", str(err))
            self.assertIn("nothing was trained", str(err))
        else:  # the studio trains: the model is its answer
            self.assertIsInstance(model, Model)
            self.assertTrue(model.id)

    def test_deploy_model_names_the_missing_capability(self) -> None:
        edge = EdgeData(url=FACTS["url"])
        try:
            edge.deploy_model(Model(id="m-1", version=1), nodes=["pi-node-1", "pi-node-2"])
        except HomelabError as err:
            self.assertIn(err.reason, ("unsupported", "not_found"))
            if err.reason == "unsupported":
                self.assertIn("/deploy", str(err))

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
