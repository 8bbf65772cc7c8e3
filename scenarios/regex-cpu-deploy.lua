-- regex-cpu-deploy: adapted from Cloudflare's outage of 2 July 2019. The security team ships a
-- rules-only release of the app's WAF middleware; rules releases go to every web server at once
-- (no canary: they are "just data"). One new XSS rule contains .*(?:.*=.*), which backtracks
-- catastrophically on long query strings: every request burns ~40 times its usual CPU, all
-- cores of all four web servers sit at 100%, latency climbs and the load balancer answers 502
-- and 504. At the same time a marketing newsletter lifts traffic by half, which makes the whole
-- thing look like a traffic surge or a DDoS.
-- The fix: roll the release back on every web server (global, at once).

meta {
  id = "regex-cpu-deploy",
  title = "100% CPU everywhere: a WAF regex that backtracks",
  difficulty = "intermediate",
  length = "35m",
  seed = 719,
  time_zone = "Europe/London",
  start = "2025-07-02 14:35:00",
  services = { "ticket shop" },
  briefing = [[
You are on call for the ticket shop: four web servers (nginx + the Python app with its built-in
WAF middleware) behind a load balancer, a PostgreSQL primary. It is Wednesday 14:35 in London.
Marketing sends the summer-festival newsletter at 14:40; the security team pushes WAF rule
updates several times a week. Watch the alerts, find out what is wrong, fix it, and keep the
business informed.]],
  root_cause = [[
A WAF rules release pushed to all four web servers at 14:41 added a regex that backtracks
catastrophically on long query strings. Every request cost about 40 times its usual CPU, so
every web server sat at 100% CPU and the load balancer answered 504 and 502. Rules releases
skipped the canary, and the per-rule time budget had been removed in May. The newsletter was a
coincidence.]],
  resolution = [[
Rolling the rules back on every web server at once ended it within a minute.]],
  learning_goals = {
    "Recognise 'everything, everywhere, at once' as a global change, not a capacity problem",
    "Read top/ps on a web server and find where the CPU goes (the app, not nginx)",
    "Correlate CPU saturation with a release, even a 'data-only' one",
    "Roll back globally and at once when every host runs the bad version",
    "Tell a traffic rise the system can carry from the cause of the saturation",
  },
  tags = { "deploy", "cpu", "regex", "waf", "rollback", "cloudflare-2019" },
  author = "firedrill",
}

stack {
  web = { count = 4, workers = 48, backlog = 256, cpu_cores = 12, cpu_ms = 6, queries = 2,
          db_pool_size = 16, pool_wait_timeout = "5s" },
  db = { max_connections = 250, query_slots = 24, query_ms = 1.5 },
  lb = { policy = "least_connections", proxy_timeout = "15s", health_interval = "2s",
         health_timeout = "5s", health_fall = 5, health_rise = 2 },
  client = { timeout = "20s", max_retries = 1, retry_backoff = "1s" },
  hosts = {
    web = { memory_mb = 16384, app_version = "v12.7.0" },
    db = { cpu_cores = 16, memory_mb = 65536 },
  },
}

traffic {
  rps = 520,
  users = 90000,
  daily_curve = { 0.2, 0.12, 0.08, 0.06, 0.06, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0, 1.05,
                  1.1, 1.05, 1.0, 1.0, 1.05, 1.15, 1.3, 1.4, 1.35, 1.1, 0.7, 0.4 },
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
  name = "LatencyHigh",
  expr = "avg_over(1m, lb.p99_ms) > 3000",
  hold = "1m",
  severity = "page",
  summary = "p99 at the load balancer averages {{ $value }} ms over 1m",
  runbook = "runbooks/latency-high",
  labels = { team = "web" },
}

alert {
  name = "WebCpuSaturated",
  expr = "avg_over(1m, web-*.cpu_utilization) > 0.95",
  hold = "1m",
  severity = "ticket",
  summary = "CPU on {{ $labels.component }} averages {{ $value }} over 1m",
  runbook = "runbooks/web-cpu-saturated",
  labels = { team = "web" },
}

alert {
  name = "TrafficSurge",
  expr = "avg_over(2m, users.offered_rate) > 700",
  hold = "1m",
  severity = "ticket",
  summary = "users send {{ $value }} requests per second",
  description = "Offered load is more than 30% above the usual afternoon rate.",
  runbook = "runbooks/traffic-surge",
  labels = { team = "web" },
}

runbook {
  alert = "HighErrorRate",
  title = "High error rate at the load balancer",
  text = [[
1. Which status? 504: the upstream was too slow; 502: it refused or reset; 503: none healthy.
2. Is it one web server or all? `tail /var/log/nginx/error.log` on lb lists the upstreams.
3. All at once points at something they share: a release, the database, the traffic.]],
}

runbook {
  alert = "LatencyHigh",
  title = "Latency high at the load balancer",
  text = [[
1. Where does the time go? CPU on the web servers (`top`), the database (`psql`, slow log),
   or the network?
2. Compare with `deploys`: a release in the last hour changes how much work a request is.]],
}

runbook {
  alert = "WebCpuSaturated",
  title = "Web server CPU saturated",
  text = [[
1. `top -b -n 1`: is it gunicorn (the app), nginx, or something else?
2. `py-spy dump --pid PID` on a busy gunicorn worker shows what the Python code is doing.
3. If every server is saturated at once and traffic is not several times normal, the work per
   request went up: look for a release (app or WAF rules) and roll it back everywhere.]],
}

runbook {
  alert = "TrafficSurge",
  title = "Traffic surge",
  text = [[
1. Marketing mails and ticket on-sales are announced in #marketing-calendar.
2. The four web servers carry about 3x the usual afternoon rate with CPU to spare; a surge of
   +50% should not saturate them.
3. A DDoS shows as a few client networks with many requests: `awk '{print $1}' access.log | sort
   | uniq -c | sort -rn | head` on lb.]],
}

-- ---- History ----------------------------------------------------------------------------------

deploy {
  version = "v12.7.0",
  ago = "1d4h",
  author = "tickets team",
  summary = "checkout: seat map rendering in the browser",
  hosts = "web-*",
}

deploy {
  version = "v12.6.3-waf.0528",
  ago = "35d",
  author = "security team",
  summary = "WAF: remove the per-rule regex time budget (rule evaluation was 8% of CPU)",
  hosts = "web-*",
}

-- ---- Faults -----------------------------------------------------------------------------------

local BAD = "v12.7.0-waf.0702"

-- The cause: at 14:41 the rules release reaches all four web servers in one step.
fault {
  id = "waf-regex",
  kind = "bad_deploy",
  targets = "web-*",
  params = { version = BAD, cpu_factor = 40 },
  at = "6m",
}

-- The misleading signal: the newsletter brings half again as many users for 25 minutes.
red_herring {
  id = "newsletter",
  kind = "traffic_spike",
  targets = "users",
  params = { multiplier = 1.5, ramp = "3m", duration = "26m" },
  at = "5m",
  explanation = "The summer-festival newsletter went out at 14:40 and lifted traffic by about "
             .. "50% for half an hour. The web servers carry three times the usual rate when "
             .. "healthy; the traffic made the saturation a little worse but did not cause it.",
}

fix {
  action = "rollback",
  targets = "web-*",
  repairs = "waf-regex",
  note = "the previous WAF rules evaluate in microseconds",
}

fix {
  action = "deploy",
  targets = "web-*",
  check = function(_, params) return params.version ~= BAD end,
  repairs = "waf-regex",
  note = "a release without rule 100417",
}

resolved_when(function()
  return fault_state("waf-regex") == "cleared" and metric("lb", "error_ratio") < 0.01
    and metric("lb", "p99_ms") < 1500
end, { hold = "3m" })

-- ---- Timed events -----------------------------------------------------------------------------

local function stamp()
  return "[" .. clock("datetime") .. " " .. clock("nginx_access"):match("([+-]%d%d%d%d)") .. "]"
end

at("6m", function()
  for _, web in ipairs(hosts("web-*")) do
    log(web, "/var/log/syslog", string.format(
      "%s %s salt-minion[1187]: [INFO    ] Executing state pkg.installed for [shop-waf-rules]",
      clock("syslog"), web))
    log(web, "/var/log/syslog", string.format(
      "%s %s salt-minion[1187]: [INFO    ] Made the following changes: 'shop-waf-rules' changed "
        .. "from '2025.06.24.2' to '2025.07.02.1'", clock("syslog"), web))
    log(web, "/var/log/app/app.log", stamp()
        .. " [2301] [INFO] shop.waf: loaded 2214 rules from /etc/shop/waf/rules.d (ruleset 2025.07.02.1)")
    log(web, "/var/log/app/app.log", stamp()
        .. " [2301] [INFO] Handling signal: hup (reloading workers)")
  end
end, { name = "salt pushes shop-waf-rules 2025.07.02.1 to every web server" })

local slow_paths = {
  "GET /api/events/search?q=glastonbury%20shuttle&date=2025-07-04&sort=price",
  "GET /events/2231/seats?section=B&row=12&promo=SUMMER25&utm_source=newsletter",
  "POST /api/basket/items?event=2231&qty=2&ref=nl-0702-festival",
  "GET /search?q=reading+festival+weekend+camping&page=2",
}

every("5s", function()
  for _, web in ipairs(hosts("web-*")) do
    if host(web).version == BAD then
      log(web, "/var/log/app/app.log", string.format(
        "%s [%d] [WARNING] shop.waf: rule 100417 (xss-inline-js) took %d ms on %s", stamp(),
        2302 + math.random(0, 31), 900 + math.random(0, 4200),
        slow_paths[math.random(1, #slow_paths)]))
    end
  end
end, { name = "waf slow-rule warnings", quiet = true })

-- ---- The trainee's world ----------------------------------------------------------------------

file {
  host = "web-*",
  path = "/etc/shop/waf/rules.d/100417-xss-inline-js.conf",
  content = function(web)
    if host(web).version ~= BAD then return nil end
    return "# shop-waf-rules 2025.07.02.1 -- XSS: inline JavaScript in parameters\n"
        .. "id: 100417\n"
        .. "name: xss-inline-js\n"
        .. "phase: request\n"
        .. "targets: [query_string, form_body]\n"
        .. "action: block\n"
        .. "pattern: >-\n"
        .. "  (?:(?:\\\"|'|\\]|\\}|\\\\|\\d|(?:nan|infinity|true|false|null|undefined|symbol|math)"
        .. "|\\`|\\-|\\+)+[)]*;?((?:\\s|-|~|!|{}|\\|\\||\\+)*.*(?:.*=.*)))\n"
  end,
}

file {
  host = "web-*",
  path = "/etc/shop/waf/waf.yml",
  content = "# WAF middleware settings (shop.waf)\n"
         .. "mode: block\n"
         .. "rules_dir: /etc/shop/waf/rules.d\n"
         .. "# rule_time_budget_ms: 50   # removed in 2025.05.28 (SEC-882): budget checks cost 8% CPU\n"
         .. "log_slow_rules_ms: 500\n",
}

-- py-spy on a gunicorn worker: the time is in re's matcher, called by the WAF.
command {
  host = "web-*",
  name = "py-spy",
  output = function(web)
    if host(web).version ~= BAD then
      return "Thread 0x7F3A1C2B8740 (idle): \"MainThread\"\n"
          .. "    wait (selectors.py:469)\n"
          .. "    run (gunicorn/workers/sync.py:125)\n"
    end
    return "Process 2311: /srv/shop/venv/bin/python3 /srv/shop/venv/bin/gunicorn shop.wsgi\n"
        .. "Python v3.11.2 (/usr/bin/python3.11)\n\n"
        .. "Thread 0x7F3A1C2B8740 (active): \"MainThread\"\n"
        .. "    _match (re/_compiler.py) [native]\n"
        .. "    search (re/__init__.py:176)\n"
        .. "    evaluate (shop/waf/rule.py:88)\n"
        .. "    inspect_request (shop/waf/engine.py:143)\n"
        .. "    __call__ (shop/waf/middleware.py:41)\n"
        .. "    handle_request (gunicorn/workers/sync.py:178)\n"
  end,
}

command {
  host = "web-*",
  name = "dpkg",
  output = function(web)
    local rules = host(web).version == BAD and "2025.07.02.1" or "2025.06.24.2"
    return "Desired=Unknown/Install/Remove/Purge/Hold\n"
        .. "||/ Name            Version       Architecture Description\n"
        .. "+++-===============-=============-============-==================================\n"
        .. "ii  shop-waf-rules  " .. rules .. "  all          WAF rules for the shop middleware\n"
  end,
}

-- ---- People -----------------------------------------------------------------------------------

team {
  id = "security",
  name = "Security engineering (Farah)",
  delay = "4m",
  reply = function(message)
    local text = message:lower()
    if text:find("waf") or text:find("100417") or text:find("regex") or text:find("rule") then
      return "Rule 100417 is new today, for the inline-JS XSS report. If it's eating CPU, roll "
          .. "the rules back everywhere, don't wait for us. We'll re-ship it with the time budget."
    end
    return "We see no attack pattern: the traffic comes from the usual residential networks, "
        .. "the newsletter's UTM tags everywhere. Not a DDoS. Anything new on the servers?"
  end,
}

team {
  id = "marketing",
  name = "Marketing (Ollie)",
  delay = "2m",
  reply = "Yes, the summer-festival newsletter went out at 14:40 to 1.2M subscribers. Same as "
       .. "the spring one, which the site handled fine. Is the site down?!",
}

stakeholder {
  from = "support",
  name = "Ben (customer support)",
  channel = "slack",
  at = "9m",
  text = "Customers coming from the newsletter get 'Gateway Time-out' or wait forever for the "
      .. "seat map. Twitter is filling up. What do we say?",
}

stakeholder {
  from = "customer",
  name = "@festival_fan_88",
  channel = "twitter",
  at = "11m",
  text = "@ticketshop_uk clicked the link in your email and your site is DEAD. 504 gateway "
      .. "timeout. Great way to sell festival tickets",
}

stakeholder {
  from = "executive",
  name = "Sophie (CTO)",
  channel = "slack",
  when = function() return alert_firing("HighErrorRate") and now() >= 13 * 60 end,
  text = "Is this a DDoS? Marketing says the newsletter is the biggest of the year. Do we need "
      .. "to scale up? I need a one-line status for the exec channel.",
}

hint {
  id = "where-cpu",
  after = "11m",
  when = function() return commands("web-*") == 0 end,
  text = "Every web server is saturated at once. What is using the CPU? top on any web server, "
      .. "then py-spy dump on a busy gunicorn worker.",
}

hint {
  id = "what-changed",
  after = "17m",
  when = function() return fault_active("waf-regex") and actions("web-*") <= 1 end,
  text = "Traffic is up 50%, but the servers carry 3x normal when healthy. What changed at "
      .. "14:41? Look at the deploy history and the app log's shop.waf lines.",
}

measure {
  text = "Canary WAF rules releases on one web server for 10 minutes",
  kind = "prevent",
  owner = "security team",
}
measure {
  text = "Restore the per-rule regex time budget",
  kind = "mitigate",
  owner = "security team",
}
measure {
  text = "Test new rules against 10 kB inputs in CI",
  kind = "prevent",
  owner = "security team",
}
measure {
  text = "Alert on CPU per request, not only on total CPU",
  kind = "detect",
  owner = "web team",
}

-- ---- The model responder ------------------------------------------------------------------------

autopilot {
  { at = "8m", ack = "TrafficSurge" },
  { after = "20s", inspect = "tail -n 20 /var/log/nginx/access.log", host = "lb" },
  { after = "30s", hypothesis = "The newsletter traffic saturates the web servers",
    misleading = true },
  { after = "20s", escalate = "marketing", message = "Traffic is up ~50% since 14:40. Did you "
                                                 .. "send something?" },
  { after = "40s", ack = "HighErrorRate" },
  { after = "20s", inspect = "top -b -n 1", host = "web-3" },
  { after = "30s", action = "restart_service", target = "web-3", misleading = true,
    why = "free the stuck gunicorn workers on the busiest server" },
  { after = "1m", inspect = "top -b -n 1", host = "web-3" },
  { after = "30s", escalate = "security", message = "All web servers at 100% CPU, traffic "
                                               .. "+50%. Is this an attack?" },
  { after = "30s", status = "The ticket shop is very slow or times out since about 14:41. "
                         .. "We are investigating; next update in 15 minutes.",
    audience = "support" },
  { after = "30s", inspect = "py-spy dump --pid 2311", host = "web-3" },
  { after = "30s", inspect = "grep shop.waf /var/log/app/app.log", host = "web-3" },
  { after = "30s", hypothesis = "WAF rule 100417 from the 14:41 rules release backtracks on "
                             .. "long query strings" },
  { after = "20s", action = "rollback", target = "web-*",
    why = "every server runs the rule: roll the rules back everywhere at once" },
  { after = "2m", declare = "mitigated" },
  { after = "1m", status = "The ticket shop is back to normal since 14:56. Cause: a new "
                        .. "security rule used far too much CPU; it is rolled back. The "
                        .. "newsletter traffic is fine.", audience = "support" },
  { after = "3m", declare = "resolved" },
}
