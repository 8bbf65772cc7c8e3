-- runbook-typo-capacity: adapted from the AWS S3 us-east-1 outage of 28 February 2017. An
-- operator debugging a slow billing system follows a runbook to free a few web servers for a
-- re-index job, and types one wrong argument: `poolctl shrink --pool web --to 3` instead of
-- `--by 3`. The tool drains and stops seven of the ten web servers; the three left are
-- overloaded, the load balancer answers 502/504, and health checks flap.
-- Misleading: the billing re-index slows the read replica (a ticket fires first, and it is what
-- the operator was working on), and the overloaded servers' CPU alert points at the app release
-- of this morning.
-- The fix: start the seven servers again (start_service, which poolctl restore does), and shed
-- load at the load balancer (lower max_connections) while they warm up.

meta {
  id = "runbook-typo-capacity",
  title = "One wrong argument removes most of the web pool",
  difficulty = "intermediate",
  length = "60m",
  seed = 2017,
  time_zone = "America/Los_Angeles",
  start = "2025-02-25 09:31:00",
  services = { "storefront" },
  briefing = [[
You are the on-call SRE for the storefront (10 web servers behind one nginx load balancer, a
PostgreSQL primary and a read replica that also serves the billing reports). It is Tuesday
09:31 in Seattle, the morning traffic is building. Kai from the infrastructure team is working
on a ticket about slow billing reports in #ops. Watch the alerts, find what is wrong, restore
service and keep support and your manager informed.]],
  root_cause = [[
One mistyped runbook argument stopped 7 of the 10 web servers. Following RB-112 at 09:34, Kai
ran poolctl shrink --pool web --to 3 instead of --by 3; poolctl has no minimum-size check. The
three servers left could not carry the morning load. The slow replica was a coincidence.]],
  resolution = [[
Starting the seven servers restored the capacity; a temporary connection cap at the load
balancer kept the survivors answering meanwhile.]],
  learning_goals = {
    "Read the load balancer's view of its pool (healthy backends) before tuning one server",
    "Find a human change in an audit log and shell history, and ask the person calmly",
    "Restore capacity first, investigate second: start the removed servers",
    "Shed load deliberately (a connection cap) while capacity returns",
    "Treat a coincidental slow replica and a same-day release as hypotheses to test, not causes",
  },
  tags = { "capacity", "human-error", "runbook", "aws-s3-2017" },
  author = "firedrill",
}

-- Ten web servers sized so that seven of them carry the morning peak: three cannot.
stack {
  web = { count = 10, workers = 24, backlog = 96, cpu_cores = 4, cpu_ms = 32, queries = 3,
          db_pool_size = 8, pool_wait_timeout = "2s" },
  db = { max_connections = 200, query_slots = 24, query_ms = 1.8, replica = true,
         read_fraction = 0.7 },
  lb = { policy = "least_connections", proxy_timeout = "20s", health_interval = "2s",
         health_timeout = "1s", health_fall = 3, health_rise = 2 },
  client = { timeout = "20s", max_retries = 1, retry_backoff = "1s" },
  hosts = {
    web = { memory_mb = 8192, startup_time = "45s", service = "shop", app_version = "v4.18.2" },
    db = { cpu_cores = 16, memory_mb = 65536 },
  },
}

-- A weekday in Pacific time: the climb starts at 07:00 and peaks around 11:00.
traffic {
  rps = 420,
  users = 90000,
  daily_curve = { 0.25, 0.18, 0.14, 0.12, 0.12, 0.15, 0.3, 0.6, 0.85, 1.0, 1.1, 1.15,
                  1.15, 1.1, 1.05, 1.0, 0.95, 0.9, 0.85, 0.8, 0.7, 0.55, 0.4, 0.3 },
}

-- ---- Alerts -------------------------------------------------------------------------------------

alert {
  name = "HighErrorRate",
  expr = "avg_over(1m, lb.error_ratio) > 0.05",
  hold = "1m",
  severity = "page",
  summary = "{{ $value }} of storefront requests fail at the load balancer",
  description = "More than 5% of the requests the load balancer answered in the last minute "
             .. "were 5xx or refused.",
  runbook = "runbooks/high-error-rate",
  labels = { team = "sre" },
}

alert {
  name = "BackendPoolDegraded",
  expr = "max_over(1m, lb.healthy_backends) < 7",
  hold = "1m",
  severity = "page",
  summary = "only {{ $value }} of 10 web servers are healthy at the load balancer",
  description = "The load balancer's upstream group has had fewer than 7 healthy members for a "
             .. "minute. The pool is sized for 7 at peak.",
  runbook = "runbooks/backend-pool-degraded",
  labels = { team = "sre" },
}

alert {
  name = "WebCpuSaturated",
  expr = "avg_over(1m, web-*.cpu_utilization) > 0.85",
  hold = "1m",
  severity = "ticket",
  summary = "{{ $labels.component }} CPU at {{ $value }} for a minute",
  runbook = "runbooks/web-cpu-saturated",
  labels = { team = "sre" },
}

alert {
  name = "ReplicaQueriesSlow",
  expr = "avg_over(2m, db-replica.query_mean_ms) > 3",
  hold = "1m",
  severity = "ticket",
  summary = "mean query time on db-replica is {{ $value }} ms",
  runbook = "runbooks/replica-queries-slow",
  labels = { team = "dba" },
}

runbook {
  alert = "HighErrorRate",
  title = "Storefront error rate",
  text = [[
1. Which statuses? `tail -n 30 /var/log/nginx/error.log` on lb. 502/504 with "upstream timed
   out" or "Connection refused" point at the web tier; 503 "no live upstreams" at the pool.
2. How many backends are in the pool? `poolctl status` on lb.
3. What changed? `deploy history`, `/var/log/poolctl/audit.log` on lb, #ops.]],
}

runbook {
  alert = "BackendPoolDegraded",
  title = "Fewer healthy web servers than the peak needs",
  text = [[
1. `poolctl status` on lb lists every member, its LB state and its service state.
2. A member that is `drained` or whose service is `inactive` was removed on purpose: by whom?
   `/var/log/poolctl/audit.log` on lb.
3. To bring members back: `poolctl restore --pool web` (starts shop.service and undrains), or
   per host start the service. Each server needs about 45 s to warm up.
4. While capacity returns, cap the LB's connections (`max_connections`) so the members that
   are up keep answering instead of timing out; remove the cap afterwards.]],
}

runbook {
  alert = "WebCpuSaturated",
  title = "Web server CPU saturated",
  text = [[
1. Is it one server or all? One: `top` on it (a runaway process?). All: too much load per
   server — is the pool smaller than usual, or is the traffic higher?
2. A release that costs more CPU per request shows up on every server at once, right after
   the deploy (`deploy history`).]],
}

runbook {
  alert = "ReplicaQueriesSlow",
  title = "Slow queries on the read replica",
  text = [[
1. `psql -c 'select pid, usename, state, query from pg_stat_activity'` on db-replica.
2. The billing reports run on the replica; a re-index or month-end report makes them slow.
3. Slower replica reads make pages slower; they do not take web servers out of the pool.]],
}

-- ---- History ----------------------------------------------------------------------------------

deploy {
  version = "v4.18.2",
  ago = "1h50m",
  author = "storefront team",
  summary = "storefront: product page recommendations carousel",
  hosts = "web-*",
}

deploy {
  version = "poolctl 2.0.0",
  ago = "3d2h",
  author = "infrastructure team",
  summary = "poolctl: new `shrink --to N` (target size) next to `--by N` (remove N); "
         .. "both flags take a bare number",
  hosts = "lb",
}

-- ---- Faults -------------------------------------------------------------------------------------

local removed = { "web-4", "web-5", "web-6", "web-7", "web-8", "web-9", "web-10" }

-- The cause: poolctl stops shop.service on seven servers (the LB's checks then mark them down).
fault {
  id = "pool-shrunk-to-3",
  kind = "crash",
  targets = removed,
  params = { reason = "stopped", restart = false },
  at = "3m",
}

-- Misleading: the billing re-index Kai was preparing for already slows the replica.
red_herring {
  id = "billing-reindex",
  kind = "slow_queries",
  targets = "db-replica",
  params = { factor = 2.4, duration = "50m" },
  at = "0s",
  explanation = "The billing team's re-index of invoice_lines ran on the read replica and made "
             .. "its queries about twice as slow. That was the ticket Kai was working on; it "
             .. "never took a server out of the pool.",
}

fix {
  action = "start_service",
  targets = removed,
  repairs = "pool-shrunk-to-3",
  note = "starting shop.service puts each server back; the LB's checks mark it up after warm-up",
}

-- Shedding load at the LB while the servers warm up: a mitigation, not the fix.
fix {
  action = "set_config",
  targets = "lb",
  params = { key = "max_connections" },
  check = function(_, params)
    local value = tonumber(params.value)
    return value ~= nil and value <= 600
  end,
  mitigates = "pool-shrunk-to-3",
  note = "a connection cap turns timeouts into fast refusals while capacity returns",
}

resolved_when(function()
  return fault_state("pool-shrunk-to-3") == "cleared" and metric("lb", "healthy_backends") >= 10
     and metric("lb", "error_ratio") < 0.01
end, { hold = "3m" })

-- ---- What happened on the hosts ---------------------------------------------------------------

local audit = "/var/log/poolctl/audit.log"

at("2m20s", function()
  log("lb", "/var/log/auth.log", string.format(
    "%s lb sshd[28114]: Accepted publickey for kfisher from 10.0.8.23 port 53312 ssh2: ED25519 "
      .. "SHA256:q9mXr1kVw0c2nHf8yZbG4aT7uLdE5sPo", clock("syslog")))
  log("lb", audit, string.format("%s user=kfisher cmd=\"poolctl status --pool web\" result=ok",
                                 clock("iso8601")))
end, { name = "Kai logs in to lb" })

at("3m", function()
  log("lb", audit, string.format(
    "%s user=kfisher ticket=OPS-4471 cmd=\"poolctl shrink --pool web --to 3\" plan=\"remove 7 "
      .. "of 10 members: web-4 web-5 web-6 web-7 web-8 web-9 web-10\" confirm=yes",
    clock("iso8601")))
  for _, web in ipairs(removed) do
    log("lb", audit, string.format("%s user=kfisher member=%s action=drain result=ok",
                                   clock("iso8601"), web))
    log(web, "/var/log/auth.log", string.format(
      "%s %s sudo:  poolctl : PWD=/ ; USER=root ; COMMAND=/usr/bin/systemctl stop shop.service",
      clock("syslog"), web))
  end
  log("lb", audit, string.format("%s user=kfisher cmd=\"poolctl shrink\" result=ok members=3",
                                 clock("iso8601")))
end, { name = "poolctl shrink --pool web --to 3" })

-- Kai realises nothing and goes on with the ticket: the re-index prep on the replica.
at("6m", function()
  log("db-replica", "/var/log/postgresql/postgresql-15-main.log", string.format(
    "%s [90211] billing@shop LOG:  duration: 48211.904 ms  statement: REINDEX INDEX CONCURRENTLY "
      .. "invoice_lines_account_id_idx", clock("sql")))
end, { name = "billing re-index step finishes on the replica" })

-- ---- The trainee's world --------------------------------------------------------------------

local function member_line(web)
  local h = host(web)
  local service = h.state == "running" and "active" or (h.state == "starting" and "activating"
                  or "inactive")
  local lb_state = "up"
  if h.state ~= "running" then lb_state = "drained" end
  if fault_state("pool-shrunk-to-3") == "cleared" and h.state ~= "running" then
    lb_state = "pending"
  end
  return string.format("%-8s %-12s %-9s %-11s %s", web, "10.0.1." .. (10 + tonumber(web:sub(5))),
                       lb_state, service, h.version)
end

command {
  host = "lb",
  name = "poolctl",
  output = function(_, verb, ...)
    local args = table.concat({ ... }, " ")
    if verb == "status" or verb == nil then
      local lines = { "POOL web  (policy least_conn, min_size: not set)",
                      "MEMBER   ADDRESS      LB-STATE  SERVICE     VERSION" }
      local up = 0
      for _, web in ipairs(hosts("web-*")) do
        lines[#lines + 1] = member_line(web)
        if host(web).state == "running" then up = up + 1 end
      end
      lines[#lines + 1] = string.format("%d of %d members serving", up, #hosts("web-*"))
      return table.concat(lines, "\n") .. "\n"
    end
    if verb == "restore" or verb == "undrain" then
      return "poolctl: this console is read-only for poolctl writes; use the start_service "
          .. "action on each member (poolctl restore = systemctl start shop + undrain)\n", 1
    end
    if verb == "shrink" then
      return "poolctl shrink: refusing while an incident is open (" .. args .. ")\n", 1
    end
    return "usage: poolctl status|shrink|restore --pool NAME [--by N | --to N]\n", 2
  end,
}

file {
  host = "lb",
  path = "/home/kfisher/.bash_history",
  content = function()
    local lines = { "ssh lb", "poolctl status --pool web", "less /srv/runbooks/RB-112.md" }
    if now() >= 180 then lines[#lines + 1] = "poolctl shrink --pool web --to 3" end
    if now() >= 360 then lines[#lines + 1] = "psql -h db-replica -c '\\di+ invoice_lines*'" end
    return table.concat(lines, "\n") .. "\n"
  end,
}

file {
  host = "lb",
  path = "/srv/runbooks/RB-112.md",
  content = [[
# RB-112: free web capacity for a billing re-index

The re-index of invoice_lines needs about 3 web servers' worth of connections on the replica.

1. Check the pool: `poolctl status --pool web` (at least 7 members must stay in service at
   peak).
2. Remove three members: `poolctl shrink --pool web --by 3`
3. Start the re-index (billing team), wait for "REINDEX ... finished" in #billing.
4. Put them back: `poolctl restore --pool web`
]],
}

file {
  host = "lb",
  path = "/etc/poolctl/pools.yaml",
  content = "# poolctl 2.0 pools\nweb:\n  members: web-1..web-10\n  port: 80\n"
         .. "  # min_size: 7   # TODO(OPS-4102): enforce once poolctl supports it\n",
}

team {
  id = "infra",
  name = "Infrastructure on-call (Kai)",
  delay = "3m",
  reply = function(message)
    local text = message:lower()
    if text:find("poolctl") or text:find("shrink") or text:find("audit") then
      return "Oh no. I ran `poolctl shrink --pool web --to 3` for RB-112; the runbook says "
          .. "`--by 3`. So it kept 3 and removed 7. I'm not touching anything else: please "
          .. "start them back (poolctl restore = start shop.service, they need ~45 s to warm up)."
    end
    return "I'm on OPS-4471 (slow billing reports on the replica). I did free some web "
        .. "capacity for the re-index at 09:34 following RB-112, it said ok. Is that related?"
  end,
}

team {
  id = "dba",
  name = "Database on-call (Marisol)",
  delay = "5m",
  reply = "The replica is slower because of the billing re-index on invoice_lines; it is "
       .. "planned and finishes around 10:20. The primary is fine and the replica has no "
       .. "errors. Slow reports should not make the LB return 502s. Has anyone checked how many "
       .. "web servers are in the pool?",
}

team {
  id = "storefront",
  name = "Storefront developers (Ravi)",
  delay = "6m",
  reply = "v4.18.2 went out at 07:41 and ran fine through the first two hours of the climb. "
       .. "Per-request CPU didn't change in canary. We can roll back, but I doubt it's us.",
}

stakeholder {
  from = "support",
  name = "Jess (customer support)",
  channel = "slack",
  at = "8m",
  text = "Hey, we're suddenly getting chats about the site being super slow and 'Gateway "
      .. "Timeout' on checkout. Anything going on?",
}

stakeholder {
  from = "customer",
  name = "Northwind Outfitters (API partner)",
  channel = "email",
  at = "12m",
  text = "Our order sync against your public API has been failing with 502 and 504 since about "
      .. "09:35 Pacific. Please advise.",
}

stakeholder {
  from = "manager",
  name = "Alicia (engineering manager)",
  channel = "slack",
  when = function() return alert_firing("HighErrorRate") and now() >= 14 * 60 end,
  text = "Alicia here. The storefront page has been open a while; what's the impact, do we "
      .. "know the cause, and when do we expect it back? I'll update the exec channel.",
}

hint {
  id = "pool-size",
  after = "11m",
  when = function() return commands("lb") == 0 end,
  text = "Before looking at any one server: how many web servers does the load balancer still "
      .. "have? Try `poolctl status` on lb.",
}

hint {
  id = "who-changed",
  after = "17m",
  when = function() return fault_active("pool-shrunk-to-3") and not escalated("infra") end,
  text = "Seven servers did not stop by themselves at the same second. Who ran what at 09:34? "
      .. "Look at /var/log/poolctl/audit.log on lb, or ask the infra on-call.",
}

hint {
  id = "bring-back",
  after = "24m",
  when = function() return fault_active("pool-shrunk-to-3") end,
  text = "Start shop.service on web-4 ... web-10 (start_service on each). Capping the LB's "
      .. "max_connections meanwhile keeps the three survivors responsive.",
}

measure {
  text = "poolctl: enforce min_size 7 for the web pool",
  kind = "prevent",
  owner = "infrastructure team",
}
measure {
  text = "poolctl: print the members it will remove and ask to type their count",
  kind = "prevent",
  owner = "infrastructure team",
}
measure {
  text = "RB-112: dry-run the shrink first and name the members",
  kind = "process",
  owner = "infrastructure team",
}
measure {
  text = "Page when under 75% of the pool's backends are healthy",
  kind = "detect",
  owner = "SRE team",
}

-- ---- The model responder ------------------------------------------------------------------------

autopilot {
  { at = "5m", ack = "HighErrorRate" },
  { after = "20s", ack = "ReplicaQueriesSlow" },
  { after = "20s", inspect = "tail -n 20 /var/log/nginx/error.log", host = "lb" },
  { after = "40s", inspect = "psql -c 'select pid, usename, state, query from pg_stat_activity'",
    host = "db-replica" },
  { after = "1m", hypothesis = "The billing re-index on the replica slows every page read and "
                            .. "the web servers time out", misleading = true },
  { after = "30s", escalate = "dba", message = "Storefront 502/504s and a slow replica since "
                                           .. "09:34. Can the billing re-index be paused?",
    misleading = true, why = "the replica ticket fired first and Kai was working on it" },
  { after = "1m", status = "We are investigating slow pages and gateway errors on the "
                         .. "storefront; next update in 15 minutes.", audience = "support" },
  { after = "1m", inspect = "top -b -n 1", host = "web-1" },
  { after = "1m", escalate = "storefront", message = "All serving web servers are at 100% CPU "
                                                  .. "since 09:34. Could v4.18.2 be it?",
    misleading = true, why = "saturated CPUs everywhere looked like a costlier release" },
  { after = "4m", inspect = "poolctl status", host = "lb" },
  { after = "40s", inspect = "tail -n 15 /var/log/poolctl/audit.log", host = "lb" },
  { after = "30s", hypothesis = "poolctl shrink --to 3 at 09:34 stopped 7 of 10 web servers; "
                             .. "the 3 left cannot carry the morning load" },
  { after = "20s", escalate = "infra", message = "Did you run poolctl shrink --pool web --to 3 at "
                                             .. "09:34? 7 of 10 servers are stopped. We're "
                                             .. "bringing them back." },
  { after = "20s", action = "set_config", target = "lb",
    params = { key = "max_connections", value = "400" },
    why = "shed load at the LB so the three survivors answer while the rest warm up" },
  { after = "20s", action = "start_service", target = "web-*",
    why = "poolctl restore: start the service on every member that poolctl stopped" },
  { after = "2m", inspect = "poolctl status", host = "lb" },
  { after = "30s", action = "set_config", target = "lb",
    params = { key = "max_connections", value = "4096" },
    why = "all ten members are serving again: remove the temporary cap" },
  { after = "1m", declare = "mitigated" },
  { after = "2m", status = "The storefront is back to normal. A maintenance command removed "
                         .. "7 of 10 web servers at 09:34; they are back in service.",
    audience = "support" },
  { after = "1m", declare = "resolved" },
}
