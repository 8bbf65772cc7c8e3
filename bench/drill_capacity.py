"""Driver of bench/drill_capacity.sh: joins trainees to a running `firedrill serve --workshop`
and gives each a client that behaves like a dashboard, then measures the server's CPU.

For N = 1, 2, 4, 8, 12, 16, 24, 32, 48, 64 trainees (cumulative: earlier trainees keep
polling), it lets the clients settle, then measures over a window the server process's CPU
(utime + stime of /proc/PID/stat, over wall time x CPUs) and the driver's own, and stops once
the server passes the limit or the workshop refuses a trainee. Python 3 standard library only.

Profiles (what each trainee's client does):
  dashboard  what firedrill-dashboard's HTTP client does (dashboard/client/http_client.cpp):
             every 250 ms GET session, alerts, topology, metrics?since=NEXT&limit=3600,
             logs?since=CURSOR&limit=2000 (paged); every 3 s debrief and postmortem; and it holds
             the /events stream
  poll1s     a lighter client: every second GET session, metrics?since=NEXT, alerts,
             logs?since=CURSOR&contains=502, timeline; and it holds the /events stream
"""

import argparse
import http.client
import json
import os
import random
import sys
import threading
import time
import urllib.parse

STEPS = [1, 2, 4, 8, 12, 16, 24, 32, 48, 64]
TIMEOUT_S = 10


class Stats:
    """Counts shared by every client thread; latencies of the current window only."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0
        self.errors = 0
        self.last_error = ""
        self.latencies = []
        self.stream_bytes = 0
        self.streams_refused = 0

    def record(self, seconds, ok, why=""):
        with self.lock:
            self.requests += 1
            self.latencies.append(seconds)
            if not ok:
                self.errors += 1
                self.last_error = why

    def take(self):
        with self.lock:
            out = (self.requests, self.errors, self.latencies, self.stream_bytes)
            self.requests, self.errors, self.latencies, self.stream_bytes = 0, 0, [], 0
            return out


class Client:
    """One keep-alive connection; reconnects once when the server closed it (its keep-alive
    lasts 1 s idle and 100 requests, so a poll may find the socket gone)."""

    def __init__(self, host, port, token, stats):
        self.host, self.port, self.stats = host, port, stats
        self.headers = {"Authorization": "Bearer " + token}
        self.conn = None

    def get(self, path):
        started = time.monotonic()
        for attempt in (1, 2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT_S)
                self.conn.request("GET", path, headers=self.headers)
                resp = self.conn.getresponse()
                body = resp.read()
                if resp.getheader("Connection", "").lower() == "close":
                    self.close()
                ok = 200 <= resp.status < 300
                self.stats.record(time.monotonic() - started, ok, f"{path}: HTTP {resp.status}")
                return body if ok else None
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as e:
                self.close()
                if attempt == 2:
                    self.stats.record(time.monotonic() - started, False, f"{path}: {e!r}")
            except (OSError, http.client.HTTPException) as e:
                self.close()
                self.stats.record(time.monotonic() - started, False, f"{path}: {e!r}")
                return None
        return None

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def poll_forever(client, profile, stop):
    """The dashboard's polling loop, with its cursors."""
    metrics_next, log_cursor, last_report = None, 0, 0.0
    period = 0.25 if profile == "dashboard" else 1.0
    stop.wait(random.uniform(0, period))  # clients spread over the period, as people are
    while not stop.is_set():
        started = time.monotonic()
        client.get("/api/v1/session")
        client.get("/api/v1/alerts")
        if profile == "dashboard":
            client.get("/api/v1/topology")
        # The first poll takes the latest hour (the dashboard's) or 5 minutes, then since=NEXT.
        query = [f"since={metrics_next}"] if metrics_next is not None else []
        query.append("limit=3600" if profile == "dashboard" else "limit=300")
        body = client.get("/api/v1/metrics?" + "&".join(query))
        if body:
            metrics_next = json.loads(body)["next"]
        if profile == "dashboard":
            if started - last_report > 3:
                last_report = started
                client.get("/api/v1/debrief")
                client.get("/api/v1/postmortem")
            for _ in range(16):  # the dashboard pages through at most 16 x 2000 lines a round
                body = client.get(f"/api/v1/logs?since={log_cursor}&limit=2000")
                if not body:
                    break
                answer = json.loads(body)
                log_cursor = answer["next_cursor"]
                if not answer["truncated"]:
                    break
        else:
            body = client.get(f"/api/v1/logs?since={log_cursor}&contains=502")
            if body:
                log_cursor = json.loads(body)["next_cursor"]
            client.get("/api/v1/timeline")
        stop.wait(max(0.0, period - (time.monotonic() - started)))
    client.close()


def follow_events(host, port, token, stats, stop):
    """Holds /api/v1/events open and reads what comes, as the dashboard's event thread does."""
    while not stop.is_set():
        conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT_S)
        try:
            conn.request("GET", "/api/v1/events", headers={"Authorization": "Bearer " + token})
            resp = conn.getresponse()
            if resp.status == 503:
                with stats.lock:
                    stats.streams_refused += 1
                resp.read()
                stop.wait(5)  # its Retry-After
                continue
            while not stop.is_set():
                chunk = resp.read1(65536)
                if not chunk:
                    break  # the stream ended (its 10-minute maximum): reconnect
                with stats.lock:
                    stats.stream_bytes += len(chunk)
        except (OSError, http.client.HTTPException):
            stop.wait(1)
        finally:
            conn.close()


def call(host, port, method, path, body=None, token=None):
    """(status, answer as JSON) of one request on a connection of its own."""
    conn = http.client.HTTPConnection(host, port, timeout=120)  # a long step takes a while
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    resp = conn.getresponse()
    answer = json.loads(resp.read() or b"{}")
    conn.close()
    return resp.status, answer


def join(host, port, name):
    """The trainee's token, or None with why when the workshop refuses."""
    status, answer = call(host, port, "POST", "/api/v1/workshop/join", {"name": name})
    if status != 201:
        return None, f"HTTP {status}: {answer.get('error', '')}"
    return answer["token"], ""


def step_drill(host, port, token, seconds):
    """Moves the trainee's drill `seconds` on at once (simulated before the answer), then 1x."""
    if seconds <= 0:
        return
    status, answer = call(host, port, "POST", "/api/v1/clock",
                          {"pause": True, "step_seconds": seconds}, token)
    if status != 200:
        sys.exit(f"drill_capacity: stepping a drill: HTTP {status} {answer}")
    call(host, port, "POST", "/api/v1/clock", {"resume": True}, token)


def drill_length_s(host, port):
    """The scenario's length, from a throwaway trainee's session (it counts as one joined)."""
    token, why = join(host, port, "bench-1")
    if not token:
        sys.exit(f"drill_capacity: cannot join: {why}")
    _, session = call(host, port, "GET", "/api/v1/session", token=token)
    return token, session["clock"]["length_us"] / 1e6


def server_cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()  # the name may hold spaces
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def server_memory(pid):
    """(resident MB, threads) of the server now."""
    fields = dict(line.split(":", 1) for line in open(f"/proc/{pid}/status"))
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["Threads"])


def driver_cpu_seconds():
    t = os.times()
    return t.user + t.system


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("url", help="the server, http://127.0.0.1:PORT")
    ap.add_argument("pid", type=int, help="the server's process id")
    ap.add_argument("--profile", choices=["dashboard", "poll1s"], default="dashboard")
    ap.add_argument("--limit", type=float, default=50.0, help="server CPU, %% of the machine (50)")
    ap.add_argument("--settle", type=float, default=3.0, help="seconds before each window (3)")
    ap.add_argument("--window", type=float, default=6.0, help="seconds measured per step (6)")
    ap.add_argument("--max", type=int, default=64, help="stop after this many trainees (64)")
    ap.add_argument("--at-minutes", type=float, default=40,
                    help="step each drill this far in first, at most 5 min before its end (40)")
    args = ap.parse_args()
    url = urllib.parse.urlsplit(args.url)
    if url.scheme != "http" or not url.hostname or not url.port:
        sys.exit(f"drill_capacity: not an http://HOST:PORT URL: {args.url}")
    if not os.path.exists(f"/proc/{args.pid}/stat"):
        sys.exit(f"drill_capacity: no process {args.pid}")
    cpus = os.cpu_count()
    stats, stop = Stats(), threading.Event()
    joined, best, refused, why_stopped = 0, 0, "", f"reached {args.max} trainees"
    print(f"profile {args.profile}, {cpus} CPUs, window {args.window:g} s, "
          f"limit {args.limit:g}% of the machine")
    # Each drill is stepped to the same moment, late in the scenario: its journal (which
    # /debrief, /postmortem and /timeline rebuild on every request) is near its largest.
    first_token, length_s = drill_length_s(url.hostname, url.port)
    at_s = max(0.0, min(args.at_minutes * 60, length_s - 300))  # 5 live minutes left
    print(f"each drill stepped to {at_s / 60:g} of its {length_s / 60:g} simulated minutes, then 1x")
    print(f"{'trainees':>8} {'server cpu':>10} {'per drill':>9} {'driver cpu':>10} {'req/s':>7} "
          f"{'errors':>6} {'p50 ms':>7} {'p99 ms':>7} {'events KB/s':>11} {'RSS MB':>6} {'threads':>7}")

    def setup(i, token=None):
        """Joins trainee i (unless given its token), steps its drill, starts its clients."""
        nonlocal refused
        if token is None:
            token, why = join(url.hostname, url.port, f"bench-{i}")
            if not token:
                refused = refused or why
                return
        step_drill(url.hostname, url.port, token, at_s)
        client = Client(url.hostname, url.port, token, stats)
        for target, extra in ((poll_forever, (client, args.profile, stop)),
                              (follow_events, (url.hostname, url.port, token, stats, stop))):
            threading.Thread(target=target, args=extra, daemon=True).start()

    try:
        for n in (s for s in STEPS if s <= args.max):
            refused = ""
            # Two at a time (the machine's cores): a step of the drill is simulated at once.
            batch = list(range(joined + 1, n + 1))
            for pair in (batch[k:k + 2] for k in range(0, len(batch), 2)):
                starting = [threading.Thread(target=setup, args=(i, first_token if i == 1 else None))
                            for i in pair]
                for t in starting:
                    t.start()
                for t in starting:
                    t.join()
            joined = n
            if refused:
                why_stopped = f"the workshop refused a trainee: {refused}"
                break
            time.sleep(args.settle)
            stats.take()
            server0, driver0, wall0 = server_cpu_seconds(args.pid), driver_cpu_seconds(), time.monotonic()
            time.sleep(args.window)
            server1, driver1, wall1 = server_cpu_seconds(args.pid), driver_cpu_seconds(), time.monotonic()
            requests, errors, latencies, stream_bytes = stats.take()
            rss, threads = server_memory(args.pid)
            wall = wall1 - wall0
            server = 100 * (server1 - server0) / (wall * cpus)
            driver = 100 * (driver1 - driver0) / (wall * cpus)
            print(f"{n:8d} {server:9.1f}% {server / n:8.2f}% {driver:9.1f}% {requests / wall:7.0f} "
                  f"{errors:6d} {1000 * percentile(latencies, 50):7.1f} {1000 * percentile(latencies, 99):7.1f} "
                  f"{stream_bytes / wall / 1024:11.1f} {rss:6.0f} {threads:7d}", flush=True)
            if errors:
                print(f"         last error: {stats.last_error}", flush=True)
            if server >= args.limit:
                why_stopped = f"{n} trainees passed {args.limit:g}%"
                break
            best = n
    finally:
        stop.set()
    # What the drills cost without any client: the rest of each step's figure is the API's.
    time.sleep(2)  # the clients notice the stop (streams at their next event or ping)
    server0, wall0 = server_cpu_seconds(args.pid), time.monotonic()
    time.sleep(args.window)
    server = 100 * (server_cpu_seconds(args.pid) - server0) / ((time.monotonic() - wall0) * cpus)
    print(f"{joined:8d} {server:9.1f}% {server / joined:8.2f}%  drills only: every client stopped")
    if stats.streams_refused:
        print(f"event streams refused (503): {stats.streams_refused}")
    print(f"stopped: {why_stopped}")
    print(f"largest N under {args.limit:g}% of the machine: {best}" if best else
          f"even 1 trainee passed {args.limit:g}% of the machine")


if __name__ == "__main__":
    main()
