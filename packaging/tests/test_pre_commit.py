"""The `modellint` pre-commit hook (language: python), run by the real
pre-commit: pre-commit pip-installs this repository's hook package, which
brings the modellint wheel of its version from PIP_FIND_LINKS (the folder of
MODELLINT_WHEEL), in seconds. Needs MODELLINT_WHEEL, git and pre-commit;
building the hook package fetches hatchling from the package index."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPOSITORY, wheel_path

# What pre-commit installs from a clone of this repository: the hook list and
# the hook package (the root pyproject.toml, its metadata hook, and the
# version it reads). The test copies them from the working tree into a
# throw-away hook repository, so that it tests uncommitted work too.
HOOK_REPOSITORY_FILES = [
    ".pre-commit-hooks.yaml",
    "pyproject.toml",
    "LICENSE",
    "NOTICE",
    "packaging/pre_commit_hook.py",
    "Sources/ModelLintReporters/ModelLintTool.swift",
]


def git(folder: Path, *arguments: str) -> str:
    return subprocess.run(["git", *arguments], cwd=folder, check=True, capture_output=True, text=True,
                          env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}).stdout.strip()


def pre_commit_command() -> list:
    if shutil.which("pre-commit"):
        return ["pre-commit"]
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit is not installed: pip install pre-commit")
    return [sys.executable, "-m", "pre_commit"]


def test_the_python_hook_installs_in_seconds_and_fails_on_a_hazard(tmp_path, capsys):
    wheel = wheel_path()
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    command = pre_commit_command()

    hooks = tmp_path / "hooks"
    for name in HOOK_REPOSITORY_FILES:
        (hooks / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPOSITORY / name, hooks / name)
    git(hooks, "init", "--quiet")
    git(hooks, "add", ".")
    git(hooks, "commit", "--quiet", "-m", "hooks")
    revision = git(hooks, "rev-parse", "HEAD")

    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(EXAMPLES / "caffe" / "faulty_pooling.prototxt", project)
    shutil.copy(EXAMPLES / "caffe" / "unet_plain.prototxt", project)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n-   repo: {hooks}\n    rev: {revision}\n    hooks:\n    -   id: modellint\n")
    git(project, "init", "--quiet")
    git(project, "add", ".")
    git(project, "commit", "--quiet", "-m", "models")

    environment = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),  # empty: the first run creates the environment
        "PIP_FIND_LINKS": str(wheel.parent),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "NO_COLOR": "1",
    }
    # No Swift on the way: the hook must not build anything.
    environment["PATH"] = os.pathsep.join(p for p in environment["PATH"].split(os.pathsep)
                                          if not (Path(p) / "swift").exists())

    def run(*files: str) -> subprocess.CompletedProcess:
        return subprocess.run([*command, "run", "--color", "never", "--files", *files], cwd=project,
                              env=environment, capture_output=True, text=True, timeout=600)

    started = time.monotonic()
    hazard = run("faulty_pooling.prototxt")
    first_run = time.monotonic() - started
    with capsys.disabled():
        print(f"\npre-commit first run (hook environment created, wheel installed, model linted): {first_run:.1f} s")
    assert hazard.returncode == 1, hazard.stdout + hazard.stderr
    assert "faulty_pooling.prototxt:29:5: error: pooling stride 5 exceeds kernel 3" in hazard.stdout
    assert "[ML201]" in hazard.stdout
    assert first_run < 120, "the python hook should install in seconds, not minutes"

    clean = run("unet_plain.prototxt")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "modellint" in clean.stdout and "Passed" in clean.stdout
