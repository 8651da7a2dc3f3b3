"""docker-compose.yml, the Dockerfile and .env.example agree with the code they run.

Docker does not run here, so these read the files: the services' commands name modules and
management commands that exist, and every environment variable is one the settings read.
"""

import json
import re
import shlex
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILES = [ROOT / "config" / "settings.py", ROOT / "config" / "gunicorn.py"]
APP_SERVICES = ["migrate", "web", "worker"]

READ_PATTERNS = [
    re.compile(r"""\benv_(?:str|bool|int|list)\(\s*["']([A-Z][A-Z0-9_]*)["']"""),
    re.compile(r"""\bos\.environ\.get\(\s*["']([A-Z][A-Z0-9_]*)["']"""),
    re.compile(r"""\bos\.environ\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\]"""),
    re.compile(r"""\bos\.getenv\(\s*["']([A-Z][A-Z0-9_]*)["']"""),
]


def variables_read_by_settings():
    """The environment variables that config/settings.py and config/gunicorn.py read."""
    names = set()
    for path in SETTINGS_FILES:
        source = path.read_text()
        for pattern in READ_PATTERNS:
            names.update(pattern.findall(source))
    return names


@pytest.fixture(scope="module")
def services():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def command_of(service):
    command = service["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


def environment_of(service):
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        return {item.partition("=")[0]: item.partition("=")[2] for item in environment}
    return environment


def test_the_helper_finds_names_from_settings_and_gunicorn():
    names = variables_read_by_settings()

    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "EMAIL_USE_TLS"} <= names
    assert {"BIND_HOST", "PORT", "WEB_CONCURRENCY", "FORWARDED_ALLOW_IPS"} <= names


def test_every_service_exists_and_all_but_migrate_have_a_healthcheck(services):
    assert {"postgres", "redis", "migrate", "web", "worker"} <= set(services)
    for name in ["postgres", "redis", "web", "worker"]:
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no healthcheck"


def test_web_runs_gunicorn_with_the_project_config_and_wsgi_module(services):
    command = command_of(services["web"])

    assert command[0] == "gunicorn"
    assert command[command.index("-c") + 1] == "config/gunicorn.py"
    assert "config.wsgi" in command
    assert (ROOT / "config" / "gunicorn.py").is_file()
    assert (ROOT / "config" / "wsgi.py").is_file()


def test_worker_runs_celery_with_the_config_app(services):
    command = command_of(services["worker"])

    assert command[0] == "celery"
    assert command[command.index("-A") + 1 : command.index("-A") + 3] == ["config", "worker"]

    from config.celery import app

    assert app.main == "config"


def test_migrate_runs_migrations_and_loads_the_models(services):
    command = " ".join(command_of(services["migrate"]))

    assert "manage.py migrate" in command
    assert "manage.py load_models" in command
    assert command.index("manage.py migrate") < command.index("manage.py load_models")
    assert {"migrate", "load_models"} <= set(get_commands())


def test_web_and_worker_start_after_migrate_and_redis(services):
    for name in ["web", "worker"]:
        depends_on = services[name]["depends_on"]
        assert depends_on["migrate"]["condition"] == "service_completed_successfully"
        assert depends_on["redis"]["condition"] == "service_healthy"
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_compose_sets_only_variables_the_settings_read(services):
    read = variables_read_by_settings()
    for name in APP_SERVICES:
        unknown = set(environment_of(services[name])) - read
        assert not unknown, f"{name} sets variables nothing reads: {sorted(unknown)}"


def test_web_and_worker_get_database_redis_and_secret_key(services):
    for name in ["web", "worker"]:
        environment = environment_of(services[name])
        for variable in ["DATABASE_URL", "REDIS_URL", "SECRET_KEY"]:
            assert environment.get(variable), f"{name} does not set {variable}"
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["REDIS_URL"].startswith("redis://")


def test_env_example_lists_every_variable_the_settings_read():
    text = (ROOT / ".env.example").read_text()
    missing = {
        name
        for name in variables_read_by_settings()
        if not re.search(rf"^#?\s*{name}=", text, flags=re.MULTILINE)
    }

    assert not missing, f".env.example does not list {sorted(missing)}"


def test_dockerfile_cmd_is_the_web_command_and_runs_as_a_non_root_user(services):
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    cmd = [line.removeprefix("CMD").strip() for line in lines if line.startswith("CMD ")]
    users = [line.split()[1] for line in lines if line.startswith("USER ")]

    assert len(cmd) == 1
    assert json.loads(cmd[0]) == command_of(services["web"])
    assert users
    assert users[-1] not in ("root", "0")


def test_the_configuration_document_lists_every_variable():
    readme = (ROOT / "docs" / "configuration.md").read_text()

    missing = sorted(name for name in variables_read_by_settings() if f"`{name}`" not in readme)

    assert missing == []


def test_image_has_what_pdf_reports_need():
    dockerfile = (ROOT / "Dockerfile").read_text()

    for package in (
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "libharfbuzz-subset0",
        "fonts-dejavu-core",
    ):
        assert package in dockerfile


def test_beat_service_runs_the_schedule_of_the_settings(services):
    from django.conf import settings

    beat = services["beat"]
    assert beat["command"][:4] == ["celery", "-A", "config", "beat"]
    assert "reports.tasks.cleanup_reports" in {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }


def test_image_copies_every_package_the_project_installs():
    """A new app left out of the Dockerfile would import in CI and fail in the image."""
    import tomllib

    dockerfile = (ROOT / "Dockerfile").read_text()
    include = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    packages = [name.rstrip("*") for name in include["packages"]["find"]["include"]]
    apps = [p for p in (ROOT).iterdir() if (p / "apps.py").exists() or p.name == "config"]

    assert sorted(p.name for p in apps) == sorted(packages)
    for package in packages:
        assert f"COPY {package}/ {package}/" in dockerfile, package


def queues_consumed(command):
    """The queues a `celery worker` command reads: -Q/--queues, else every one configured."""
    from config.celery import app

    for index, word in enumerate(command):
        if word in ("-Q", "--queues"):
            return set(command[index + 1].split(","))
        if word.startswith("--queues="):
            return set(word.partition("=")[2].split(","))
    return set(app.amqp.queues)


def test_the_worker_reads_every_queue_a_task_is_sent_to(services):
    from django.conf import settings

    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    routed.add(settings.CELERY_TASK_DEFAULT_QUEUE)
    make_worker = next(
        line.strip().split()
        for line in (ROOT / "Makefile").read_text().splitlines()
        if "celery -A config worker" in line
    )

    assert "reports" in routed
    assert routed <= queues_consumed(command_of(services["worker"]))
    assert routed <= queues_consumed(make_worker)
