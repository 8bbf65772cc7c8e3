-- pool-exhaustion-slow-query: Melbourne Cup day at a Melbourne wagering site. Release v7.3.0
-- (deployed at 14:34) adds a payment reconciliation task whose UPDATE joins 38 million payments
-- on a column without an index. It runs for many minutes holding row locks on today's orders;
-- every bet placement that touches those orders waits on the lock while holding a pooled
-- connection. Within minutes every web server's pool is exhausted: pool timeouts, 500s, and 504s
-- at the load balancer. The database's CPU is nearly idle: one backend scans, the rest wait.
-- Misleading: "connections near the limit" and "pool timeouts" suggest the pools are too small
-- for race-day traffic (raising them only adds waiters), and the weekly base backup is filling
-- the database's disk at the same time.
-- The fix: find the blocker in pg_stat_activity and terminate it (kill_queries), and roll back
-- v7.3.0 on every web server (the task runs again every five minutes otherwise).

meta {
  id = "pool-exhaustion-slow-query",
  title = "Race day: an unindexed UPDATE drains every connection pool",
  difficulty = "advanced",
  length = "60m",
  seed = 1104,
  time_zone = "Australia/Melbourne",
  start = "2025-11-04 14:30:00",
  services = { "betting site" },
  briefing = [[
You are on call for Quokka Bet (an nginx load balancer, 4 web servers, one PostgreSQL
primary). It is Tuesday 4 November, 14:30 in Melbourne (AEDT): the Melbourne Cup starts at
15:00 and bet placement climbs steeply until then. Release v7.3.0 is rolling out. Watch the
alerts, keep bets flowing, and keep the trading desk informed.]],
  root_cause = [[
Release v7.3.0's new reconcile_payments job ran an UPDATE on an unindexed column that held
row locks on today's orders for minutes, so bet placements queued behind it and every web
server's connection pool ran dry. The database's CPU stayed low: waiting costs nothing.]],
  resolution = [[
Killing the blocker (kill_queries) released the locks; rolling back to v7.2.4 removed the job.]],
  learning_goals = {
    "Read pool exhaustion correctly: the pool waits for the database, not the other way round",
    "Use pg_stat_activity (state, wait_event, query_start) to find a blocker and its waiters",
    "Terminate a blocking query safely and stop whatever starts it again (roll back)",
    "Recognise that bigger pools add waiters when the database is blocked",
    "Correlate the start of the incident with a release deployed minutes before",
  },
  tags = { "postgres", "locks", "connection-pool", "missing-index", "release" },
  author = "firedrill",
}

stack {
  web = { count = 4, workers = 64, backlog = 128, cpu_cores = 4, cpu_ms = 10, queries = 4,
          db_pool_size = 10, pool_wait_timeout = "2s" },
  db = { max_connections = 120, query_slots = 20, query_ms = 2.5 },
  lb = { policy = "round_robin", proxy_timeout = "3s", health_interval = "2s",
         health_timeout = "2s", health_fall = 4 },
  client = { timeout = "20s", max_retries = 1, retry_backoff = "2s" },
  hosts = {
    web = { memory_mb = 8192, service = "gunicorn", app_version = "v7.2.4" },
    db = { cpu_cores = 16, memory_mb = 65536, disk_gb = 500, base_disk_gb = 380 },
  },
}

-- Race day: a steady climb towards the 15:00 start; the evening is quieter.
traffic {
  rps = 270,
  users = 120000,
  daily_curve = { 0.1, 0.06, 0.04, 0.03, 0.03, 0.05, 0.12, 0.3, 0.5, 0.65, 0.75, 0.85,
                  0.95, 1.0, 1.2, 1.3, 1.0, 0.85, 0.8, 0.75, 0.6, 0.45, 0.3, 0.18 },
  spikes = { { at = "25m", duration = "10m", multiplier = 1.3 } },
}

-- ---- Alerts -------------------------------------------------------------------------------------

alert {
  name = "BetPlacementErrors",
  expr = "avg_over(1m, lb.error_ratio) > 0.05",
  hold = "1m",
  severity = "page",
  summary = "{{ $value }} of requests fail at the load balancer",
  description = "More than 5% of requests in the last minute were answered with 5xx.",
  runbook = "runbooks/bet-placement-errors",
  labels = { team = "platform" },
}

alert {
  name = "AppPoolExhausted",
  expr = "avg_over(1m, web-*.db_pool_waiting) > 5",
  hold = "1m",
  severity = "ticket",
  summary = "{{ $labels.component }}: {{ $value }} requests wait for a DB connection",
  runbook = "runbooks/app-pool-exhausted",
  labels = { team = "platform" },
}

alert {
  name = "PostgresConnectionsHigh",
  expr = "db.connections > 32",
  hold = "1m",
  severity = "ticket",
  summary = "{{ $value }} client connections on the primary",
  runbook = "runbooks/postgres-connections-high",
  labels = { team = "dba" },
}

alert {
  name = "DbDiskFilling",
  expr = "db.disk_used_ratio > 0.8",
  hold = "2m",
  severity = "ticket",
  summary = "db disk {{ $value }} full",
  runbook = "runbooks/db-disk-filling",
  labels = { team = "dba" },
}

runbook {
  alert = "BetPlacementErrors",
  title = "Bet placement errors",
  text = [[
1. `tail -n 30 /var/log/nginx/error.log` on lb: 504 "upstream timed out" means the web servers
   took longer than the 3 s proxy timeout; 502 that they refused.
2. `tail /var/log/app/app.log` on a web server: "QueuePool limit ... reached" means requests
   wait for a database connection.
3. Then look at the database: what do the connections do?]],
}

runbook {
  alert = "AppPoolExhausted",
  title = "App requests wait for a DB connection",
  text = [[
A pool is exhausted when every connection is checked out. Either the app leaks them, or the
queries on them take long. Check the database before resizing pools:
`psql -c "select pid, state, wait_event_type, wait_event, now() - query_start as age, query
from pg_stat_activity where state <> 'idle' order by age desc"` on db.
Raising db_pool_size adds connections that wait on the same thing.]],
}

runbook {
  alert = "PostgresConnectionsHigh",
  title = "Many connections on the primary",
  text = [[
1. Who holds them? `psql -c 'select client_addr, state, count(*) from pg_stat_activity group by
   1, 2'` on db.
2. Many `active` sessions waiting on Lock: find the blocker (the oldest query without a wait,
   or `pg_blocking_pids(pid)`); `select pg_terminate_backend(PID)` ends it.
3. max_connections is 120; raising it needs a restart.]],
}

runbook {
  alert = "DbDiskFilling",
  title = "Database disk filling",
  text = [[
The weekly base backup (Tuesdays 14:20, `pg_basebackup` to /var/backups, uploaded and deleted
by 15:30) takes about 45 GB while it runs. Anything else: `du -sh /var/lib/postgresql/*`.]],
}

-- ---- History ----------------------------------------------------------------------------------

deploy {
  version = "v7.2.4",
  ago = "6d2h",
  author = "wagering team",
  summary = "quick multi: same-race multis",
  hosts = "web-*",
}

deploy {
  version = "db: migration 0412 (payments.provider_ref column)",
  ago = "6d2h",
  author = "payments team",
  summary = "adds payments.provider_ref, backfilled; the index is in ticket PAY-881 (not done)",
}

-- ---- Faults -------------------------------------------------------------------------------------

-- The release: v7.3.0 rolls out at 14:34 and brings the reconciliation task.
fault {
  id = "release-v7.3.0",
  kind = "bad_deploy",
  targets = "web-*",
  params = { version = "v7.3.0", latency_ms = 1 },
  at = "4m",
}

-- Its first run at 14:35: the UPDATE holds row locks; placements queue behind it.
fault {
  id = "reconcile-locks",
  kind = "lock_contention",
  targets = "db",
  params = { factor = 1.3, slots = 4 },
  at = "5m",
}

-- Misleading: the weekly base backup fills the database's disk, but not to the brim.
red_herring {
  id = "weekly-basebackup",
  kind = "disk_fill",
  targets = "db",
  params = { gb_per_min = 2.2, to_percent = 85, duration = "60m" },
  at = "0s",
  explanation = "The weekly pg_basebackup wrote ~45 GB to /var/backups as every Tuesday and "
             .. "was uploaded and deleted by 15:30. It never came near a full disk.",
}

local lock_since = 5 * 60
local killed_at = nil

local function on_release(version)
  for _, web in ipairs(hosts("web-*")) do
    if host(web).version == version then return true end
  end
  return false
end

fix {
  action = "kill_queries",
  targets = "db",
  repairs = "reconcile-locks",
  run = function()
    if killed_at == nil or fault_state("reconcile-locks") == "cleared" then killed_at = now() end
    log("db", "/var/log/postgresql/postgresql-15-main.log", string.format(
      "%s [48211] shop@shop FATAL:  terminating connection due to administrator command",
      clock("sql")))
  end,
  note = "terminating the reconciliation backend releases its row locks",
}

fix {
  action = "rollback",
  targets = "web-*",
  repairs = "release-v7.3.0",
  note = "v7.2.4 has no reconciliation task",
}

-- The app's scheduler starts the task again 5 minutes after it last ended, while any web
-- server still runs v7.3.0.
every("10s", function()
  if fault_state("reconcile-locks") ~= "cleared" or killed_at == nil then return end
  if now() - killed_at < 5 * 60 or not on_release("v7.3.0") then return end
  lock_since = now()
  killed_at = nil
  inject("reconcile-locks")
  log("web-1", "/var/log/app/app.log", string.format(
    "[%s +1100] [412] [INFO] scheduler: running job reconcile_payments (every 300 s)",
    clock("datetime")))
end, { name = "the scheduler starts reconcile_payments again", quiet = true, start = "6m" })

resolved_when(function()
  return fault_state("reconcile-locks") == "cleared" and fault_state("release-v7.3.0") == "cleared"
     and metric("lb", "error_ratio") < 0.01
end, { hold = "3m" })

-- ---- What the hosts say -------------------------------------------------------------------------

at("5m", function()
  log("web-1", "/var/log/app/app.log", string.format(
    "[%s +1100] [412] [INFO] scheduler: running job reconcile_payments (every 300 s)",
    clock("datetime")))
end, { name = "reconcile_payments starts on web-1" })

-- log_lock_waits = on: Postgres reports sessions that wait on a lock for more than 1 s.
every("20s", function()
  if not fault_active("reconcile-locks") then return end
  local waiter = 51000 + math.random(0, 800)
  local lines = {
    string.format("%s [%d] shop@shop LOG:  process %d still waiting for ShareLock on transaction "
                    .. "88123491 after 1000.%03d ms", clock("sql"), waiter, waiter,
                  math.random(0, 999)),
    string.format("%s [%d] shop@shop DETAIL:  Process holding the lock: 48211. Wait queue: %d, "
                    .. "%d, %d.", clock("sql"), waiter, waiter, waiter + 17, waiter + 40),
    string.format("%s [%d] shop@shop STATEMENT:  UPDATE orders SET status = 'placed', "
                    .. "placed_at = now() WHERE id = %d", clock("sql"), waiter,
                  90000000 + math.random(0, 999999)),
  }
  for _, line in ipairs(lines) do
    log("db", "/var/log/postgresql/postgresql-15-main.log", line)
  end
end, { name = "lock waits", quiet = true, start = "5m20s" })

-- The app's own view: requests that gave up waiting for a pooled connection.
every("15s", function()
  if not fault_active("reconcile-locks") then return end
  for _, web in ipairs(hosts("web-*")) do
    if metric(web, "db_pool_waiting") > 5 then
      log(web, "/var/log/app/app.log", string.format(
        "[%s +1100] [%d] [ERROR] sqlalchemy.exc.TimeoutError: QueuePool limit of size %s overflow "
          .. "0 reached, connection timed out, timeout 2.00 (Background on this error at: "
          .. "https://sqlalche.me/e/14/3o7r)", clock("datetime"), 1100 + math.random(0, 12),
        host(web).config.db_pool_size))
    end
  end
end, { name = "pool timeouts in the app log", quiet = true, start = "5m15s" })

-- ---- The trainee's world --------------------------------------------------------------------

local reconcile_sql = "UPDATE orders o SET payment_state = p.state, reconciled_at = now() FROM "
    .. "payments p WHERE p.provider_ref = o.provider_ref AND o.created_at > now() - interval "
    .. "'2 days'"

local function age(seconds)
  seconds = math.max(0, math.floor(seconds))
  return string.format("%02d:%02d:%02d.%06d", seconds // 3600, (seconds // 60) % 60, seconds % 60,
                       (seconds * 7919) % 1000000)
end

local function activity_table()
  local rows = {
    { "48211", "shop", "active", "IO", "DataFileRead", age(now() - lock_since), reconcile_sql },
  }
  local waiting = math.max(4, math.floor(metric("db", "connections")) - 3)
  for i = 1, math.min(waiting, 12) do
    local stmt = (i % 3 == 0) and "SELECT id, status FROM orders WHERE id = $1 FOR UPDATE"
                 or "UPDATE orders SET status = 'placed', placed_at = now() WHERE id = $1"
    rows[#rows + 1] = { tostring(51000 + i * 37), "shop", "active", "Lock", "transactionid",
                        age(math.min(now() - lock_since, 2 + (i * 0.7) % 6)), stmt }
  end
  local out = {
    "  pid  | usename | state  | wait_event_type |  wait_event   |       age       | query",
    "-------+---------+--------+-----------------+---------------+-----------------+------",
  }
  for _, r in ipairs(rows) do
    out[#out + 1] = string.format(" %5s | %-7s | %-6s | %-15s | %-13s | %s | %s", r[1], r[2],
                                  r[3], r[4], r[5], r[6], r[7])
  end
  if waiting > 12 then
    out[#out + 1] = string.format(" ... %d more rows like the above (Lock / transactionid)",
                                  waiting - 12)
  end
  out[#out + 1] = string.format("(%d rows)", #rows + math.max(0, waiting - 12))
  return table.concat(out, "\n") .. "\n"
end

command {
  host = "db",
  name = "psql",
  output = function(_, ...)
    local line = table.concat({ ... }, " "):lower()
    if line:find("pg_terminate_backend") or line:find("pg_cancel_backend") then
      return nil  -- the built-in prints the result and terminates the queries
    end
    if line:find("explain") and line:find("payments") then
      return "                                   QUERY PLAN\n"
          .. "--------------------------------------------------------------------------------\n"
          .. " Update on orders o  (cost=0.57..4815562.20 rows=0 width=0)\n"
          .. "   ->  Nested Loop  (cost=0.57..4815562.20 rows=61230 width=46)\n"
          .. "         ->  Index Scan using orders_created_at_idx on orders o  (rows=61230)\n"
          .. "               Index Cond: (created_at > (now() - '2 days'::interval))\n"
          .. "         ->  Seq Scan on payments p  (cost=0.00..781204.00 rows=1 width=24)\n"
          .. "               Filter: (provider_ref = o.provider_ref)\n"
    end
    if line:find("pg_stat_activity") and fault_active("reconcile-locks") then
      return activity_table()
    end
    if line:find("\\d payments") then
      return "                 Table \"public.payments\"\n"
          .. "    Column    |           Type           | Nullable\n"
          .. "--------------+--------------------------+----------\n"
          .. " id           | bigint                   | not null\n"
          .. " order_id     | bigint                   | not null\n"
          .. " provider_ref | text                     |\n"
          .. " state        | text                     | not null\n"
          .. " updated_at   | timestamp with time zone | not null\n"
          .. "Indexes:\n"
          .. "    \"payments_pkey\" PRIMARY KEY, btree (id)\n"
          .. "    \"payments_order_id_idx\" btree (order_id)\n"
    end
    return nil
  end,
}

file {
  host = "web-*",
  path = "/srv/quokka/app/scheduler.yaml",
  content = function(web)
    if host(web).version == "v7.3.0" then
      return "# v7.3.0\njobs:\n  settle_markets: {every: 60s}\n"
          .. "  reconcile_payments: {every: 300s, lease: redis, batch: 2 days}  # new in 7.3.0\n"
    end
    return "# v7.2.4\njobs:\n  settle_markets: {every: 60s}\n"
  end,
}

team {
  id = "dba",
  name = "Database on-call (Priyanka)",
  delay = "5m",
  reply = function(message)
    local text = message:lower()
    if text:find("pool") or text:find("max_connections") or text:find("connections") then
      return "Don't raise max_connections, it won't help: almost every session is active but "
          .. "waiting on Lock/transactionid behind pid 48211, an UPDATE on orders joined with "
          .. "payments that has been running for ages (seq scan on payments). CPU is at 8%. "
          .. "Terminate 48211 and find out what runs that statement."
    end
    return "I see one long UPDATE on orders ... FROM payments (pid 48211) and everything else "
        .. "waiting on its row locks. I can terminate it if you want, but whatever started it "
        .. "will start it again. Is that from today's release?"
  end,
}

team {
  id = "payments",
  name = "Payments team (Connor, author of v7.3.0)",
  delay = "4m",
  reply = "reconcile_payments is new in v7.3.0: it runs every 5 minutes from the scheduler. "
       .. "It needs the provider_ref index (PAY-881) that we were going to add next week. "
       .. "Please roll back to v7.2.4; we'll re-release with the index migration first.",
}

stakeholder {
  from = "colleague",
  name = "Trading desk (Mick)",
  channel = "slack",
  at = "9m",
  text = "Bets are timing out on the Cup market!! Punters getting 'Something went wrong, try "
      .. "again'. We're 20 minutes from the jump, what's happening?",
}

stakeholder {
  from = "support",
  name = "Hannah (customer support)",
  channel = "slack",
  at = "12m",
  text = "Getting heaps of calls: bet slip spins and then errors, some people worried they "
      .. "were charged twice. What can we tell them?",
}

stakeholder {
  from = "customer",
  name = "@fitzy_punts",
  channel = "twitter",
  at = "15m",
  text = "@QuokkaBet cup day and your app won't take my bet. 504 gateway timeout. Unreal.",
}

stakeholder {
  from = "manager",
  name = "Rebecca (CTO)",
  channel = "phone",
  when = function() return alert_firing("BetPlacementErrors") and now() >= 24 * 60 end,
  text = "The race jumps in six minutes. Is the release from this afternoon the problem? "
      .. "If so roll it back now, don't wait for me.",
}

hint {
  id = "db-sessions",
  after = "14m",
  when = function() return fault_active("reconcile-locks") and commands("db") == 0 end,
  text = "The pools are full, but what are those connections doing on the database? Look at "
      .. "pg_stat_activity on db: state, wait_event_type and how long each query has run.",
}

hint {
  id = "bigger-pool",
  after = "18m",
  when = function()
    local size = tonumber(host("web-1").config.db_pool_size) or 10
    return size > 10 and fault_active("reconcile-locks")
  end,
  text = "Bigger pools gave the blocked database more waiters, not more throughput. Something "
      .. "holds a lock: find the oldest active query that is not waiting.",
}

hint {
  id = "comes-back",
  after = "20m",
  when = function() return killed_at ~= nil and on_release("v7.3.0") end,
  text = "The blocker is gone, but what started it? The app's scheduler runs jobs every few "
      .. "minutes. Check /srv/quokka/app/scheduler.yaml on a web server and the deploy history.",
}

measure {
  text = "Index payments.provider_ref and give the job a 2 s lock_timeout",
  kind = "prevent",
  owner = "payments team",
}
measure {
  text = "Alert on transactions older than 60 s and on lock waits",
  kind = "detect",
  owner = "dba team",
}
measure {
  text = "No race-day releases after 12:00 without trading sign-off",
  kind = "process",
  owner = "engineering management",
}

-- ---- The model responder ------------------------------------------------------------------------

autopilot {
  { at = "7m30s", ack = "BetPlacementErrors" },
  { after = "20s", inspect = "tail -n 20 /var/log/nginx/error.log", host = "lb" },
  { after = "30s", inspect = "tail -n 20 /var/log/app/app.log", host = "web-2" },
  { after = "30s", ack = "PostgresConnectionsHigh" },
  { after = "20s", hypothesis = "The connection pools are too small for race-day traffic",
    misleading = true },
  { after = "30s", action = "set_config", target = "web-*",
    params = { key = "db_pool_size", value = "20" }, misleading = true,
    why = "give each web server more database connections for the race-day load" },
  { after = "1m", status = "Bet placement is failing for many users since about 14:35; we are "
                         .. "on it. Next update in 10 minutes.", audience = "support" },
  { after = "1m", inspect = "top -b -n 1", host = "db" },
  { after = "30s", escalate = "dba", message = "Pools exhausted, DB CPU low. Raise "
                                          .. "max_connections?" },
  { after = "4m", inspect = "psql -c \"select pid, state, wait_event_type, wait_event, now() - "
                          .. "query_start as age, query from pg_stat_activity where state <> "
                          .. "'idle' order by age desc\"", host = "db" },
  { after = "30s", hypothesis = "pid 48211, an UPDATE orders ... FROM payments running since "
                             .. "14:35, holds row locks; every placement waits behind it" },
  { after = "20s", action = "kill_queries", target = "db",
    why = "terminate the blocking UPDATE so its waiters can finish" },
  { after = "30s", inspect = "cat /srv/quokka/app/scheduler.yaml", host = "web-1" },
  { after = "20s", escalate = "payments", message = "reconcile_payments from v7.3.0 ran an "
                                               .. "UPDATE with a seq scan on payments and "
                                               .. "blocked all bet placements. Rolling back to "
                                               .. "v7.2.4." },
  { after = "20s", action = "rollback", target = "web-*",
    why = "v7.3.0's scheduler would start the same UPDATE again in 5 minutes" },
  { after = "1m", action = "set_config", target = "web-*",
    params = { key = "db_pool_size", value = "10" },
    why = "undo the pool change from earlier: it only added waiters" },
  { after = "1m", declare = "mitigated" },
  { after = "2m", status = "Bets are being placed normally again. A query from this "
                         .. "afternoon's release blocked the database; it is rolled back.",
    audience = "support" },
  { after = "1m", declare = "resolved" },
}
