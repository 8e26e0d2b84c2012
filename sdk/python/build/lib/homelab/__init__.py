"""``homelab``: the Python SDK of the homelab edge-to-team platform.

The seeds' calls, as written::

    from homelab import Agent, EdgeData, EdgeDeploy, ForgeTraining
    agent = Agent("agent-bruno", cluster="studio")
    print(agent.query("Are there any unhealthy Pi nodes?"))
    edge = EdgeData(agent="agent-bruno", cluster="studio")
    df = edge.get_timeseries(source="pi", sensors=["temperature", "humidity", "pressure"], time_range="30d", include_anomalies=True)
    for a in edge.get_anomalies(cluster="pi", namespace="iot", time_range="1h"):
        print(a.sensor_id, a.value, a.ai_analysis)

Where ``cluster`` leads: see :mod:`homelab.config`. Every failure is a :class:`HomelabError`.
"""
from .agent import Agent
from .config import ClusterConfig, resolve
from .edge_data import EdgeData
from .edge_deploy import EdgeDeploy, edge_manifest
from .errors import HomelabError
from .forge import ForgeTraining
from .kubeconfig import ClusterAccess, load_cluster_access
from .models import Anomaly, Answer, ApplyResult, Model, ModelDeployment, Reading, SeriesPoint

__version__ = "0.1.0"
__all__ = [
    "Agent", "EdgeData", "EdgeDeploy", "ForgeTraining", "HomelabError",
    "Answer", "Reading", "SeriesPoint", "Anomaly", "Model", "ModelDeployment", "ApplyResult",
    "ClusterAccess", "ClusterConfig", "edge_manifest", "load_cluster_access", "resolve",
]
