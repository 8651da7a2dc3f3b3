"""Local development reads `.env` (written once by `make run`); the environment wins."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import load_env_file

ROOT = Path(__file__).resolve().parents[2]


def write_env_module():
    spec = importlib.util.spec_from_file_location("write_env", ROOT / "scripts" / "write_env.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_values_of_the_file_fill_what_the_environment_lacks(tmp_path, monkeypatch):
    env = tmp_path / ".env"
    env.write_text('# local\nDEMO_ONLY_A=1\nexport DEMO_ONLY_B="two words"\n\nDEMO_ONLY_C=x\n')
    monkeypatch.delenv("DEMO_ONLY_A", raising=False)
    monkeypatch.delenv("DEMO_ONLY_B", raising=False)
    monkeypatch.setenv("DEMO_ONLY_C", "from the environment")

    load_env_file(env)

    assert os.environ["DEMO_ONLY_A"] == "1"
    assert os.environ["DEMO_ONLY_B"] == "two words"
    assert os.environ["DEMO_ONLY_C"] == "from the environment"
    for name in ("DEMO_ONLY_A", "DEMO_ONLY_B"):
        monkeypatch.delenv(name)


def test_a_missing_file_is_nothing_and_a_broken_line_is_named(tmp_path):
    assert load_env_file(tmp_path / "absent") == {}
    broken = tmp_path / ".env"
    broken.write_text("DEBUG=1\nthis is no setting\n")

    with pytest.raises(ImproperlyConfigured, match="line 2"):
        load_env_file(broken)


def test_make_run_writes_the_file_once(tmp_path):
    module = write_env_module()
    env = tmp_path / ".env"

    assert module.write_env(env) is True
    first = env.read_text()
    assert module.write_env(env) is False

    assert env.read_text() == first
    assert "DEBUG=1" in first
    assert len(load_env_file(env)["SECRET_KEY"]) >= 50
    assert oct(env.stat().st_mode & 0o777) == "0o600"


def settings_in_a_process(tmp_path, **environment):
    """The settings as a fresh process reads them, from a clean environment."""
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.DEBUG)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_manage_py_commands_work_after_make_run_without_a_prefix(tmp_path):
    env = tmp_path / ".env"
    write_env_module().write_env(env)

    ran = settings_in_a_process(tmp_path, ENV_FILE=str(env))

    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "True"


def test_production_without_a_file_or_a_key_still_refuses_to_start(tmp_path):
    ran = settings_in_a_process(tmp_path, ENV_FILE=str(tmp_path / "absent"), DEBUG="0")

    assert ran.returncode != 0
    assert "SECRET_KEY is not set" in ran.stderr


def test_the_suite_does_not_read_a_developers_env_file():
    from django.conf import settings

    assert settings.ENV_FILE == ""
