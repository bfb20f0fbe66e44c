"""Where the quality gates find their tools, and what they do when one is missing.

The npm tools (axe-core, vnu-jar, lighthouse) live in the git-ignored `.tools/` folder, installed by
`.ci/run` (or by hand: see docs/quality.md). On a developer's machine without them a gate skips; under
REQUIRE_QUALITY_TOOLS=1 (set by .ci/run) a missing tool fails the gate instead, so CI never passes by skipping.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent.parent
TOOLS = Path(os.environ.get("QUALITY_TOOLS_DIR") or ROOT / ".tools") / "node_modules"
AXE_JS = TOOLS / "axe-core" / "axe.min.js"
VNU_JAR = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"


def require(path, what):
    """`path` when it exists; else skip the test (or fail it under REQUIRE_QUALITY_TOOLS=1)."""
    if path is not None and Path(path).exists():
        return Path(path)
    message = f"{what} is not installed ({path}); see docs/quality.md"
    if os.environ.get("REQUIRE_QUALITY_TOOLS"):
        pytest.fail(f"{message} (REQUIRE_QUALITY_TOOLS=1)")
    pytest.skip(message)


def require_java():
    return require(shutil.which("java"), "Java (for the Nu HTML Checker)")


def only_in_the_sqlite_pass():
    """The slow browser and checker gates look at rendered HTML, which is the same on either database.

    .ci/run runs the suite on SQLite and again on PostgreSQL; these gates run in the first pass only,
    which keeps CI's added time down. The fuzzing and import gates run on both.
    """
    if connection.vendor == "postgresql":
        pytest.skip("rendered HTML is checked in the SQLite pass of .ci/run only")
