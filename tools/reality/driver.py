#!/usr/bin/env python3
"""Plays every event of tools/reality/scenarios.toml on real servers and writes real.json.

Each stack is a pair of real app servers (Express 5, Django 5.2 or PHP 8.2) behind HAProxy 2.6
on 127.0.0.1, with its real store (a private redis-server, a private PostgreSQL cluster, files
or the process's memory). A client with a real cookie jar (requests.Session) plays each event
exactly as its `steps` say, and the cell is one of the event's `outcomes` words.

Stacks run in parallel, each on its own ports and its own store processes. Inside a stack,
three lanes run in parallel: the "defaults" events one after another on one pair (a killed or
restarted server is brought back, and the store restored, before the next event; every event
uses a fresh session), the "short" and "short-app-limit" events (all waiting, so played at the
same time) on pairs and a store of their own, and the Secure-cookie event on its own pairs.

Every process started is stopped by its PID (php -S: its process group; PostgreSQL: pg_ctl,
then the postmaster's PID) on every exit path, and the run ends by checking that no port it
used is still listening.

    driver.py [--stack ID]... [--event ID]... [--out FILE] [--keep] [--timeout S]
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import traceback

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXPRESS_APP = os.path.join(HERE, "apps", "express", "app.js")
DJANGO_DIR = os.path.join(HERE, "apps", "django")
PHP_ROUTER = os.path.join(HERE, "apps", "php", "index.php")
HAPROXY_TEMPLATE = os.path.join(HERE, "haproxy.cfg.in")
PG_TABLE_SQL = os.path.join(HERE, "node_modules", "connect-pg-simple", "table.sql")

TIMEOUT = 2.0  # the client's timeout for every request but store-outage's
OUTAGE_TIMEOUT = 8.0  # longer than node-redis's 5 s command timeout
PORT_WAIT = 30.0  # the longest wait for a server to open its port
PORTS_PER_STACK = 40
# Django and node take a second of CPU to start: at most this many starts at once (2 cores).
START_SLOTS = threading.BoundedSemaphore(4)


class Stopping(BaseException):
    """The run is being stopped (signal, time limit): unwinds every lane."""


class NotPlayable(Exception):
    """The event could not be played as its steps say (set-up failed, unexpected answer)."""


class Invalid(Exception):
    """The event ran, but not as its steps say (e.g. a timing the machine did not keep)."""


# ---------------------------------------------------------------------------------------------
# Processes


def log_tail(path, lines=6):
    try:
        with open(path, "rb") as f:
            text = f.read()[-4000:].decode("utf-8", "replace")
        return " | ".join(text.strip().splitlines()[-lines:])
    except OSError:
        return ""


class Registry:
    """Every process the run started, so that all of them are stopped on every exit path."""

    def __init__(self):
        self.lock = threading.Lock()
        self.procs = {}  # pid -> (Popen, is a process group, name)
        self.cleanups = {}  # key -> callable (PostgreSQL clusters, daemonized by pg_ctl)
        self.closed = False
        self.ports = set()

    def spawn(self, name, cmd, log, env=None, cwd=None, group=False):
        with self.lock:
            if self.closed:
                raise Stopping("the run is stopping")
            with open(log, "ab") as out:
                proc = subprocess.Popen(
                    cmd,
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    env=env,
                    cwd=cwd,
                    start_new_session=group,
                )
            self.procs[proc.pid] = (proc, group, name)
        return proc

    def add_cleanup(self, key, fn):
        with self.lock:
            if self.closed:
                raise Stopping("the run is stopping")
            self.cleanups[key] = fn

    def drop_cleanup(self, key):
        with self.lock:
            self.cleanups.pop(key, None)

    @staticmethod
    def _signal(proc, group, sig):
        try:
            if group:
                os.killpg(proc.pid, sig)
            elif proc.poll() is None:
                proc.send_signal(sig)
        except (ProcessLookupError, PermissionError):
            pass

    @staticmethod
    def _group_alive(pgid):
        try:
            os.killpg(pgid, 0)
            return True
        except (ProcessLookupError, PermissionError):
            return False

    def stop(self, proc, sig=signal.SIGTERM, wait=5.0):
        """Signal one process (or its group) and wait for it; SIGKILL after `wait` seconds."""
        if proc is None:
            return
        with self.lock:
            entry = self.procs.get(proc.pid)
        group = bool(entry and entry[1])
        self._signal(proc, group, sig)
        try:
            proc.wait(wait)
        except subprocess.TimeoutExpired:
            self._signal(proc, group, signal.SIGKILL)
            proc.wait(5)
        if group:
            # php -S workers outlive their parent: wait for the whole group (bounded).
            for i in range(60):
                if not self._group_alive(proc.pid):
                    break
                if i == 20:
                    self._signal(proc, True, signal.SIGKILL)
                time.sleep(0.05)
        self.forget(proc)

    def forget(self, proc):
        with self.lock:
            self.procs.pop(proc.pid, None)

    def stop_all(self):
        with self.lock:
            self.closed = True
            procs = list(self.procs.values())
            cleanups = list(self.cleanups.items())
            self.cleanups.clear()
        for _, fn in cleanups:
            try:
                fn()
            except Exception as err:  # keep stopping the others
                print(f"driver: cleanup failed: {err}", file=sys.stderr)
        for proc, group, _ in procs:
            self._signal(proc, group, signal.SIGTERM)
        deadline = time.monotonic() + 5
        for proc, group, name in procs:
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                print(f"driver: {name} (pid {proc.pid}) ignored SIGTERM: SIGKILL", file=sys.stderr)
                self._signal(proc, group, signal.SIGKILL)
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    pass
            if group and self._group_alive(proc.pid):
                self._signal(proc, True, signal.SIGKILL)
        with self.lock:
            self.procs.clear()


REG = Registry()


def port_open(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.3)
        return s.connect_ex(("127.0.0.1", port)) == 0


def wait_port(port, proc=None, what="server", log=None, timeout=PORT_WAIT):
    """Wait (bounded in time and count) until 127.0.0.1:port accepts connections."""
    deadline = time.monotonic() + timeout
    for _ in range(int(timeout / 0.03) + 1):
        if port_open(port):
            return
        if proc is not None and proc.poll() is not None:
            raise NotPlayable(f"{what} exited ({proc.returncode}) before opening :{port}: {log_tail(log)}")
        if time.monotonic() > deadline:
            break
        time.sleep(0.03)
    raise NotPlayable(f"{what}: :{port} not open after {timeout:.0f} s: {log_tail(log)}")


def wait_port_closed(port, timeout=5.0):
    deadline = time.monotonic() + timeout
    for _ in range(int(timeout / 0.05) + 1):
        if not port_open(port):
            return
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    raise NotPlayable(f":{port} still open {timeout:.0f} s after its server stopped")


def use_port(port):
    """Claims a port for this run: it must be free now, and is checked again at the end."""
    if port_open(port):
        raise NotPlayable(f"127.0.0.1:{port} is already in use (try --base-port)")
    REG.ports.add(port)
    return port


# ---------------------------------------------------------------------------------------------
# Stores


def pg_bindir():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise NotPlayable("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/pg_ctl)")
    return os.path.dirname(found[-1])


def run_quiet(cmd, log, timeout=60, env=None, cwd=None):
    with open(log, "ab") as out:
        res = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                             timeout=timeout, env=env, cwd=cwd)
    if res.returncode != 0:
        raise NotPlayable(f"{' '.join(cmd[:6])} failed ({res.returncode}): {log_tail(log)}")


class NoStore:
    kind = "none"

    def ensure(self):
        pass

    def close(self):
        pass


class Redis:
    """A private redis-server: Debian's config (`include /etc/redis/redis.conf`) plus its own
    port, pidfile, logfile and dir, in the foreground; appendonly yes on demand."""

    kind = "redis"

    def __init__(self, port, workdir):
        self.port = use_port(port)
        self.workdir = workdir
        self.proc = None
        self.aof = False

    def datadir(self, aof):
        return os.path.join(self.workdir, "aof" if aof else "rdb")

    def start(self, aof=False, fresh=False):
        d = self.datadir(aof)
        if fresh:
            shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d, exist_ok=True)
        conf = os.path.join(d, "redis.conf")
        with open(conf, "w") as f:
            f.write(
                "include /etc/redis/redis.conf\n"
                f"port {self.port}\nbind 127.0.0.1\ndaemonize no\nsupervised no\n"
                f"pidfile {d}/redis.pid\nlogfile {d}/redis.log\ndir {d}\n"
                f"appendonly {'yes' if aof else 'no'}\n"
            )
        wait_port_closed(self.port)
        self.proc = REG.spawn(f"redis-server :{self.port}", ["redis-server", conf], os.path.join(d, "stdout.log"))
        wait_port(self.port, self.proc, "redis-server", os.path.join(d, "redis.log"))
        self.aof = aof
        self._ping()

    def _ping(self):
        for _ in range(100):  # answers LOADING while it reads its RDB or AOF
            if self.cli("ping").strip() == "PONG":
                return
            time.sleep(0.05)
        raise NotPlayable("redis-server does not answer PING")

    def cli(self, *args):
        res = subprocess.run(["redis-cli", "-p", str(self.port), *args], stdin=subprocess.DEVNULL,
                             capture_output=True, text=True, timeout=10)
        return res.stdout + res.stderr

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def _wait_exit(self):
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            REG.stop(self.proc, signal.SIGKILL)
        REG.forget(self.proc)
        self.proc = None
        wait_port_closed(self.port)

    def shutdown(self, nosave=False):
        """`redis-cli shutdown` (saves: Debian's config has save points) or `shutdown nosave`."""
        if nosave:
            self.cli("shutdown", "nosave")
        else:
            self.cli("shutdown")
        self._wait_exit()

    def kill9(self):
        REG.stop(self.proc, signal.SIGKILL)
        self.proc = None
        wait_port_closed(self.port)

    def ensure(self):
        """Running, in the default mode (Debian's config: RDB snapshots, no AOF)."""
        if self.running() and self.aof:
            self.shutdown(nosave=True)
        if not self.running():
            self.start(aof=False)

    def close(self):
        if self.running():
            REG.stop(self.proc)
        self.proc = None


class Postgres:
    """A private PostgreSQL cluster (a copy of the run's template), run as the postgres user
    with pg_ctl; port and listen_addresses are in its postgresql.conf."""

    kind = "postgres"

    def __init__(self, port, datadir, bindir, template=None):
        self.port = use_port(port)
        self.dir = datadir
        self.bindir = bindir
        self.log = datadir + ".log"
        if template is not None:
            subprocess.run(["cp", "-a", template, datadir], check=True, timeout=60)
        with open(os.path.join(datadir, "postgresql.conf"), "a") as f:
            f.write(f"\n# the reality suite\nlisten_addresses = '127.0.0.1'\nport = {port}\n"
                    f"unix_socket_directories = '{datadir}'\n")
        REG.add_cleanup(datadir, self.close)

    def pg_ctl(self, *args):
        cmd = ["runuser", "-u", "postgres", "--", os.path.join(self.bindir, "pg_ctl"),
               "-D", self.dir, "-l", os.path.join(self.dir, "server.log"), "-w", "-t", "30", *args]
        run_quiet(cmd, self.log, timeout=60)

    def start(self):
        wait_port_closed(self.port)
        self.pg_ctl("start")
        wait_port(self.port, what="postgres", log=os.path.join(self.dir, "server.log"))

    def stop(self, mode):
        self.pg_ctl("-m", mode, "stop")
        wait_port_closed(self.port)

    def restart_fast(self):
        self.pg_ctl("-m", "fast", "restart")
        wait_port(self.port, what="postgres", log=os.path.join(self.dir, "server.log"))

    def postmaster_pid(self):
        try:
            with open(os.path.join(self.dir, "postmaster.pid")) as f:
                return int(f.readline().strip())
        except (OSError, ValueError):
            return None

    def ensure(self):
        if not port_open(self.port):
            self.start()

    def close(self):
        """pg_ctl stop -m immediate; then the postmaster's PID, if it still runs."""
        pid = self.postmaster_pid()
        if pid is None:
            return
        try:
            self.pg_ctl("-m", "immediate", "stop")
            return
        except (NotPlayable, subprocess.TimeoutExpired):
            pass
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if b"postgres" in f.read():
                    os.kill(pid, signal.SIGKILL)
        except (OSError, ProcessLookupError):
            pass


def make_pg_template(tmp, bindir, port):
    """initdb once, with connect-pg-simple's table and Django's session table, then stopped:
    each PostgreSQL stack copies it."""
    d = os.path.join(tmp, "pg-template")
    os.makedirs(d)
    shutil.chown(d, "postgres", "postgres")
    os.chmod(d, 0o700)
    log = os.path.join(tmp, "pg-template.log")
    run_quiet(["runuser", "-u", "postgres", "--", os.path.join(bindir, "initdb"), "-D", d,
               "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"], log)
    pg = Postgres(port, d, bindir)
    try:
        pg.start()
        run_quiet([os.path.join(bindir, "psql"), "-q", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
                   "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-f", PG_TABLE_SQL], log)
        env = dict(os.environ, SHOP_BACKEND="db", SHOP_PG_PORT=str(port), PYTHONDONTWRITEBYTECODE="1",
                   DJANGO_SETTINGS_MODULE="shop.settings")
        run_quiet([sys.executable, "manage.py", "migrate", "sessions", "--noinput"], log, env=env, cwd=DJANGO_DIR)
        pg.stop("fast")
    finally:
        pg.close()
        REG.drop_cleanup(d)
    return d


# ---------------------------------------------------------------------------------------------
# App servers, pairs behind HAProxy


class AppServer:
    def __init__(self, stack, name, port, workdir, setup, store, extra_env):
        self.stack = stack
        self.name = name
        self.port = use_port(port)
        self.workdir = workdir
        self.setup = setup
        self.store = store
        self.extra_env = extra_env
        self.proc = None
        self.log = os.path.join(workdir, "server.log")

    def session_dir(self):
        if self.stack["app"] == "express" and self.stack["store"] == "file":
            return os.path.join(self.workdir, "sessions")  # session-file-store's default ./sessions
        if self.stack["app"] == "django" and self.stack["store"] == "file":
            return os.path.join(self.workdir, "sessions")
        if self.stack["app"] == "php":
            return os.path.join(self.workdir, "sessions")
        return None

    def command(self):
        app = self.stack["app"]
        store_port = str(getattr(self.store, "port", ""))
        env = dict(os.environ)
        if app == "express":
            env.update(PORT=str(self.port), SERVER_NAME=self.name, STORE=self.stack["store"], SETUP=self.setup,
                       PG_PORT=store_port, REDIS_PORT=store_port)
            env.update(self.extra_env)
            return ["node", EXPRESS_APP], env, self.workdir, False
        if app == "django":
            env.update(SHOP_BACKEND=self.stack["store"], SHOP_SETUP=self.setup, SHOP_SERVER=self.name,
                       SHOP_PG_PORT=store_port, SHOP_REDIS_PORT=store_port,
                       SHOP_FILE_DIR=self.session_dir() or "", PYTHONDONTWRITEBYTECODE="1",
                       SHOP_SQLITE=os.path.join(self.workdir, "unused.sqlite3"), DJANGO_SETTINGS_MODULE="shop.settings")
            cmd = [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{self.port}"]
            return cmd, env, DJANGO_DIR, False
        if app == "php":
            env.update(PHP_CLI_SERVER_WORKERS="2", SHOP_SERVER=self.name)
            cmd = ["php", "-S", f"127.0.0.1:{self.port}", "-d", f"session.save_path={self.session_dir()}"]
            if self.setup != "defaults":
                cmd += ["-d", "session.gc_maxlifetime=3"]
            return cmd + [PHP_ROUTER], env, self.workdir, True
        raise NotPlayable(f"unknown app {app}")

    def start(self):
        os.makedirs(self.workdir, exist_ok=True)
        d = self.session_dir()
        if d and self.stack["app"] != "express":
            os.makedirs(d, exist_ok=True)  # Django and PHP want it to exist
        cmd, env, cwd, group = self.command()
        wait_port_closed(self.port)
        with START_SLOTS:
            self.proc = REG.spawn(f"{self.stack['id']} {self.name} :{self.port}", cmd, self.log,
                                  env=env, cwd=cwd, group=group)
            wait_port(self.port, self.proc, f"{self.stack['id']} {self.name}", self.log)

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, sig=signal.SIGTERM):
        REG.stop(self.proc, sig)
        self.proc = None
        wait_port_closed(self.port)

    def exit_status(self):
        if self.proc is None:
            return "stopped"
        code = self.proc.poll()
        return "running" if code is None else f"exited ({code})"


class Pair:
    """Two app servers (s1, s2) and one HAProxy with a round-robin and a sticky frontend."""

    def __init__(self, lane, label, base_port, setup, extra_env=None, forwarded_proto=False):
        self.lane = lane
        self.label = label
        self.dir = os.path.join(lane.dir, label)
        os.makedirs(self.dir, exist_ok=True)
        self.ports = {"s1": base_port, "s2": base_port + 1, "rr": use_port(base_port + 2),
                      "sticky": use_port(base_port + 3)}
        self.servers = {n: AppServer(lane.stack, n, self.ports[n], os.path.join(self.dir, n), setup, lane.store,
                                     extra_env or {}) for n in ("s1", "s2")}
        self.forwarded_proto = forwarded_proto
        self.haproxy = None
        self.socket = os.path.join(self.dir, "haproxy.sock")
        self.lock = threading.Lock()  # the short lane's events share a pair

    def url(self, via):
        return f"http://127.0.0.1:{self.ports['rr' if via == 'round-robin' else 'sticky']}"

    def direct(self, name):
        return f"http://127.0.0.1:{self.ports[name]}"

    def start(self):
        errors = []
        threads = [threading.Thread(target=self._start_one, args=(s, errors), daemon=True)
                   for s in self.servers.values() if not s.running()]
        for t in threads:
            t.start()
        for t in threads:
            t.join(PORT_WAIT + 30)
        if errors:
            raise errors[0]
        with open(HAPROXY_TEMPLATE) as f:
            cfg = f.read().format(
                stats_socket=self.socket, rr_port=self.ports["rr"], sticky_port=self.ports["sticky"],
                s1_port=self.ports["s1"], s2_port=self.ports["s2"],
                frontend_extra="    http-request set-header X-Forwarded-Proto https\n" if self.forwarded_proto else "")
        path = os.path.join(self.dir, "haproxy.cfg")
        with open(path, "w") as f:
            f.write(cfg)
        log = os.path.join(self.dir, "haproxy.log")
        self.haproxy = REG.spawn(f"haproxy {self.lane.stack['id']} {self.label}", ["haproxy", "-db", "-f", path], log)
        for p in ("rr", "sticky"):
            wait_port(self.ports[p], self.haproxy, "haproxy", log)
        self.wait_up()

    @staticmethod
    def _start_one(server, errors):
        try:
            server.start()
        except BaseException as err:  # handed to the starting thread
            errors.append(err)

    def status(self):
        """The sticky backend's view of s1 and s2 (HAProxy's stats socket)."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(1)
            s.connect(self.socket)
            s.sendall(b"show stat\n")
            data = b""
            for _ in range(100):
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        rows = data.decode().splitlines()
        head = rows[0].lstrip("# ").split(",")
        out = {}
        for row in rows[1:]:
            cols = dict(zip(head, row.split(",")))
            if cols.get("pxname") == "sticky" and cols.get("svname") in ("s1", "s2"):
                out[cols["svname"]] = cols.get("status", "")
        return out

    def wait_up(self, timeout=10.0):
        """Until HAProxy's checks see both servers UP (a restarted server comes back after one
        200 ms check), so the sticky frontend routes as the event expects."""
        deadline = time.monotonic() + timeout
        st = {}
        for _ in range(int(timeout / 0.05) + 1):
            try:
                st = self.status()
            except OSError as err:  # the stats socket comes up a moment after the frontends
                st = {"stats socket": str(err)}
            if all(st.get(n) == "UP" for n in ("s1", "s2")):
                return
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        raise NotPlayable(f"HAProxy does not see both servers up: {st}")

    def ensure(self):
        with self.lock:
            self._ensure()

    def _ensure(self):
        if self.haproxy is None:
            self.start()
            return
        if self.haproxy.poll() is not None:
            raise NotPlayable("haproxy exited")
        for s in self.servers.values():
            if not s.running():
                if s.proc is not None:
                    REG.forget(s.proc)
                    s.proc = None
                s.start()
        self.wait_up()

    def close(self):
        if self.haproxy is not None:
            REG.stop(self.haproxy)
            self.haproxy = None
        for s in self.servers.values():
            if s.proc is not None:
                REG.stop(s.proc)
                s.proc = None


# ---------------------------------------------------------------------------------------------
# The client: a real cookie jar


def new_client():
    c = requests.Session()
    c.headers["User-Agent"] = "session-lab-reality"
    return c


def set_cookies(resp):
    try:
        return resp.raw.headers.getlist("Set-Cookie")
    except AttributeError:
        return []


def brief_cookie(line):
    parts = [p.strip() for p in line.split(";")]
    name, _, value = parts[0].partition("=")
    if len(value) > 10:
        value = value[:6] + "..."
    attrs = [p for p in parts[1:] if not p.lower().startswith(("expires=", "samesite="))]
    expires = [p for p in parts[1:] if p.lower().startswith("expires=")]
    if expires:
        when = expires[0].split("=", 1)[1]
        attrs.append("Expires=" + ("1970" if "1970" in when else "set"))
    return "; ".join([f"{name}={value}"] + attrs)


def body_user(resp):
    if resp is None or resp.status_code != 200:
        return None
    try:
        return resp.json().get("user")
    except ValueError:
        return None


def error_text(resp):
    """The gist of an error page: Express's <pre> (its first line), HAProxy's, Django's."""
    body = resp.text or ""
    if "<pre>" in body:
        body = body.split("<pre>", 1)[1].split("<br>", 1)[0].split("</pre>", 1)[0]
    body = re.sub(r"<[^>]+>", " ", body)
    body = re.sub(r"\s+", " ", body.replace("&nbsp;", " ")).strip()
    return repr(body[:80])


def seen(resp, label="GET /"):
    """'GET / -> s1 200 user=alice' (and the Set-Cookie lines, shortened)."""
    if resp is None:
        return f"{label}: no answer"
    user = body_user(resp)
    text = f"{label} -> {resp.headers.get('X-Server', 'haproxy')} {resp.status_code}"
    if resp.status_code == 200:
        text += f" user={user if user is not None else 'null'}"
    else:
        text += f" {error_text(resp)}"
    lines = set_cookies(resp)
    if lines:
        text += " [Set-Cookie " + " | ".join(brief_cookie(x) for x in lines) + "]"
    return text


def jar_header(client):
    return "; ".join(f"{c.name}={c.value}" for c in client.cookies)


def jar_names(client):
    """The cookies the jar still holds and would send (expired ones left out)."""
    return sorted(c.name for c in client.cookies if not c.is_expired())


def by_hand(url, cookie_header, timeout=TIMEOUT):
    """A request that carries exactly this Cookie header and no jar."""
    return requests.get(url, headers={"Cookie": cookie_header, "User-Agent": "session-lab-reality"},
                        timeout=timeout)


def survives(resp):
    return "survives" if body_user(resp) == "alice" else "lost"


def login(pair, client, via="sticky", check=True):
    """POST /login (user=alice) through the frontend `via`, and check it: GET / says alice
    (through the sticky frontend, or straight to the server that took the login when `via` is
    round robin, so that the balancer's next turn is still the other server)."""
    r = client.post(pair.url(via) + "/login", data={"user": "alice"}, timeout=TIMEOUT)
    holder = r.headers.get("X-Server")
    if r.status_code != 200 or body_user(r) != "alice" or holder not in ("s1", "s2"):
        raise NotPlayable(f"login: {seen(r, 'POST /login')}")
    if check:
        url = pair.url("sticky") if via == "sticky" else pair.direct(holder)
        c = client.get(url + "/", timeout=TIMEOUT)
        if body_user(c) != "alice" or c.headers.get("X-Server") != holder:
            raise NotPlayable(f"login check: {seen(c)} (login went to {holder})")
    return holder


# ---------------------------------------------------------------------------------------------
# Events: each returns (outcome, detail), with the outcome one of the event's words.


def ev_restart_holder(lane, event):
    pair = lane.pair("defaults")
    c = new_client()
    holder = login(pair, c)
    server = pair.servers[holder]
    server.stop(signal.SIGTERM)
    server.start()
    pair.wait_up()
    r = c.get(pair.url("sticky") + "/", timeout=TIMEOUT)
    return survives(r), f"SIGTERM {holder}, started again; {seen(r)}"


def ev_other_server(lane, event):
    pair = lane.pair("defaults")
    c = new_client()
    holder = login(pair, c, via="round-robin")
    r = None
    for _ in range(3):  # round robin: the next request goes to the other server
        r = c.get(pair.url("round-robin") + "/", timeout=TIMEOUT)
        if r.headers.get("X-Server") not in (holder, None):
            break
    if r.headers.get("X-Server") == holder:
        raise NotPlayable(f"round robin kept sending to {holder}")
    return survives(r), f"login on {holder}; {seen(r, 'GET / round robin')}"


def ev_replace_holder(lane, event):
    pair = lane.pair("defaults")
    c = new_client()
    holder = login(pair, c)
    server = pair.servers[holder]
    server.stop(signal.SIGTERM)
    d = server.session_dir()
    removed = ""
    if d and os.path.isdir(d):
        removed = f", {len(os.listdir(d))} session file(s) deleted"
        shutil.rmtree(d)
    server.start()
    pair.wait_up()
    r = c.get(pair.url("sticky") + "/", timeout=TIMEOUT)
    return survives(r), f"{holder} replaced{removed}; {seen(r)}"


def store_event(lane, do):
    """Logs in, lets `do(store)` act on the shared store (it says what it
    did), then asks for the page through the sticky frontend."""
    pair = lane.pair("defaults")
    c = new_client()
    login(pair, c)
    what = do(lane.store)
    r = c.get(pair.url("sticky") + "/", timeout=TIMEOUT)
    return survives(r), f"{what}; {seen(r)}"


def restart_cleanly(store):
    if store.kind == "postgres":
        store.restart_fast()
        return "pg_ctl restart -m fast"
    store.shutdown()
    store.start()
    return "redis-cli shutdown (saves), start"


def crash(store):
    if store.kind == "postgres":
        store.stop("immediate")
        store.start()
        return "pg_ctl stop -m immediate, start"
    store.kill9()
    store.start()
    return "kill -9 redis-server, start"


def shutdown_nosave(store):
    store.shutdown(nosave=True)
    store.start()
    return "redis-cli shutdown nosave, start"


def ev_restart_store(lane, event):
    return store_event(lane, restart_cleanly)


def ev_crash_store(lane, event):
    return store_event(lane, crash)


def ev_cache_shutdown_nosave(lane, event):
    return store_event(lane, shutdown_nosave)


def ev_crash_cache_aof(lane, event):
    store = lane.store
    store.shutdown(nosave=True)
    store.start(aof=True, fresh=True)
    pair = lane.pair("defaults")
    c = new_client()
    login(pair, c)
    time.sleep(1.5)
    store.kill9()
    store.start(aof=True)
    r = c.get(pair.url("sticky") + "/", timeout=TIMEOUT)
    return survives(r), f"appendonly yes; 1.5 s after login kill -9, start; {seen(r)}"


def ev_store_outage(lane, event):
    pair = lane.pair("defaults")
    c = new_client()
    login(pair, c)
    store = lane.store
    if store.kind == "postgres":
        store.stop("fast")
    else:
        store.shutdown()
    t0 = time.monotonic()
    try:
        r = c.get(pair.url("sticky") + "/", timeout=OUTAGE_TIMEOUT)
        answer = seen(r)
    except requests.RequestException as err:
        r, answer = None, f"GET / -> no answer ({type(err).__name__})"
    took = time.monotonic() - t0
    store.ensure()
    if r is not None and body_user(r) == "alice":
        raise NotPlayable(f"the store is down but {answer}")
    if r is not None and r.status_code < 500:
        # Answered as a stranger: the library treated the session as missing.
        outcome = "logged out"
    else:
        outcome = "error at once" if r is not None and took < 1.0 else "error after a timeout"
    return outcome, f"while down: {answer} in {took * 1000:.0f} ms"


def ev_cache_stops_readme_client(lane, event):
    pair = lane.pair("readme", extra_env={"README_CLIENT": "1"})
    try:
        c = new_client()
        login(pair, c)
        lane.store.shutdown()
        time.sleep(0.5)
        try:
            r = c.get(pair.url("sticky") + "/", timeout=OUTAGE_TIMEOUT)
            answer = seen(r)
        except requests.RequestException as err:
            r, answer = None, f"GET / -> no answer ({type(err).__name__})"
        states = {n: s.exit_status() for n, s in pair.servers.items()}
        crashed = [n for n, st in states.items() if st.startswith("exited")]
        why = ""
        for n in crashed:
            tail = log_tail(pair.servers[n].log, 40)
            for word in ("SocketClosedUnexpectedlyError", "Unhandled 'error' event", "ECONNREFUSED"):
                if word in tail:
                    why = word
                    break
        if len(crashed) == 2:
            outcome = "apps crash"
        elif body_user(r) == "alice":
            outcome = "survives"
        else:
            outcome = "error"
        state_text = ", ".join(f"{n} {st}" for n, st in states.items())
        return outcome, f"redis-cli shutdown; {state_text}{' (' + why + ')' if why else ''}; {answer}"
    finally:
        lane.drop_pair("readme")
        lane.store.ensure()


def ev_sticky_failover(lane, event):
    pair = lane.pair("defaults")
    c = new_client()
    holder = login(pair, c)
    pair.servers[holder].stop(signal.SIGKILL)
    r = c.get(pair.url("sticky") + "/", timeout=TIMEOUT)
    if r.headers.get("X-Server") == holder:
        raise NotPlayable(f"{holder} was killed but answered")
    return survives(r), f"SIGKILL {holder}; {seen(r)}"


def ev_close_browser(lane, event):
    pair = lane.pair("defaults")
    c = new_client()
    holder = login(pair, c)
    before = jar_names(c)
    c.cookies.clear_session_cookies()
    after = jar_names(c)
    r = c.get(pair.url("sticky") + "/", timeout=TIMEOUT)
    return survives(r), f"jar {before} -> {after}; {seen(r)} (holder {holder})"


def ev_close_browser_replay(lane, event):
    pair = lane.pair("defaults")
    c = new_client()
    holder = login(pair, c)
    copy = jar_header(c)
    names = jar_names(c)
    c.cookies.clear_session_cookies()
    r = by_hand(pair.url("sticky") + "/", copy)
    return survives(r), f"old cookies {names} replayed by hand; {seen(r)} (holder {holder})"


def ev_idle(lane, event):
    pair = lane.pair(event["setup"])
    c = new_client()
    login(pair, c)
    time.sleep(4.5)
    sent = jar_names(c)
    r = c.get(pair.url("sticky") + "/", timeout=TIMEOUT)
    return survives(r), f"4.5 s idle, jar sends {sent}; {seen(r)}"


def ev_busy(lane, event):
    pair = lane.pair(event["setup"])
    c = new_client()
    login(pair, c)
    t0 = time.monotonic()
    lost_at = None
    for i in range(1, 9):
        time.sleep(max(0.0, t0 + i - time.monotonic()))
        r = c.get(pair.url("sticky") + "/", timeout=TIMEOUT)
        if lost_at is None and body_user(r) != "alice":
            lost_at = time.monotonic() - t0
    r = c.get(pair.url("sticky") + "/", timeout=TIMEOUT)
    when = f"first seen lost at +{lost_at:.1f} s" if lost_at is not None else "alive at every GET"
    return survives(r), f"GET / every second for 8 s: {when}; then {seen(r)}"


def ev_expired_cookie_replay(lane, event):
    pair = lane.pair(event["setup"])
    c = new_client()
    login(pair, c)
    copy = jar_header(c)
    time.sleep(4.5)
    r = by_hand(pair.url("sticky") + "/", copy)
    return ("accepted" if body_user(r) == "alice" else "refused"), f"copy sent 4.5 s later: {seen(r)}"


def post_timed(client, url, data, out, key, timeout=TIMEOUT):
    t0 = time.monotonic()
    try:
        out[key] = client.post(url, data=data, timeout=timeout)
    except requests.RequestException as err:
        out[key] = err
    out[key + "_t"] = (t0, time.monotonic())


def ev_two_tabs(lane, event):
    pair = lane.pair("defaults")
    c = new_client()
    holder = login(pair, c)
    url = pair.url("sticky") + "/cart"
    out = {}
    t1 = threading.Thread(target=post_timed, args=(c, url, {"item": "apple"}, out, "apple"), daemon=True)
    t1.start()
    time.sleep(0.03)
    post_timed(c, url, {"item": "pear"}, out, "pear")
    t1.join(TIMEOUT + 1)
    for k in ("apple", "pear"):
        if not isinstance(out.get(k), requests.Response) or out[k].status_code != 200:
            raise NotPlayable(f"POST /cart {k}: {out.get(k)!r}")
        if out[k].headers.get("X-Server") != holder:
            raise NotPlayable(f"POST /cart {k} went to {out[k].headers.get('X-Server')}, not {holder}")
    if out["apple_t"][1] <= out["pear_t"][0]:
        raise Invalid("the first POST ended before the second was sent")
    r = c.get(pair.url("sticky") + "/", timeout=TIMEOUT)
    cart = (r.json() or {}).get("cart") if r.status_code == 200 else None
    outcome = "both kept" if sorted(cart or []) == ["apple", "pear"] else "lost update"
    waited = (out["pear_t"][1] - out["pear_t"][0]) * 1000
    return outcome, f"cart={cart} (second POST took {waited:.0f} ms)"


def ev_logout_cookie(lane, event):
    pair = lane.pair("defaults")
    c = new_client()
    login(pair, c)
    names = [n for n in jar_names(c) if n != "SERVERID"]
    r = c.post(pair.url("sticky") + "/logout", timeout=TIMEOUT)
    if r.status_code != 200:
        raise NotPlayable(f"logout: {seen(r, 'POST /logout')}")
    left = [n for n in jar_names(c) if n != "SERVERID"]
    outcome = "cookie cleared" if any(n not in left for n in names) else "cookie kept"
    lines = set_cookies(r)
    said = " | ".join(brief_cookie(x) for x in lines) if lines else "no Set-Cookie"
    return outcome, f"POST /logout: {said}; jar {names} -> {left}"


def ev_logout_during_slow_request(lane, event):
    pair = lane.pair("defaults")
    c = new_client()
    login(pair, c)
    copy = jar_header(c)
    out = {}
    t1 = threading.Thread(target=post_timed, args=(c, pair.url("sticky") + "/cart", {"item": "apple"}, out, "cart"),
                          daemon=True)
    t1.start()
    time.sleep(0.03)
    post_timed(c, pair.url("sticky") + "/logout", {}, out, "logout")
    t1.join(TIMEOUT + 1)
    for k in ("cart", "logout"):
        if not isinstance(out.get(k), requests.Response):
            raise NotPlayable(f"POST /{k}: {out.get(k)!r}")
    if out["logout"].status_code != 200:
        raise NotPlayable(f"logout: {seen(out['logout'], 'POST /logout')}")
    if not out["logout_t"][1] < out["cart_t"][1]:
        raise Invalid("the logout did not end while the cart request was in progress")
    r = by_hand(pair.url("sticky") + "/", copy)
    outcome = "written back" if body_user(r) == "alice" else "not written back"
    return outcome, f"POST /cart: {out['cart'].status_code}; old cookie replayed: {seen(r)}"


def ev_secure_cookie(lane, event):
    results = []
    for label, extra in (("secure", {"SECURE": "1"}), ("secure-trust", {"SECURE": "1", "TRUST_PROXY": "1"})):
        pair = lane.pair(label, extra_env=extra, forwarded_proto=True)
        c = new_client()
        r = c.post(pair.url("sticky") + "/login", data={"user": "alice"}, timeout=TIMEOUT)
        names = [x.split("=", 1)[0] for x in set_cookies(r)]
        results.append(("cookie set" if "connect.sid" in names else "cookie not set", r))
    first, second = results
    detail = (f"X-Forwarded-Proto: https, cookie.secure: {seen(first[1], 'POST /login')}; "
              f"with trust proxy 1: {second[0]} {seen(second[1], 'POST /login')}")
    return first[0], detail


EVENTS = {
    "restart-holder": ev_restart_holder,
    "other-server": ev_other_server,
    "replace-holder": ev_replace_holder,
    "restart-store": ev_restart_store,
    "crash-store": ev_crash_store,
    "cache-shutdown-nosave": ev_cache_shutdown_nosave,
    "crash-cache-aof": ev_crash_cache_aof,
    "store-outage": ev_store_outage,
    "cache-stops-readme-client": ev_cache_stops_readme_client,
    "sticky-failover": ev_sticky_failover,
    "close-browser": ev_close_browser,
    "close-browser-replay": ev_close_browser_replay,
    "idle": ev_idle,
    "busy-past-8s": ev_busy,
    "app-absolute-limit": ev_busy,
    "expired-cookie-replay": ev_expired_cookie_replay,
    "two-tabs": ev_two_tabs,
    "logout-cookie": ev_logout_cookie,
    "logout-during-slow-request": ev_logout_during_slow_request,
    "secure-cookie-tls-at-balancer": ev_secure_cookie,
}

# Pair slots inside a lane's block of ports (4 ports each: s1, s2, round robin, sticky).
PAIR_SLOTS = {"defaults": 0, "readme": 1, "short": 0, "short-app-limit": 1, "secure": 0, "secure-trust": 1}


def lane_of(event):
    if event["id"] == "secure-cookie-tls-at-balancer":
        return "secure"
    return "defaults" if event["setup"] == "defaults" else "short"


# ---------------------------------------------------------------------------------------------
# Lanes and the run


class Lane:
    """One stack's events of one kind, with its own pairs and its own store process."""

    LANE_OFFSET = {"defaults": 0, "short": 12, "secure": 24}

    def __init__(self, run, stack, name):
        self.run = run
        self.stack = stack
        self.name = name
        self.dir = os.path.join(run.tmp, stack["id"], name)
        os.makedirs(self.dir, exist_ok=True)
        self.base = run.stack_base[stack["id"]] + self.LANE_OFFSET[name]
        self.pairs = {}
        self.lock = threading.Lock()
        kind = stack["store"]
        if name == "secure" or kind not in ("postgres", "db", "redis"):
            self.store = NoStore()
        elif kind == "redis":
            self.store = Redis(self.base + 10, os.path.join(self.dir, "redis"))
        else:
            self.store = Postgres(self.base + 10, os.path.join(self.dir, "pg"), run.pg_bindir, run.pg_template)

    def pair(self, label, extra_env=None, forwarded_proto=False):
        with self.lock:
            p = self.pairs.get(label)
            if p is None:
                setup = label if label in ("short", "short-app-limit") else "defaults"
                p = Pair(self, label, self.base + 1 + 4 * PAIR_SLOTS[label], setup, extra_env, forwarded_proto)
                self.pairs[label] = p
        p.ensure()
        return p

    def drop_pair(self, label):
        with self.lock:
            p = self.pairs.pop(label, None)
        if p is not None:
            p.close()

    def ready(self):
        """Before each event: the store up in its default mode, the pair's servers up."""
        self.store.ensure()
        if "defaults" in self.pairs:
            self.pairs["defaults"].ensure()

    def reset(self):
        """After a failed attempt: fresh servers, and the store back up."""
        for label in list(self.pairs):
            self.drop_pair(label)
        self.store.ensure()

    def close(self):
        for label in list(self.pairs):
            try:
                self.drop_pair(label)
            except Exception:
                pass
        self.store.close()
        REG.drop_cleanup(getattr(self.store, "dir", None))


class Run:
    def __init__(self, args, scenarios):
        self.args = args
        self.stacks = [s for s in scenarios["stack"] if not args.stack or s["id"] in args.stack]
        self.events = [e for e in scenarios["event"] if not args.event or e["id"] in args.event]
        self.order = {s["id"]: i for i, s in enumerate(scenarios["stack"])}
        self.event_order = {e["id"]: i for i, e in enumerate(scenarios["event"])}
        self.stack_base = {s["id"]: args.base_port + PORTS_PER_STACK * (1 + self.order[s["id"]])
                           for s in scenarios["stack"]}
        self.cells = []
        self.errors = []
        self.lock = threading.Lock()
        self.tmp = None
        self.pg_template = None
        self.pg_bindir = None

    def applies(self, event, stack):
        a = event["applies"]
        return a == "all" or stack["id"] in a

    def say(self, text):
        with self.lock:
            print(text, flush=True)

    def record(self, stack, event, outcome, detail):
        if outcome not in event["outcomes"]:
            raise NotPlayable(f"outcome {outcome!r} is not one of {event['outcomes']}")
        with self.lock:
            self.cells.append({"stack": stack["id"], "event": event["id"], "outcome": outcome, "detail": detail})
        self.say(f"  {stack['id']:<17} {event['id']:<30} {outcome:<22} {detail}")

    def play(self, lane, event):
        """One event, with a second try after a failed set-up and up to three tries when the
        machine did not keep the event's timing."""
        fn = EVENTS[event["id"]]
        last = None
        for attempt in range(3):
            try:
                if lane.name == "defaults":
                    lane.ready()
                outcome, detail = fn(lane, event)
                self.record(lane.stack, event, outcome, detail)
                return
            except Stopping:
                raise
            except Invalid as err:
                last = f"timing not kept: {err}"
            except (NotPlayable, requests.RequestException, OSError, subprocess.SubprocessError) as err:
                if REG.closed:
                    raise Stopping("the run is stopping") from err
                last = f"{type(err).__name__}: {err}"
                if not isinstance(err, NotPlayable):
                    frame = traceback.extract_tb(err.__traceback__)[-1]
                    last += f" (at {os.path.basename(frame.filename)}:{frame.lineno} {frame.name})"
                if attempt >= 1:
                    break
                self.say(f"  {lane.stack['id']:<17} {event['id']:<30} (retrying after: {last})")
                try:
                    lane.reset()
                except Exception as reset_err:
                    last += f"; reset failed: {reset_err}"
                    break
        with self.lock:
            self.errors.append({"stack": lane.stack["id"], "event": event["id"], "error": last})
        self.say(f"  {lane.stack['id']:<17} {event['id']:<30} NOT PLAYED: {last}")

    def lane_worker(self, stack, name, events):
        lane = None
        try:
            lane = Lane(self, stack, name)
            lane.store.ensure()
            if name == "short":
                threads = [threading.Thread(target=self.guarded, args=(self.play, lane, e), daemon=True)
                           for e in events]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join(120)
            else:
                for e in events:
                    self.play(lane, e)
        except Stopping:
            pass
        except Exception as err:
            traceback.print_exc()
            with self.lock:
                for e in events:
                    self.errors.append({"stack": stack["id"], "event": e["id"], "error": f"lane failed: {err}"})
        finally:
            if lane is not None:
                try:
                    lane.close()
                except Exception:
                    traceback.print_exc()

    def guarded(self, fn, *args):
        try:
            fn(*args)
        except Stopping:
            pass
        except Exception:
            traceback.print_exc()

    def lanes(self):
        for stack in self.stacks:
            per_lane = {}
            for e in self.events:
                if self.applies(e, stack):
                    per_lane.setdefault(lane_of(e), []).append(e)
            for name in ("short", "defaults", "secure"):
                if per_lane.get(name):
                    yield stack, name, per_lane[name]


def versions():
    def first_line(cmd):
        """The version number in the first line a program prints about itself."""
        try:
            res = subprocess.run(cmd, capture_output=True, text=True, timeout=10, stdin=subprocess.DEVNULL)
            line = (res.stdout or res.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.SubprocessError):
            return "missing"
        found = re.search(r"v?=?(\d+\.\d+(?:\.\d+)?(?:-[^\s]+)?)", line)
        return found.group(1) if found else line

    out = {}
    for pkg in ("express", "express-session", "session-file-store", "connect-redis", "redis", "connect-pg-simple",
                "pg", "cookie-session"):
        try:
            with open(os.path.join(HERE, "node_modules", pkg, "package.json")) as f:
                out[pkg] = json.load(f)["version"]
        except OSError:
            out[pkg] = "missing"
    from importlib import metadata

    for pkg in ("Django", "redis", "psycopg", "requests"):
        try:
            out[f"python:{pkg}"] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[f"python:{pkg}"] = "missing"
    out["node"] = first_line(["node", "--version"])
    out["python"] = sys.version.split()[0]
    out["php"] = first_line(["php", "-v"])
    out["haproxy"] = first_line(["haproxy", "-v"])
    out["redis-server"] = first_line(["redis-server", "--version"])
    try:
        out["postgresql"] = first_line([os.path.join(pg_bindir(), "postgres"), "--version"])
    except NotPlayable:
        out["postgresql"] = "missing"
    return out


class Interrupted(BaseException):
    pass


def on_signal(signum, _frame):
    raise Interrupted(signal.Signals(signum).name)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scenarios", default=os.path.join(HERE, "scenarios.toml"))
    ap.add_argument("--out", default=os.path.join(ROOT, "test-output", "reality", "real.json"))
    ap.add_argument("--stack", action="append", help="only this stack (repeatable)")
    ap.add_argument("--event", action="append", help="only this event (repeatable)")
    ap.add_argument("--base-port", type=int, default=21000, help="ports used: base .. base + 40 * (stacks + 1)")
    ap.add_argument("--timeout", type=float, default=420, help="stop everything after this many seconds")
    ap.add_argument("--keep", action="store_true", help="keep the scratch directory (logs, configs)")
    args = ap.parse_args()

    with open(args.scenarios, "rb") as f:
        scenarios = tomllib.load(f)
    known = {s["id"] for s in scenarios["stack"]}, {e["id"] for e in scenarios["event"]}
    for wanted, ids, what in ((args.stack, known[0], "stack"), (args.event, known[1], "event")):
        for w in wanted or []:
            if w not in ids:
                ap.error(f"unknown {what} {w}")
    missing = [e["id"] for e in scenarios["event"] if e["id"] not in EVENTS]
    if missing:
        ap.error(f"no driver code for events {missing}")

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    started = time.monotonic()
    run = Run(args, scenarios)
    code = 0
    threads = []
    try:
        run.tmp = tempfile.mkdtemp(prefix="session-lab-reality-")
        os.chmod(run.tmp, 0o755)  # the postgres user reads its clusters under it
        print(f"driver: scratch directory {run.tmp}", flush=True)
        info = versions()
        if any(s["store"] in ("postgres", "db") for s in run.stacks):
            run.pg_bindir = pg_bindir()
            run.pg_template = make_pg_template(run.tmp, run.pg_bindir, args.base_port + 1)
        for stack, name, events in run.lanes():
            t = threading.Thread(target=run.lane_worker, args=(stack, name, events), daemon=True,
                                 name=f"{stack['id']}/{name}")
            t.start()
            threads.append(t)
        deadline = started + args.timeout
        for t in threads:
            while t.is_alive():
                t.join(0.2)
                if time.monotonic() > deadline:
                    raise Interrupted(f"time limit ({args.timeout:.0f} s)")
    except Interrupted as why:
        print(f"\ndriver: stopping ({why}): stopping every process started", file=sys.stderr, flush=True)
        code = 130
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        REG.stop_all()
        for t in threads:
            t.join(2)
        still = []
        for port in sorted(REG.ports):
            try:
                wait_port_closed(port, timeout=3)
            except NotPlayable:
                still.append(port)
        if still:
            print(f"driver: ports still listening after the run: {still}", file=sys.stderr)
            code = code or 1
        if run.tmp and not args.keep:
            shutil.rmtree(run.tmp, ignore_errors=True)
        elif run.tmp:
            print(f"driver: scratch directory kept: {run.tmp}", file=sys.stderr)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)

    if code == 0:
        run.cells.sort(key=lambda c: (run.order[c["stack"]], run.event_order[c["event"]]))
        seconds = round(time.monotonic() - started, 1)
        result = {"cells": run.cells, "seconds": seconds, "versions": info,
                  "scope": {"stacks": [x["id"] for x in run.stacks], "events": [e["id"] for e in run.events]}}
        if run.errors:
            result["errors"] = run.errors
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, "w") as f:
            json.dump(result, f, indent=1)
            f.write("\n")
        print(f"driver: {len(run.cells)} cells played, {len(run.errors)} not played, in {seconds} s -> {args.out}")
    return code


if __name__ == "__main__":
    sys.exit(main())
