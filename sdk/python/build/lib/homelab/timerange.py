"""``time_range="30d"`` and friends: the same durations the studio's API takes."""
from __future__ import annotations

import re
import time
from datetime import datetime, timedelta, timezone
from typing import Optional, Tuple, Union

from .errors import HomelabError

Duration = Union[str, timedelta]
When = Union[datetime, int, float, str]

_DURATION = re.compile(r"^(\d+)(ms|s|m|h|d|w)$")
_UNIT_MS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000}


def duration_ms(value: Duration, field: str = "time_range") -> int:
    """``"5m"`` → 300000; a ``timedelta`` works too."""
    if isinstance(value, timedelta):
        ms = int(value.total_seconds() * 1000)
    else:
        m = _DURATION.match(str(value).strip())
        if not m:
            raise HomelabError(400, f'{field} must be a duration like 30s, 5m, 1h, 7d, 30d or a timedelta; got "{value}"', field=field)
        ms = int(m.group(1)) * _UNIT_MS[m.group(2)]
    if ms <= 0:
        raise HomelabError(400, f"{field} must be positive; got {value!r}", field=field)
    return ms


def epoch_ms(value: When, field: str) -> int:
    """A datetime (naive = UTC), epoch milliseconds, or an RFC 3339 string → epoch milliseconds."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return int(aware.timestamp() * 1000)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        try:
            return epoch_ms(datetime.fromisoformat(value.replace("Z", "+00:00")), field)
        except ValueError:
            pass
    raise HomelabError(400, f"{field} must be a datetime, epoch milliseconds or an RFC 3339 string; got {value!r}", field=field)


def window(time_range: Optional[Duration], start: Optional[When], end: Optional[When], default: str) -> Tuple[int, int]:
    """``[from, to)`` in epoch milliseconds: ``end`` (default now) minus ``time_range``, or ``start``."""
    to = epoch_ms(end, "end") if end is not None else int(time.time() * 1000)
    frm = epoch_ms(start, "start") if start is not None else to - duration_ms(time_range or default)
    if frm >= to:
        raise HomelabError(400, "start must be before end", field="start")
    return frm, to
