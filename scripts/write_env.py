"""Write the local development `.env` once: DEBUG=1 and a generated SECRET_KEY.

`make run` calls it; an existing file is left as it is (its key keeps sessions valid).
Usage: python scripts/write_env.py [PATH]
"""

import secrets
import sys
from pathlib import Path

CONTENT = """\
# Local development settings, written once by `make run` (scripts/write_env.py).
# Real environment variables win over these; production sets its own and has no .env.
DEBUG=1
SECRET_KEY={key}
"""


def write_env(path: Path) -> bool:
    """Write the file unless it exists; True when it was written."""
    if path.exists():
        return False
    path.write_text(CONTENT.format(key=secrets.token_urlsafe(50)), encoding="utf-8")
    path.chmod(0o600)
    return True


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ".env")
    print(f"wrote {target}" if write_env(target) else f"kept the existing {target}")
