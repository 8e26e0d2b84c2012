"""The SDK's one exception: every failure, from the server or on the way to it."""
from __future__ import annotations

from typing import Optional


class HomelabError(Exception):
    """A request that did not succeed.

    ``status`` is the server's HTTP status (503 when the server could not be reached, 400 for a bad
    argument caught before sending), ``reason`` the server's machine-readable reason (``invalid``,
    ``not_found``, ``forbidden``, ``unreachable``, ``unsupported`` …), ``field`` the argument or
    field at fault when there is one.
    """

    def __init__(self, status: int, message: str, reason: str = "invalid", field: Optional[str] = None) -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason
        self.field = field
        self.message = message

    def __repr__(self) -> str:
        return f"HomelabError(status={self.status}, reason={self.reason!r}, message={self.message!r})"
