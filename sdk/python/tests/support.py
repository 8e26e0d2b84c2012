"""Shared by the tests: the live studio the npm runner started (test/e2e/python-sdk.test.ts), and
whether pandas is expected."""
from __future__ import annotations

import json
import os
import unittest
import urllib.parse
import urllib.request
from typing import Any, Dict

FACTS_FILE = os.environ.get("HOMELAB_TEST_FACTS")
FACTS: Dict[str, Any] = json.loads(open(FACTS_FILE, encoding="utf-8").read()) if FACTS_FILE else {}
NO_STUDIO = "no studio: run through `npm test` (test/e2e/python-sdk.test.ts starts one and sets HOMELAB_TEST_FACTS)"

try:
    import pandas  # noqa: F401
    HAVE_PANDAS = True
except ImportError:
    HAVE_PANDAS = False

live = unittest.skipUnless(FACTS, NO_STUDIO)
needs_pandas = unittest.skipUnless(HAVE_PANDAS, "needs pandas (this is the no-pandas run)")


def api(path: str, **params: Any) -> Any:
    """GET from the studio directly, not through the SDK: what the SDK's answers are checked against."""
    q = urllib.parse.urlencode(params)
    with urllib.request.urlopen(f"{FACTS['url']}{path}{'?' + q if q else ''}", timeout=30) as res:
        return json.loads(res.read())


def post_query(question: str) -> Dict[str, Any]:
    req = urllib.request.Request(f"{FACTS['url']}/query", data=json.dumps({"query": question}).encode(),
                                 headers={"content-type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=30) as res:
        return json.loads(res.read())  # type: ignore[no-any-return]


def steady(text: str) -> str:
    """An answer without its relative ages ("64 s ago" one second later reads "65 s ago")."""
    import re
    return re.sub(r"\b\d+(?:\.\d+)?\s*(?:ms|s|sec|secs|seconds?|min|mins|minutes?|h|hours?|d|days?) ago\b", "… ago", text.strip())
