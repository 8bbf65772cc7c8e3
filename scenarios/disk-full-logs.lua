-- disk-full-logs: nine days ago a CIS hardening run masked logrotate.timer on the web servers
-- ("disable unused timers"). Nobody rotated the app's logs since, and the Boxing-week sale
-- triples their volume. On Friday night the web servers' disks fill one after another; each
-- full server answers 500 to every request it gets (the app cannot write its session files).
-- Meanwhile the nightly pg_dump on the database host fills its disk to 91% and raises the same
-- disk alert there: the database looks like the suspect, and it is not.
-- The fix: free_disk (a forced logrotate run: rotate, compress, delete old archives) on every
-- web server; then unmask the timer so it stays fixed.

meta {
  id = "disk-full-logs",
  title = "Friday night in the Boxing-week sale: the web servers' disks fill with logs",
  difficulty = "intermediate",
  length = "75m",
  seed = 2612,
  time_zone = "Australia/Sydney",
  start = "2024-12-27 22:50:00",
  services = { "outdoor gear shop" },
  briefing = [[
You are on call for the outdoor gear shop: four web servers (nginx + the Python app) behind a
load balancer, a PostgreSQL primary with a read replica. It is Friday 22:50 in Sydney, the
Boxing-week sale runs until Sunday and traffic is three times a normal night. Most of the team
is on leave; a few disk tickets have been open since Christmas. Watch the alerts, find out what
is wrong, fix it, and keep support informed.]],
  root_cause = [[
A hardening run on 18 December masked logrotate.timer on the web servers, so app.log was never
rotated again. From 23:08 their disks filled up and each full server answered 500 to every
request (Errno 28: the app could not write its session files). The disk tickets had been open
since Christmas. The database's disk page was the nightly pg_dump.]],
  resolution = [[
A forced logrotate run (free_disk) on each web server freed about 20 GB and ended the 500s; the
platform team unmasked the timer.]],
  learning_goals = {
    "Follow 500s to the servers that answer them, and read their app log (Errno 28)",
    "Use df -h and du to find what fills a disk",
    "Check that the housekeeping itself runs (systemctl status logrotate.timer, its status file)",
    "Tell a disk that fills by design (a backup) from one that fills by accident",
    "Fix every host, not only the first one: the others are minutes behind",
  },
  tags = { "disk", "logs", "logrotate", "hardening", "red-herring" },
  author = "firedrill",
}

stack {
  web = { count = 4, workers = 32, backlog = 128, cpu_cores = 4, cpu_ms = 10, queries = 3,
          db_pool_size = 14 },
  db = { max_connections = 200, query_slots = 16, query_ms = 1.8, replica = true,
         read_fraction = 0.7 },
  lb = { policy = "round_robin", health_interval = "2s", health_fall = 3, health_rise = 2 },
  client = { timeout = "30s", max_retries = 1 },
  hosts = {
    web = { memory_mb = 8192, disk_gb = 40, base_disk_gb = 14, app_version = "v7.2.1" },
    db = { cpu_cores = 8, memory_mb = 65536, disk_gb = 500, base_disk_gb = 430 },
  },
}

-- A sale night: the evening peak lasts until midnight.
traffic {
  rps = 300,
  users = 60000,
  daily_curve = { 0.5, 0.3, 0.2, 0.15, 0.12, 0.15, 0.3, 0.5, 0.7, 0.85, 0.95, 1.0,
                  1.05, 1.0, 0.95, 0.95, 1.0, 1.1, 1.2, 1.3, 1.35, 1.3, 1.2, 0.9 },
}

-- ---- Alerts -----------------------------------------------------------------------------------

alert {
  name = "HighErrorRate",
  expr = "avg_over(1m, lb.error_ratio) > 0.05",
  hold = "1m",
  severity = "page",
  summary = "{{ $value }} of requests fail at the load balancer",
  runbook = "runbooks/high-error-rate",
  labels = { team = "web" },
}

alert {
  name = "DiskSpaceLow",
  expr = "*.disk_used_ratio > 0.9",
  hold = "5m",
  severity = "ticket",
  summary = "{{ $labels.component }}: {{ $value }} of the root disk is used",
  description = "Less than 10% of the disk is free.",
  runbook = "runbooks/disk-space-low",
  labels = { team = "platform" },
}

alert {
  name = "DiskFull",
  expr = "*.disk_used_ratio > 0.998",
  hold = "30s",
  severity = "page",
  summary = "{{ $labels.component }}: the root disk is full ({{ $value }})",
  runbook = "runbooks/disk-space-low",
  labels = { team = "platform" },
}

alert {
  name = "PostgresDiskFilling",
  expr = "db.disk_used_ratio > 0.88",
  hold = "1m",
  severity = "page",
  summary = "the database host's disk is {{ $value }} full",
  description = "A full disk stops PostgreSQL from writing WAL: the database stops.",
  runbook = "runbooks/postgres-disk-filling",
  labels = { team = "dba" },
}

runbook {
  alert = "PostgresDiskFilling",
  title = "Database host disk filling",
  text = [[
1. `df -h` and `du -sh /var/lib/postgresql /var/backups/* /var/log` on db.
2. /var/backups/postgresql holds the nightly pg_dump from 23:00 until 23:45, when it is shipped
   to object storage and deleted; the disk peaks around 93% every night.
3. Never delete anything under /var/lib/postgresql; ask the DBA before deleting a backup.]],
}

runbook {
  alert = "HighErrorRate",
  title = "High error rate at the load balancer",
  text = [[
1. Which status, which upstream? `tail /var/log/nginx/access.log` on lb: the last field is the
   web server that answered.
2. 500 comes from the app: `tail -n 30 /var/log/app/app.log` on that web server.
3. Is it one server or all of them? A single bad server can be drained while you fix it.]],
}

runbook {
  alert = "DiskSpaceLow",
  title = "Disk space low",
  text = [[
1. `df -h`, then `du -sh /var/log/* /var/backups/* 2>/dev/null | sort -h` on the host.
2. Logs: `ls -lh /var/log/app/`. Rotated archives (.gz) older than the retention can go.
   Is rotation running? `systemctl status logrotate.timer`, `cat /var/lib/logrotate/status`.
3. Database host: /var/backups/postgresql holds the nightly pg_dump from 23:00 until it is
   shipped at 23:45; it is expected to reach about 90%. Never delete files under
   /var/lib/postgresql.
4. `free_disk` runs logrotate -f and removes old archives.]],
}

-- ---- History ----------------------------------------------------------------------------------

deploy {
  version = "v7.2.1",
  ago = "3d5h",
  author = "shop team",
  summary = "sale banners; log every checkout step at INFO for the sale analytics",
  hosts = "web-*",
}

deploy {
  version = "ansible cis-hardening 1.9.0",
  ago = "9d11h",
  author = "platform team",
  summary = "CIS level 1: disable unused systemd timers (apt-daily-upgrade, man-db, "
         .. "logrotate ...)",
  hosts = "web-*",
}

-- ---- Faults -----------------------------------------------------------------------------------

-- Nine days of unrotated logs: where each disk stands at 22:50 (web-3 and web-4 were rebuilt
-- in November and carry fewer old archives).
local backlog = { ["web-1"] = 95.5, ["web-2"] = 94, ["web-3"] = 92.5, ["web-4"] = 91 }
local backlog_ids = {}
for i = 1, 4 do
  local web = "web-" .. i
  local id = "unrotated-" .. web
  backlog_ids[#backlog_ids + 1] = id
  fault {
    id = id,
    kind = "disk_fill",
    targets = web,
    params = { gb_per_min = 0, to_percent = backlog[web] },
    at = "0s",
  }
end

-- The sale night's app.log growth, on every web server, until the disk is full.
fault {
  id = "app-log-growth",
  kind = "disk_fill",
  targets = "web-*",
  params = { gb_per_min = 0.1, to_percent = 100 },
  at = "0s",
}

-- The misleading signal: the nightly pg_dump fills the database host's disk to 91%.
red_herring {
  id = "nightly-pg-dump",
  kind = "disk_fill",
  targets = "db",
  params = { gb_per_min = 2, to_percent = 93, duration = "45m" },
  at = "10m",
  explanation = "The nightly pg_dump writes about 55 GB to /var/backups/postgresql from 23:00 "
             .. "and the file is shipped to object storage and deleted at 23:45. The database "
             .. "never ran out of space and wrote normally all night.",
}

local repaired = {}
local all_faults = { "app-log-growth" }
for _, id in ipairs(backlog_ids) do all_faults[#all_faults + 1] = id end

-- A forced logrotate run on a web server frees its disk (and ends its share of the growth).
fix {
  action = "free_disk",
  targets = "web-*",
  repairs = all_faults,
  run = function(web)
    repaired[web] = clock("time"):sub(1, 5)
    log(web, "/var/log/syslog", string.format(
      "%s %s logrotate[%d]: rotating pattern: /var/log/app/*.log  after 1 days (14 rotations)",
      clock("syslog"), web, 61000 + math.random(0, 999)))
    log(web, "/var/log/syslog", string.format(
      "%s %s logrotate[%d]: compressing log with: /bin/gzip; removing old log "
        .. "/var/log/app/app.log.15.gz", clock("syslog"), web, 61000 + math.random(0, 999)))
  end,
  note = "rotating and compressing app.log frees about 20 GB",
}

resolved_when(function()
  for _, web in ipairs(hosts("web-*")) do
    if host(web).disk_used_ratio > 0.9 then return false end
  end
  return fault_state("app-log-growth") == "cleared" and metric("lb", "error_ratio") < 0.01
end, { hold = "3m" })

-- ---- Timed events -----------------------------------------------------------------------------

at("10m", function()
  log("db", "/var/log/syslog", clock("syslog") .. " db CRON[71522]: (postgres) CMD "
      .. "(/usr/local/bin/nightly-pg-dump.sh shop /var/backups/postgresql)")
  log("db", "/var/log/postgresql/postgresql-15-main.log", clock("sql")
      .. " [71530] postgres@shop LOG:  connection authorized: user=postgres database=shop "
      .. "application_name=pg_dump")
end, { name = "nightly pg_dump starts" })

at("55m", function()
  log("db", "/var/log/syslog", clock("syslog") .. " db nightly-pg-dump[71522]: uploaded "
      .. "shop-20241227.dump (54.8 GiB) to s3://gear-backups/pg/; removed local copy")
end, { name = "pg_dump shipped and removed" })

-- When a disk fills, the kernel and the app say so (once per host).
local full_logged = {}
every("10s", function()
  for _, web in ipairs(hosts("web-*")) do
    if host(web).disk_full and not full_logged[web] then
      full_logged[web] = true
      log(web, "/var/log/syslog", string.format(
        "%s %s rsyslogd[611]: file '/var/log/syslog': write error (28: No space left on device)",
        clock("syslog"), web))
    elseif not host(web).disk_full then
      full_logged[web] = nil
    end
  end
end, { name = "disk-full syslog lines", quiet = true })

-- ---- The trainee's world ----------------------------------------------------------------------

local function gb(value)
  if value >= 1 then return string.format("%.0fG", value) end
  return string.format("%.0fM", value * 1024)
end

-- The size of the unrotated app.log follows the disk.
local function app_log_gb(web)
  local h = host(web)
  if repaired[web] then return math.max(0.05, h.disk_used_gb - h.disk_total_gb * 0.35 - 0.5) end
  return math.max(0.1, h.disk_used_gb - h.disk_total_gb * 0.35 - 1.1)
end

command {
  host = "web-*",
  name = "du",
  output = function(web)
    local h = host(web)
    local app = app_log_gb(web)
    return gb(app + (repaired[web] and 1.6 or 0.9)) .. "\t/var/log/app\n"
        .. "412M\t/var/log/journal\n"
        .. "96M\t/var/log/nginx\n"
        .. (h.disk_full and "1.1G" or "38M") .. "\t/var/log/syslog\n"
        .. "3.1G\t/srv/shop\n"
        .. "7.9G\t/usr\n"
  end,
}

command {
  host = "web-*",
  name = "ls",
  output = function(web, ...)
    local args = table.concat({ ... }, " ")
    if not args:find("/var/log/app") then return nil end
    local size = app_log_gb(web)
    if repaired[web] then
      return "total 1.7G\n"
          .. string.format("-rw-r----- 1 shop adm  %5s Dec 27 %s app.log\n", gb(size),
                           clock("time"):sub(1, 5))
          .. string.format("-rw-r----- 1 shop adm   1.6G Dec 27 %s app.log.1.gz\n", repaired[web])
    end
    return string.format("total %s\n", gb(size + 0.9))
        .. string.format("-rw-r----- 1 shop adm  %5s Dec 27 %s app.log\n", gb(size),
                         clock("time"):sub(1, 5))
        .. "-rw-r----- 1 shop adm   412M Dec 18 00:00 app.log.1.gz\n"
        .. "-rw-r----- 1 shop adm   398M Dec 17 00:00 app.log.2.gz\n"
        .. "-rw-r----- 1 shop adm   127M Dec 16 00:00 app.log.3.gz\n"
  end,
}

file {
  host = "web-*",
  path = "/var/lib/logrotate/status",
  content = function(web)
    local day = "2024-12-18-0:0:0"
    if repaired[web] then day = "2024-12-27-" .. repaired[web]:gsub("^0", "") .. ":0" end
    return "logrotate state -- version 2\n"
        .. "\"/var/log/app/app.log\" " .. day .. "\n"
        .. "\"/var/log/nginx/error.log\" " .. day .. "\n"
        .. "\"/var/log/syslog\" " .. day .. "\n"
  end,
}

file {
  host = "web-*",
  path = "/etc/logrotate.d/shop",
  content = "/var/log/app/*.log {\n    daily\n    rotate 14\n    compress\n    delaycompress\n"
         .. "    missingok\n    notifempty\n    copytruncate\n    maxsize 2G\n}\n",
}

-- The timer the hardening role masked.
command {
  host = "web-*",
  name = "systemctl",
  output = function(web, ...)
    local args = table.concat({ ... }, " ")
    if not args:find("logrotate") then return nil end
    if args:find("list%-timers") or args:find("status") then
      return "○ logrotate.timer\n"
          .. "     Loaded: masked (Reason: Unit logrotate.timer is masked.)\n"
          .. "     Active: inactive (dead) since Wed 2024-12-18 11:02:41 AEDT; 1 week 2 days ago\n"
          .. "    Trigger: n/a\n"
          .. "   Triggers: ● logrotate.service\n\n"
          .. "Dec 18 11:02:41 " .. web .. " systemd[1]: logrotate.timer: Deactivated successfully.\n"
          .. "Dec 18 11:02:41 " .. web .. " systemd[1]: Stopped logrotate.timer - Daily rotation "
          .. "of log files.\n", 3
    end
    if args:find("unmask") or args:find("enable") or args:find("start") then
      return "Failed to " .. (args:match("(%a+)") or "change") .. " logrotate.timer: Access "
          .. "denied. This host is managed by Ansible (ask the platform team).\n", 1
    end
    return nil
  end,
}

command {
  host = "db",
  name = "du",
  output = function()
    local dumping = fault_state("nightly-pg-dump") == "active"
    local backup = dumping and host("db").disk_used_gb - 430 or 0
    return gb(math.max(0.01, backup)) .. "\t/var/backups/postgresql\n"
        .. "402G\t/var/lib/postgresql\n"
        .. "1.8G\t/var/log\n"
        .. "6.2G\t/usr\n"
  end,
}

command {
  host = "db",
  name = "ls",
  output = function(_, ...)
    local args = table.concat({ ... }, " ")
    if not args:find("backups") then return nil end
    if fault_state("nightly-pg-dump") ~= "active" then return "total 0\n" end
    local size = host("db").disk_used_gb - 430
    return string.format("total %s\n-rw-r----- 1 postgres postgres %s %s shop-20241227.dump.partial\n",
                         gb(size), gb(size), "Dec 27 " .. clock("time"):sub(1, 5))
  end,
}

-- ---- People -----------------------------------------------------------------------------------

team {
  id = "dba",
  name = "Database on-call (Wei)",
  delay = "5m",
  reply = function(message)
    if message:lower():find("delete") or message:lower():find("free") then
      return "Please don't delete anything under /var/backups on db while pg_dump runs: that's "
          .. "tonight's backup, it's shipped and removed at 23:45. The database has 40 GB free "
          .. "and writes fine. Your 500s come from the web tier, not from us."
    end
    return "db's disk at ~90% is the nightly pg_dump in /var/backups, normal every night until "
        .. "23:45. Postgres writes fine, no errors in its log. What do the web servers say?"
  end,
}

team {
  id = "platform",
  name = "Platform (Jack, on leave)",
  delay = "8m",
  reply = function(message)
    if message:lower():find("logrotate") or message:lower():find("timer") then
      return "Oh no. The CIS role's timer list includes logrotate.timer, that's a bug in 1.9.0. "
          .. "Run logrotate by hand (free_disk) on every web server now; I'll push a fix that "
          .. "unmasks the timer within the hour."
    end
    return "The web servers have 40 GB disks, /var/log is on the root fs. If it's logs, rotate "
        .. "them (free_disk). Did logrotate run? It's a systemd timer on Debian 12."
  end,
}

stakeholder {
  from = "support",
  name = "Chloe (customer support)",
  channel = "slack",
  when = function() return alert_firing("HighErrorRate") end,
  text = "Hey, a few customers in chat say checkout fails with 'Internal Server Error', "
      .. "others say it works after a refresh. Something up?",
}

stakeholder {
  from = "customer",
  name = "@trailrunner_syd",
  channel = "twitter",
  when = function() return metric("lb", "error_ratio") > 0.3 end,
  text = "@geargrab tried to buy the tent in the sale 4 times, internal server error every "
      .. "time. It's going to sell out!",
}

stakeholder {
  from = "manager",
  name = "Liam (engineering manager)",
  channel = "slack",
  when = function() return alert_firing("HighErrorRate") and now() >= 22 * 60 end,
  text = "Just saw the pages. How many customers are affected? Do you need me to pull anyone "
      .. "in from leave?",
}

hint {
  id = "which-server",
  after = "25m",
  when = function() return commands("web-*") == 0 end,
  text = "The access log on lb names the upstream that answered each 500. Is it every web "
      .. "server or some? Then read that server's app log.",
}

hint {
  id = "why-full",
  after = "32m",
  when = function() return fault_active("app-log-growth") and actions("web-*") == 0 end,
  text = "Errno 28 is ENOSPC. df -h and du on the web server: what grew? And why did nothing "
      .. "rotate it? Look at /var/lib/logrotate/status.",
}

hint {
  id = "all-of-them",
  after = "40m",
  when = function() return actions("web-*") > 0 and fault_active("app-log-growth") end,
  text = "Look at the other web servers' disks too: they have no rotation either.",
}

measure {
  text = "Remove logrotate.timer from the CIS role's list of timers to disable",
  kind = "prevent",
  owner = "platform team",
}
measure {
  text = "Page when a disk will be full within 4 hours",
  kind = "detect",
  owner = "platform team",
}
measure {
  text = "Alert when a host's logrotate status is older than 2 days",
  kind = "detect",
  owner = "platform team",
}
measure {
  text = "Review open tickets at every on-call handover",
  kind = "process",
  owner = "engineering managers",
}

-- ---- The model responder ------------------------------------------------------------------------

autopilot {
  { at = "17m", ack = "PostgresDiskFilling" },
  { after = "20s", inspect = "df -h", host = "db" },
  { after = "30s", hypothesis = "The database host is running out of disk: writes will fail and "
                             .. "the shop with them", misleading = true },
  { after = "30s", action = "free_disk", target = "db", misleading = true,
    why = "make room on the database before postgres stops writing" },
  { after = "30s", escalate = "dba", message = "db's disk is nearly full and growing; we freed "
                                          .. "some space. What is writing there?" },
  { at = "24m", ack = "HighErrorRate" },
  { after = "20s", inspect = "tail -n 20 /var/log/nginx/access.log", host = "lb" },
  { after = "30s", inspect = "tail -n 20 /var/log/app/app.log", host = "web-1" },
  { after = "30s", inspect = "df -h", host = "web-1" },
  { after = "20s", inspect = "du -sh /var/log/* /srv/shop /usr", host = "web-1" },
  { after = "20s", inspect = "ls -lh /var/log/app/", host = "web-1" },
  { after = "30s", inspect = "systemctl status logrotate.timer", host = "web-1" },
  { after = "30s", hypothesis = "logrotate.timer is masked since the 18 December hardening run: "
                             .. "app.log grew unrotated until the web servers' disks filled and "
                             .. "the app fails with ENOSPC" },
  { after = "30s", status = "Part of the checkouts fail with an error since 23:08; we found the "
                         .. "cause (full disks on web servers) and are fixing it.",
    audience = "support" },
  { after = "20s", action = "free_disk", target = "web-*",
    why = "rotate and compress the logs on every web server, not only the full ones" },
  { after = "30s", escalate = "platform", message = "The CIS role masked logrotate.timer on the "
                                               .. "web servers; we rotated by hand. Please unmask it." },
  { after = "3m", declare = "mitigated" },
  { after = "2m", status = "Checkout works again since 23:20. The web servers' disks had filled "
                        .. "with logs; they are rotated and the rotation job is being restored.",
    audience = "support" },
  { after = "2m", declare = "resolved" },
}
