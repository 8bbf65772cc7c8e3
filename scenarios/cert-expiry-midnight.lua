-- cert-expiry-midnight: the load balancer's TLS certificate for the ticket shop expires at
-- midnight, Madrid summer time (22:00 GMT, as openssl prints it). From that second every HTTPS
-- handshake fails: browsers show NET::ERR_CERT_DATE_INVALID, the apps refuse to connect, and
-- the servers look idle because no request gets past the handshake. Automatic renewal had
-- silently stopped in May, when the load balancer was rebuilt without the certbot timer.
-- Misleading: the nightly settlement job starts at 00:00 on web-1 and pins its CPU; the first
-- ticket to fire after the page is about it, and "something heavy started at midnight" fits.
-- The fix: `certbot renew` on lb, then reload nginx (restart_service lb) so it serves the new
-- certificate.

meta {
  id = "cert-expiry-midnight",
  title = "Midnight in Madrid: every HTTPS handshake fails",
  difficulty = "beginner",
  length = "40m",
  seed = 31,
  time_zone = "Europe/Madrid",
  start = "2024-07-31 23:48:00",
  services = { "ticket shop" },
  briefing = [[
You are on call for Entradas Sol, a concert ticket shop (one nginx load balancer that
terminates TLS, 3 web servers, a PostgreSQL database and a Redis cache). It is Wednesday night,
23:48 in Madrid (CEST). The evening was quiet. Watch the alerts; if something breaks, find out
why, fix it, and keep the late support shift informed.]],
  root_cause = [[
The TLS certificate of shop.example.com expired at midnight, 00:00 CEST on 1 August (notAfter
Jul 31 22:00:00 2024 GMT), and from then on every HTTPS handshake failed. It was never renewed
because the certbot timer had not been enabled when the load balancer was rebuilt in May, and
the expiry warnings went to a former colleague's mailbox. The settlement job that pins web-1's
CPU at midnight runs every night and was a coincidence.]],
  resolution = [[
Running certbot renew on lb obtained a new 90-day certificate, and reloading nginx
(restart_service on lb) made the load balancer serve it; handshakes succeeded at once.]],
  learning_goals = {
    "Recognise a TLS failure: errors at the edge while the servers behind it look idle",
    "Read a certificate's validity with openssl or certbot, and convert GMT to local time",
    "Renew a certificate and reload the server that serves it",
    "Tell a job that runs every night from the cause of tonight's outage",
    "Propose expiry monitoring that does not depend on one person's inbox",
  },
  tags = { "tls", "certificates", "midnight", "red-herring" },
  author = "firedrill",
}

stack {
  web = { count = 3, workers = 32, backlog = 128, cpu_cores = 4, cpu_ms = 12, queries = 2,
          db_pool_size = 10 },
  db = { max_connections = 100, query_slots = 12, query_ms = 2 },
  cache = { enabled = true, hit_ratio = 0.85, lookup_ms = 0.4 },
  lb = { policy = "round_robin", health_interval = "5s" },
  client = { timeout = "15s", max_retries = 2, retry_backoff = "2s" },
  hosts = {
    web = { memory_mb = 4096, service = "gunicorn", app_version = "2024.07.3" },
    db = { cpu_cores = 8, memory_mb = 16384 },
  },
}

-- Spain eats late: the evening peak runs until 23:00 and falls off after midnight.
traffic {
  rps = 110,
  users = 25000,
  daily_curve = { 0.45, 0.25, 0.12, 0.08, 0.06, 0.06, 0.1, 0.25, 0.45, 0.6, 0.75, 0.85,
                  0.95, 1.0, 0.9, 0.8, 0.8, 0.85, 0.95, 1.05, 1.15, 1.2, 1.0, 0.75 },
}

-- ---- Alerts -------------------------------------------------------------------------------------

alert {
  name = "SiteUnreachable",
  expr = "avg_over(1m, lb.error_ratio) > 0.2",
  hold = "1m",
  severity = "page",
  summary = "{{ $value }} of connections to shop.example.com fail at the load balancer",
  description = "More than a fifth of the connections the load balancer accepted in the last "
             .. "minute ended in an error (HTTP 5xx or a failed TLS handshake).",
  runbook = "runbooks/site-unreachable",
  labels = { team = "web" },
}

alert {
  name = "TlsHandshakeErrors",
  expr = "avg_over(1m, lb.tls_errors) > 5",
  hold = "2m",
  severity = "ticket",
  summary = "{{ $value }} TLS handshakes per second fail on {{ $labels.component }}",
  runbook = "runbooks/tls-handshake-errors",
  labels = { team = "web" },
}

alert {
  name = "WebCpuHigh",
  expr = "avg_over(1m, web-*.cpu_utilization) > 0.6",
  hold = "1m",
  severity = "ticket",
  summary = "{{ $labels.component }} CPU at {{ $value }} for a minute",
  runbook = "runbooks/web-cpu-high",
  labels = { team = "web" },
}

runbook {
  alert = "SiteUnreachable",
  title = "The shop is failing at the load balancer",
  text = [[
1. What do clients get? `curl -sS -o /dev/null -w '%{http_code}\n' https://shop.example.com/`
   from any host. A TLS error (certificate, handshake) means the request never reached nginx's
   HTTP layer; 502/503/504 point at the web servers.
2. On lb: `tail /var/log/nginx/error.log`; nginx logs failed handshakes only at level info.
3. Web servers idle while users fail: the problem is in front of them (TLS, DNS, the LB).]],
}

runbook {
  alert = "TlsHandshakeErrors",
  title = "TLS handshakes failing",
  text = [[
1. `openssl x509 -in /etc/letsencrypt/live/shop.example.com/cert.pem -noout -dates` on lb.
   Times are in GMT.
2. `certbot certificates` lists every certificate and how long it is valid.
3. Renew: `certbot renew` (HTTP-01 via the LB), then reload nginx so it serves the new file
   (restart_service on lb). `systemctl status certbot.timer` should be active.]],
}

runbook {
  alert = "WebCpuHigh",
  title = "Web server CPU high",
  text = [[
1. `top` on the host: the app (gunicorn) or another process?
2. The nightly settlement job (`settle-orders`) runs from cron on web-1 at 00:00 every night and
   uses three cores for 10-15 minutes. That is expected and does not affect the site.]],
}

-- ---- History ----------------------------------------------------------------------------------

deploy {
  version = "2024.07.3",
  ago = "2d6h",
  author = "shop team",
  summary = "checkout: Bizum payments",
  hosts = "web-*",
}

deploy {
  version = "lb rebuild (Debian 12, nginx 1.22)",
  ago = "78d",
  author = "Jordi (ops, has since left)",
  summary = "load balancer moved to a new VM; certificates copied over from the old host",
  hosts = "lb",
}

-- ---- Faults -------------------------------------------------------------------------------------

-- The cause: at 00:00:00 CEST the certificate is past notAfter.
fault {
  id = "cert-expired",
  kind = "certificate_expiry",
  targets = "lb",
  params = { ["in"] = "0s" },
  at = "12m",
}

-- Misleading: the nightly settlement job starts at 00:00 on web-1, as every night.
red_herring {
  id = "nightly-settlement",
  kind = "cpu_hog",
  targets = "web-1",
  params = { cores = 3, duration = "14m" },
  at = "12m",
  explanation = "The nightly settlement job (cron, 00:00, web-1) used three cores for 14 "
             .. "minutes, as it does every night. It never affected TLS or the other servers.",
}

-- Renewing writes a new certificate; only a reload of nginx makes the LB serve it.
local renewed_at = nil

fix {
  action = "restart_service",
  targets = "lb",
  check = function() return renewed_at ~= nil end,
  repairs = "cert-expired",
  note = "nginx re-reads the renewed certificate on reload",
}

resolved_when(function()
  return fault_state("cert-expired") == "cleared" and metric("lb", "error_ratio") < 0.01
end, { hold = "2m" })

-- ---- Timed events -------------------------------------------------------------------------------

at("12m", function()
  log("web-1", "/var/log/syslog", string.format(
    "%s web-1 CRON[40418]: (shop) CMD (/usr/local/bin/settle-orders --date yesterday >> "
      .. "/var/log/shop/settlement.log 2>&1)", clock("syslog")))
  log("web-1", "/var/log/shop/settlement.log", string.format(
    "%s settle-orders: settling 18412 orders for 2024-07-31 with 3 workers", clock("iso8601")))
end, { name = "cron starts settle-orders on web-1" })

every("3m", function()
  if fault_state("nightly-settlement") ~= "active" then return end
  log("web-1", "/var/log/shop/settlement.log", string.format(
    "%s settle-orders: %d/18412 orders settled", clock("iso8601"),
    math.min(18412, math.floor((now() - 12 * 60) * 22))))
end, { name = "settlement progress", quiet = true, start = "15m", stop = "27m" })

at("26m", function()
  log("web-1", "/var/log/shop/settlement.log", string.format(
    "%s settle-orders: done, 18412 orders settled, 0 failed", clock("iso8601")))
end, { name = "settlement finished", quiet = true })

-- ---- The trainee's world --------------------------------------------------------------------

local cert_path = "/etc/letsencrypt/live/shop.example.com/cert.pem"

local function not_after()
  if renewed_at then return "Oct 29 21:05:12 2024 GMT" end
  return "Jul 31 22:00:00 2024 GMT"
end

local function not_before()
  if renewed_at then return "Jul 31 21:05:13 2024 GMT" end
  return "May  2 22:00:01 2024 GMT"
end

command {
  host = "lb",
  name = "openssl",
  output = function(_, sub, ...)
    local args = table.concat({ ... }, " ")
    if sub == "x509" then
      local lines = {}
      if args:find("subject") or args:find("text") then
        lines[#lines + 1] = "subject=CN = shop.example.com"
        lines[#lines + 1] = "issuer=C = US, O = Let's Encrypt, CN = R11"
      end
      if args:find("dates") or args:find("startdate") or args:find("text") then
        lines[#lines + 1] = "notBefore=" .. not_before()
      end
      if args:find("dates") or args:find("enddate") or args:find("text") then
        lines[#lines + 1] = "notAfter=" .. not_after()
      end
      if args:find("checkend") then
        if fault_active("cert-expired") then
          return "Certificate will expire\n", 1
        end
        return "Certificate will not expire\n"
      end
      if #lines == 0 then lines[1] = "(certificate PEM omitted: use -noout -dates)" end
      return table.concat(lines, "\n") .. "\n"
    end
    if sub == "s_client" then
      if fault_active("cert-expired") then
        return "CONNECTED(00000003)\n"
            .. "depth=0 CN = shop.example.com\n"
            .. "verify error:num=10:certificate has expired\n"
            .. "notAfter=" .. not_after() .. "\n"
            .. "---\nVerify return code: 10 (certificate has expired)\n", 0
      end
      return "CONNECTED(00000003)\n"
          .. "depth=2 C = US, O = Internet Security Research Group, CN = ISRG Root X1\n"
          .. "verify return:1\ndepth=0 CN = shop.example.com\nverify return:1\n"
          .. "---\nVerify return code: 0 (ok)\n"
    end
    return "usage: openssl x509|s_client ...\n", 1
  end,
}

command {
  host = "lb",
  name = "certbot",
  output = function(_, sub)
    if sub == "certificates" then
      local valid
      if renewed_at then
        valid = "2024-10-29 21:05:12+00:00 (VALID: 89 days)"
      elseif fault_active("cert-expired") then
        valid = "2024-07-31 22:00:00+00:00 (INVALID: EXPIRED)"
      else
        valid = "2024-07-31 22:00:00+00:00 (VALID: 0 days)"
      end
      return "Saving debug log to /var/log/letsencrypt/letsencrypt.log\n\n"
          .. "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -\n"
          .. "Found the following certs:\n"
          .. "  Certificate Name: shop.example.com\n"
          .. "    Serial Number: 4a1f0c9b2e7d81f3a05c66d2e91b7f10c2a\n"
          .. "    Key Type: ECDSA\n"
          .. "    Domains: shop.example.com api.example.com\n"
          .. "    Expiry Date: " .. valid .. "\n"
          .. "    Certificate Path: " .. cert_path:gsub("cert.pem", "fullchain.pem") .. "\n"
          .. "    Private Key Path: /etc/letsencrypt/live/shop.example.com/privkey.pem\n"
    end
    if sub == "renew" then
      if renewed_at then
        return "Saving debug log to /var/log/letsencrypt/letsencrypt.log\n\n"
            .. "Certificate not yet due for renewal\nNo renewals were attempted.\n"
      end
      renewed_at = now()
      log("lb", "/var/log/letsencrypt/letsencrypt.log", string.format(
        "%s:INFO:certbot._internal.renewal:Certificate renewed for shop.example.com, "
          .. "api.example.com (expires 2024-10-29)", clock("iso8601")))
      return "Saving debug log to /var/log/letsencrypt/letsencrypt.log\n\n"
          .. "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -\n"
          .. "Processing /etc/letsencrypt/renewal/shop.example.com.conf\n"
          .. "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -\n"
          .. "Renewing an existing certificate for shop.example.com and api.example.com\n\n"
          .. "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -\n"
          .. "Congratulations, all renewals succeeded:\n"
          .. "  " .. cert_path:gsub("cert.pem", "fullchain.pem") .. " (success)\n"
          .. "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -\n"
          .. "NEXT STEP: reload nginx so that it serves the new certificate.\n"
    end
    return "usage: certbot certificates | certbot renew\n", 2
  end,
}

-- systemctl ... certbot.timer: disabled since the rebuild (until enabled); the rest: built-in.
local timer_enabled = false

command {
  host = "lb",
  name = "systemctl",
  output = function(_, ...)
    local args = table.concat({ ... }, " ")
    if not args:find("certbot") then return nil end
    local verb = ({ ... })[1]
    if verb == "enable" or verb == "start" then
      timer_enabled = timer_enabled or verb == "enable"
      if verb == "enable" then
        return "Created symlink /etc/systemd/system/timers.target.wants/certbot.timer → "
            .. "/lib/systemd/system/certbot.timer.\n"
      end
      return ""
    end
    if verb == "status" or verb == "is-enabled" or verb == "is-active" then
      if timer_enabled then
        return "● certbot.timer - Run certbot twice daily\n"
            .. "     Loaded: loaded (/lib/systemd/system/certbot.timer; enabled; preset: enabled)\n"
            .. "     Active: active (waiting)\n"
            .. "    Trigger: Thu 2024-08-01 11:41:07 CEST\n"
            .. "   Triggers: ● certbot.service\n"
      end
      return "○ certbot.timer - Run certbot twice daily\n"
          .. "     Loaded: loaded (/lib/systemd/system/certbot.timer; disabled; preset: enabled)\n"
          .. "     Active: inactive (dead)\n"
          .. "    Trigger: n/a\n"
          .. "   Triggers: ● certbot.service\n", 3
    end
    return nil
  end,
}

file {
  host = "lb",
  path = "/var/log/letsencrypt/letsencrypt.log",
  content = function()
    local text = "2024-05-02 23:58:41,118:INFO:certbot._internal.renewal:Certificate renewed for "
        .. "shop.example.com, api.example.com (expires 2024-07-31)\n"
        .. "2024-05-14 10:02:17,540:INFO:certbot._internal.main:certbot 2.1.0 installed on "
        .. "lb (rebuild); certificates copied from lb-old\n"
    if renewed_at then
      text = text .. "(renewed tonight: see the last line)\n"
    end
    return text
  end,
}

file {
  host = "lb",
  path = "/etc/nginx/sites-enabled/shop-tls.conf",
  content = [[
server {
    listen 443 ssl http2;
    server_name shop.example.com api.example.com;
    ssl_certificate     /etc/letsencrypt/live/shop.example.com/fullchain.pem;
    ssl_certificate_key /etc/letsencrypt/live/shop.example.com/privkey.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    location / { proxy_pass http://backend; }
}
]],
}

-- While the settlement job runs, top on web-1 shows it (afterwards: the built-in top).
command {
  host = "web-1",
  name = "top",
  output = function()
    if fault_state("nightly-settlement") ~= "active" then return nil end
    local busy = math.min(3.9, 3 + metric("web-1", "cpu_utilization") * 0.3)
    local user = busy / 4 * 100 - 4.1
    local function cpu_time(lag)  -- TIME+ of a worker that started `lag` seconds after 00:00
      local t = math.max(0, math.floor(now() - 12 * 60 - lag))
      return string.format("%d:%02d.%02d", t // 60, t % 60, (t * 37) % 100)
    end
    return string.format([[
top - %s up 46 days, 17:48,  1 user,  load average: %.2f, %.2f, %.2f
Tasks:  91 total,   4 running,  87 sleeping,   0 stopped,   0 zombie
%%Cpu(s): %4.1f us,  3.6 sy,  0.0 ni, %4.1f id,  0.4 wa,  0.0 hi,  0.1 si,  0.0 st
MiB Mem :   3973.0 total,    612.4 free,   2701.3 used,    659.3 buff/cache
MiB Swap:      0.0 total,      0.0 free,      0.0 used.   1182.0 avail Mem

    PID USER      PR  NI    VIRT    RES    SHR S  %%CPU  %%MEM     TIME+ COMMAND
  40419 shop      20   0  612204 301220  12044 R  99.7   7.4   %s settle-orders
  40421 shop      20   0  612204 298114  11980 R  99.3   7.3   %s settle-orders
  40420 shop      20   0  612204 297760  11992 R  98.1   7.3   %s settle-orders
   1440 www-data  20   0   88722  48660  13565 S   1.3   1.2 108399:09.60 gunicorn
]], clock("time"), busy, busy * 0.7, busy * 0.45, user, 100 - user - 4.1,
      cpu_time(2), cpu_time(5), cpu_time(9))
  end,
}

file {
  host = "web-1",
  path = "/etc/cron.d/shop-nightly",
  content = "# m h dom mon dow user command\n"
         .. "0 0 * * * shop /usr/local/bin/settle-orders --date yesterday >> "
         .. "/var/log/shop/settlement.log 2>&1\n",
}

team {
  id = "web",
  name = "Shop developers (Lucía, second on call)",
  delay = "4m",
  reply = function(message)
    local text = message:lower()
    if text:find("settle") or text:find("cpu") or text:find("batch") or text:find("cron") then
      return "settle-orders runs every night at midnight on web-1 and eats three cores for "
          .. "about a quarter of an hour. It has never taken the shop down; it doesn't even "
          .. "serve traffic on the other two servers. What do users actually see?"
    end
    return "From my phone the shop says 'Your connection is not private', "
        .. "NET::ERR_CERT_DATE_INVALID. Is the certificate still the one Jordi set up?"
  end,
}

team {
  id = "ops",
  name = "Infrastructure lead (Marta)",
  delay = "7m",
  reply = "Certificates are Let's Encrypt via certbot on lb. `certbot renew` then reload nginx. "
       .. "If the timer isn't running that's from the May rebuild; enable it afterwards "
       .. "(systemctl enable --now certbot.timer).",
}

stakeholder {
  from = "support",
  name = "Nerea (support, night shift)",
  channel = "slack",
  at = "15m",
  text = "Hola! Several people on chat say the shop shows 'Your connection is not private' "
      .. "and the app says 'cannot connect to server'. Started a couple of minutes ago.",
}

stakeholder {
  from = "customer",
  name = "@pablo_mrtz",
  channel = "twitter",
  at = "17m",
  text = "@EntradasSol tickets for the Vetusta Morla show go on sale at 9 and your site says my "
      .. "connection isn't private?? NET::ERR_CERT_DATE_INVALID",
}

stakeholder {
  from = "manager",
  name = "Andrés (head of engineering)",
  channel = "phone",
  when = function() return alert_firing("SiteUnreachable") and now() >= 22 * 60 end,
  text = "I got woken by the page. Is the shop down for everyone? We have a big on-sale at 9. "
      .. "What happened and when will it be back?",
}

hint {
  id = "what-users-see",
  after = "16m",
  when = function() return fault_active("cert-expired") and commands("lb") == 0 end,
  text = "The web servers handle almost nothing: the requests die before them. What does a "
      .. "client get? Try curl https://shop.example.com/ from any host.",
}

hint {
  id = "gmt",
  after = "20m",
  when = function() return fault_active("cert-expired") and renewed_at == nil end,
  text = "Check the certificate's dates on lb (`certbot certificates` or openssl x509 -dates). "
      .. "openssl prints GMT: 22:00 GMT is midnight in Madrid in summer.",
}

hint {
  id = "reload",
  after = "22m",
  when = function() return renewed_at ~= nil and fault_active("cert-expired") end,
  text = "The new certificate is on disk, but nginx still serves the one it loaded at start. "
      .. "Reload it (restart_service on lb).",
}

measure {
  text = "Enable certbot.timer on lb and add it to the lb Ansible role so a rebuild cannot drop it",
  kind = "prevent",
  owner = "infrastructure team",
}
measure {
  text = "Alert when any served certificate expires in less than 14 days (blackbox probe on :443)",
  kind = "detect",
  owner = "web team",
}
measure {
  text = "Send Let's Encrypt expiry mail to the ops@ list instead of a personal address",
  kind = "process",
  owner = "infrastructure team",
}
measure {
  text = "Add a rebuild checklist for the load balancer: certificates, timers, monitoring",
  kind = "process",
  owner = "infrastructure team",
}

-- ---- The model responder ------------------------------------------------------------------------

autopilot {
  { at = "13m40s", ack = "SiteUnreachable" },
  { after = "20s", inspect = "tail -n 20 /var/log/nginx/error.log", host = "lb" },
  { after = "30s", inspect = "top -b -n 1", host = "web-1" },
  { after = "30s", hypothesis = "The job that started at midnight on web-1 is overloading the "
                             .. "shop", misleading = true },
  { after = "30s", escalate = "web", message = "Shop errors since 00:00 and web-1 CPU is pinned "
                                          .. "by settle-orders. Can we stop the job?",
    misleading = true, why = "the only thing we saw start at midnight was the batch job" },
  { after = "1m", inspect = "curl -sS -o /dev/null -w '%{http_code}' https://shop.example.com/",
    host = "lb" },
  { after = "30s", inspect = "certbot certificates", host = "lb" },
  { after = "20s", inspect = "openssl x509 -in /etc/letsencrypt/live/shop.example.com/cert.pem "
                          .. "-noout -dates", host = "lb" },
  { after = "20s", hypothesis = "The TLS certificate expired at 00:00 CEST (22:00 GMT); every "
                             .. "handshake fails" },
  { after = "20s", status = "The shop is unreachable since midnight because its security "
                         .. "certificate expired. We are renewing it now.", audience = "support" },
  { after = "20s", inspect = "systemctl status certbot.timer", host = "lb" },
  { after = "20s", inspect = "certbot renew", host = "lb" },
  { after = "20s", action = "restart_service", target = "lb",
    why = "reload nginx so that it serves the renewed certificate" },
  { after = "30s", inspect = "systemctl enable --now certbot.timer", host = "lb" },
  { after = "30s", inspect = "openssl s_client -connect shop.example.com:443", host = "lb" },
  { after = "1m", declare = "mitigated" },
  { after = "2m", status = "The shop is reachable again. The certificate is renewed for 90 "
                         .. "days and automatic renewal will be re-enabled.", audience = "support" },
  { after = "30s", declare = "resolved" },
}
