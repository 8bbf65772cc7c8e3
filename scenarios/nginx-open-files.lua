-- nginx-open-files: a config-management run lowers nginx's open-files limit on every web
-- server to a handful of descriptors just as the morning traffic climbs. nginx refuses
-- connections with "accept4() failed (24: Too many open files)" and the load balancer answers
-- 502. Meanwhile the nightly revenue roll-up on the database has overrun into the morning and
-- slows every query: the first page is about the database, and it is the wrong trail.
-- The fix: raise nofile on the web servers (set_config nofile, which reloads nginx).
-- This file is also the worked example of scenarios/README.md.

meta {
  id = "nginx-open-files",
  title = "502s at the morning peak: nginx runs out of file descriptors",
  difficulty = "beginner",
  length = "45m",
  seed = 7,
  time_zone = "Europe/Berlin",
  start = "2024-03-04 08:50:00",
  services = { "web shop" },
  briefing = [[
You are on call for the web shop (4 nginx + app web servers behind a load balancer, one
PostgreSQL primary). It is Monday morning, 08:50 in Berlin, and traffic is climbing towards the
daily peak. Watch the alerts, find out what is wrong, fix it, and keep support informed.]],
  root_cause = [[
The 08:55 Ansible run applied a new nginx role that sets LimitNOFILE from group_vars, where
nginx_max_fds was still 64 from a test VM. Under the morning load nginx on every web server ran
out of descriptors, refused connections (accept4: Too many open files) and the load balancer
answered 502. The slow database (an overrunning nightly roll-up) was a coincidence.]],
  resolution = [[
Raising nofile to 65536 on every web server (set_config, which reloads nginx) ended the
refusals at once.]],
  learning_goals = {
    "Follow a 502 from the load balancer to the upstream that refused it",
    "Read nginx's error log and recognise errno 24 (EMFILE, too many open files)",
    "Check a process's limits (ulimit -n, /proc/PID/limits) and where they are set",
    "Tell a coincidental database slowdown from the cause of the outage",
    "Correlate an outage with a recent change (the deploy and config history)",
  },
  tags = { "nginx", "limits", "config-management", "red-herring" },
  author = "firedrill",
}

-- The stack: four web servers with generous workers, so that only the descriptor limit bites.
-- nginx's master and workers hold 55 descriptors at rest (logs, listening sockets, epoll...):
-- a limit of 64 leaves a handful for connections.
stack {
  web = { count = 4, workers = 48, backlog = 256, cpu_cores = 4, cpu_ms = 20, queries = 3,
          db_pool_size = 12, pool_wait_timeout = "3s" },
  db = { max_connections = 200, query_slots = 16, query_ms = 2.5 },
  lb = { policy = "least_connections", health_interval = "2s", health_fall = 3, health_rise = 2 },
  client = { timeout = "30s", max_retries = 1 },
  hosts = {
    web = { memory_mb = 8192, fd_limit = 65536, base_fds = 55, app_version = "v2.31.0" },
    db = { cpu_cores = 8, memory_mb = 32768 },
  },
}

-- A Monday: quiet night, a steep climb from 07:00, the peak around noon.
traffic {
  rps = 240,
  users = 40000,
  daily_curve = { 0.12, 0.08, 0.06, 0.05, 0.05, 0.08, 0.2, 0.5, 0.9, 1.2, 1.3, 1.35,
                  1.45, 1.4, 1.3, 1.25, 1.2, 1.15, 1.1, 1.0, 0.85, 0.6, 0.35, 0.2 },
}

-- ---- Alerts (what pages the trainee) ----------------------------------------------------------

alert {
  name = "HighErrorRate",
  expr = "avg_over(1m, lb.error_ratio) > 0.05",
  hold = "2m",
  severity = "page",
  summary = "{{ $value }} of requests fail at the load balancer",
  description = "More than 5% of the requests the load balancer answered in the last minute "
             .. "were errors (5xx or refused).",
  runbook = "runbooks/high-error-rate",
  labels = { team = "web" },
}

alert {
  name = "PostgresQueriesSlow",
  expr = "avg_over(2m, db.query_mean_ms) > 4",
  hold = "2m",
  severity = "ticket",
  summary = "mean query time on {{ $labels.component }} is {{ $value }} ms",
  runbook = "runbooks/postgres-queries-slow",
  labels = { team = "dba" },
}

alert {
  name = "BackendDown",
  expr = "web-*.healthy < 1",
  hold = "1m",
  severity = "ticket",
  summary = "{{ $labels.component }} fails the load balancer's health checks",
  runbook = "runbooks/backend-down",
  expect_firing = false,  -- depends on how the health checks land; not part of the story
}

runbook {
  alert = "HighErrorRate",
  title = "High error rate at the load balancer",
  text = [[
1. Which status codes? `tail /var/log/nginx/error.log` on the load balancer: 502 means the
   upstream refused or reset the connection, 504 that it was too slow, 503 that none is healthy.
2. Which upstreams? The error log names them (upstream: "http://10.0.1.11:80/...").
3. On an upstream: `tail /var/log/nginx/error.log`, `systemctl status nginx`, `ss -s`.
4. What changed? Deploys, config management runs, traffic.]],
}

runbook {
  alert = "PostgresQueriesSlow",
  title = "Slow queries on PostgreSQL",
  text = [[
1. `top` on db: who uses the CPU? `psql -c 'select * from pg_stat_activity'`: which queries?
2. Batch jobs (the nightly roll-up, backups) run from cron on db; they may overrun on month-end.
3. Slow queries alone make pages slower; errors at the load balancer need another cause.]],
}

-- ---- History: what changed before the drill --------------------------------------------------

deploy {
  version = "v2.31.0",
  ago = "2d3h",
  author = "checkout team",
  summary = "checkout: new address form",
  hosts = "web-*",
}

deploy {
  version = "ansible nginx role 3.2.0",
  ago = "63h10m",
  author = "platform team",
  summary = "nginx: manage LimitNOFILE and worker_rlimit_nofile in the role (merged Friday "
         .. "17:40; applied by the next scheduled Ansible run)",
  hosts = "web-*",
}

-- ---- Faults -------------------------------------------------------------------------------------

-- The cause: from 08:55 nginx on every web server may hold 64 descriptors.
fault {
  id = "nofile-64",
  kind = "fd_exhaustion",
  targets = "web-*",
  params = { nofile = 64 },
  at = "5m",
}

-- The misleading signal: the nightly roll-up overran and slows every query until 09:28.
red_herring {
  id = "nightly-rollup",
  kind = "slow_queries",
  targets = "db",
  params = { factor = 2.2, duration = "38m" },
  at = "0s",
  explanation = "The nightly revenue roll-up overran into the morning (month-end data). It "
             .. "made queries slower, not failing; it ended by itself at 09:28.",
}

-- What repairs it: a nofile of at least 4096 on each web server (set_config reloads nginx).
fix {
  action = "set_config",
  targets = "web-*",
  params = { key = "nofile" },
  check = function(_, params)
    local value = tonumber(params.value)
    return value ~= nil and value >= 4096
  end,
  repairs = "nofile-64",
  note = "raising the limit lets nginx accept connections again",
}

-- Resolved when the limit is fixed everywhere and the errors have stayed down for 2 minutes.
resolved_when(function()
  return fault_state("nofile-64") == "cleared" and metric("lb", "error_ratio") < 0.01
end, { hold = "2m" })

-- ---- Timed events -------------------------------------------------------------------------------

-- 08:55: the scheduled Ansible run applies the role and reloads nginx on each web server.
at("5m", function()
  for _, web in ipairs(hosts("web-*")) do
    log(web, "/var/log/syslog", string.format(
      "%s %s ansible-ansible.legacy.systemd: Invoked with name=nginx state=reloaded daemon_reload=True",
      clock("syslog"), web))
    log(web, "/var/log/syslog", string.format(
      "%s %s systemd[1]: Reloading nginx.service - A high performance web server and a reverse proxy server...",
      clock("syslog"), web))
  end
end, { name = "ansible converge applies nginx role 3.2.0" })

-- The roll-up's own log lines while it runs.
every("2m", function()
  if fault_state("nightly-rollup") ~= "active" then return end
  log("db", "/var/log/postgresql/postgresql-15-main.log", string.format(
    "%s [48213] analytics@shop LOG:  duration: %d.%03d ms  statement: INSERT INTO revenue_daily "
      .. "SELECT date_trunc('day', o.created_at), sum(o.total) FROM orders o JOIN order_items i "
      .. "USING (order_id) GROUP BY 1",
    clock("sql"), 95000 + math.random(0, 40000), math.random(0, 999)))
end, { name = "roll-up log", quiet = true, start = "30s", stop = "38m" })

-- ---- The trainee's world --------------------------------------------------------------------

-- The systemd drop-in the role writes: its content follows the live limit.
file {
  host = "web-*",
  path = "/etc/systemd/system/nginx.service.d/limits.conf",
  content = function(web)
    return "# Managed by Ansible (role nginx 3.2.0). Local changes will be overwritten.\n"
        .. "[Service]\n"
        .. "LimitNOFILE=" .. host(web).config.nofile .. "\n"
  end,
}

file {
  host = "web-*",
  path = "/etc/ansible/group_vars/web.yml",
  content = "# group_vars for the web servers\n"
         .. "nginx_worker_connections: 4096\n"
         .. "nginx_max_fds: 64    # TODO: raise for production (copied from the test VM)\n",
}

-- While the roll-up runs, top on db shows it first.
command {
  host = "db",
  name = "top",
  output = function()
    if fault_state("nightly-rollup") ~= "active" then return nil end  -- the built-in top
    -- 8 cores: the roll-up takes about 4.5 of them, the app's queries the rest it can get
    local busy = math.min(7.6, 4.5 + metric("db", "active_queries") * 0.5)
    local user = busy / 8 * 100 - 5.7
    return string.format([[
top - %s up 41 days,  3:12,  1 user,  load average: %.2f, %.2f, %.2f
Tasks: 231 total,   3 running, 228 sleeping,   0 stopped,   0 zombie
%%Cpu(s): %4.1f us,  3.1 sy,  0.0 ni, %4.1f id,  2.2 wa,  0.0 hi,  0.4 si,  0.0 st
MiB Mem :  32768.0 total,   1822.4 free,  13011.9 used,  17933.7 buff/cache
MiB Swap:   2048.0 total,   2048.0 free,      0.0 used.  19012.6 avail Mem

    PID USER      PR  NI    VIRT    RES    SHR S  %%CPU  %%MEM     TIME+ COMMAND
  48213 postgres  20   0   17.2g   9.1g   8.8g R 388.1  28.4 412:07.33 postgres: analytics shop [local] INSERT
  48214 postgres  20   0   17.2g   2.1g   2.0g S  61.3   6.6  50:12.91 postgres: parallel worker for PID 48213
   2210 postgres  20   0   17.1g 212.4m 208.0m S   9.2   0.6  31:02.11 postgres: app shop 10.0.1.11(51022) idle
   2214 postgres  20   0   17.1g 208.1m 204.3m S   8.9   0.6  30:58.40 postgres: app shop 10.0.1.12(50986) idle
]], clock("time"), busy, busy * 0.9, busy * 0.7, user, 100 - user - 5.7)
  end,
}

team {
  id = "dba",
  name = "Database on-call (Priya)",
  delay = "4m",
  reply = function(message)
    if message:lower():find("kill") then
      return "Please don't kill queries on the primary: that was the revenue roll-up and it "
          .. "just restarts its step. It overran because of month-end data; it is read-mostly "
          .. "and makes queries a bit slower, but it cannot make the LB return 502s. 502 means "
          .. "the upstream refused the connection: look at nginx on the web servers."
    end
    return "The load on db is the nightly revenue roll-up, overrunning because of month-end "
        .. "data; it should finish before 09:30. Queries are slower, but nothing fails on our "
        .. "side (no errors in the postgres log). 502s come from upstream connections: check "
        .. "nginx on the web servers."
  end,
}

team {
  id = "platform",
  name = "Platform team (Ansible owners)",
  delay = "6m",
  reply = "We merged the nginx role 3.2.0 on Friday; the 08:55 converge applied it to the web "
       .. "servers. It sets LimitNOFILE from nginx_max_fds in group_vars/web.yml. Checking it now.",
}

stakeholder {
  from = "support",
  name = "Lena (customer support)",
  channel = "slack",
  at = "9m",
  text = "Hi! We're getting lots of tickets about 'Bad Gateway' at checkout since a few minutes. "
      .. "Is something known? What should we tell customers?",
}

stakeholder {
  from = "customer",
  name = "@mara_k",
  channel = "twitter",
  at = "12m",
  text = "@webshop 502 Bad Gateway when I try to pay. Third time this morning. Fix your site please",
}

stakeholder {
  from = "manager",
  name = "Tom (engineering manager)",
  channel = "slack",
  when = function() return alert_firing("HighErrorRate") and now() >= 15 * 60 end,
  text = "I see the error-rate page is still open. What's the customer impact and the ETA? I "
      .. "need to post in #exec in 10 minutes.",
}

hint {
  id = "look-upstream",
  after = "14m",
  when = function() return commands("web-*") == 0 end,
  text = "The 502s are the load balancer's verdict on its upstreams. What do the web servers' "
      .. "own nginx logs say? Try tail /var/log/nginx/error.log on web-1.",
}

hint {
  id = "limits",
  after = "20m",
  when = function() return fault_active("nofile-64") and actions("web-*") == 0 end,
  text = "errno 24 is EMFILE: the process hit its open-files limit. Check ulimit -n on a web "
      .. "server and where the limit comes from (systemd drop-ins, group_vars).",
}

measure {
  text = "Set nginx_max_fds to 65536 in group_vars/web.yml and add a lower bound check to the role",
  kind = "prevent",
  owner = "platform team",
}
measure {
  text = "Alert when any web server's open descriptors exceed 80% of its limit",
  kind = "detect",
  owner = "web team",
}
measure {
  text = "Canary the Ansible converge on one web server and check its error rate before the rest",
  kind = "prevent",
  owner = "platform team",
}
measure {
  text = "Give the nightly roll-up a statement timeout and move it to the replica",
  kind = "mitigate",
  owner = "data team",
}

-- ---- The model responder -----------------------------------------------------------------------

autopilot {
  { at = "3m30s", ack = "PostgresQueriesSlow" },
  { after = "20s", inspect = "top -b -n 1", host = "db" },
  { after = "40s", hypothesis = "The database is overloaded by a runaway query; that will slow "
                             .. "everything down", misleading = true },
  { at = "8m", ack = "HighErrorRate" },
  { after = "30s", inspect = "tail -n 20 /var/log/nginx/error.log", host = "lb" },
  { after = "40s", action = "kill_queries", target = "db", misleading = true,
    why = "free the database from the runaway query" },
  { after = "30s", escalate = "dba", message = "db CPU is pegged by an analytics query and we "
                                           .. "see 502s; we killed the running queries. Is it safe "
                                           .. "to stop that job?" },
  { after = "1m", status = "We are investigating 502 errors at checkout; about 1 in 4 requests "
                       .. "fail. Next update in 15 minutes.", audience = "support" },
  { after = "2m", inspect = "tail -n 20 /var/log/nginx/error.log", host = "web-1" },
  { after = "30s", inspect = "ulimit -n", host = "web-1" },
  { after = "20s", inspect = "cat /etc/systemd/system/nginx.service.d/limits.conf", host = "web-1" },
  { after = "30s", hypothesis = "nginx on the web servers hits its open-files limit (64) since "
                             .. "the 08:55 Ansible run: accept4() fails with EMFILE" },
  { after = "30s", escalate = "platform", message = "The nginx role 3.2.0 set LimitNOFILE=64 on "
                                                 .. "the web servers; we are raising it by hand." },
  { after = "30s", action = "set_config", target = "web-*",
    params = { key = "nofile", value = "65536" },
    why = "raise the open-files limit to what it was before the role change" },
  { after = "3m", declare = "mitigated" },
  { after = "3m", status = "The 502s are over: nginx's open-files limit was set too low by a "
                       .. "config change at 08:55; it is fixed.", audience = "support" },
  { after = "30s", declare = "resolved" },
}
