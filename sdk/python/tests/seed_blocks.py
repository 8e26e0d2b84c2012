"""The seeds' Python blocks that use the SDK, as the seeds write them."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Dict

BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def extract(seeds_dir: Path) -> Dict[str, str]:
    """``{"<seed file stem>-<n>.py": code}`` for each ```python block importing ``homelab``."""
    out: Dict[str, str] = {}
    for md in sorted(seeds_dir.glob("*.md")):
        n = 0
        for m in BLOCK.finditer(md.read_text(encoding="utf-8")):
            if re.search(r"^from homelab import", m.group(1), re.M):
                n += 1
                out[f"{md.stem}-{n}.py"] = m.group(1)
    return out


if __name__ == "__main__":
    import sys
    for name, code in extract(Path(sys.argv[1])).items():
        (Path(__file__).parent / "seeds" / name).write_text(code, encoding="utf-8")
        print(name)
