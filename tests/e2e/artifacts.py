"""Where the browser tests leave files for people to look at: test-artifacts/ (git-ignored)."""

import re
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def artifact_path(kind: str, name: str, suffix: str) -> Path:
    """`artifact_path("screenshots", "test_x[start]", ".png")` → test-artifacts/screenshots/…"""
    folder = ARTIFACTS / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name).strip('_')}{suffix}"
