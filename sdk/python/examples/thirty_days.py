# %% [markdown]
# # Thirty days of warehouse sensors in a DataFrame
#
# Run it cell by cell in Jupyter or VS Code (`# %%` cells), or whole: `python3 thirty_days.py`.
# Needs a studio (`npm start`, or `HOMELAB_URL`) and pandas; plots with matplotlib when installed,
# else prints the table it would plot. `PLOT_FILE=chart.png` saves the plot instead of showing it.

# %%
import os

import pandas as pd

from homelab import EdgeData

edge = EdgeData(agent="agent-bruno", cluster="studio")
df = edge.get_timeseries(source="pi", sensors=["temperature", "humidity", "pressure"], time_range="30d", include_anomalies=True)
print(f"{len(df)} readings from {df['node'].nunique()} nodes, {df['ts'].min():%Y-%m-%d} to {df['ts'].max():%Y-%m-%d}; "
      f"{int(df['anomaly'].sum())} flagged as anomalies ({edge.last_requests} requests)")

# %% Hourly mean temperature per location
temperature = df[df["kind"] == "temperature"]
hourly = (temperature.set_index("ts").groupby("location")["value"].resample("1h").mean().unstack(0))
print(hourly.describe().round(2))

# %% Plot, with the anomalies marked
try:
    import matplotlib
    if os.environ.get("PLOT_FILE"):
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    print("matplotlib is not installed (pip install matplotlib); the last 24 hourly means instead:")
    print(hourly.tail(24).round(2).to_string())
else:
    ax = hourly.plot(figsize=(12, 4), title="Temperature, hourly mean per location (°C)")
    flagged = temperature[temperature["anomaly"]]
    # pandas' own time axis, not matplotlib's: ax.scatter cannot place Timestamps on it
    if not flagged.empty:
        flagged.set_index("ts")["value"].plot(ax=ax, style="x", color="red", label="anomaly", zorder=3)
    ax.legend()
    if os.environ.get("PLOT_FILE"):
        plt.savefig(os.environ["PLOT_FILE"], dpi=100, bbox_inches="tight")
        print(f"saved {os.environ['PLOT_FILE']}")
    else:
        plt.show()
