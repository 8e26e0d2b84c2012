import os
import unittest

from tests.support import HAVE_PANDAS


class PandasMode(unittest.TestCase):
    def test_the_run_has_pandas_exactly_when_the_runner_says(self) -> None:
        expect = os.environ.get("HOMELAB_EXPECT_PANDAS")
        if expect is None:
            self.skipTest("HOMELAB_EXPECT_PANDAS not set (set by the npm runner)")
        self.assertEqual(HAVE_PANDAS, expect == "1")


class WhichSdk(unittest.TestCase):
    def test_the_sdk_under_test_is_the_one_the_runner_installed(self) -> None:
        import homelab
        expect = os.environ.get("HOMELAB_EXPECT_SDK")
        if expect is None:
            self.skipTest("HOMELAB_EXPECT_SDK not set (set by the npm runner)")
        self.assertTrue(os.path.realpath(homelab.__file__).startswith(os.path.realpath(expect)), homelab.__file__)
        self.assertTrue(os.path.exists(os.path.join(os.path.dirname(homelab.__file__), "py.typed")))
