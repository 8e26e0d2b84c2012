# Access edge data for ML training
from homelab import EdgeData
import pandas as pd

# Get historical sensor data
edge = EdgeData(agent="agent-bruno")

# Query last 30 days of data
df = edge.get_timeseries(
    cluster="pi",
    sensors=["temperature", "humidity", "pressure"],
    time_range="30d",
    include_anomalies=True
)

# Train model on Forge
from homelab import ForgeTraining

training = ForgeTraining(cluster="forge")
model = training.train(
    data=df,
    model_type="timeseries_forecast",
    target="temperature",
    gpus=2
)

# Deploy model back to edge
edge.deploy_model(model, nodes=["pi-node-1", "pi-node-2"])
