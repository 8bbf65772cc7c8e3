-- retry-storm: a 15-second storage stall on the database primary at the Friday dinner peak.
-- Requests time out, and the mobile app's networking SDK (8.2, released on Tuesday) retries
-- every failure five times, at once, with a 3-second timeout. The web tier drowns in retries
-- of requests that already failed; long after the database is back, the site stays down,
-- because the load the retries create is itself what makes requests fail.
-- Misleading: the database paged first and it is back ("it's over"); then the replica lags
-- while it catches up after the stall, and the web servers' pool timeouts keep pointing at the
-- database.
-- The fix: break the loop — cap the load balancer's connections so the web servers can
-- answer what they accept — and have the mobile team push the remote-config kill switch for
-- the SDK's retries (exponential backoff, two retries), then lift the cap.

meta {
  id = "retry-storm",
  title = "A 15-second database stall, then a retry storm that will not stop",
  difficulty = "advanced",
  length = "75m",
  seed = 88,
  time_zone = "Asia/Seoul",
  start = "2025-06-13 18:52:00",
  services = { "food ordering app" },
  briefing = [[
You are on call for Bapsang, a food-ordering app in Seoul (an nginx load balancer, 6 web
servers, a PostgreSQL primary with a read replica, and a Redis cache). It is Friday 18:52 KST:
dinner orders are climbing to the week's peak. Most traffic comes from the iOS and Android
apps. Watch the alerts, keep the restaurants and the support team informed, and get orders
flowing.]],
  root_cause = [[
A 15-second storage stall on the database primary set off a retry storm that kept the app down
long after the database recovered. Mobile SDK 8.2 retries every failure five times at once with
a 3-second timeout, so each failure became six requests and the web tier stayed overloaded with
latency above the clients' timeout. The replica lag and the pool timeouts were symptoms.]],
  resolution = [[
Capping the load balancer at 300 connections turned the excess into fast refusals, so the web
servers answered in time again and the retries stopped. The mobile team then switched the SDK
to two retries with backoff through remote config, and the cap was lifted.]],
  learning_goals = {
    "Recognise a metastable failure: the trigger is gone, the overload sustains itself",
    "Compare attempts with requests (users.attempts vs users.requests) to see retries amplify load",
    "Shed load at the edge to break a retry loop instead of restarting servers",
    "Find the client-side change (an SDK release) behind a server-side outage",
    "Avoid treating a recovered dependency (the database) as the ongoing cause",
  },
  tags = { "retries", "metastable", "load-shedding", "mobile", "advanced" },
  author = "firedrill",
}

-- Six web servers at about 85% CPU at the dinner peak, with deep accept queues (backlog 1024:
-- seconds of work once they fill) and, as in nginx open source, no active health checks: the
-- load balancer keeps sending to overloaded servers instead of shedding them. Both matter: the
-- queue is what pushes latency past the SDK's 3 s timeout, and nothing sheds load by itself.
stack {
  web = { count = 6, workers = 24, backlog = 1024, cpu_cores = 4, cpu_ms = 24, queries = 4,
          db_pool_size = 12, pool_wait_timeout = "2s" },
  db = { max_connections = 150, query_slots = 20, query_ms = 2.2, replica = true,
         read_fraction = 0.6 },
  cache = { enabled = true, hit_ratio = 0.7, lookup_ms = 0.5 },
  lb = { policy = "least_connections", proxy_timeout = "30s", health_interval = "0s" },
  client = { timeout = "15s", max_retries = 1, retry_backoff = "1s" },
  hosts = {
    web = { memory_mb = 8192, service = "gunicorn", app_version = "v12.4.0" },
    db = { cpu_cores = 16, memory_mb = 65536 },
  },
}

-- Seoul dinner: a sharp peak from 18:00 to 20:00.
traffic {
  rps = 700,
  users = 180000,
  daily_curve = { 0.15, 0.08, 0.05, 0.04, 0.04, 0.06, 0.12, 0.25, 0.35, 0.4, 0.55, 0.9,
                  1.1, 0.8, 0.5, 0.45, 0.5, 0.7, 1.05, 1.2, 1.0, 0.7, 0.45, 0.25 },
}

-- ---- Alerts -------------------------------------------------------------------------------------

alert {
  name = "OrdersFailing",
  expr = "avg_over(1m, users.error_ratio) > 0.1",
  hold = "1m",
  severity = "page",
  summary = "{{ $value }} of app requests fail (client-side view)",
  description = "More than 10% of the users' requests failed in the last minute, after the "
             .. "clients' own retries.",
  runbook = "runbooks/orders-failing",
  labels = { team = "sre" },
}

alert {
  name = "PostgresPrimaryUnresponsive",
  expr = "max_over(30s, web-*.db_pool_timeouts) > 5",
  hold = "0s",
  keep_firing_for = "1m",
  severity = "page",
  summary = "{{ $labels.component }}: {{ $value }} pool timeouts/s waiting for the primary",
  runbook = "runbooks/postgres-primary-unresponsive",
  labels = { team = "dba" },
}

alert {
  name = "RequestAmplification",
  expr = "avg_over(2m, users.attempts / users.requests) > 2",
  hold = "2m",
  severity = "ticket",
  summary = "clients send {{ $value }} attempts per request",
  description = "The users' attempts (first tries plus retries) per request they make. Normal "
             .. "is about 1.0.",
  runbook = "runbooks/request-amplification",
  labels = { team = "sre" },
}

alert {
  name = "ReplicaLagging",
  expr = "db-replica.replication_lag_seconds > 20",
  hold = "1m",
  severity = "ticket",
  summary = "db-replica is {{ $value }} s behind the primary",
  runbook = "runbooks/replica-lagging",
  labels = { team = "dba" },
}

runbook {
  alert = "OrdersFailing",
  title = "App requests failing",
  text = [[
1. Where do they fail? `tail -n 30 /var/log/nginx/error.log` on lb; `tail /var/log/app/app.log`
   on a web server.
2. Is the load normal? Compare the LB's request rate with the users' request rate: clients'
   retries show up as extra attempts (alert RequestAmplification).
3. If the servers are overloaded by retries, shed load at the LB: lower `max_connections` on
   lb (e.g. 300) so that what is accepted is answered in time. Lift it once the clients back
   off.]],
}

runbook {
  alert = "PostgresPrimaryUnresponsive",
  title = "The web servers time out waiting for the primary",
  text = [[
1. Is the primary up? `systemctl status postgresql` and `tail` of its log on db.
2. `psql -c 'select state, count(*) from pg_stat_activity group by 1'` on db.
3. Pool timeouts with an idle database mean the web servers are the bottleneck, not the
   database.]],
}

runbook {
  alert = "RequestAmplification",
  title = "Clients retry much more than usual",
  text = [[
1. Which clients? The LB's access log has the user agent (`grep -c Bapsang-iOS`).
2. The mobile SDK's retry policy lives in remote config (mobile team, flag
   `net.retry_policy`): the kill switch sets two retries with exponential backoff; apps pick
   it up within 5 minutes.
3. Meanwhile shed load at the LB.]],
}

runbook {
  alert = "ReplicaLagging",
  title = "Read replica behind the primary",
  text = [[
Above 30 s of lag the app sends reads to the primary. After a stall on the primary the replica
catches up by itself within minutes; check `pg_stat_replication` on db.]],
}

-- ---- History ----------------------------------------------------------------------------------

deploy {
  version = "v12.4.0",
  ago = "1d4h",
  author = "ordering team",
  summary = "restaurant menus: allergen filters",
  hosts = "web-*",
}

deploy {
  version = "mobile SDK 8.2 (iOS 5.31, Android 5.31)",
  ago = "3d9h",
  author = "mobile team",
  summary = "networking: unified retry policy (max_retries 5, backoff 0, timeout 3 s) to "
         .. "'make flaky mobile networks feel faster'",
}

-- ---- Faults -------------------------------------------------------------------------------------

-- The trigger: the primary's storage volume stalls for 15 seconds.
fault {
  id = "db-io-stall",
  kind = "hang",
  targets = "db",
  params = { duration = "15s" },
  at = "6m",
}

-- The cause of the long outage: the SDK's retry policy, which only matters once requests fail.
fault {
  id = "sdk-retries",
  kind = "retry_storm",
  targets = "users",
  params = { retries = 5, backoff = "0s", timeout = "3s" },
  at = "6m",
}

-- Misleading: the replica lags after the stall and catches up by itself.
red_herring {
  id = "replica-catch-up",
  kind = "replication_lag",
  targets = "db-replica",
  params = { rate = 0.6, max = 70, duration = "16m" },
  at = "6m10s",
  explanation = "The replica fell behind during the primary's stall and the WAL burst after it, "
             .. "then caught up by itself. Its lag sent reads to the primary for a while but "
             .. "never caused the errors.",
}

-- Shedding load at the LB breaks the loop (a mitigation; the clients are still aggressive).
fix {
  action = "set_config",
  targets = "lb",
  params = { key = "max_connections" },
  check = function(_, params)
    local value = tonumber(params.value)
    return value ~= nil and value <= 600
  end,
  mitigates = "sdk-retries",
  note = "a connection cap turns the excess into fast refusals; accepted requests finish in time",
}

-- The mobile team's remote-config kill switch: apps pick it up over five minutes.
local kill_switch_at = nil

when(function() return escalated("mobile") and kill_switch_at == nil end, function()
  kill_switch_at = now() + 6 * 60  -- the team answers, then flips the flag
end, { name = "mobile team starts on the retry kill switch", quiet = true })

when(function() return kill_switch_at ~= nil and now() >= kill_switch_at end, function()
  ramp("sdk-retries", 0, 300)
end, { name = "remote config: net.retry_policy=backoff_v2 rolling out to the apps" })

when(function() return kill_switch_at ~= nil and now() >= kill_switch_at + 300 end, function()
  clear("sdk-retries")
end, { name = "every app runs the backoff retry policy" })

resolved_when(function()
  return fault_state("db-io-stall") == "cleared" and fault_state("sdk-retries") == "cleared"
     and metric("users", "error_ratio") < 0.01 and metric("lb", "error_ratio") < 0.01
end, { hold = "3m" })

-- ---- What the hosts say -------------------------------------------------------------------------

at("6m", function()
  log("db", "/var/log/kern.log", string.format(
    "%s db kernel: [5123407.551204] nvme nvme1: I/O 812 QID 6 timeout, completion polled",
    clock("syslog")))
end, { name = "storage stall on db" })

at("6m12s", function()
  log("db", "/var/log/kern.log", string.format(
    "%s db kernel: [5123419.880113] nvme nvme1: I/O 815 QID 2 timeout, completion polled",
    clock("syslog")))
  log("db", "/var/log/postgresql/postgresql-15-main.log", string.format(
    "%s [611] LOG:  checkpoint complete: wrote 48211 buffers (18.4%%); 0 WAL file(s) added, 0 "
      .. "removed, 31 recycled; write=14.806 s, sync=12.913 s, total=15.241 s", clock("sql")))
end, { name = "storage recovers", quiet = true })

-- While the storm lasts, the web servers' app logs show clients hanging up on them.
every("20s", function()
  if not fault_active("sdk-retries") or metric("users", "error_ratio") < 0.05 then return end
  for _, web in ipairs(hosts("web-*")) do
    log(web, "/var/log/app/app.log", string.format(
      "[%s +0900] [%d] [WARNING] client disconnected before response: GET /api/v3/orders/active "
        .. "(Bapsang-%s/5.31 SDK/8.2) after %.1fs", clock("datetime"), 700 + math.random(0, 90),
      math.random() < 0.6 and "iOS" or "Android", 3 + math.random() * 0.2))
  end
end, { name = "client disconnects", quiet = true, start = "6m30s" })

-- ---- The trainee's world --------------------------------------------------------------------

-- A little traffic report on lb: the share of retried requests in the access log.
command {
  host = "lb",
  name = "retry-report",
  output = function()
    local requests = metric("users", "requests")
    local attempts = metric("users", "attempts")
    local retries = metric("users", "retries")
    return string.format(
      "last second: %d user requests, %d attempts (%d retries, %.1f attempts per request)\n"
        .. "top user agents by retries:\n"
        .. "  Bapsang-iOS/5.31 SDK/8.2       %5.1f%%\n"
        .. "  Bapsang-Android/5.31 SDK/8.2   %5.1f%%\n"
        .. "  Bapsang-iOS/5.30 SDK/8.1       %5.1f%%\n",
      requests, attempts, retries, requests > 0 and attempts / requests or 0,
      retries > 0 and 58.2 or 0, retries > 0 and 40.9 or 0, retries > 0 and 0.9 or 0)
  end,
}

file {
  host = "web-*",
  path = "/srv/bapsang/remote-config/net.json",
  content = function()
    if kill_switch_at ~= nil and now() >= kill_switch_at then
      return '{"net.retry_policy": "backoff_v2", "max_retries": 2, "backoff_ms": 500, '
          .. '"timeout_ms": 10000}\n'
    end
    return '{"net.retry_policy": "sdk_default", "max_retries": 5, "backoff_ms": 0, '
        .. '"timeout_ms": 3000}\n'
  end,
}

team {
  id = "dba",
  name = "Database on-call (Minho)",
  delay = "4m",
  reply = function(message)
    if message:lower():find("restart") or message:lower():find("failover") then
      return "Please don't fail over: the primary is healthy since 18:58:15. The volume stalled "
          .. "for ~15 s (kernel nvme timeouts); the provider confirmed it. Queries take 2 ms "
          .. "and we have free slots. The replica lag is the catch-up and shrinking."
    end
    return "The primary stalled for about 15 s at 18:58 (storage) and has been fine since: "
        .. "2 ms queries, free slots, no errors. Whatever is failing now isn't waiting on us. "
        .. "The replica is catching up, ignore its lag."
  end,
}

team {
  id = "mobile",
  name = "Mobile on-call (Seoyeon)",
  delay = "4m",
  reply = "SDK 8.2 does retry aggressively: 5 immediate retries, 3 s timeout. I can flip "
       .. "net.retry_policy to backoff_v2 (2 retries, exponential backoff, 10 s timeout) in "
       .. "remote config now; apps poll it every 5 minutes. Doing it in two minutes.",
}

team {
  id = "ordering",
  name = "Ordering team (Hyunwoo)",
  delay = "6m",
  reply = "v12.4.0 went out yesterday and only touched menu filtering. The app log shows "
       .. "clients disconnecting after 3 s: that's the new SDK timeout, not us.",
}

stakeholder {
  from = "support",
  name = "Jiwoo (customer support)",
  channel = "slack",
  at = "10m",
  text = "Restaurants are calling: the tablet app shows no new orders and customers say "
      .. "'network error, retrying...' forever. Is this known?",
}

stakeholder {
  from = "customer",
  name = "Gangnam Gukbap House (restaurant partner)",
  channel = "phone",
  at = "14m",
  text = "We've had zero orders since seven on a Friday. Our tablet spins. How long?",
}

stakeholder {
  from = "manager",
  name = "Park Eunji (VP engineering)",
  channel = "slack",
  when = function() return alert_firing("OrdersFailing") and now() >= 18 * 60 end,
  text = "The database incident was 15 seconds, why are we still down? Restaurants are "
      .. "escalating to sales. I need a cause and an ETA.",
}

hint {
  id = "db-is-back",
  after = "14m",
  when = function() return fault_active("sdk-retries") and not escalated() end,
  text = "The database stalled at 18:58 for seconds. Is it still slow now? Compare the DB's "
      .. "query times with the web servers' busy workers and backlog.",
}

hint {
  id = "amplification",
  after = "20m",
  when = function() return fault_active("sdk-retries") and actions("lb") == 0 end,
  text = "How many attempts does the LB get per user request? Try `retry-report` on lb. Where "
      .. "could you refuse the excess cheaply?",
}

hint {
  id = "kill-switch",
  after = "28m",
  when = function() return fault_active("sdk-retries") and not escalated("mobile") end,
  text = "The retry policy is in the mobile SDK, controlled by remote config. The mobile "
      .. "on-call can change it.",
}

measure {
  text = "Mobile SDK: at most 2 retries with exponential backoff, jitter and a retry budget",
  kind = "prevent",
  owner = "mobile team",
}
measure {
  text = "Shed load at the LB with 503 and Retry-After, and honour Retry-After in the SDK",
  kind = "mitigate",
  owner = "SRE team",
}
measure {
  text = "Alert on attempts per user request at the edge",
  kind = "detect",
  owner = "SRE team",
}
measure {
  text = "Load-test SDK releases against a 15-second backend stall before rollout",
  kind = "process",
  owner = "mobile team",
}

-- ---- The model responder ------------------------------------------------------------------------

autopilot {
  { at = "6m40s", ack = "PostgresPrimaryUnresponsive" },
  { after = "20s", inspect = "tail -n 20 /var/log/postgresql/postgresql-15-main.log", host = "db" },
  { after = "40s", inspect = "tail -n 5 /var/log/kern.log", host = "db" },
  { after = "40s", ack = "OrdersFailing" },
  { after = "30s", hypothesis = "The primary's storage is still stalling; the web servers time "
                             .. "out on it", misleading = true },
  { after = "30s", escalate = "dba", message = "Pool timeouts to the primary and orders failing "
                                          .. "since 18:58. Should we fail over to the replica?",
    misleading = true, why = "the page pointed at the database and the replica lags" },
  { after = "1m", action = "kill_queries", target = "db", misleading = true,
    why = "clear whatever the stall left stuck on the primary" },
  { after = "1m", status = "Orders are failing since 18:58 after a database storage stall; we "
                         .. "are working on it. Next update in 15 minutes.", audience = "support" },
  { after = "5m", inspect = "psql -c 'select state, count(*) from pg_stat_activity group by 1'",
    host = "db" },
  { after = "1m", inspect = "tail -n 20 /var/log/app/app.log", host = "web-2" },
  { after = "1m", inspect = "retry-report", host = "lb" },
  { after = "30s", hypothesis = "The database is healthy again; the clients' retries (SDK 8.2: "
                             .. "5 immediate retries, 3 s timeout) keep the web tier overloaded" },
  { after = "30s", action = "set_config", target = "lb",
    params = { key = "max_connections", value = "300" },
    why = "shed the excess at the LB so the web servers answer within the clients' timeout" },
  { after = "30s", escalate = "mobile", message = "SDK 8.2 retries 5x with no backoff and keeps "
                                             .. "us in overload. Can you push the retry kill "
                                             .. "switch in remote config?" },
  { after = "13m", inspect = "cat /srv/bapsang/remote-config/net.json", host = "web-1" },
  { after = "1m", action = "set_config", target = "lb",
    params = { key = "max_connections", value = "4096" },
    why = "the apps back off now: lift the temporary cap" },
  { after = "1m", declare = "mitigated" },
  { after = "3m", status = "Orders are flowing again. A 15-second database stall set off a "
                         .. "storm of app retries; we capped load and the app now backs off.",
    audience = "support" },
  { after = "1m", declare = "resolved" },
}
