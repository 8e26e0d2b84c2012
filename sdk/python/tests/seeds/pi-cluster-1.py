# Python SDK for team access
from homelab import EdgeData

# Get sensor data via agent
edge = EdgeData(agent="agent-bruno")

# Query recent anomalies
anomalies = edge.get_anomalies(
    cluster="pi",
    namespace="iot",
    time_range="1h"
)

for anomaly in anomalies:
    print(f"Sensor: {anomaly.sensor_id}")
    print(f"Value: {anomaly.value}")
    print(f"Analysis: {anomaly.ai_analysis}")
