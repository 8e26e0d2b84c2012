# Example 3: Data scientist accessing edge data for ML
from homelab import EdgeData
import pandas as pd

# Get edge data through agent
edge = EdgeData(agent="agent-bruno", cluster="studio")

# Query historical data
df = edge.get_timeseries(
    source="pi",
    sensors=["temperature", "humidity", "pressure"],
    time_range="30d",
    include_anomalies=True
)

# Data includes:
# - Raw sensor readings
# - Anomaly labels (from edge SLM)
# - Context from Knowledge Graph
# - AI analysis notes

print(f"Collected {len(df)} data points from edge")
# Output: Collected 432,000 data points from edge
