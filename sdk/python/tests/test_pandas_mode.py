import os
import unittest

from tests.support import HAVE_PANDAS


class PandasMode(unittest.TestCase):
    def test_the_run_has_pandas_exactly_when_the_runner_says(self) -> None:
        expect = os.environ.get("HOMELAB_EXPECT_PANDAS")
        if expect is None:
            self.skipTest("HOMELAB_EXPECT_PANDAS not set (set by the npm runner)")
        self.assertEqual(HAVE_PANDAS, expect == "1")
