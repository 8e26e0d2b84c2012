"""The typed results the SDK returns (dataclasses; times are timezone-aware UTC datetimes)."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional

# Rows come by the hundred thousand: slots (Python 3.10+) keep each one without a __dict__.
_ROW: Dict[str, Any] = {"frozen": True, **({"slots": True} if sys.version_info >= (3, 10) else {})}


def utc(ms: float) -> datetime:
    """Epoch milliseconds → an aware UTC datetime."""
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc)


@dataclass(frozen=True)
class Answer:
    """An agent's answer to ``query()``. ``print(answer)`` prints the answer text; ``data`` is the
    structured result the text was written from (every number in the text is in it)."""

    query: str
    response: str
    intent: str
    data: Dict[str, Any]
    cold_start: bool
    latency_ms: float
    agent: Optional[str] = None

    def __str__(self) -> str:
        return self.response

    @classmethod
    def from_json(cls, j: Dict[str, Any]) -> "Answer":
        return cls(query=str(j.get("query", "")), response=str(j.get("response", "")), intent=str(j.get("intent", "")),
                   data=dict(j.get("data") or {}), cold_start=bool(j.get("cold_start")),
                   latency_ms=float(j.get("latency_ms") or 0), agent=j.get("agent"))


@dataclass(**_ROW)
class Reading:
    """One stored reading. With ``include_anomalies=True`` the anomaly fields are filled: ``severity``
    and ``score`` are the edge detector's verdict on this reading, ``anomaly`` is true when it was
    warning/critical or an anomaly was reported at this reading's series and time, and
    ``anomaly_reason``/``ai_analysis`` come from that anomaly (``ai_analysis`` only when a model
    explained it)."""

    ts: datetime
    node: str
    sensor: str
    kind: str
    unit: str
    location: Optional[str]
    value: float
    severity: Optional[str] = None
    score: Optional[float] = None
    anomaly: Optional[bool] = None
    anomaly_reason: Optional[str] = None
    ai_analysis: Optional[str] = None


@dataclass(**_ROW)
class SeriesPoint:
    """One ``step``-wide bucket of one series (from the studio's 5-minute rollups, which include the
    edge's aggregates of normal data)."""

    ts: datetime
    node: str
    sensor: str
    kind: str
    count: int
    mean: float
    min: float
    max: float


@dataclass(**_ROW)
class Anomaly:
    """An anomaly the edge reported. ``sensor_id`` is ``"node/sensor"``; ``ai_analysis`` is the
    explanation a model gave (``None`` when none did: ``reason`` is the detector's own words)."""

    sensor_id: str
    node: str
    sensor: str
    kind: str
    value: float
    unit: str
    ts: datetime
    severity: str
    score: float
    reason: str
    location: Optional[str] = None
    ai_analysis: Optional[str] = None
    event_id: Optional[str] = None

    @classmethod
    def from_json(cls, j: Dict[str, Any]) -> "Anomaly":
        return cls(sensor_id=f"{j['node']}/{j['sensor']}", node=j["node"], sensor=j["sensor"], kind=j["kind"],
                   value=float(j["value"]), unit=j.get("unit", ""), ts=utc(j["ts"]), severity=j["severity"],
                   score=float(j["score"]), reason=j.get("reason", ""), location=j.get("location"),
                   ai_analysis=j.get("explanation"), event_id=j.get("eventId"))


@dataclass(frozen=True)
class Model:
    """A trained model as the studio keeps it (``POST /api/v1/models``); ``raw`` is the whole answer."""

    id: str
    version: Any
    model_type: Optional[str] = None
    target: Optional[str] = None
    checksum: Optional[str] = None
    metrics: Dict[str, Any] = field(default_factory=dict)
    raw: Dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ModelDeployment:
    """What ``deploy_model`` started (``POST /api/v1/models/{id}/deploy``); ``raw`` is the whole answer."""

    model_id: str
    nodes: List[str]
    raw: Dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ApplyResult:
    """``EdgeDeploy.apply``'s result: the manifest, whether it was applied and the API's status."""

    manifest: Dict[str, Any]
    applied: bool
    status: Optional[int] = None
