"""A bounded load test on loopback: gunicorn in front of the current database, N users at once.

Each virtual user logs in as one of the demo roles (password hechuan2015, as `seed_demo` makes
them), then does the day's jobs in a loop until time is up: it reads its home, its lists, tasks
and circulars, and writes as that role does in a day, submitting the page's own form as a
browser would: a department reports progress on an assignment, a lead department sends a
reminder, an inspector records a spot-check, a community saves its profile, a leader revises a
draft circular. It prints requests per second, p50/p95 latency, the writes made and the errors
(any answer but 200, or none; a form sent back with errors answers 400, so it counts).

    DATABASE_URL=postgres://... python demo/loadtest.py --users 50 --seconds 30

DATABASE_URL must point at a migrated database seeded with `seed_demo` (and, for volume,
`seed_scale`). Plain Python: threads and urllib, nothing to install but gunicorn.
"""

import argparse
import html.parser
import http.cookiejar
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PASSWORD = "hechuan2015"
# Fifty password hashes at once on a small machine take a while.
LOGIN_TIMEOUT = 180
# What each demo role opens in a working day; task and circular pages are found on the lists.
JOBS = {
    "leader": ["/", "/communities/", "/tasks/", "/assessments/orders/", "/assessments/circulars/"],
    "lead": ["/", "/tasks/assignments/", "/tasks/", "/assessments/orders/", "/inbox/"],
    "dept": ["/", "/tasks/assignments/", "/tasks/", "/assessments/orders/"],
    "inspector": ["/", "/assessments/inspections/", "/assessments/findings/", "/tasks/"],
    "community": ["/", "/tasks/", "/assessments/orders/", "/assessments/self-report/"],
}
DETAIL_LINKS = re.compile(r'href="(/tasks/\d+/|/assessments/circulars/\d+/)"')
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# A share of each user's steps are writes.
WRITE_SHARE = 0.25


@dataclass(frozen=True)
class Write:
    """A form a role fills in: open `page`, follow a random link matching each of `hops` in
    turn (adding `query` to the last), and there submit the form that has the field `has`,
    with `fill` typed over what the page offers."""

    page: str
    has: str
    hops: tuple[re.Pattern, ...] = ()
    fill: dict = field(default_factory=dict)
    query: str = ""


ASSIGNMENT = re.compile(r'href="(/tasks/assignments/\d+/)"')
WRITES = {
    "dept": Write(
        page="/tasks/assignments/?state=in_progress",
        hops=(ASSIGNMENT,),
        has="text",
        fill={"text": "本周进展：已完成入户走访，材料整理中。"},
    ),
    "lead": Write(
        page="/tasks/assignments/?state=assigned",
        hops=(ASSIGNMENT,),
        has="message",
        fill={"message": "请抓紧办理，按期报送。"},
    ),
    "inspector": Write(
        page="/",
        hops=(re.compile(r'href="(/assessments/inspections/new/\d+/)'),),
        query="?kind=spot_check",
        has="kind",
        fill={"kind": "spot_check", "remarks": "压力测试：日常抽查。"},
    ),
    "community": Write(page="/assessments/self-report/", has="households"),
    "leader": Write(
        page="/assessments/circulars/?state=draft",
        hops=(
            re.compile(r'href="(/assessments/circulars/\d+/)"'),
            re.compile(r'href="(/assessments/circulars/\d+/edit/)"'),
        ),
        has="overview",
        fill={"overview": "各镇（街道）、各部门：现将本期创建工作进展情况通报如下。"},
    ),
}


class FormReader(html.parser.HTMLParser):
    """The forms of a page with what a browser would send: each field's value as shown, the
    first choice of a radio group nobody chose, and the name of the form's first button."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or "", "fields": {}, "radios": {}})
            return
        if not self.forms:
            return
        form, name = self.forms[-1], a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind == "radio":
                form["radios"].setdefault(name, a.get("value", "on"))
                if "checked" in a:
                    form["fields"][name] = a.get("value", "on")
            elif kind == "checkbox":
                if "checked" in a:
                    form["fields"][name] = a.get("value", "on")
            elif kind not in ("file", "submit", "button", "reset", "image"):
                form["fields"][name] = a.get("value", "")
        elif tag == "button" and name and a.get("type", "submit") == "submit":
            form.setdefault("button", (name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = name
            form["fields"].setdefault(name, None)
        elif tag == "option" and self._select:
            fields = form["fields"]
            if fields[self._select] is None or "selected" in a:
                fields[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            form["fields"][name] = ""

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_data(page: str, has: str) -> tuple[str, dict] | None:
    """The action and the data a browser would send for the page's form holding `has`."""
    reader = FormReader()
    reader.feed(page)
    for form in reader.forms:
        if has in form["fields"]:
            data = {**form["radios"], **{k: v or "" for k, v in form["fields"].items()}}
            if "button" in form:
                data.setdefault(*form["button"])
            return form["action"], data
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_environment() -> dict:
    """Production settings over plain HTTP on loopback, whatever the caller's shell has."""
    env = dict(os.environ)
    if not env.get("DATABASE_URL"):
        sys.exit("loadtest: set DATABASE_URL to a database seeded with seed_demo")
    env.update(
        DJANGO_DEBUG="0",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
    )
    return env


def server_start(*, port: int, workers: int, threads: int, log) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "supervision.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--log-level=warning",
        ],
        cwd=PROJECT,
        env=server_environment(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"loadtest: gunicorn stopped with {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=10):
                return server
        except OSError:
            time.sleep(0.2)
    server_stop(server)
    sys.exit("loadtest: gunicorn did not answer within 60 s")


def server_stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


class User:
    """One person in a browser: own cookies, logs in once, then works."""

    def __init__(self, base: str, username: str, results: list, lock: threading.Lock):
        self.base, self.username = base, username
        self.results, self.lock = results, lock
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.details: list[str] = []
        self.writes = 0

    def fetch(self, path: str, data: dict | None = None, timeout: float = 30) -> str:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        if body is not None:
            request.add_header("Referer", self.base + path)
        started = time.perf_counter()
        status, text = 0, ""
        try:
            with self.opener.open(request, timeout=timeout) as response:
                status, text = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError as error:
            status = type(error).__name__
        elapsed = time.perf_counter() - started
        with self.lock:
            self.results.append((("POST " if body else "GET ") + path, status, elapsed))
        return text

    def login(self) -> bool:
        form = self.fetch("/login/", timeout=LOGIN_TIMEOUT)
        token = CSRF_FIELD.search(form)
        if token is None:
            return False
        home = self.fetch(
            "/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token[1]},
            timeout=LOGIN_TIMEOUT,
        )
        return 'action="/logout/"' in home

    def remember(self, page: str) -> None:
        self.details = sorted(set(self.details + DETAIL_LINKS.findall(page)))[:50]

    def write(self, rng: random.Random) -> None:
        """Find the role's form as a person would, change what they would, and send it."""
        write = WRITES[self.username]
        path, page = write.page, self.fetch(write.page)
        for number, hop in enumerate(write.hops, 1):
            links = hop.findall(page)
            if not links:
                return  # nothing of the kind open today
            path = rng.choice(links) + (write.query if number == len(write.hops) else "")
            page = self.fetch(path)
        found = form_data(page, write.has)
        if found is None:
            return
        action, data = found
        for name, value in data.items():
            # An inspector measures what the community did not report.
            if name.endswith("-measured_value") and not value:
                data[name] = "1"
        data.update(write.fill)
        self.remember(self.fetch(urllib.parse.urljoin(path, action) if action else path, data))
        self.writes += 1

    def work(self, until: float, rng: random.Random) -> None:
        jobs = JOBS[self.username]
        while time.monotonic() < until:
            share = rng.random()
            if share < WRITE_SHARE:
                self.write(rng)
                continue
            if self.details and share < WRITE_SHARE + 0.25:
                path = rng.choice(self.details)
            else:
                path = rng.choice(jobs)
            self.remember(self.fetch(path))


def _together(targets) -> float:
    """Run the callables in threads at once; the seconds until the last one ends."""
    threads = [threading.Thread(target=target) for target in targets]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started


def _percentile(ordered: list[float], share: float) -> float | None:
    if not ordered:
        return None
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] * 1000


def run(*, base: str, users: int, seconds: float, seed: int = 2015) -> dict:
    """Everyone logs in first (a password hash each: slow on purpose, so not in the figures),
    then works for `seconds`."""
    logins: list = []
    results: list = []
    lock = threading.Lock()
    names = list(JOBS)
    people = [User(base, names[n % len(names)], logins, lock) for n in range(users)]
    failed = []

    def log_in(person):
        if not person.login():
            with lock:
                failed.append(person.username)
        person.results = results

    _together([lambda p=person: log_in(p) for person in people])
    until = time.monotonic() + seconds
    wall = _together(
        [
            lambda p=person, n=n: p.work(until, random.Random(seed + n))
            for n, person in enumerate(people)
            if person.username not in failed
        ]
    )
    ok = sorted(elapsed for _path, status, elapsed in results if status == 200)
    errors = Counter(f"{status} {path}" for path, status, _elapsed in results if status != 200)
    errors.update(f"login failed {name}" for name in failed)
    login_times = sorted(elapsed for _path, _status, elapsed in logins)
    by_kind: dict[str, list[float]] = {}
    for path, status, elapsed in results:
        if status == 200:
            kind = re.sub(r"\d+", "N", path.split("?")[0])
            by_kind.setdefault(kind, []).append(elapsed)
    slowest = sorted(
        ((kind, len(times), _percentile(sorted(times), 0.95)) for kind, times in by_kind.items()),
        key=lambda row: -row[2],
    )[:6]
    writes = Counter()
    for person in people:
        writes[person.username] += person.writes
    return {
        "users": users,
        "seconds": round(wall, 1),
        "requests": len(results),
        "throughput": len(results) / wall if wall else 0.0,
        "p50_ms": _percentile(ok, 0.5),
        "p95_ms": _percentile(ok, 0.95),
        "login_p95_ms": _percentile(login_times, 0.95),
        "writes": dict(sorted(writes.items())),
        "slowest": slowest,
        "errors": sum(errors.values()),
        "error_kinds": errors.most_common(10),
    }


def report(figures: dict) -> str:
    def ms(value):
        return "—" if value is None else f"{value:.0f} ms"

    lines = [
        f"users {figures['users']} logged in (p95 {ms(figures['login_p95_ms'])}), then "
        f"{figures['seconds']} s of work: {figures['requests']} requests",
        f"throughput {figures['throughput']:.1f} req/s, p50 {ms(figures['p50_ms'])}, "
        f"p95 {ms(figures['p95_ms'])}, errors {figures['errors']}",
        "writes "
        + str(sum(figures["writes"].values()))
        + " ("
        + ", ".join(f"{name} {n}" for name, n in figures["writes"].items())
        + ")",
    ]
    lines += [
        "slowest (p95): " + "; ".join(f"{k} {ms(p95)} ×{n}" for k, n, p95 in figures["slowest"])
    ]
    lines += [f"  {n} × {kind}" for kind, n in figures["error_kinds"]]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--url", help="test a server already running here instead of starting one")
    args = parser.parse_args(argv)
    server = None
    log = tempfile.TemporaryFile()
    if args.url:
        base = args.url.rstrip("/")
    else:
        port = free_port()
        server = server_start(port=port, workers=args.workers, threads=args.threads, log=log)
        base = f"http://127.0.0.1:{port}"
    try:
        figures = run(base=base, users=args.users, seconds=args.seconds)
    finally:
        if server is not None:
            server_stop(server)
    print(report(figures))
    if figures["errors"] and server is not None:
        log.seek(0)
        lines = log.read().decode("utf-8", "replace").splitlines()
        problems = [line for line in lines if not line.startswith("AXES:")]
        print("server log (last 40 lines, AXES lines left out):", *problems[-40:], sep="\n")
    return 1 if figures["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
