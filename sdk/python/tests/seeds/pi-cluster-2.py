# Deploy edge application to Pi cluster
from homelab import EdgeDeploy

deploy = EdgeDeploy(cluster="pi")

# Deploy data collector
deploy.apply(
    name="warehouse-sensors",
    image="sensor-collector:v1.2.0",
    env={
        "LOCATION": "warehouse-b",
        "REPORT_TO": "agent-bruno"
    }
)

# Query via agent
data = deploy.query_agent("Show me warehouse-b sensor status")
print(data)
