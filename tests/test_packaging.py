"""The package installs: a wheel built from the source, installed into a fresh virtual environment outside the
checkout, runs ``policybot ingest``, ``ask`` and ``serve`` (the page and a static asset load) from a working
directory outside the checkout. Nothing is downloaded for policybot's dependencies: the fresh environment reuses
the already-installed ones of the running interpreter through a ``.pth`` file, and policybot itself is
installed ``--no-deps`` from the wheel (the wheel build uses pip's usual build isolation)."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import httpx
import pytest

from bench.procs import free_port, wait_http_ok
from bot.config import PROJECT_ROOT

SOURCES = ("bot", "ingestion", "evals", "bench", "prompts", "pyproject.toml", "README.md")
NOTICE = """2026년 해양수산 수출 지원 공고

1. 물류비 지원

해양수산 중소기업의 수출을 돕기 위해 물류비를 최대 5천만원까지 지원한다.
신청은 3월 31일까지 해양수산수출지원센터에서 받는다.
"""


def _run(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{args}\nstdout:\n{done.stdout[-3000:]}\nstderr:\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """(venv, working directory, environment) of a fresh install of the wheel, all outside the checkout."""
    root = tmp_path_factory.mktemp("wheel")
    src = root / "src"
    src.mkdir()
    for name in SOURCES:  # a copy, so the build leaves no build/ or *.egg-info in the checkout
        path = PROJECT_ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(path, src / name)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POLICYBOT_", "VIRTUAL_ENV", "PYTHON"))}
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(root / "dist"), str(src)], root, env)
    [wheel] = (root / "dist").glob("policybot-*.whl")

    venv = root / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], root, env)
    python = venv / "bin" / "python"
    purelib = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                        root, env).stdout.strip())
    # The dependencies: this interpreter's site-packages, after the fresh environment's own (which gets the wheel).
    deps = [p for p in [*site.getsitepackages(), sysconfig.get_paths()["purelib"]] if Path(p).is_dir()]
    (purelib / "policybot-deps.pth").write_text("\n".join(dict.fromkeys(deps)) + "\n", encoding="utf-8")
    _run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)], root, env)

    work = root / "work"
    (work / "docs").mkdir(parents=True)
    (work / "docs" / "ocean-notice.txt").write_text(NOTICE, encoding="utf-8")
    return venv, work, env


def test_the_wheel_holds_the_code_and_its_files(installed: tuple[Path, Path, dict[str, str]]) -> None:
    venv, work, env = installed
    probe = ("import bot, ingestion.index, bot.web.routes, bot.slack.handlers, bot.triage, ingestion.formats, prompts;"
             "from importlib import resources as r;"
             "print(bot.__file__);"
             "print(r.files('bot.web').joinpath('static/app.css').is_file(),"
             " r.files('prompts').joinpath('answer_ko.md').is_file(),"
             " r.files('bot.slack').joinpath('manifest.yaml').is_file(),"
             " r.files('evals').joinpath('seed_qa.jsonl').is_file())")
    out = _run([str(venv / "bin" / "python"), "-c", probe], work, env).stdout.split("\n")
    assert Path(out[0]).is_relative_to(venv) and not Path(out[0]).is_relative_to(PROJECT_ROOT)
    assert out[1] == "True True True True"


def test_ingest_ask_and_serve_from_outside_the_checkout(installed: tuple[Path, Path, dict[str, str]]) -> None:
    venv, work, env = installed
    policybot = str(venv / "bin" / "policybot")
    ingest = _run([policybot, "ingest", "docs", "--json"], work, env)
    assert '"status": "added"' in ingest.stdout
    assert (work / "data" / "chroma").is_dir()  # the data directory is the working directory's, not site-packages'

    ask = _run([policybot, "ask", "해양수산 물류비는 최대 얼마까지 지원하나요?", "--json"], work, env)
    assert "5천만원" in ask.stdout

    port = free_port()
    server = subprocess.Popen([policybot, "serve", "--port", str(port)], cwd=work, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_http_ok(f"{base}/healthz", timeout=120, proc=server)
        page = httpx.get(f"{base}/", timeout=30, trust_env=False)
        assert page.status_code == 200 and "<html" in page.text.lower()
        for asset in ("/static/app.css", "/static/app.js"):
            r = httpx.get(f"{base}{asset}", timeout=30, trust_env=False)
            assert r.status_code == 200 and r.content, asset
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
