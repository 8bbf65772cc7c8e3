-- port-80-not-listening: an Ansible change meant to make room for a sidecar proxy moves nginx on
-- both web servers from port 80 to 8080 one step too early: the load balancer still connects
-- to :80, its health checks are refused, it marks every backend down and answers 503 to
-- everyone. At the same minute a weekly antivirus scan pins the CPU of web-2, which pages as
-- "CPU high" and looks like the reason web-2 fails its checks; an unrelated app deploy from
-- ten minutes earlier is the other easy suspect.
-- The fix: set_config listen_port back to 80 on every web server (nginx reloads).

meta {
  id = "port-80-not-listening",
  title = "503 for everyone: nginx listens on 8080, the load balancer knocks on 80",
  difficulty = "beginner",
  length = "30m",
  seed = 80,
  time_zone = "Asia/Tokyo",
  start = "2025-02-05 14:05:00",
  services = { "restaurant booking site" },
  briefing = [[
You are on call for the restaurant booking site: one nginx load balancer in front of two web
servers (nginx + the Python app) and a PostgreSQL primary. It is Wednesday 14:05 in Tokyo,
after the lunch rush; people book tables for the evening. The app team shipped a small release
at 13:55. Watch the alerts, find out what is wrong, fix it, and keep support informed.]],
  root_cause = [[
The 14:09 Ansible run moved nginx on both web servers from port 80 to 8080 while the load
balancer still connected to port 80. The change (nginx role 4.0.0) was phase 1 of a sidecar
rollout whose load balancer half had not shipped. Every health check was refused, the load
balancer marked both backends down and answered 503 to everyone. The CPU ticket on web-2 (the
weekly ClamAV scan) and the 13:55 app release were coincidences.]],
  resolution = [[
Setting listen_port back to 80 on both web servers (set_config, which reloads nginx) let the
health checks pass; the backends came back after two good checks.]],
  learning_goals = {
    "Read a 503 'no live upstreams' as 'the load balancer considers every backend down'",
    "Check what a server really listens on (ss -ltnp) and test it from the inside (curl -I)",
    "Compare the load balancer's upstream port with the web servers' listen port",
    "Not chase the loudest host metric (CPU) when every backend fails the same way",
    "Correlate an outage with the config-management run, not only with app deploys",
  },
  tags = { "nginx", "load-balancer", "health-checks", "config-management", "red-herring" },
  author = "firedrill",
}

-- A small site: two web servers, health checks every 2 s, three failures mark a backend down.
stack {
  web = { count = 2, workers = 32, backlog = 128, cpu_cores = 4, cpu_ms = 12, queries = 3,
          db_pool_size = 10 },
  db = { max_connections = 100, query_slots = 8, query_ms = 1.8 },
  lb = { policy = "round_robin", health_interval = "2s", health_fall = 3, health_rise = 2 },
  client = { timeout = "20s", max_retries = 1 },
  hosts = {
    web = { memory_mb = 4096, app_version = "v5.3.2" },
    db = { cpu_cores = 4, memory_mb = 16384 },
  },
}

-- Afternoon: the lunch peak is over, evening bookings pick up from 16:00.
traffic {
  rps = 90,
  users = 12000,
  daily_curve = { 0.1, 0.05, 0.03, 0.03, 0.04, 0.1, 0.3, 0.6, 0.8, 0.9, 1.1, 1.5,
                  1.6, 1.0, 0.9, 0.95, 1.2, 1.5, 1.7, 1.6, 1.3, 0.9, 0.5, 0.2 },
}

-- ---- Alerts -----------------------------------------------------------------------------------

alert {
  name = "NoHealthyBackends",
  expr = "lb.healthy_backends < 1",
  hold = "30s",
  severity = "page",
  summary = "the load balancer has {{ $value }} healthy backends",
  description = "Every web server fails the load balancer's health check: all traffic gets 503.",
  runbook = "runbooks/no-healthy-backends",
  labels = { team = "web" },
}

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
  name = "HostCpuHigh",
  expr = "avg_over(2m, web-*.cpu_utilization) > 0.8",
  hold = "2m",
  severity = "ticket",
  summary = "CPU on {{ $labels.component }} averages {{ $value }} over 2m",
  runbook = "runbooks/host-cpu-high",
  labels = { team = "web" },
}

runbook {
  alert = "NoHealthyBackends",
  title = "No healthy backends behind the load balancer",
  text = [[
1. The LB answers 503 to everything: it thinks no web server can take traffic.
2. On lb: `tail /var/log/nginx/error.log`: which health checks fail and how
   (connection refused, timeout, a bad status)?
3. On a web server: is nginx running (`systemctl status nginx`)? What does it listen on
   (`ss -ltnp`)? Does `curl -I http://localhost/health` answer 200?
4. Compare with the LB's upstream block (`cat /etc/nginx/conf.d/upstream.conf` on lb).
5. What changed? `deploys`, the Ansible log (/var/log/ansible.log on the web servers).]],
}

runbook {
  alert = "HighErrorRate",
  title = "High error rate at the load balancer",
  text = [[
1. Which status? 503 = no healthy backend, 502 = the backend refused or reset, 504 = too slow.
2. `tail /var/log/nginx/error.log` on lb names the upstreams and the reason.
3. Follow the upstream to the web server and check its nginx and app.]],
}

runbook {
  alert = "HostCpuHigh",
  title = "High CPU on a web server",
  text = [[
1. `top` on the host: which process? The app (gunicorn), nginx, or something else?
2. Scheduled jobs (cron, antivirus, backups) run on a few hosts only; if the others are fine,
   high CPU on one host does not explain a site-wide outage.]],
}

-- ---- History ----------------------------------------------------------------------------------

deploy {
  version = "v5.3.2",
  ago = "10m",
  author = "booking team",
  summary = "booking: show the table's seating area on the confirmation page",
  hosts = "web-*",
}

deploy {
  version = "ansible nginx role 4.0.0",
  ago = "4h20m",
  author = "platform team",
  summary = "nginx: listen on nginx_listen_port (default 8080) to free :80 for the envoy "
         .. "sidecar (merged 09:45; applied by the next scheduled Ansible run)",
  hosts = "web-*",
}

-- ---- Faults -----------------------------------------------------------------------------------

-- The cause: at 14:09 nginx on both web servers moves to port 8080.
fault {
  id = "listen-8080",
  kind = "bad_config",
  targets = "web-*",
  params = { key = "listen_port", value = "8080" },
  at = "4m",
}

-- The misleading signal: the weekly ClamAV scan on web-2 takes most of its four cores.
red_herring {
  id = "clamscan-web-2",
  kind = "cpu_hog",
  targets = "web-2",
  params = { cores = 3.6, duration = "22m" },
  at = "3m",
  explanation = "The weekly ClamAV scan (cron, Wednesdays 14:08 on web-2 only) took most of "
             .. "web-2's CPU. It made web-2 slower, never unreachable: both web servers failed "
             .. "the health checks the same way, because of the port.",
}

fix {
  action = "set_config",
  targets = "web-*",
  params = { key = "listen_port", value = "80" },
  repairs = "listen-8080",
  note = "nginx listens on 80 again, where the load balancer connects",
}

-- Pointing the LB at 8080 brings the site back too, but finishes a migration nobody finished.
fix {
  action = "set_config",
  targets = "lb",
  params = { key = "upstream_port", value = "8080" },
  mitigates = "listen-8080",
  note = "the load balancer follows nginx to 8080: service back, but the sidecar plan is broken",
}

resolved_when(function()
  return fault_state("listen-8080") ~= "pending" and metric("lb", "healthy_backends") >= 2
    and metric("lb", "error_ratio") < 0.01
end, { hold = "2m" })

-- ---- Timed events -----------------------------------------------------------------------------

local ansible_lines = {
  "TASK [nginx : Template /etc/nginx/sites-available/default] ***",
  "changed: [%s] => {\"changed\": true, \"dest\": \"/etc/nginx/sites-available/default\"}",
  "RUNNING HANDLER [nginx : Reload nginx] ***",
  "changed: [%s]",
  "PLAY RECAP *** %s : ok=23 changed=2 unreachable=0 failed=0 skipped=4",
}

at("4m", function()
  for _, web in ipairs(hosts("web-*")) do
    for _, line in ipairs(ansible_lines) do
      log(web, "/var/log/ansible.log", clock("datetime") .. ",412 p=30817 u=root n=ansible | "
          .. string.format(line, web))
    end
    log(web, "/var/log/syslog", string.format(
      "%s %s ansible-ansible.legacy.systemd: Invoked with name=nginx state=reloaded",
      clock("syslog"), web))
    log(web, "/var/log/syslog", string.format(
      "%s %s systemd[1]: Reloading nginx.service - A high performance web server and a "
        .. "reverse proxy server...", clock("syslog"), web))
    log(web, "/var/log/syslog", string.format(
      "%s %s systemd[1]: Reloaded nginx.service - A high performance web server and a "
        .. "reverse proxy server.", clock("syslog"), web))
  end
end, { name = "ansible converge applies nginx role 4.0.0" })

at("3m", function()
  log("web-2", "/var/log/syslog", clock("syslog")
      .. " web-2 CRON[48121]: (root) CMD (/usr/local/sbin/weekly-clamscan.sh >/dev/null 2>&1)")
  log("web-2", "/var/log/clamav/weekly-scan.log", clock("iso8601")
      .. " weekly-clamscan: scanning / (excluding /proc /sys /dev), nice 0")
end, { name = "weekly ClamAV scan starts on web-2" })

every("3m", function()
  if fault_state("clamscan-web-2") ~= "active" then return end
  log("web-2", "/var/log/clamav/weekly-scan.log", string.format(
    "%s weekly-clamscan: %d files scanned, 0 infected", clock("iso8601"),
    180000 + math.floor(now() * 211)))
end, { name = "clamscan progress", quiet = true, start = "4m", stop = "25m" })

-- ---- The trainee's world ----------------------------------------------------------------------

-- The role's variables (ansible-pull's checkout): the default moved, the LB side waits for
-- "phase 2".
file {
  host = "web-*",
  path = "/var/lib/ansible/local/roles/nginx/defaults/main.yml",
  content = "# nginx role 4.0.0\n"
         .. "nginx_listen_port: 8080   # phase 1 of the envoy sidecar rollout (PLAT-2291);\n"
         .. "                          # phase 2 points the LB upstream at envoy on :80\n"
         .. "nginx_worker_connections: 2048\n",
}

-- etckeeper keeps /etc in git: the diff of the change.
command {
  host = "web-*",
  name = "git",
  output = function(web, ...)
    local args = table.concat({ ... }, " ")
    if not args:find("log") then return "usage: git -C /etc log [-p] [-n N]\n", 1 end
    local port = host(web).config.listen_port
    local text = "commit 3f2a9c1e5b7d04a8e61f0c2d9b3a7e5f18c4d602\n"
        .. "Author: ansible <root@" .. web .. ">\n"
        .. "Date:   Wed Feb 5 14:09:12 2025 +0900\n\n"
        .. "    ansible: nginx role 4.0.0\n"
    if args:find("%-p") then
      text = text .. "\ndiff --git a/nginx/sites-available/default b/nginx/sites-available/default\n"
          .. "--- a/nginx/sites-available/default\n"
          .. "+++ b/nginx/sites-available/default\n"
          .. "@@ -1,5 +1,5 @@\n"
          .. " server {\n"
          .. "-    listen 80 default_server;\n"
          .. "-    listen [::]:80 default_server;\n"
          .. "+    listen 8080 default_server;\n"
          .. "+    listen [::]:8080 default_server;\n"
          .. "     server_name _;\n"
    end
    if port == "80" then
      text = "commit 9be0417c22d3e8a5f6b1c7d0e4a2f9b8c3d5e6f7\n"
          .. "Author: root <root@" .. web .. ">\n"
          .. "Date:   Wed Feb 5 " .. clock("time") .. " 2025 +0900\n\n"
          .. "    nginx: listen on 80 again (incident)\n\n" .. text
    end
    return text
  end,
}

-- The LB's own view of its upstreams.
file {
  host = "lb",
  path = "/etc/nginx/conf.d/upstream.conf",
  content = function(lb)
    local port = host(lb).config.upstream_port
    local text = "# Managed by Ansible (role lb 2.7.1)\nupstream backend {\n"
    for i, web in ipairs(hosts("web-*")) do
      text = text .. string.format("    server 10.0.1.%d:%s max_fails=3 fail_timeout=10s; # %s\n",
                                   10 + i, port, web)
    end
    return text .. "}\n"
  end,
}

-- top on web-2 while the scan runs: clamscan, not the app.
command {
  host = "web-2",
  name = "top",
  output = function()
    if fault_state("clamscan-web-2") ~= "active" then return nil end
    return string.format([[
top - %s up 63 days,  2:41,  1 user,  load average: 3.71, 3.52, 2.10
Tasks: 142 total,   2 running, 140 sleeping,   0 stopped,   0 zombie
%%Cpu(s): 88.9 us,  1.7 sy,  0.0 ni,  7.9 id,  1.2 wa,  0.0 hi,  0.3 si,  0.0 st
MiB Mem :   4096.0 total,    612.3 free,   2211.7 used,   1272.0 buff/cache
MiB Swap:   1024.0 total,   1024.0 free,      0.0 used.   1603.5 avail Mem

    PID USER      PR  NI    VIRT    RES    SHR S  %%CPU  %%MEM     TIME+ COMMAND
  48122 root      20   0 1411.2m 1.1g    11.2m R 358.4  27.6  71:03.18 clamscan
    702 www-data  20   0  231.0m  92.4m  12.1m S   0.3   2.3  14:22.40 gunicorn
    688 root      20   0   55.2m   4.1m   2.8m S   0.0   0.1   0:00.31 nginx
]], clock("time"))
  end,
}

-- ---- People -----------------------------------------------------------------------------------

team {
  id = "booking",
  name = "Booking app (Kenji)",
  delay = "4m",
  reply = function(message)
    if message:lower():find("roll") then
      return "We can roll back v5.3.2, but it only changed a template on the confirmation page. "
          .. "The app answers fine on 127.0.0.1:8000 on both servers (just checked with curl). "
          .. "If the LB says no live upstreams, it cannot reach nginx at all."
    end
    return "v5.3.2 went out at 13:55 and was fine for ten minutes; the app answers on "
        .. "127.0.0.1:8000 on both servers. 503 'no live upstreams' is the LB's own page: it "
        .. "doesn't reach nginx. Did something change in nginx?"
  end,
}

team {
  id = "platform",
  name = "Platform (Aiko)",
  delay = "6m",
  reply = function(message)
    if message:lower():find("8080") or message:lower():find("port") then
      return "Ouch, yes: role 4.0.0 moves nginx to 8080 for the envoy sidecar, and the LB change "
          .. "was phase 2. Please set nginx back to 80 on the web servers; we'll pin "
          .. "nginx_listen_port: 80 until the sidecar is there. Don't move the LB to 8080."
    end
    return "The 14:09 Ansible run applied nginx role 4.0.0 to the web servers (merged this "
        .. "morning). It changes the listen port to nginx_listen_port. Is the LB still on 80?"
  end,
}

stakeholder {
  from = "support",
  name = "Yui (customer support)",
  channel = "slack",
  at = "7m",
  text = "Restaurants are calling: the booking page shows '503 Service Temporarily Unavailable' "
      .. "for them and for their guests. Is the whole site down?",
}

stakeholder {
  from = "customer",
  name = "Sushi Kanda (restaurant partner)",
  channel = "email",
  at = "10m",
  text = "Our staff cannot open the reservation list for tonight; your site says 503. We have "
      .. "40 guests booked. Please tell us when it works again.",
}

stakeholder {
  from = "manager",
  name = "Haruto (engineering manager)",
  channel = "slack",
  when = function() return alert_firing("NoHealthyBackends") and now() >= 10 * 60 end,
  text = "The whole site has been down for 6 minutes now. Do we know why? Should I tell sales to "
      .. "warn the big restaurant chains?",
}

hint {
  id = "lb-says",
  after = "8m",
  when = function() return commands("lb") == 0 end,
  text = "503 'no live upstreams' is the load balancer's verdict. Its error log says which "
      .. "health checks fail, and how: tail /var/log/nginx/error.log on lb.",
}

hint {
  id = "what-listens",
  after = "13m",
  when = function() return fault_active("listen-8080") end,
  text = "Connection refused means nothing listens where the LB connects. On a web server, "
      .. "compare ss -ltnp with the port in the LB's upstream block.",
}

measure {
  text = "Pin nginx_listen_port: 80 in group_vars/web.yml until the LB change of PLAT-2291 ships",
  kind = "prevent",
  owner = "platform team",
}
measure {
  text = "Change the LB upstream port and the web servers' listen port in one Ansible play, "
      .. "web servers one at a time with a health check between",
  kind = "prevent",
  owner = "platform team",
}
measure {
  text = "Alert when the LB has fewer than 2 healthy backends, and show the health-check "
      .. "reason on the dashboard",
  kind = "detect",
  owner = "web team",
}
measure {
  text = "Move the weekly ClamAV scan to 04:00 and run it with nice 19 / ionice idle",
  kind = "mitigate",
  owner = "security team",
}

-- ---- The model responder ------------------------------------------------------------------------

autopilot {
  { at = "5m", ack = "NoHealthyBackends" },
  { after = "20s", inspect = "tail -n 15 /var/log/nginx/error.log", host = "lb" },
  { after = "40s", hypothesis = "Both backends are down right after the 13:55 release v5.3.2: "
                             .. "the new app version probably fails its health check",
    misleading = true },
  { after = "30s", action = "deploy", target = "web-1", params = { version = "v5.3.1" },
    misleading = true, why = "put the previous app release back on one server to test it" },
  { after = "40s", status = "The booking site answers 503 to everyone since 14:09. We are "
                         .. "investigating; next update in 15 minutes.", audience = "support" },
  { after = "30s", escalate = "booking", message = "The LB marks both web servers down since "
                                              .. "14:09. We redeployed v5.3.1 on web-1: no change. "
                                              .. "Anything in v5.3.2 that could break /health?" },
  { after = "1m", inspect = "top -b -n 1", host = "web-2" },
  { after = "30s", inspect = "systemctl status nginx", host = "web-1" },
  { after = "30s", inspect = "ss -ltnp", host = "web-1" },
  { after = "20s", inspect = "curl -I http://localhost/health", host = "web-1" },
  { after = "30s", inspect = "cat /etc/nginx/conf.d/upstream.conf", host = "lb" },
  { after = "30s", hypothesis = "nginx on the web servers listens on 8080 since the 14:09 "
                             .. "Ansible run, while the LB health-checks port 80: every check is "
                             .. "refused and both backends are down" },
  { after = "30s", escalate = "platform", message = "nginx role 4.0.0 moved the web servers to "
                                               .. "port 8080 but the LB still uses 80. We are "
                                               .. "setting nginx back to 80." },
  { after = "20s", action = "set_config", target = "web-*",
    params = { key = "listen_port", value = "80" },
    why = "put nginx back on the port the load balancer connects to" },
  { after = "2m", declare = "mitigated" },
  { after = "1m", status = "The booking site works again since 14:22. Cause: a config change "
                        .. "moved our web servers to another port; it is reverted.",
    audience = "support" },
  { after = "2m", declare = "resolved" },
}
