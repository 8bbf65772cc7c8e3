-- app-path-typo: release v3.18.0 of the bookshop moves the front-end build from webpack to
-- Vite, whose output lands in static/build/; the release's environment template points
-- ASSET_MANIFEST at static/biuld/manifest.json. Every HTML page renders asset_url(), which opens
-- the manifest: FileNotFoundError, 500. The JSON API and /healthz render no template, so the
-- load balancer keeps every backend in rotation and passes the 500s through. Two minutes
-- earlier unattended-upgrades restarted Redis: the cache is cold, the database busier, and a
-- cache ticket fires first.
-- The fix: roll back to v3.17.4 on every web server (or deploy the corrected v3.18.1).

meta {
  id = "app-path-typo",
  title = "Every page is a 500: the release looks for its assets in static/biuld",
  difficulty = "beginner",
  length = "40m",
  seed = 318,
  time_zone = "America/Chicago",
  start = "2024-10-15 10:20:00",
  services = { "online bookshop" },
  briefing = [[
You are on call for the online bookshop: three web servers (nginx + the Python app) behind a
load balancer, a Redis cache and a PostgreSQL primary. It is Tuesday, 10:20 in Chicago. The
storefront team deploys release v3.18.0 (a new front-end build) at 10:24. Watch the alerts,
find out what is wrong, fix it, and keep support informed.]],
  root_cause = [[
Release v3.18.0 pointed ASSET_MANIFEST at a misspelt directory (static/biuld), so every HTML
page failed with FileNotFoundError and the app answered 500. Staging overrides that key, so the
typo never ran before production. /healthz and the JSON API render no template, so the load
balancer kept every server in rotation. The Redis restart at 10:22 was a coincidence.]],
  resolution = [[
Rolling every web server back to v3.17.4 ended the 500s at once; v3.18.1 with the corrected
path goes out after a canary.]],
  learning_goals = {
    "Read the application's own log: the traceback names the exact missing file",
    "Correlate a wave of 500s with a deploy that finished a minute earlier",
    "Prefer a rollback to a fix forward when a release breaks every page",
    "Understand why passing health checks do not mean the site works",
    "Tell a cold cache (slower, not failing) from the cause of the errors",
  },
  tags = { "deploy", "rollback", "config", "typo", "red-herring" },
  author = "firedrill",
}

stack {
  web = { count = 3, workers = 24, backlog = 128, cpu_cores = 4, cpu_ms = 15, queries = 4,
          db_pool_size = 12 },
  db = { max_connections = 150, query_slots = 12, query_ms = 1.6 },
  lb = { policy = "least_connections", health_interval = "3s", health_fall = 3, health_rise = 2 },
  cache = { enabled = true, hit_ratio = 0.85, lookup_ms = 0.4 },
  client = { timeout = "30s", max_retries = 0 },
  hosts = {
    web = { memory_mb = 8192, app_version = "v3.17.4" },
    db = { cpu_cores = 8, memory_mb = 32768 },
  },
}

traffic {
  rps = 150,
  users = 30000,
  daily_curve = { 0.15, 0.1, 0.08, 0.07, 0.08, 0.15, 0.35, 0.6, 0.85, 1.0, 1.1, 1.15,
                  1.2, 1.15, 1.1, 1.05, 1.0, 1.05, 1.2, 1.35, 1.3, 1.0, 0.6, 0.3 },
}

-- ---- Alerts -----------------------------------------------------------------------------------

alert {
  name = "HighErrorRate",
  expr = "avg_over(1m, lb.error_ratio) > 0.05",
  hold = "1m",
  severity = "page",
  summary = "{{ $value }} of requests fail at the load balancer",
  description = "More than 5% of the requests answered by the load balancer in the last "
             .. "minute were errors.",
  runbook = "runbooks/high-error-rate",
  labels = { team = "storefront" },
}

alert {
  name = "AppErrors",
  expr = "avg_over(1m, web-*.errors) > 5",
  hold = "1m",
  severity = "ticket",
  summary = "{{ $labels.component }} answers {{ $value }} errors per second",
  runbook = "runbooks/app-errors",
  labels = { team = "storefront" },
}

alert {
  name = "CacheHitRatioLow",
  expr = "avg_over(1m, cache.hit_ratio) < 0.6",
  hold = "30s",
  severity = "ticket",
  summary = "Redis hit ratio is {{ $value }}",
  runbook = "runbooks/cache-hit-ratio-low",
  labels = { team = "platform" },
}

runbook {
  alert = "HighErrorRate",
  title = "High error rate at the load balancer",
  text = [[
1. Which status? `tail /var/log/nginx/access.log` on lb. 500 comes from the app itself;
   502/503/504 are the load balancer's own pages.
2. For 500s: the app's log on a web server, `tail -n 40 /var/log/app/app.log`: the traceback
   names the failing line.
3. What changed? `deploys`. A release in the last hour is the first suspect: roll it back,
   then investigate.]],
}

runbook {
  alert = "AppErrors",
  title = "The app answers errors",
  text = [[
1. `tail -n 40 /var/log/app/app.log` and `grep ERROR /var/log/app/app.log | tail`.
2. Compare the app's environment (`cat /etc/app/app.env`) with the previous release.
3. Rollback: the `rollback` action on each web server (deploys the previous version).]],
}

runbook {
  alert = "CacheHitRatioLow",
  title = "Redis hit ratio low",
  text = [[
1. Did Redis restart? `tail /var/log/redis/redis-server.log` on cache, `uptime`.
2. A cold cache warms within minutes; meanwhile the database takes the misses.
3. `warm_cache` preloads the hot keys. A cold cache makes pages slower, never 500.]],
}

-- ---- History ----------------------------------------------------------------------------------

deploy {
  version = "v3.17.4",
  ago = "6d2h",
  author = "storefront team",
  summary = "catalog: fix sort order of series volumes",
  hosts = "web-*",
}

deploy {
  version = "redis 7.0.15-1~deb12u1",
  ago = "2h",
  author = "unattended-upgrades",
  summary = "security update downloaded on cache; installed at the next maintenance window",
  hosts = "cache",
}

-- ---- Faults -----------------------------------------------------------------------------------

local BAD = "v3.18.0"

-- The cause: at 10:24 v3.18.0 reaches every web server; every HTML page fails.
fault {
  id = "v3180-manifest-typo",
  kind = "bad_deploy",
  targets = "web-*",
  params = { version = BAD, error_rate = 0.9 },
  at = "4m",
}

-- The misleading signal: Redis restarted by unattended-upgrades at 10:22, cold for a while.
red_herring {
  id = "redis-restart",
  kind = "cache_flush",
  targets = "cache",
  params = { warm_time = "6m" },
  at = "2m",
  explanation = "unattended-upgrades installed the Redis security update at 10:22 and "
             .. "restarted redis-server. The cold cache made pages slower and the database "
             .. "busier for a few minutes; it caused none of the 500s.",
}

-- Rolling back (or deploying anything but the bad release) on every web server repairs it.
fix {
  action = "rollback",
  targets = "web-*",
  repairs = "v3180-manifest-typo",
  note = "v3.17.4 reads the webpack manifest that is still on disk",
}

fix {
  action = "deploy",
  targets = "web-*",
  check = function(_, params) return params.version ~= BAD end,
  repairs = "v3180-manifest-typo",
  note = "a release without the typo",
}

resolved_when(function()
  return fault_state("v3180-manifest-typo") == "cleared" and metric("lb", "error_ratio") < 0.01
end, { hold = "2m" })

-- ---- The app's log ----------------------------------------------------------------------------
-- The app log is this scenario's: the built-in app errors would show an unrelated traceback.

local app_log = {}      -- host -> list of lines
local MAX_LINES = 400
local pages = {
  { "/", "views/home.py", 23, "index", "home.html" },
  { "/books/9780316769488", "views/catalog.py", 57, "book", "catalog/book.html" },
  { "/search?q=le+guin", "views/search.py", 31, "search", "search/results.html" },
  { "/cart", "views/cart.py", 44, "show_cart", "cart/cart.html" },
  { "/category/science-fiction", "views/catalog.py", 88, "category", "catalog/list.html" },
}

local function stamp()
  -- gunicorn: [2024-10-15 10:24:31 -0500]
  local zone = clock("nginx_access"):match("([+-]%d%d%d%d)")  -- 15/Oct/2024:10:24:31 -0500
  return "[" .. clock("datetime") .. " " .. zone .. "]"
end

local function append(web, text)
  local lines = app_log[web]
  if lines == nil then
    lines = {}
    app_log[web] = lines
  end
  lines[#lines + 1] = text
  while #lines > MAX_LINES do table.remove(lines, 1) end
end

local function manifest_path(version)
  if version == BAD then return "/var/www/shop/public/static/biuld/.vite/manifest.json" end
  return "/var/www/shop/public/static/dist/manifest.json"
end

local function write_traceback(web, page)
  local path, file, line, fn, template = page[1], page[2], page[3], page[4], page[5]
  local pid = 2290 + math.random(1, 24)
  append(web, string.format("%s [%d] [ERROR] Exception on %s [GET]", stamp(), pid, path))
  append(web, "Traceback (most recent call last):")
  append(web, "  File \"/srv/shop/venv/lib/python3.11/site-packages/flask/app.py\", line 1484, "
              .. "in full_dispatch_request")
  append(web, "    rv = self.dispatch_request()")
  append(web, string.format("  File \"/srv/shop/app/%s\", line %d, in %s", file, line, fn))
  append(web, string.format("    return render_template(\"%s\", **context)", template))
  append(web, "  File \"/srv/shop/app/templates/base.html\", line 9, in top-level template code")
  append(web, "    <link rel=\"stylesheet\" href=\"{{ asset_url('main.css') }}\">")
  append(web, "  File \"/srv/shop/app/assets.py\", line 22, in asset_url")
  append(web, "    with open(current_app.config[\"ASSET_MANIFEST\"]) as f:")
  append(web, "FileNotFoundError: [Errno 2] No such file or directory: '"
              .. manifest_path(BAD) .. "'")
end

local function write_boot(web, version)
  append(web, string.format("%s [2288] [INFO] Handling signal: term", stamp()))
  append(web, string.format("%s [2288] [INFO] Shutting down: Master", stamp()))
  append(web, string.format("%s [2289] [INFO] Starting gunicorn 20.1.0", stamp()))
  append(web, string.format("%s [2289] [INFO] Listening at: http://127.0.0.1:8000 (2289)", stamp()))
  append(web, string.format("%s [2289] [INFO] Using worker: sync", stamp()))
  append(web, string.format("%s [2289] [INFO] shop %s starting (APP_ENV=production)", stamp(),
                            version))
  append(web, string.format("%s [2289] [INFO] assets: manifest %s", stamp(),
                            manifest_path(version)))
end

local versions = {}  -- host -> the version the log last saw

at("0s", function()
  for _, web in ipairs(hosts("web-*")) do
    versions[web] = host(web).version
    append(web, string.format("%s [2289] [INFO] shop.tasks: refreshed 212 prices from the "
                              .. "Ingram feed", stamp()))
  end
end, { name = "app log", quiet = true })

every("5s", function()
  for _, web in ipairs(hosts("web-*")) do
    local version = host(web).version
    if version ~= versions[web] then
      write_boot(web, version)
      versions[web] = version
    end
    if version == BAD then
      write_traceback(web, pages[math.random(1, #pages)])
    elseif math.random() < 0.3 then
      append(web, string.format("%s [%d] [INFO] shop.orders: order %d placed (%d items)", stamp(),
                                2290 + math.random(1, 24), 5810000 + math.floor(now()),
                                math.random(1, 4)))
    end
  end
end, { name = "app log lines", quiet = true })

file {
  host = "web-*",
  path = "/var/log/app/app.log",
  content = function(web) return table.concat(app_log[web] or {}, "\n") .. "\n" end,
}

-- The environment the release writes: the typo is on the ASSET_MANIFEST line.
file {
  host = "web-*",
  path = "/etc/app/app.env",
  content = function(web)
    local version = host(web).version
    return "# Environment of shop.service (EnvironmentFile=/etc/app/app.env).\n"
        .. "# Rendered from deploy/env/production.env.j2 by the release pipeline.\n"
        .. "APP_ENV=production\n"
        .. "APP_VERSION=" .. version .. "\n"
        .. "GUNICORN_BIND=127.0.0.1:8000\n"
        .. "GUNICORN_WORKERS=24\n"
        .. "DATABASE_URL=postgresql://shop@10.0.2.10:5432/shop\n"
        .. "REDIS_URL=redis://10.0.3.10:6379/0\n"
        .. "STATIC_ROOT=/var/www/shop/public/static\n"
        .. "ASSET_MANIFEST=" .. manifest_path(version) .. "\n"
        .. "LOG_LEVEL=info\n"
  end,
}

-- What is on disk: the Vite build is in build/, the old webpack one in dist/.
command {
  host = "web-*",
  name = "ls",
  output = function(_, ...)
    local args = table.concat({ ... }, " ")
    if args:find("static/biuld") then
      return "ls: cannot access '/var/www/shop/public/static/biuld/': No such file or directory\n", 2
    end
    if args:find("static/build") then return ".vite\nassets\n" end
    if args:find("public/static") then return "build\ndist\nfavicon.ico\nimg\nrobots.txt\n" end
    return nil
  end,
}

-- ---- People -----------------------------------------------------------------------------------

team {
  id = "storefront",
  name = "Storefront (Marcus)",
  delay = "3m",
  reply = function(message)
    local text = message:lower()
    if text:find("manifest") or text:find("biuld") or text:find("typo") then
      return "Argh, 'biuld'. Staging overrides ASSET_MANIFEST so we never hit it. Roll back to "
          .. "v3.17.4, or deploy v3.18.1: it is built, the only change is the fixed path."
    end
    return "v3.18.0 is the Vite migration, it went out at 10:24. Staging was green. If it's "
        .. "500s on pages, roll it back and send us a traceback from app.log."
  end,
}

team {
  id = "platform",
  name = "Platform (Dana)",
  delay = "5m",
  reply = "Redis restarted at 10:22 for the security update (unattended-upgrades, our "
       .. "maintenance window). It warms up in a few minutes; the app falls back to the "
       .. "database on misses, so it can be slower but it shouldn't error.",
}

stakeholder {
  from = "support",
  name = "Priya (customer support)",
  channel = "slack",
  at = "8m",
  text = "Customers write that every page of the shop shows 'Internal Server Error'. The app "
      .. "on phones still loads their orders though. Anything we can tell them?",
}

stakeholder {
  from = "customer",
  name = "@readsalot",
  channel = "twitter",
  at = "11m",
  text = "@bookshop your website is just 'Internal Server Error' on every page?? trying to "
      .. "buy the new Le Guin box set",
}

stakeholder {
  from = "manager",
  name = "Grace (head of e-commerce)",
  channel = "slack",
  when = function() return alert_firing("HighErrorRate") and now() >= 10 * 60 end,
  text = "We have the autumn newsletter going out at 11:00. Is the shop going to be up by then?",
}

hint {
  id = "read-app-log",
  after = "10m",
  when = function() return commands("web-*") == 0 end,
  text = "500 is the application's own answer. What does the app's log say on a web server? "
      .. "Try tail -n 40 /var/log/app/app.log on web-1.",
}

hint {
  id = "recent-change",
  after = "16m",
  when = function() return fault_active("v3180-manifest-typo") and actions("web-*") == 0 end,
  text = "The errors began at 10:24. What was deployed then? A rollback is the fastest way "
      .. "back; the fix can follow.",
}

measure {
  text = "Render production.env.j2 in CI and fail the build when a path in it does not exist "
      .. "in the release artifact",
  kind = "prevent",
  owner = "storefront team",
}
measure {
  text = "Remove the ASSET_MANIFEST override from staging so staging runs the production template",
  kind = "prevent",
  owner = "storefront team",
}
measure {
  text = "Make /healthz render the base template, so a release that cannot render pages fails "
      .. "its health check and the deploy stops",
  kind = "detect",
  owner = "storefront team",
}
measure {
  text = "Deploy to one web server first and compare its 5xx rate with the others before the rest",
  kind = "prevent",
  owner = "platform team",
}

-- ---- The model responder ------------------------------------------------------------------------

autopilot {
  { at = "3m", ack = "CacheHitRatioLow" },
  { after = "20s", inspect = "tail -n 10 /var/log/redis/redis-server.log", host = "cache" },
  { at = "6m", ack = "HighErrorRate" },
  { after = "20s", hypothesis = "Redis restarted at 10:22 and the app cannot cope with the cold "
                             .. "cache: that is where the errors come from", misleading = true },
  { after = "30s", action = "warm_cache", target = "cache", misleading = true,
    why = "bring the hit ratio back so the app stops failing" },
  { after = "1m", inspect = "tail -n 20 /var/log/nginx/access.log", host = "lb" },
  { after = "40s", status = "Most pages of the shop answer 'Internal Server Error' since about "
                         .. "10:24. We are on it; next update in 15 minutes.",
    audience = "support" },
  { after = "40s", inspect = "tail -n 30 /var/log/app/app.log", host = "web-1" },
  { after = "30s", inspect = "cat /etc/app/app.env", host = "web-1" },
  { after = "20s", inspect = "ls /var/www/shop/public/static/", host = "web-1" },
  { after = "30s", hypothesis = "v3.18.0 points ASSET_MANIFEST at static/biuld/ (a typo): every "
                             .. "page render fails with FileNotFoundError" },
  { after = "20s", escalate = "storefront", message = "v3.18.0 points ASSET_MANIFEST at "
                                                   .. "static/biuld (typo): every page is a 500. "
                                                   .. "Rolling back." },
  { after = "20s", action = "rollback", target = "web-*",
    why = "the previous release reads the manifest that is on disk" },
  { after = "2m", declare = "mitigated" },
  { after = "1m", status = "The shop works again since 10:35: the 10:24 release pointed at a "
                        .. "misspelt file path and was rolled back.", audience = "support" },
  { after = "2m", declare = "resolved" },
}
