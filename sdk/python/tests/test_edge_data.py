"""EdgeData against the live studio: values checked against GET /api/v1/readings and /anomalies."""
from __future__ import annotations

import time
import unittest
import warnings
from datetime import datetime, timezone
from typing import Any, List, Tuple

from homelab import Anomaly, EdgeData, HomelabError, Reading, SeriesPoint
from tests.support import FACTS, HAVE_PANDAS, api, live, needs_pandas

KINDS = ["temperature", "humidity", "pressure"]


def ms(t: datetime) -> int:
    return int(t.timestamp() * 1000)


def expected_readings(frm: int, to: int) -> List[Tuple[int, str, str, float]]:
    rows: List[Tuple[int, str, str, float]] = []
    for kind in KINDS:
        rows += [(r["ts"], r["node"], r["sensor"], r["value"]) for r in api("/api/v1/readings", kind=kind, **{"from": frm, "to": to, "limit": 100000})["readings"]]
    return sorted(rows)


def as_rows(result: Any) -> List[Tuple[int, str, str, float]]:
    if HAVE_PANDAS:
        return sorted(zip((int(t.value // 1_000_000) for t in result["ts"]), result["node"], result["sensor"], result["value"]))
    return sorted((ms(r.ts), r.node, r.sensor, r.value) for r in result)


@live
class Timeseries(unittest.TestCase):
    def setUp(self) -> None:
        self.edge = EdgeData(agent="agent-bruno", cluster="studio")
        self.end = int(time.time() * 1000)
        self.start = self.end - 30 * 86_400_000

    def read(self, edge: EdgeData, **kw: Any) -> Any:
        return edge.get_timeseries(sensors=KINDS, start=self.start, end=self.end, **kw)

    def test_thirty_days_are_the_stored_readings_value_for_value(self) -> None:
        got = as_rows(self.read(self.edge))
        want = expected_readings(self.start, self.end)
        self.assertGreater(len(want), 10_000, "the runner seeded 30 days")
        self.assertEqual(got, want)
        self.assertGreaterEqual(self.edge.last_requests, 30 * len(KINDS), "one request per kind per day chunk at least")

    def test_small_pages_and_chunks_give_the_same_rows_without_repeats(self) -> None:
        small = EdgeData(url=FACTS["url"], page_size=97, chunk="7h")
        got = as_rows(self.read(small))
        self.assertEqual(got, expected_readings(self.start, self.end))
        self.assertEqual(len(got), len(set(got)))
        self.assertGreater(small.last_requests, len(got) // 97, "full pages continued")

    def test_a_page_of_one_instant_says_to_raise_page_size(self) -> None:
        # pi-node-1..4 all read at the same minutes: 12 readings share each instant of the last 6 h.
        tiny = EdgeData(url=FACTS["url"], page_size=2)
        with self.assertRaises(HomelabError) as cm:
            tiny.get_timeseries(time_range="10m")
        self.assertEqual(cm.exception.status, 413)
        self.assertIn("page_size", str(cm.exception))

    def test_iterator_yields_one_chunk_at_a_time_in_order(self) -> None:
        chunks = list(self.edge.iter_timeseries(KINDS, start=self.start, end=self.end, as_dataframe=False))
        self.assertGreaterEqual(len(chunks), 29)
        firsts = [c[0].ts for c in chunks]
        self.assertEqual(firsts, sorted(firsts))
        for c in chunks:
            self.assertLessEqual((c[-1].ts - c[0].ts).total_seconds(), 86_400)
        self.assertEqual(sorted((ms(r.ts), r.node, r.sensor, r.value) for c in chunks for r in c), expected_readings(self.start, self.end))

    def test_include_anomalies_marks_the_reported_ones(self) -> None:
        rows = self.edge.get_timeseries(sensors=KINDS, time_range="1h", include_anomalies=True, as_dataframe=False)
        flagged = [r for r in rows if r.anomaly]
        reported = api("/api/v1/anomalies", range="1h")["anomalies"]
        self.assertTrue(reported)
        reported_at = {(a["ts"], a["node"], a["sensor"]): a for a in reported if a["kind"] in KINDS}
        self.assertEqual(sorted((ms(r.ts), r.node, r.sensor) for r in flagged if r.anomaly_reason), sorted(reported_at))
        end = int(time.time() * 1000)
        stored = {(ts, node, sensor): v for ts, node, sensor, v in expected_readings(end - 2 * 3_600_000, end)}
        for r in flagged:
            key = (ms(r.ts), r.node, r.sensor)
            if r.anomaly_reason:
                # the stored reading's value where there is one, else the anomaly's own
                self.assertEqual(r.value, stored.get(key, reported_at[key]["value"]))
                self.assertEqual(r.anomaly_reason, reported_at[key]["reason"])
        self.assertTrue(any(k not in stored for k in reported_at) and any(k in stored for k in reported_at), "both paths seen")
        explained = [r for r in flagged if r.ai_analysis]
        self.assertEqual([r.ai_analysis for r in explained], [FACTS["explained"]["text"]])
        self.assertTrue(all(r.anomaly is False for r in rows if not r.anomaly), "plain readings say False, not None")
        plain = self.edge.get_timeseries(sensors=KINDS, time_range="1h", as_dataframe=False)
        self.assertIsNone(plain[0].anomaly)

    def test_records_without_pandas_are_typed(self) -> None:
        rows = self.edge.get_timeseries(sensors=["temperature"], time_range="1h", as_dataframe=False)
        self.assertIsInstance(rows[0], Reading)
        self.assertEqual(rows[0].ts.tzinfo, timezone.utc)
        self.assertEqual({r.kind for r in rows}, {"temperature"})

    def test_step_gives_rollup_points_that_count_every_reading(self) -> None:
        pts = self.edge.get_timeseries(sensors=["humidity"], time_range="6h", step="1h", as_dataframe=False)
        self.assertIsInstance(pts[0], SeriesPoint)
        raw = api("/api/v1/readings", kind="humidity", range="6h", step="1h")["points"]
        self.assertEqual(sum(p.count for p in pts), sum(p["count"] for p in raw))

    def test_sensor_names_work_and_unknown_names_are_said(self) -> None:
        rows = self.edge.get_timeseries(sensors=["bmp280-pressure"], time_range="1h", as_dataframe=False)
        self.assertEqual({r.sensor for r in rows}, {"bmp280-pressure"})
        with self.assertRaises(HomelabError) as cm:
            self.edge.get_timeseries(sensors=["radon"], time_range="1h")
        self.assertEqual((cm.exception.status, cm.exception.reason), (404, "not_found"))
        self.assertIn("no data for radon", str(cm.exception))
        self.assertIn("temperature", str(cm.exception), "says what it has")
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            rows = self.edge.get_timeseries(sensors=["humidity", "radon"], time_range="1h", as_dataframe=False)
        self.assertTrue(rows)
        self.assertIn("no data for radon", str(w[0].message))

    def test_bad_arguments_are_homelab_errors_naming_the_field(self) -> None:
        for kw, field in (({"time_range": "fortnight"}, "time_range"), ({"step": "often"}, "step"), ({"start": "yesterday"}, "start")):
            with self.assertRaises(HomelabError) as cm:
                self.edge.get_timeseries(sensors=["humidity"], **kw)
            self.assertEqual((cm.exception.status, cm.exception.field), (400, field))
        with self.assertRaises(HomelabError):
            EdgeData(url=FACTS["url"], page_size=0)

    @needs_pandas
    def test_dataframe_columns_and_attrs(self) -> None:
        df = self.edge.get_timeseries(source="pi", sensors=KINDS, time_range="1h", include_anomalies=True)
        self.assertEqual(list(df.columns), ["ts", "node", "sensor", "kind", "unit", "location", "value", "severity", "score", "anomaly", "anomaly_reason", "ai_analysis"])
        self.assertEqual(str(df["ts"].dt.tz), "UTC")
        self.assertEqual(df["anomaly"].dtype, bool)
        self.assertEqual(df.attrs["source"], "pi")
        plain = self.edge.get_timeseries(sensors=KINDS, time_range="1h")
        self.assertEqual(list(plain.columns), ["ts", "node", "sensor", "kind", "unit", "location", "value"])

    @unittest.skipIf(HAVE_PANDAS, "the pandas run returns DataFrames")
    def test_without_pandas_the_default_is_records_and_dataframe_is_refused(self) -> None:
        self.assertIsInstance(self.edge.get_timeseries(sensors=["humidity"], time_range="1h"), list)
        with self.assertRaises(HomelabError) as cm:
            self.edge.get_timeseries(sensors=["humidity"], time_range="1h", as_dataframe=True)
        self.assertIn("pandas", str(cm.exception))


@live
class Anomalies(unittest.TestCase):
    def test_last_hour_is_what_the_studio_holds_with_analysis(self) -> None:
        got = EdgeData(agent="agent-bruno").get_anomalies(cluster="pi", namespace="iot", time_range="1h")
        want = api("/api/v1/anomalies", range="1h")["anomalies"]
        self.assertGreaterEqual(len(want), 4)
        self.assertTrue(all(isinstance(a, Anomaly) for a in got))
        self.assertEqual([(a.sensor_id, a.value, ms(a.ts)) for a in got], [(f"{w['node']}/{w['sensor']}", w["value"], w["ts"]) for w in want])
        by_id = {a.event_id: a for a in got}
        self.assertEqual(by_id[FACTS["explained"]["id"]].ai_analysis, FACTS["explained"]["text"])
        self.assertEqual(sum(1 for a in got if a.ai_analysis), 1, "no analysis is made up")

    def test_filters_and_minimum_severity(self) -> None:
        edge = EdgeData(url=FACTS["url"])
        crit = edge.get_anomalies(time_range="1h", severity="critical")
        self.assertTrue(crit)
        self.assertEqual({a.severity for a in crit}, {"critical"})
        self.assertEqual([a.value for a in edge.get_anomalies(time_range="1h", node="pi-node-3")], [80])
        self.assertEqual(len(edge.get_anomalies(time_range="3d", limit=2)), 2)
        self.assertEqual(len(edge.get_anomalies(time_range="3d")), len(api("/api/v1/anomalies", range="3d")["anomalies"]))
        with self.assertRaises(HomelabError) as cm:
            edge.get_anomalies(time_range="1h", severity="apocalyptic")
        self.assertEqual((cm.exception.status, cm.exception.field), (400, "severity"))


if __name__ == "__main__":
    unittest.main()
