"""The load benchmark's server control and its HTTP clients (bench/load.py runs them)."""

import http.client
import math
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "load-bench-password-7Qx"
REQUEST_TIMEOUT = 30
ACCESS_FORMAT = "load %(a)s %(m)s %(U)s %(s)s %(D)s"


# --- Server -------------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port, workers, log):
    """The web service's command (docker-compose.yml), on loopback only."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "HTTPS": "0",
        "BEHIND_HTTPS_PROXY": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "BIND_HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": str(workers),
        "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
    # Plus the time each request spent in a worker (µs), to tell work from waiting for one.
    command += ["--access-logformat", ACCESS_FORMAT]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_for_health(process, port, log_path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz", headers={"Host": f"127.0.0.1:{port}"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    tail = Path(log_path).read_text(errors="replace")[-3000:]
    sys.exit(f"gunicorn did not become healthy on port {port}:\n{tail}")


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- Clients ------------------------------------------------------------------------------


class Browser:
    """One connection (kept open while the server allows) and one cookie jar: a browser tab."""

    def __init__(self, port, agent):
        self.port = port
        self.agent = agent  # names the client kind in the server's access log
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        headers = {"Host": f"127.0.0.1:{self.port}", "User-Agent": self.agent, **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()  # the next request opens a new connection
            raise
        for header in response.headers.get_all("Set-Cookie") or ():
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, content.decode("utf-8", errors="replace")


@dataclass
class Save:
    client: int
    number: int
    area: str
    state: tuple  # (level, frozenset(ticked), comment, evidence) as the server should store it
    acknowledged: bool = False
    milliseconds: float = 0.0
    timed: bool = True
    failure: str = ""


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    saves: list = field(default_factory=list)
    baseline: list = field(default_factory=list)  # (milliseconds, ok)
    failures: list = field(default_factory=list)  # first few error descriptions
    budget: int = 0

    def take(self):
        with self.lock:
            if self.budget <= 0:
                return False
            self.budget -= 1
            return True

    def record(self, save):
        with self.lock:
            self.saves.append(save)
            if save.failure and len(self.failures) < 10:
                self.failures.append(f"respondent {save.client} save {save.number}: {save.failure}")

    def fail(self, text):
        with self.lock:
            if len(self.failures) < 10:
                self.failures.append(text)


@dataclass
class Run:
    """What the client threads share: the tally, and when the measured time starts and ends."""

    tally: Tally
    expected: int
    # Logins one per worker at a time: each checks a deliberately slow password hash.
    login_slots: threading.Semaphore
    ready: int = 0
    deadline: float = math.inf
    started: threading.Event = field(default_factory=threading.Event)
    everyone_ready: threading.Event = field(default_factory=threading.Event)

    def mark_ready(self):
        with self.tally.lock:
            self.ready += 1
            if self.ready == self.expected:
                self.everyone_ready.set()


CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_HEADER = re.compile(r'"X-CSRFToken": "([^"]+)"')
REVISION = re.compile(r'id="answer-revision" value="(\d+)"')


def log_in(browser, email):
    status, page = browser.request("GET", "/accounts/login/")
    token = CSRF_FIELD.search(page)
    if status != 200 or token is None:
        raise RuntimeError(f"login page: HTTP {status}")
    form = urlencode(
        {"username": email, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
    )
    status, _ = browser.request(
        "POST",
        "/accounts/login/",
        form,
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    if status != 302 or "sessionid" not in browser.cookies:
        raise RuntimeError(f"login of {email}: HTTP {status}")


def autosave(browser, respondent, areas, csrf, number, revisions, rng):
    """One autosave as the answering page sends it: the area's whole form, with the revision
    the page shows; `revisions` (area → revision) follows what each answer says."""
    area = rng.choice(list(areas))
    structure = areas[area]
    level = rng.choice(sorted(structure.levels))
    ticked = [key for key in structure.new_next(level) if rng.random() < 0.5]
    comment = f"save {respondent.number}-{number}"
    evidence = (f"https://example.org/{respondent.number}/{number}",) if number % 3 else ()
    body = urlencode(
        {
            "csrfmiddlewaretoken": csrf,
            "level": level,
            "ticked": ticked,
            "comment": comment,
            "evidence": "\n".join(evidence),
            "revision": revisions.get(area, 0),
        },
        doseq=True,
    )
    path = f"{respondent.answer_path}{area}/"
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "HX-Request": "true",
        "HX-Current-URL": f"http://127.0.0.1:{browser.port}{path}",
        "HX-Trigger": "answer-form",
        "X-CSRFToken": csrf,
    }
    save = Save(respondent.number, number, area, (level, frozenset(ticked), comment, evidence))
    began = time.perf_counter()
    try:
        status, page = browser.request("POST", path, body, headers)
        save.acknowledged = status == 200 and 'id="save-status"' in page and "text-success" in page
        revision = REVISION.search(page)
        if revision:
            revisions[area] = int(revision.group(1))
        if not save.acknowledged:
            save.failure = f"HTTP {status}"
    except (OSError, http.client.HTTPException) as error:
        save.failure = repr(error)
    save.milliseconds = (time.perf_counter() - began) * 1000
    if not save.acknowledged:
        revisions.pop(area, None)
        refresh_revision(browser, path, area, revisions)
    return save


def refresh_revision(browser, path, area, revisions):
    """After a failed save the revision is unknown (it may have been applied): as a person
    would, reload the page; the next save then counts as its own, not as a conflict."""
    try:
        status, page = browser.request("GET", path)
    except (OSError, http.client.HTTPException):
        return
    revision = REVISION.search(page) if status == 200 else None
    if revision:
        revisions[area] = int(revision.group(1))


def respondent_loop(port, respondent, areas, arguments, run):
    """Log in, open the answering page, save once to warm a worker (checked, not timed), then
    autosave random areas until the time or the budget ends."""
    rng = random.Random(respondent.number)
    tally = run.tally
    browser = Browser(port, "load-warm-up")
    number = 0
    revisions = {}
    try:
        with run.login_slots:
            log_in(browser, respondent.email)
            status, page = browser.request("GET", f"{respondent.answer_path}{next(iter(areas))}/")
            token = CSRF_HEADER.search(page)
            if status != 200 or token is None:
                raise RuntimeError(f"answering page: HTTP {status}")
            csrf = token.group(1)
            if tally.take():
                number = 1
                save = autosave(browser, respondent, areas, csrf, number, revisions, rng)
                save.timed = False
                tally.record(save)
    except (OSError, http.client.HTTPException, RuntimeError) as error:
        tally.record(Save(respondent.number, 0, "", (), failure=f"could not start: {error}"))
        run.mark_ready()
        return
    browser.agent = "load-respondent"
    run.mark_ready()
    run.started.wait()
    time.sleep(rng.uniform(0, 2 * arguments.think))  # people do not start in step
    while time.monotonic() < run.deadline and tally.take():
        number += 1
        tally.record(autosave(browser, respondent, areas, csrf, number, revisions, rng))
        time.sleep(rng.uniform(0, 2 * arguments.think))


def baseline_loop(port, number, arguments, run):
    """The login page for a visitor without a session: Django's whole stack, no query."""
    rng = random.Random(10_000 + number)
    tally = run.tally
    browser = Browser(port, "load-baseline")
    run.started.wait()
    time.sleep(rng.uniform(0, 2 * arguments.think))
    while time.monotonic() < run.deadline:
        browser.cookies.clear()
        began = time.perf_counter()
        try:
            status, page = browser.request("GET", "/accounts/login/")
            ok = status == 200 and "csrfmiddlewaretoken" in page
        except (OSError, http.client.HTTPException):
            ok = False
        with tally.lock:
            tally.baseline.append(((time.perf_counter() - began) * 1000, ok))
        time.sleep(rng.uniform(0, 2 * arguments.think))


def server_milliseconds(log_text):
    """Time in a worker of each save and of each baseline request, from the access log."""
    saves, baseline = [], []
    for line in log_text.splitlines():
        parts = line.split()
        if len(parts) != 6 or parts[0] != "load":
            continue
        _load, agent, method, path, _status, microseconds = parts
        if agent == "load-respondent" and method == "POST" and "/answer/" in path:
            saves.append(int(microseconds) / 1000)
        elif agent == "load-baseline":
            baseline.append(int(microseconds) / 1000)
    return saves, baseline


def median(values):
    return statistics.median(values) if values else float("nan")


def p95(values):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * 0.95) - 1)]
