-- db-split-brain: adapted from GitHub's incident of 21 October 2018. Maintenance on the
-- database rack's uplink cuts the primary off for 43 seconds; it loses its iSCSI data volume and
-- PostgreSQL panics. repmgrd on the replica promotes it (errors stop: "the automation handled
-- it"). Four minutes later systemd restarts PostgreSQL on the old primary (a Restart= drop-in
-- someone added "to survive storage blips"), as a primary; web-1 and web-2, whose reconnect
-- loops still hold its address, write there, web-3 and web-4 write
-- to the promoted replica. Two primaries take writes: an order created on one
-- side is missing on the other, and a share of writes fail with foreign-key and serialization
-- errors on both. The promoted replica's cold cache pages as "slow queries" on the side.
-- The fix: fence the old primary (stop_service on db); the DBA reconciles and rebuilds it later.

meta {
  id = "db-split-brain",
  title = "Two primaries: a 43-second partition, an automated failover and a split brain",
  difficulty = "advanced",
  length = "90m",
  seed = 1021,
  time_zone = "America/New_York",
  start = "2025-10-19 18:40:00",
  services = { "marketplace" },
  briefing = [[
You are on call for the marketplace: four web servers (nginx + the Python app) behind a load
balancer, a Redis cache, and PostgreSQL 15 with a primary (db) and a streaming replica
(db-replica) managed by repmgr, which fails over automatically. It is Sunday 18:40 in New York;
the network team replaces optical equipment in the database rack tonight ("no impact
expected"). Watch the alerts, find out what is wrong, fix it, and keep everyone informed.]],
  root_cause = [[
A 43-second network cut stopped the primary db, repmgr promoted db-replica, and four minutes
later systemd restarted db as a second primary. web-1 and web-2 wrote to db, web-3 and web-4 to
db-replica: orders diverged and about 40% of writes failed on both sides. No fencing hook was
configured.]],
  resolution = [[
Stopping PostgreSQL on db fenced the old primary and ended the conflicts; the DBA reconciles its
writes and rebuilds it as a replica.]],
  learning_goals = {
    "Recognise a split brain: two nodes that each report being the primary (pg_is_in_recovery)",
    "Not stop at 'the failover worked' when errors come back minutes later",
    "Fence the old primary first; data reconciliation comes after, with the DBA",
    "Read repmgr's view of the cluster from both sides",
    "Tell a cold-cache slowdown on the new primary from the cause of the errors",
  },
  tags = { "postgresql", "failover", "split-brain", "repmgr", "network", "github-2018" },
  author = "firedrill",
}

stack {
  web = { count = 4, workers = 32, backlog = 128, cpu_cores = 4, cpu_ms = 8, queries = 4,
          db_pool_size = 16, pool_wait_timeout = "3s" },
  db = { max_connections = 300, query_slots = 24, query_ms = 1.4, replica = true,
         read_fraction = 0.75, max_replica_lag = "30s" },
  lb = { policy = "least_connections", health_interval = "2s", health_fall = 3, health_rise = 2 },
  cache = { enabled = true, hit_ratio = 0.8, lookup_ms = 0.5 },
  client = { timeout = "30s", max_retries = 0 },
  hosts = {
    web = { memory_mb = 8192, app_version = "v22.14.3" },
    db = { cpu_cores = 16, memory_mb = 131072 },
  },
}

traffic {
  rps = 260,
  users = 70000,
  daily_curve = { 0.3, 0.2, 0.15, 0.12, 0.12, 0.18, 0.35, 0.6, 0.8, 0.9, 1.0, 1.05,
                  1.1, 1.05, 1.0, 1.0, 1.05, 1.15, 1.3, 1.35, 1.3, 1.1, 0.8, 0.5 },
}

-- ---- Alerts -----------------------------------------------------------------------------------

alert {
  name = "HighErrorRate",
  expr = "avg_over(1m, lb.error_ratio) > 0.03",
  hold = "1m",
  severity = "page",
  summary = "{{ $value }} of requests fail at the load balancer",
  runbook = "runbooks/high-error-rate",
  labels = { team = "web" },
}

alert {
  name = "DatabaseErrors",
  expr = "avg_over(1m, db*.errors) > 1",
  hold = "1m",
  severity = "page",
  summary = "{{ $labels.component }} fails {{ $value }} queries per second",
  description = "PostgreSQL reports failed statements (constraint violations, serialization "
             .. "failures) on this node.",
  runbook = "runbooks/database-errors",
  labels = { team = "dba" },
}

alert {
  name = "PostgresQueriesSlow",
  expr = "avg_over(2m, db-replica.query_mean_ms) > 2.5",
  hold = "2m",
  severity = "ticket",
  summary = "mean query time on {{ $labels.component }} is {{ $value }} ms",
  runbook = "runbooks/postgres-queries-slow",
  labels = { team = "dba" },
}

runbook {
  alert = "HighErrorRate",
  title = "High error rate at the load balancer",
  text = [[
1. Which upstreams answer 500? `tail /var/log/nginx/access.log` on lb (last field).
2. On that web server: `tail -n 30 /var/log/app/app.log`: psycopg2 errors point at the database.
3. Which database does that web server write to? `cat /etc/app/app.env`, `ss -tnp | grep 5432`.]],
}

runbook {
  alert = "DatabaseErrors",
  title = "Database errors",
  text = [[
1. `tail /var/log/postgresql/postgresql-15-main.log` on the node: which errors?
2. Who is the primary? `psql -c 'select pg_is_in_recovery()'` on db and on db-replica (f means
   primary), `repmgr cluster show` on both. Exactly one node may answer f.
3. Two primaries (split brain): fence the one that is not registered as primary in consul
   (`stop_service` on it) at once, then call the DBA. Do not start it again: it must be rebuilt.
4. Never fail back by hand without the DBA.]],
}

runbook {
  alert = "PostgresQueriesSlow",
  title = "Slow queries on PostgreSQL",
  text = [[
1. After a failover the new primary's buffer cache is cold for 10-20 minutes: slower, not
   failing.
2. `psql -c 'select * from pg_stat_activity'` for long-running queries.]],
}

-- ---- History ----------------------------------------------------------------------------------

deploy {
  version = "v22.14.3",
  ago = "2d2h",
  author = "marketplace team",
  summary = "seller payouts: batch export",
  hosts = "web-*",
}

deploy {
  version = "repmgr 5.4.1 cluster config",
  ago = "41d",
  author = "dba team",
  summary = "automatic failover on (failover=automatic, promote via consul); fencing hook "
         .. "(ssh to old primary, pg_ctl stop) left as a TODO",
  hosts = { "db", "db-replica" },
}

-- ---- Faults -----------------------------------------------------------------------------------

local FAIL_AT = 12 * 60       -- 18:52
local PROMOTE_AFTER = 40      -- repmgrd promotes 18:52:40
local RETURN_AFTER = 4 * 60   -- systemd restarts db at 18:56 (RestartSec=240)

fault {
  id = "split-brain",
  kind = "db_failover_split_brain",
  targets = "db",
  params = { promote_after = "40s", return_after = "4m", stale_share = 0.5,
             conflict_rate = 0.4 },
  at = "12m",
}

-- The misleading signal: the promoted replica's buffer cache was warm for reads only.
red_herring {
  id = "cold-new-primary",
  kind = "slow_queries",
  targets = "db-replica",
  params = { factor = 2.2, ramp = "1m", duration = "18m" },
  at = "13m",
  explanation = "After the promotion db-replica took every write and the reads it never served "
             .. "before: its buffer cache was cold for the write paths, so queries were about "
             .. "twice as slow for a quarter of an hour. Slower, never failing.",
}

local fenced_at = nil

-- Fencing: stop PostgreSQL on the old primary (after it came back as a primary).
fix {
  action = "stop_service",
  targets = "db",
  check = function() return now() >= FAIL_AT + RETURN_AFTER end,
  mitigates = "split-brain",
  run = function()
    fenced_at = now()
    log("db", "/var/log/postgresql/postgresql-15-main.log", clock("sql")
        .. " [1198] LOG:  received fast shutdown request")
    log("db-replica", "/var/log/postgresql/postgresql-15-main.log", clock("sql")
        .. " [2411] LOG:  repmgrd: node \"db\" (ID: 1) is unreachable; it is not the primary")
  end,
  note = "the old primary is fenced: every web server writes to the promoted db-replica",
}

resolved_when(function()
  local fenced = host("db").state == "stopped" and fenced_at ~= nil
  return fenced and metric("lb", "error_ratio") < 0.01
end, { hold = "5m" })

-- ---- Timed events: what each side logs ------------------------------------------------------

local function pg(hostname, text)
  log(hostname, "/var/log/postgresql/postgresql-15-main.log", clock("sql") .. " " .. text)
end

at("12m", function()
  log("db", "/var/log/kern.log", clock("syslog") .. " db kernel: [3556120.118342] connection1:0: "
      .. "detected conn error (1020)")
  log("db", "/var/log/syslog", clock("syslog") .. " db iscsid: Kernel reported iSCSI connection "
      .. "1:0 error (1020 - ISCSI_ERR_TCP_CONN_CLOSE: TCP connection closed) state (3)")
  pg("db", "[1187] PANIC:  could not fdatasync file \"pg_wal/000000010000002A000000B7\": "
     .. "Input/output error")
  pg("db", "[1180] LOG:  terminating any other active server processes")
  pg("db", "[1180] LOG:  database system is shut down")
  pg("db-replica", "[2398] FATAL:  could not receive data from WAL stream: server closed the "
     .. "connection unexpectedly")
  log("db-replica", "/var/log/repmgr/repmgrd.log", "[" .. clock("datetime") .. "] [WARNING] "
      .. "unable to ping \"host=10.0.2.10 user=repmgr dbname=repmgr connect_timeout=2\"")
end, { name = "the uplink flaps: db loses its volume and panics" })

at(FAIL_AT + PROMOTE_AFTER, function()
  local lines = {
    "[NOTICE] unable to reconnect to node \"db\" (ID: 1) after 6 attempts",
    "[NOTICE] this node is the only available candidate and will now promote itself",
    "[NOTICE] promoting standby to primary",
    "[NOTICE] STANDBY PROMOTE successful",
    "[NOTICE] executing \"consul kv put service/db-primary 10.0.2.11\"",
  }
  for _, line in ipairs(lines) do
    log("db-replica", "/var/log/repmgr/repmgrd.log", "[" .. clock("datetime") .. "] " .. line)
  end
  pg("db-replica", "[2390] LOG:  received promote request")
  pg("db-replica", "[2390] LOG:  selected new timeline ID: 2")
  pg("db-replica", "[2390] LOG:  database system is ready to accept connections")
end, { name = "repmgrd promotes db-replica" })

at(FAIL_AT + RETURN_AFTER, function()
  log("db-replica", "/var/log/repmgr/repmgrd.log", "[" .. clock("datetime") .. "] [INFO] "
      .. "monitoring cluster primary \"db-replica\" (ID: 2)")
end, { name = "systemd restarts PostgreSQL on db, as a primary" })

local conflicts = {
  "ERROR:  insert or update on table \"order_items\" violates foreign key constraint "
    .. "\"order_items_order_id_fkey\"",
  "ERROR:  could not serialize access due to concurrent update",
  "ERROR:  duplicate key value violates unique constraint \"payouts_seller_id_period_key\"",
  "ERROR:  update or delete on table \"listings\" violates foreign key constraint "
    .. "\"order_items_listing_id_fkey\" on table \"order_items\"",
}

every("5s", function()
  if now() < FAIL_AT + RETURN_AFTER or fenced_at ~= nil then return end
  if not fault_active("split-brain") then return end
  for _, side in ipairs({ "db", "db-replica" }) do
    if host(side).state == "running" then
      pg(side, string.format("[%d] shop@shop %s", 9200 + math.random(0, 400),
                             conflicts[math.random(1, #conflicts)]))
    end
  end
end, { name = "conflicting writes on both primaries", quiet = true })

-- ---- The trainee's world ----------------------------------------------------------------------

local function phase()
  local t = now()
  if not fault_active("split-brain") or t < FAIL_AT then return "healthy" end
  if t < FAIL_AT + PROMOTE_AFTER then return "down" end
  if t < FAIL_AT + RETURN_AFTER then return "promoted" end
  if fenced_at ~= nil and host("db").state ~= "running" then return "fenced" end
  return "split"
end

local function psql_table(header, rows)
  local text = " " .. header .. "\n" .. string.rep("-", #header + 2) .. "\n"
  for _, row in ipairs(rows) do text = text .. " " .. row .. "\n" end
  return text .. string.format("(%d row%s)\n", #rows, #rows == 1 and "" or "s")
end

local NOT_RUNNING = "psql: error: connection to server on socket "
    .. "\"/var/run/postgresql/.s.PGSQL.5432\" failed: No such file or directory\n"
    .. "\tIs the server running locally and accepting connections on that socket?\n"

command {
  host = "db*",
  name = "psql",
  output = function(name, ...)
    local sql = table.concat({ ... }, " "):lower()
    local p = phase()
    local is_db = name == "db"
    local primary
    if is_db then
      primary = p == "healthy" or p == "split"
    else
      primary = p == "promoted" or p == "split" or p == "fenced"
    end
    local wanted = sql:find("pg_is_in_recovery") or sql:find("pg_stat_replication")
        or sql:find("timeline") or sql:find("pg_stat_wal_receiver")
    if not wanted then return nil end  -- the built-in psql (pg_stat_activity, SHOW)
    if host(name).state ~= "running" then return NOT_RUNNING, 2 end
    if sql:find("pg_is_in_recovery") then
      return psql_table("pg_is_in_recovery", { primary and "f" or "t" })
    end
    if sql:find("timeline") then
      local tli = (is_db and "1") or (primary and "2" or "1")
      return psql_table("timeline_id", { " " .. tli })
    end
    if sql:find("pg_stat_wal_receiver") then
      if primary then return psql_table("status | sender_host", {}) end
      return psql_table("status    | sender_host", { "streaming | 10.0.2.10" })
    end
    -- pg_stat_replication: only the healthy primary has a standby attached
    if is_db and p == "healthy" then
      return psql_table("application_name | client_addr |   state   | sync_state | replay_lag",
                        { "db-replica       | 10.0.2.11   | streaming | async      | 00:00:00.0041" })
    end
    return psql_table("application_name | client_addr | state | sync_state | replay_lag", {})
  end,
}

command {
  host = "db*",
  name = "repmgr",
  output = function(name)
    local p = phase()
    local header = " ID | Name       | Role    | Status               | Upstream | Location | "
        .. "Priority | Timeline\n"
        .. "----+------------+---------+----------------------+----------+----------+"
        .. "----------+----------\n"
    local rows
    if p == "healthy" then
      rows = " 1  | db         | primary | * running            |          | default  | 100      | 1\n"
          .. " 2  | db-replica | standby |   running            | db       | default  | 100      | 1\n"
    elseif p == "down" then
      rows = " 1  | db         | primary | ? unreachable        | ?        | default  | 100      |\n"
          .. " 2  | db-replica | standby |   running            | ? db     | default  | 100      | 1\n"
    elseif p == "promoted" or p == "fenced" then
      rows = " 1  | db         | primary | - failed             | ?        | default  | 100      |\n"
          .. " 2  | db-replica | primary | * running            |          | default  | 100      | 2\n"
    elseif name == "db" then
      rows = " 1  | db         | primary | * running            |          | default  | 100      | 1\n"
          .. " 2  | db-replica | standby | ! running as primary | db       | default  | 100      | 2\n"
    else
      rows = " 1  | db         | primary | ! running            |          | default  | 100      | 1\n"
          .. " 2  | db-replica | primary | * running            |          | default  | 100      | 2\n"
    end
    local text = header .. rows
    if p == "split" then
      return text .. "\nWARNING: following issues were detected\n"
          .. "  - node \"db\" (ID: 1) is running as primary but node \"db-replica\" (ID: 2) "
          .. "is registered as primary\n", 25
    end
    return text
  end,
}

-- Which database each web server writes to, as its pool sees it.
command {
  host = "web-*",
  name = "ss",
  output = function(web, ...)
    local args = table.concat({ ... }, " ")
    if not args:find("5432") and not args:find("%-t") then return nil end
    local p = phase()
    local stale = (web == "web-1" or web == "web-2") and p == "split"
    local target = "10.0.2.10"
    if p == "promoted" or p == "fenced" or (p == "split" and not stale) then target = "10.0.2.11" end
    local me = "10.0.1." .. (10 + tonumber(web:match("%d+")))
    local text = "State  Recv-Q Send-Q Local Address:Port   Peer Address:Port Process\n"
    for i = 0, 5 do
      text = text .. string.format("ESTAB  0      0      %s:%d    %s:5432  users:((\"gunicorn\",pid=%d,fd=%d))\n",
                                   me, 41200 + i * 37, target, 2301 + i, 14 + i)
    end
    return text
  end,
}

file {
  host = "web-*",
  path = "/etc/app/app.env",
  content = "# Environment of shop.service (EnvironmentFile=/etc/app/app.env).\n"
         .. "APP_ENV=production\n"
         .. "GUNICORN_BIND=127.0.0.1:8000\n"
         .. "DATABASE_URL=postgresql://shop@db-primary.internal:5432/shop\n"
         .. "DATABASE_READ_URL=postgresql://shop@db-replica.internal:5432/shop\n"
         .. "REDIS_URL=redis://10.0.3.10:6379/0\n"
         .. "DB_POOL_SIZE=16\n"
         .. "DB_POOL_PRE_PING=true\n",
}

file {
  host = "db*",
  path = "/etc/systemd/system/postgresql@15-main.service.d/restart.conf",
  content = "# OPS-1288: survive short storage blips (2024-06-11)\n"
         .. "[Service]\nRestart=on-failure\nRestartSec=240\n",
}

file {
  host = "db*",
  path = "/etc/repmgr.conf",
  content = "node_id=1\nnode_name='db'\n"
         .. "conninfo='host=10.0.2.10 user=repmgr dbname=repmgr connect_timeout=2'\n"
         .. "data_directory='/var/lib/postgresql/15/main'\n"
         .. "failover=automatic\n"
         .. "promote_command='/usr/bin/repmgr standby promote -f /etc/repmgr.conf --log-to-file "
         .. "&& consul kv put service/db-primary $(hostname -i)'\n"
         .. "follow_command='/usr/bin/repmgr standby follow -f /etc/repmgr.conf --upstream-node-id=%n'\n"
         .. "reconnect_attempts=6\nreconnect_interval=5\n"
         .. "# TODO(DBA-311): fence the old primary on promotion (ssh + pg_ctl stop, or STONITH)\n",
}

-- ---- People -----------------------------------------------------------------------------------

team {
  id = "dba",
  name = "Database on-call (Rosa)",
  delay = "6m",
  reply = function(message)
    local text = message:lower()
    if text:find("stop") or text:find("fence") then
      return "Good call, keep db stopped, do NOT start it again. db-replica is the primary now "
          .. "(timeline 2). I'll dump the rows db took after 18:56 and reconcile them; we "
          .. "rebuild db as a replica with pg_basebackup tomorrow morning."
    end
    if text:find("kill") then
      return "Don't kill queries on db-replica, it's the primary now and it's just cold after the "
          .. "promotion. What worries me more: is anything still writing to db?"
    end
    return "repmgr promoted db-replica at 18:52:40. If db came back up on its own, you have two "
        .. "primaries: check pg_is_in_recovery() on both. If db answers f, stop postgres on db "
        .. "right away (fence it) and tell me."
  end,
}

team {
  id = "network",
  name = "Network engineering (Sam)",
  delay = "3m",
  reply = "The optics swap on the db-rack uplink caused a 43-second outage at 18:52, longer than "
       .. "the planned failover of the link. Link is stable since 18:52:43. Sorry about that!",
}

stakeholder {
  from = "support",
  name = "Nadia (customer support)",
  channel = "slack",
  at = "22m",
  text = "Sellers report orders that show up in their dashboard and then disappear on refresh, "
      .. "and buyers get 'Something went wrong' at checkout about every other time. Related?",
}

stakeholder {
  from = "customer",
  name = "Vintage Vinyl Co. (seller)",
  channel = "email",
  at = "26m",
  text = "Three buyers paid for the same last copy of a record in the last 20 minutes, and my "
      .. "order list shows different things every time I reload. What is going on?",
}

stakeholder {
  from = "manager",
  name = "Ethan (director of engineering)",
  channel = "slack",
  when = function() return alert_firing("DatabaseErrors") and now() >= 20 * 60 end,
  text = "I'm told we may have lost orders. Is data at risk, and do we need to stop checkout? "
      .. "I need a decision-ready summary.",
}

hint {
  id = "not-over",
  after = "20m",
  when = function() return phase() == "split" and commands("db*") == 0 end,
  text = "The failover ended the first errors, but errors came back. Which node is the primary "
      .. "now? Ask both: psql -c 'select pg_is_in_recovery()' on db and on db-replica.",
}

hint {
  id = "fence",
  after = "30m",
  when = function() return phase() == "split" end,
  text = "Two nodes answering 'f' to pg_is_in_recovery() is a split brain. Fence the one that "
      .. "should not be primary: stop PostgreSQL on db, then call the DBA.",
}

measure {
  text = "Configure repmgr to fence the old primary on promotion",
  kind = "prevent",
  owner = "dba team",
}
measure {
  text = "Remove the Restart=on-failure drop-in of PostgreSQL on the database hosts",
  kind = "prevent",
  owner = "dba team",
}
measure {
  text = "Alert when two nodes answer pg_is_in_recovery() = false",
  kind = "detect",
  owner = "dba team",
}
measure {
  text = "Test a database failover before network work on the database rack",
  kind = "process",
  owner = "network team",
}

-- ---- The model responder ------------------------------------------------------------------------

autopilot {
  { at = "14m", ack = "HighErrorRate" },
  { after = "20s", inspect = "psql -c 'select pg_is_in_recovery()'", host = "db" },
  { after = "20s", inspect = "repmgr cluster show", host = "db-replica" },
  { after = "30s", escalate = "network", message = "Did the optics work just cut the db rack? "
                                              .. "db went down at 18:52." },
  { after = "30s", hypothesis = "The network blip killed db and repmgr failed over to "
                             .. "db-replica; the errors have stopped, so the automation handled "
                             .. "it", misleading = true },
  { after = "30s", status = "Checkout failed for about a minute at 18:52 during a database "
                         .. "failover; it works again. We are watching.", audience = "support" },
  { at = "19m", ack = "DatabaseErrors" },
  { after = "20s", ack = "PostgresQueriesSlow" },
  { after = "20s", inspect = "psql -c 'select * from pg_stat_activity'", host = "db-replica" },
  { after = "30s", action = "kill_queries", target = "db-replica", misleading = true,
    why = "the new primary is slow; clear its backlog of queries" },
  { after = "1m", inspect = "tail -n 20 /var/log/postgresql/postgresql-15-main.log",
    host = "db-replica" },
  { after = "30s", inspect = "tail -n 20 /var/log/postgresql/postgresql-15-main.log", host = "db" },
  { after = "30s", inspect = "psql -c 'select pg_is_in_recovery()'", host = "db" },
  { after = "20s", inspect = "psql -c 'select pg_is_in_recovery()'", host = "db-replica" },
  { after = "20s", inspect = "repmgr cluster show", host = "db" },
  { after = "20s", inspect = "ss -tnp", host = "web-1" },
  { after = "30s", hypothesis = "Split brain: systemd restarted db at 18:56 as a primary; "
                             .. "web-1 and web-2 write to it while web-3 and web-4 write to the "
                             .. "promoted db-replica" },
  { after = "20s", action = "stop_service", target = "db",
    why = "fence the old primary so only db-replica takes writes" },
  { after = "30s", escalate = "dba", message = "Split brain: db came back at 18:56 as a primary "
                                          .. "and took writes from web-1/web-2. We stopped "
                                          .. "postgres on db (fenced). db-replica is primary." },
  { after = "1m", declare = "mitigated" },
  { after = "1m", status = "Since 18:56 some orders were written to a database that should "
                        .. "have been out of service; it is stopped now and checkout works. "
                        .. "The DBA is reconciling the affected orders.", audience = "support" },
  { after = "1m", status = "Split brain after the 18:52 failover: two primaries took writes "
                        .. "for ~15 min, about 40% of writes failed. Old primary fenced; "
                        .. "order reconciliation under way with the DBA.", audience = "manager" },
  { after = "5m", declare = "resolved" },
}
