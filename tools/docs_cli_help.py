"""Write the current help into every ``$ journeykit ... --help`` block of docs/cli.md.

Run from the repository root after changing a command's options::

    python tools/docs_cli_help.py

tests/test_cli.py checks that each block shows the help there is (at 80 columns).
"""

import os
import re
import subprocess
import sys
from pathlib import Path

path = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
text = path.read_text(encoding="utf-8")


def fresh(match: re.Match[str]) -> str:
    command = match.group(1).split()
    shown = subprocess.run(
        [sys.executable, "-m", "journeykit", *command, "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "COLUMNS": "80"},
    ).stdout
    return f"$ journeykit {match.group(1)}--help\n" + shown.replace("python -m journeykit", "journeykit")


text = re.sub(r"^\$ journeykit ((?:[\w-]+ )*)--help\n(.*?)(?=^\$ |^```)", fresh, text, flags=re.M | re.S)
path.write_text(text, encoding="utf-8")
