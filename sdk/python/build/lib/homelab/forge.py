"""Training on the studio's data and deploying models to edge nodes (the seed's ``ForgeTraining``
and ``EdgeData.deploy_model``), against the edge-loop endpoints of DESIGN.md:
``POST /api/v1/models`` → ``{id, version, …}`` and ``POST /api/v1/models/{id}/deploy {"nodes": […]}``.

A studio without those endpoints answers ``404 no route``; that becomes a :class:`HomelabError`
with status 501 and reason ``unsupported`` that names the missing capability, never a made-up model.
"""
from __future__ import annotations

import re
import urllib.parse
from typing import Any, Dict, List, Optional, Sequence, Set, Tuple, Union

from ._http import DEFAULT_TIMEOUT, HttpClient
from .config import resolve
from .errors import HomelabError
from .models import Model, ModelDeployment
from .timerange import epoch_ms

_NODE = re.compile(r"^[A-Za-z0-9][-A-Za-z0-9_.]{0,127}$")


def _missing_route(err: HomelabError) -> bool:
    return err.status in (404, 405) and err.reason == "not_found" and err.message.startswith("no route")


def _unsupported(http: HttpClient, what: str, route: str) -> HomelabError:
    return HomelabError(501, f"the studio at {http.url} cannot {what} yet: it has no {route} (model training and "
                             "deployment arrive with the edge-loop server work); nothing was trained or deployed",
                        reason="unsupported")


class ForgeTraining:
    """Trains models from the studio's stored data (``POST /api/v1/models``).

    ``cluster`` names the studio that schedules the training (the seed's ``"forge"``; resolved as
    :class:`~homelab.Agent` does, so ``HOMELAB_URL`` or a ``[forge]`` table in the clusters file).
    """

    def __init__(self, cluster: Optional[str] = None, *, url: Optional[str] = None, token: Optional[str] = None,
                 timeout: float = 600.0) -> None:
        self.cluster = cluster
        self.http = HttpClient(resolve(cluster, url, token), max(timeout, DEFAULT_TIMEOUT))

    def train(self, data: Any, model_type: str, target: str, gpus: int = 0, **params: Any) -> Model:
        """Trains ``model_type`` (e.g. ``"timeseries_forecast"``) for the ``target`` kind or sensor.

        ``data`` — a DataFrame or list of readings from :meth:`EdgeData.get_timeseries` — selects
        the series (its rows of ``target``) and the training window (its first to last time); the
        studio trains from the data it stores, so the rows are not uploaded. ``gpus`` is passed on
        for the training job's scheduling. Raises :class:`HomelabError` (status 501, reason
        ``unsupported``) when the studio has no training endpoint.
        """
        if not model_type:
            raise HomelabError(400, "model_type is required (e.g. timeseries_forecast)", field="model_type")
        if not isinstance(gpus, int) or gpus < 0:
            raise HomelabError(400, f"gpus must be a non-negative integer; got {gpus!r}", field="gpus")
        series, frm, to = _selection(data, target)
        body: Dict[str, Any] = {"model_type": model_type, "target": target, "gpus": gpus, "from": frm, "to": to,
                                "series": [{"node": n, "sensor": s, "kind": k} for n, s, k in sorted(series)]}
        if self.cluster:
            body["cluster"] = self.cluster
        if params:
            body["params"] = params
        try:
            j = self.http.request("POST", "/api/v1/models", body)
        except HomelabError as err:
            if _missing_route(err):
                raise _unsupported(self.http, "train models", "POST /api/v1/models") from err
            raise
        return _model(j)


def deploy_model(http: HttpClient, model: Union[Model, str], nodes: Sequence[str]) -> ModelDeployment:
    """``POST /api/v1/models/{id}/deploy {"nodes": [...]}``: the studio sends the model to each node,
    which runs it in shadow before cutting over (``GET /api/v1/nodes`` shows each node's state)."""
    model_id = model.id if isinstance(model, Model) else str(model)
    if not model_id:
        raise HomelabError(400, "model has no id", field="model")
    if isinstance(nodes, str):
        nodes = [nodes]
    names = list(nodes)
    if not names:
        raise HomelabError(400, "nodes must name at least one edge node", field="nodes")
    bad = [n for n in names if not _NODE.match(str(n))]
    if bad:
        raise HomelabError(400, f"not node names: {', '.join(map(repr, bad))}", field="nodes")
    path = f"/api/v1/models/{urllib.parse.quote(model_id, safe='')}/deploy"
    try:
        j = http.request("POST", path, {"nodes": names})
    except HomelabError as err:
        if _missing_route(err):
            raise _unsupported(http, "deploy models to nodes", "POST /api/v1/models/{id}/deploy") from err
        raise
    return ModelDeployment(model_id=model_id, nodes=names, raw=j if isinstance(j, dict) else {"result": j})


def _model(j: Any) -> Model:
    if not isinstance(j, dict) or not j.get("id"):
        raise HomelabError(502, f"POST /api/v1/models answered without a model id: {str(j)[:200]}", reason="bad_response")
    return Model(id=str(j["id"]), version=j.get("version"), model_type=j.get("model_type") or j.get("type"),
                 target=j.get("target"), checksum=j.get("checksum"), metrics=dict(j.get("metrics") or {}), raw=j)


def _selection(data: Any, target: str) -> Tuple[Set[Tuple[str, str, str]], int, int]:
    """The series (node, sensor, kind) of ``target`` in ``data`` and its time window [first, last]."""
    rows: List[Dict[str, Any]]
    if hasattr(data, "to_dict") and hasattr(data, "columns"):
        missing = {"ts", "node", "sensor", "kind"} - set(data.columns)
        if missing:
            raise HomelabError(400, f"data lacks the columns {', '.join(sorted(missing))} (pass what get_timeseries returned)", field="data")
        rows = data[["ts", "node", "sensor", "kind"]].to_dict("records")
    elif isinstance(data, (list, tuple)):
        rows = [r if isinstance(r, dict) else {k: getattr(r, k) for k in ("ts", "node", "sensor", "kind")} for r in data]
    else:
        raise HomelabError(400, f"data must be a DataFrame or a list of readings; got {type(data).__name__}", field="data")
    picked = [r for r in rows if target in (r["kind"], r["sensor"])]
    if not picked:
        kinds = sorted({str(r["kind"]) for r in rows})
        raise HomelabError(400, f'data has no rows of "{target}" (kinds: {", ".join(kinds) or "none"})', field="target")
    times = [epoch_ms(r["ts"].to_pydatetime() if hasattr(r["ts"], "to_pydatetime") else r["ts"], "ts") for r in picked]
    return {(str(r["node"]), str(r["sensor"]), str(r["kind"])) for r in picked}, min(times), max(times) + 1
