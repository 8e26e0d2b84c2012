"""Edge data through agent-bruno (the seed's ``EdgeData``; mirrors src/sdk/edge-data.ts).

Long ranges are read the way prometheus-api-client reads them: split into time chunks (``chunk``,
default one day), each chunk read in pages of at most ``page_size`` readings that continue from
the last timestamp, so neither the server nor this process ever holds more than a page and a chunk.
"""
from __future__ import annotations

import warnings
from typing import Any, Dict, Iterator, List, Optional, Sequence, Set, Tuple, Union

from ._http import DEFAULT_TIMEOUT, HttpClient
from .config import resolve
from .errors import HomelabError
from .forge import deploy_model
from .models import Anomaly, Model, ModelDeployment, Reading, SeriesPoint, utc
from .timerange import Duration, When, duration_ms, window

#: Most readings the studio returns per request (its own bound).
MAX_PAGE = 100_000
#: Most anomalies per request (the studio's bound).
MAX_ANOMALY_PAGE = 10_000

Frame = Any  # a pandas.DataFrame when pandas is importable
Rows = Union[List[Reading], List[SeriesPoint]]


def _pandas() -> Any:
    try:
        import pandas  # type: ignore[import-untyped,unused-ignore]  # noqa: F401  (optional)
    except ImportError:
        return None
    return pandas


class EdgeData:
    """Readings and anomalies the studio holds for the edge.

    ``agent`` is the agent whose API serves the data (agent-bruno), ``cluster`` the studio it runs
    on (resolved as :class:`~homelab.Agent` does). The ``cluster``/``source`` arguments of the read
    methods name the edge cluster the data came from (the seed's ``"pi"``) and are kept on the
    result; the studio holds its edge cluster's data, so they do not filter.
    """

    def __init__(self, agent: str = "agent-bruno", cluster: Optional[str] = None, *, url: Optional[str] = None,
                 token: Optional[str] = None, timeout: float = DEFAULT_TIMEOUT, chunk: Duration = "1d",
                 page_size: int = 10_000) -> None:
        if not 1 <= page_size <= MAX_PAGE:
            raise HomelabError(400, f"page_size must be between 1 and {MAX_PAGE}; got {page_size}", field="page_size")
        self.agent = agent
        self.http = HttpClient(resolve(cluster, url, token), timeout)
        self.chunk_ms = duration_ms(chunk, "chunk")
        self.page_size = page_size
        #: Requests the last read made (chunks × pages × sensors), for the curious and for tests.
        self.last_requests = 0

    # --- time series -----------------------------------------------------------------------------

    def get_timeseries(self, sensors: Optional[Sequence[str]] = None, time_range: Optional[Duration] = "24h", *,
                       source: Optional[str] = None, cluster: Optional[str] = None, node: Optional[str] = None,
                       location: Optional[str] = None, start: Optional[When] = None, end: Optional[When] = None,
                       step: Optional[Duration] = None, include_anomalies: bool = False,
                       as_dataframe: Optional[bool] = None) -> Union[Frame, Rows]:
        """Readings of ``sensors`` over ``time_range`` (``"30d"``; or ``start``/``end``).

        ``sensors`` are kinds (``"temperature"``) or sensor names (``"dht22-temperature"``); a name
        the studio has no data for is warned about, and an error when none has data. Without
        ``step`` these are the raw readings the studio stores (from a real edge: warning and critical
        readings and whatever was sent raw; normal data arrives as 5-minute aggregates); with
        ``step="5m"`` (or wider) one point per bucket (count, mean, min, max) from the rollups, which
        cover the aggregates too.

        Returns a ``pandas.DataFrame`` (columns ``ts, node, sensor, kind, unit, location, value``,
        ``ts`` as UTC datetimes) when pandas is importable, else a list of :class:`Reading` (or
        :class:`SeriesPoint` with ``step``). ``as_dataframe`` forces either. ``include_anomalies``
        adds ``severity, score, anomaly, anomaly_reason, ai_analysis`` (an anomaly reported without
        its raw reading becomes a row of its own with ``anomaly=True``). The range is read in time
        chunks and pages (see the module docstring); for ranges too big to hold, use
        :meth:`iter_timeseries`.
        """
        pd = _pandas()
        want_frame = pd is not None if as_dataframe is None else as_dataframe
        if want_frame and pd is None:
            raise HomelabError(400, "as_dataframe=True needs pandas (pip install pandas)", field="as_dataframe")
        # One chunk's records at a time become a DataFrame (or join the list), so the peak is the
        # result plus one chunk, not the result twice over.
        parts = self.iter_timeseries(sensors, time_range, source=source, cluster=cluster, node=node,
                                     location=location, start=start, end=end, step=step,
                                     include_anomalies=include_anomalies, as_dataframe=want_frame)
        if not want_frame:
            return [r for part in parts for r in part]
        frames = list(parts)
        if not frames:
            return _frame([], step is not None, include_anomalies, source or cluster)
        df: Frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        df.attrs["source"] = source or cluster
        return df

    def iter_timeseries(self, sensors: Optional[Sequence[str]] = None, time_range: Optional[Duration] = "24h", *,
                        source: Optional[str] = None, cluster: Optional[str] = None, node: Optional[str] = None,
                        location: Optional[str] = None, start: Optional[When] = None, end: Optional[When] = None,
                        step: Optional[Duration] = None, include_anomalies: bool = False,
                        as_dataframe: Optional[bool] = None) -> Iterator[Union[Frame, Rows]]:
        """:meth:`get_timeseries` one time chunk at a time, oldest first: each item is that chunk's
        DataFrame (or list), so memory stays at one chunk however long the range."""
        frm, to = window(time_range, start, end, "24h")
        filters = self._filters(sensors, node, location)
        step_ms = duration_ms(step, "step") if step is not None else None
        want_frame = _pandas() is not None if as_dataframe is None else as_dataframe
        self.last_requests = 0
        for c_from in range(frm, to, self.chunk_ms):
            c_to = min(c_from + self.chunk_ms, to)
            rows: List[Any] = []
            for f in filters:
                rows.extend(self._points(f, c_from, c_to, step_ms) if step_ms else self._readings(f, c_from, c_to))
            if not rows:
                continue
            rows.sort(key=lambda r: (r["ts"], r["node"], r["sensor"]))
            if include_anomalies and not step_ms:
                rows = self._with_anomalies(rows, filters, c_from, c_to)
            records: List[Any] = [_record(r, step_ms is not None, include_anomalies) for r in rows]
            yield _frame(records, step_ms is not None, include_anomalies, source or cluster) if want_frame else records

    def _filters(self, sensors: Optional[Sequence[str]], node: Optional[str], location: Optional[str]) -> List[Dict[str, str]]:
        base = {k: v for k, v in (("node", node), ("location", location)) if v}
        if sensors is None:
            return [base]
        if isinstance(sensors, str):
            sensors = [sensors]
        known = self.http.request("GET", "/api/v1/sensors", params=base).get("sensors", [])
        kinds = {s["kind"] for s in known}
        names = {s["sensor"] for s in known}
        filters: List[Dict[str, str]] = []
        missing: List[str] = []
        for s in dict.fromkeys(sensors):
            if s in kinds:
                filters.append({**base, "kind": s})
            elif s in names:
                filters.append({**base, "sensor": s})
            else:
                missing.append(s)
        where = "".join(f" {k}={v}" for k, v in base.items())
        if missing:
            has = f"kinds: {', '.join(sorted(kinds)) or 'none'}; sensors: {', '.join(sorted(names)) or 'none'}"
            if not filters:
                raise HomelabError(404, f"no data for {', '.join(missing)}{where} at {self.http.url} ({has})", reason="not_found", field="sensors")
            warnings.warn(f"no data for {', '.join(missing)}{where} ({has}); reading the others", stacklevel=3)
        return filters

    def _readings(self, f: Dict[str, str], c_from: int, c_to: int) -> List[Dict[str, Any]]:
        out: List[Dict[str, Any]] = []
        cursor = c_from
        while True:
            page = self.http.request("GET", "/api/v1/readings", params={**f, "from": cursor, "to": c_to, "limit": self.page_size})["readings"]
            self.last_requests += 1
            if len(page) < self.page_size:
                out.extend(page)
                return out
            # A full page: keep what is before its last instant and read that instant again, so a
            # cut through readings sharing one timestamp loses none and repeats none.
            last = page[-1]["ts"]
            keep = [r for r in page if r["ts"] < last]
            if not keep:
                raise HomelabError(413, f"more than page_size={self.page_size} readings share the instant {utc(last).isoformat()}; raise page_size (at most {MAX_PAGE})", field="page_size", reason="too_large")
            out.extend(keep)
            cursor = last

    def _points(self, f: Dict[str, str], c_from: int, c_to: int, step_ms: int) -> List[Dict[str, Any]]:
        self.last_requests += 1
        return list(self.http.request("GET", "/api/v1/readings", params={**f, "from": c_from, "to": c_to, "step": f"{step_ms}ms"})["points"])

    def _with_anomalies(self, rows: List[Dict[str, Any]], filters: List[Dict[str, str]], c_from: int, c_to: int) -> List[Dict[str, Any]]:
        found: Dict[Tuple[str, str, int], Dict[str, Any]] = {}
        for f in filters:
            for reported in self._anomaly_pages(f, c_from, c_to, None):
                found.setdefault((reported["node"], reported["sensor"], reported["ts"]), reported)
        out: List[Dict[str, Any]] = []
        for r in rows:
            a: Optional[Dict[str, Any]] = found.pop((r["node"], r["sensor"], r["ts"]), None)
            flagged = r.get("severity") in ("warning", "critical") or a is not None
            out.append({**r, "anomaly": flagged, "anomaly_reason": a.get("reason") if a else None,
                        "ai_analysis": a.get("explanation") if a else None,
                        "severity": r.get("severity") or (a["severity"] if a else None),
                        "score": r.get("score") if r.get("score") is not None else (a["score"] if a else None)})
        # An anomaly the edge sent without the raw reading (normal data travels as aggregates) is
        # still a measured value of its series: it becomes a row of its own rather than vanish.
        for a in found.values():
            out.append({"ts": a["ts"], "node": a["node"], "sensor": a["sensor"], "kind": a["kind"], "unit": a.get("unit", ""),
                        "location": a.get("location"), "value": a["value"], "severity": a["severity"], "score": a["score"],
                        "anomaly": True, "anomaly_reason": a.get("reason"), "ai_analysis": a.get("explanation")})
        out.sort(key=lambda r: (r["ts"], r["node"], r["sensor"]))
        return out

    # --- anomalies -------------------------------------------------------------------------------

    def get_anomalies(self, cluster: Optional[str] = None, namespace: Optional[str] = None,
                      time_range: Optional[Duration] = "24h", *, node: Optional[str] = None, sensor: Optional[str] = None,
                      kind: Optional[str] = None, location: Optional[str] = None, severity: Optional[str] = None,
                      start: Optional[When] = None, end: Optional[When] = None, limit: Optional[int] = None) -> List[Anomaly]:
        """Anomalies the edge reported in ``time_range``, newest first, each with ``.sensor_id``,
        ``.value``, ``.ai_analysis`` (see :class:`Anomaly`). ``severity`` is the minimum
        (``"warning"`` or ``"critical"``). ``cluster``/``namespace`` name where the collectors run
        (the seed's ``"pi"``, ``"iot"``); they do not filter. All anomalies are read (paged by time)
        unless ``limit`` caps them."""
        frm, to = window(time_range, start, end, "24h")
        f = {k: v for k, v in (("node", node), ("sensor", sensor), ("kind", kind), ("location", location), ("severity", severity)) if v}
        out: List[Anomaly] = []
        for a in self._anomaly_pages(f, frm, to, limit):
            out.append(Anomaly.from_json(a))
        return out

    def _anomaly_pages(self, f: Dict[str, str], frm: int, to: int, limit: Optional[int]) -> Iterator[Dict[str, Any]]:
        """Newest first; a full page continues before its oldest instant (that instant read again)."""
        seen: Set[Any] = set()
        given = 0
        cursor = to
        while True:
            page = self.http.request("GET", "/api/v1/anomalies", params={**f, "from": frm, "to": cursor, "limit": MAX_ANOMALY_PAGE, "studio": "false"})["anomalies"]
            self.last_requests += 1
            for a in page:
                key = a.get("eventId") or (a["node"], a["sensor"], a["ts"])
                if key in seen:
                    continue
                seen.add(key)
                yield a
                given += 1
                if limit is not None and given >= limit:
                    return
            if len(page) < MAX_ANOMALY_PAGE:
                return
            oldest = page[-1]["ts"]
            if oldest + 1 >= cursor and all(a["ts"] == oldest for a in page):
                raise HomelabError(413, f"more than {MAX_ANOMALY_PAGE} anomalies share the instant {utc(oldest).isoformat()}", reason="too_large")
            cursor = oldest + 1

    # --- models ----------------------------------------------------------------------------------

    def deploy_model(self, model: Union[Model, str], nodes: Sequence[str]) -> ModelDeployment:
        """Sends a trained model to edge nodes (``POST /api/v1/models/{id}/deploy``); see
        :func:`homelab.forge.deploy_model`."""
        return deploy_model(self.http, model, nodes)

    def __repr__(self) -> str:
        return f"EdgeData(agent={self.agent!r}, url={self.http.url!r})"


def _record(r: Dict[str, Any], stepped: bool, anomalies: bool) -> Any:
    if stepped:
        return SeriesPoint(ts=utc(r["ts"]), node=r["node"], sensor=r["sensor"], kind=r["kind"], count=int(r["count"]),
                           mean=float(r["mean"]), min=float(r["min"]), max=float(r["max"]))
    extra = {k: r.get(k) for k in ("severity", "score", "anomaly", "anomaly_reason", "ai_analysis")} if anomalies else {}
    return Reading(ts=utc(r["ts"]), node=r["node"], sensor=r["sensor"], kind=r["kind"], unit=r.get("unit", ""),
                   location=r.get("location"), value=float(r["value"]), **extra)


_READING_COLUMNS = ["ts", "node", "sensor", "kind", "unit", "location", "value"]
_ANOMALY_COLUMNS = ["severity", "score", "anomaly", "anomaly_reason", "ai_analysis"]
_POINT_COLUMNS = ["ts", "node", "sensor", "kind", "count", "mean", "min", "max"]


def _frame(records: List[Any], stepped: bool, anomalies: bool, source: Optional[str]) -> Frame:
    pd = _pandas()
    columns = _POINT_COLUMNS if stepped else _READING_COLUMNS + (_ANOMALY_COLUMNS if anomalies else [])
    df = pd.DataFrame([[getattr(r, c) for c in columns] for r in records], columns=columns)
    df["ts"] = pd.to_datetime(df["ts"], utc=True)
    if anomalies and not stepped:
        df["anomaly"] = df["anomaly"].astype(bool)
    df.attrs["source"] = source
    return df
