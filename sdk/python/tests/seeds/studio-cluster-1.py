# Example 1: Developer querying edge sensors (Knative Service)
from homelab import Agent

# Agent automatically scales from 0→1 on first call
agent = Agent("agent-bruno", cluster="studio")

# Natural language query triggers Knative Service
response = agent.query(
    "Show me temperature readings from Pi cluster warehouse sensors in the last 24 hours"
)

print(response)
# Output:
# "Warehouse sensors (3 nodes):
# - Average temp: 22.3°C
# - Min: 19.8°C at 03:15 AM
# - Max: 24.7°C at 2:30 PM
# - Anomalies: 2 detected (both resolved)
# - Status: All sensors healthy ✅"

# Agent scales back to 0 after 60s of inactivity
# Resource usage: 0 CPU, 0 Memory when idle
