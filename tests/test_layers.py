"""The direction of dependencies: ``ingestion`` (documents → chunks → the index) is the lower layer and never
imports ``bot``; the module-size rule of docs/architecture.md holds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bot.config import PROJECT_ROOT

# Modules allowed over the ~400-line guideline, each with its reason in docs/architecture.md.
SIZE_EXCEPTIONS: set[str] = set()
MAX_LINES = 420


def test_ingestion_imports_nothing_from_bot() -> None:
    code = (
        "import importlib, json, pkgutil, sys\n"
        "import ingestion\n"
        "names = [m.name for m in pkgutil.walk_packages(ingestion.__path__, 'ingestion.')]\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps({'modules': names,"
        " 'bot': sorted(m for m in sys.modules if m == 'bot' or m.startswith('bot.'))}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert "ingestion.index.store" in result["modules"] and "ingestion.pipeline" in result["modules"]
    assert result["bot"] == [], f"ingestion imported {result['bot']}"


def test_no_module_is_over_the_size_guideline() -> None:
    big = {}
    for package in ("bot", "ingestion", "evals", "bench"):
        for path in (PROJECT_ROOT / package).rglob("*.py"):
            name = str(path.relative_to(PROJECT_ROOT))
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_LINES and name not in SIZE_EXCEPTIONS:
                big[name] = lines
    assert not big, f"modules over {MAX_LINES} lines (split them, or say why in docs/architecture.md): {big}"


def test_architecture_doc_names_every_size_exception() -> None:
    doc = (PROJECT_ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for name in SIZE_EXCEPTIONS:
        assert Path(name).as_posix() in doc
