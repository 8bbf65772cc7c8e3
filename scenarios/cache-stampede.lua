-- cache-stampede: Black Friday morning in São Paulo. At 10:14 the campaign team switches on the
-- feature flag catalog.price_keys_v2 to activate the Black Friday prices. Yesterday's release
-- reads product and price entries under a new cache key prefix (v2:) when the flag is on, and
-- none of those keys exist yet: every lookup misses and goes to PostgreSQL. The database's
-- query rate jumps twelvefold, its slots fill, the web servers' pools time out and checkout
-- fails. Redis itself is healthy: it is simply asked for keys it has never seen.
-- Misleading: the page that fires first is about the database ("PostgreSQL saturated", slow
-- statements in its log), and Black Friday traffic is higher than usual: both point at the
-- database or the load, not at the cache that stopped absorbing it.
-- The fix: warm the cache (the cache warmer writes the hot keys under the live prefix:
-- warm_cache); capping the load balancer's connections helps while it warms.

meta {
  id = "cache-stampede",
  title = "Black Friday: a flag flip empties the cache and the database takes every read",
  difficulty = "intermediate",
  length = "50m",
  seed = 1128,
  time_zone = "America/Sao_Paulo",
  start = "2025-11-28 10:08:00",
  services = { "online store" },
  briefing = [[
You are on call for Lojas Aurora's online store (an nginx load balancer, 4 web servers, one
PostgreSQL database and a Redis cache in front of it for product pages and prices). It is
Black Friday, 10:08 in São Paulo; the campaign email went out at 10:00 and traffic is above a
normal Friday. Code is frozen since midnight. Keep the store selling, and keep the business
and support informed.]],
  root_cause = [[
Switching on the flag catalog.price_keys_v2 at 10:14 made the app read every product and price
under a new cache key prefix that held no keys yet. Every lookup missed and went to PostgreSQL,
about twelve times its usual query rate on the busiest morning of the year; its query slots
filled, the web servers' pools timed out and checkout failed. The database was healthy, only
doing the cache's job.]],
  resolution = [[
Running the cache warmer (warm_cache) wrote the hottest keys under the new prefix and brought
the hit ratio back within a minute; the database's load and the errors fell at once.]],
  learning_goals = {
    "Follow a database overload to where the extra queries come from",
    "Read a cache's hit ratio and tell an empty keyspace from a broken cache",
    "Warm a cache (or shed load) instead of tuning a database that only does the cache's job",
    "Treat a feature flag flip as a change, even during a code freeze",
    "Keep a business-critical day's stakeholders informed without guessing",
  },
  tags = { "cache", "redis", "stampede", "feature-flag", "black-friday" },
  author = "firedrill",
}

stack {
  web = { count = 4, workers = 64, backlog = 200, cpu_cores = 8, cpu_ms = 9, queries = 6,
          db_pool_size = 14, pool_wait_timeout = "1s" },
  db = { max_connections = 120, query_slots = 10, query_ms = 3, replica = false },
  cache = { enabled = true, hit_ratio = 0.92, lookup_ms = 0.3 },
  lb = { policy = "least_connections", proxy_timeout = "15s", health_interval = "3s",
         health_timeout = "3s", health_fall = 5 },
  client = { timeout = "20s", max_retries = 1, retry_backoff = "2s" },
  hosts = {
    web = { memory_mb = 16384, service = "gunicorn", app_version = "2025.11.27" },
    db = { cpu_cores = 16, memory_mb = 65536 },
    cache = { memory_mb = 32768 },
  },
}

traffic {
  rps = 520,
  users = 300000,
  daily_curve = { 0.3, 0.2, 0.12, 0.08, 0.06, 0.08, 0.15, 0.35, 0.6, 0.85, 1.0, 1.05,
                  1.1, 1.05, 1.0, 1.0, 1.05, 1.1, 1.15, 1.2, 1.25, 1.15, 0.8, 0.5 },
}

-- ---- Alerts -------------------------------------------------------------------------------------

alert {
  name = "PostgresSaturated",
  expr = "avg_over(1m, db.utilization) > 0.9",
  hold = "1m",
  severity = "page",
  summary = "PostgreSQL on {{ $labels.component }} at utilization {{ $value }} (query slots busy)",
  description = "Nearly every query slot of the primary has been busy for a minute; new "
             .. "queries queue.",
  runbook = "runbooks/postgres-saturated",
  labels = { team = "dba" },
}

alert {
  name = "CheckoutErrors",
  expr = "avg_over(1m, lb.error_ratio) > 0.05",
  hold = "2m",
  severity = "page",
  summary = "{{ $value }} of store requests fail at the load balancer",
  runbook = "runbooks/checkout-errors",
  labels = { team = "store" },
}

alert {
  name = "CacheHitRatioLow",
  expr = "avg_over(2m, cache.hit_ratio) < 0.6",
  hold = "3m",
  severity = "ticket",
  summary = "cache hit ratio is {{ $value }} (normally 0.92)",
  runbook = "runbooks/cache-hit-ratio-low",
  labels = { team = "store" },
}

runbook {
  alert = "PostgresSaturated",
  title = "PostgreSQL saturated",
  text = [[
1. What runs? `psql -c 'select state, wait_event_type, query from pg_stat_activity'` on db.
   Many short, normal queries mean too many queries; one long query means a bad query.
2. Where do they come from? Compare the database's query rate with the usual ~600 q/s. Product
   and price reads are normally served by the Redis cache.
3. Killing queries frees the slots for a second; it does not lower the rate.]],
}

runbook {
  alert = "CheckoutErrors",
  title = "Store errors at the load balancer",
  text = [[
1. `tail /var/log/nginx/error.log` on lb and `tail /var/log/app/app.log` on a web server: pool
   timeouts (QueuePool limit ... reached) mean the app waits for the database.
2. Then follow the database page; check the cache (`redis-cli info stats` on cache).
3. To protect the database while it recovers, cap the LB's `max_connections` (e.g. 500).]],
}

runbook {
  alert = "CacheHitRatioLow",
  title = "Cache hit ratio low",
  text = [[
1. `redis-cli info stats` (hits, misses) and `redis-cli info server` (uptime) on cache.
2. A restart, a flush, or the app reading under a new key prefix (a release, a feature flag in
   /etc/lojas/flags.json) all leave the cache cold.
3. Run the cache warmer: `warm_cache` on cache preloads the 200k hottest product and price keys
   under the live prefix in about a minute.]],
}

-- ---- History ----------------------------------------------------------------------------------

deploy {
  version = "2025.11.27",
  ago = "18h",
  author = "store team",
  summary = "Black Friday prices: price overrides read from v2: cache keys behind the flag "
         .. "catalog.price_keys_v2 (off); code freeze from 28/11 00:00",
  hosts = "web-*",
}

deploy {
  version = "2025.11.24",
  ago = "4d2h",
  author = "store team",
  summary = "countdown widget and Black Friday banners",
  hosts = "web-*",
}

-- ---- Faults -------------------------------------------------------------------------------------

-- The cause: the flag moves every lookup to an empty key prefix. Keys come back only as misses
-- write them, with a short TTL on prices: far too slowly under this load.
fault {
  id = "cold-key-prefix",
  kind = "cache_flush",
  targets = "cache",
  params = { warm_time = "2h" },
  at = "6m",
}

-- Misleading: the campaign's traffic, above a normal Friday but well within capacity.
red_herring {
  id = "black-friday-campaign",
  kind = "traffic_spike",
  targets = "users",
  params = { multiplier = 1.25, ramp = "4m", duration = "45m" },
  at = "0s",
  explanation = "The 10:00 campaign email raised traffic by about a quarter; with a warm cache "
             .. "the stack carries three times that. It made the stampede worse, not happen.",
}

fix {
  action = "warm_cache",
  targets = "cache",
  repairs = "cold-key-prefix",
  note = "preloading the hot keys gives the database its usual 8% of the lookups back",
}

fix {
  action = "set_config",
  targets = "lb",
  params = { key = "max_connections" },
  check = function(_, params)
    local value = tonumber(params.value)
    return value ~= nil and value <= 800
  end,
  mitigates = "cold-key-prefix",
  note = "a connection cap protects the database while the cache warms",
}

resolved_when(function()
  return fault_state("cold-key-prefix") == "cleared" and metric("lb", "error_ratio") < 0.01
     and metric("cache", "hit_ratio") > 0.85
end, { hold = "3m" })

-- ---- What happened on the hosts ---------------------------------------------------------------

at("6m", function()
  for _, web in ipairs(hosts("web-*")) do
    log(web, "/var/log/app/app.log", string.format(
      "[%s -0300] [%d] [INFO] shop.flags: flag catalog.price_keys_v2 changed false -> true "
        .. "(by bianca.rocha via admin, reason: \"ativar precos Black Friday\")",
      clock("datetime"), 690 + math.random(0, 20)))
    log(web, "/var/log/app/app.log", string.format(
      "[%s -0300] [%d] [INFO] shop.catalog: price source is now cache prefix v2: (fallback: "
        .. "database)", clock("datetime"), 690 + math.random(0, 20)))
  end
end, { name = "campaign team switches on catalog.price_keys_v2" })

-- The slow statements the page will send the trainee to: ordinary lookups, many of them.
every("30s", function()
  if metric("db", "utilization") < 0.95 then return end
  local id = math.random(1000, 98000)
  log("db", "/var/log/postgresql/postgresql-15-main.log", string.format(
    "%s [%d] store@store LOG:  duration: %.3f ms  statement: SELECT p.id, p.name, p.price_cents, "
      .. "p.promo_price_cents, s.qty FROM products p JOIN stock s ON s.product_id = p.id WHERE "
      .. "p.id = %d", clock("sql"), 52000 + math.random(0, 900), 120 + math.random() * 800, id))
end, { name = "slow product lookups", quiet = true, start = "7m" })

-- ---- The trainee's world --------------------------------------------------------------------

local flag_on = function() return fault_state("cold-key-prefix") ~= "pending" end

command {
  host = "cache",
  name = "redis-cli",
  output = function(_, ...)
    local args = table.concat({ ... }, " "):lower()
    local hits = metric("cache", "hits")
    local misses = metric("cache", "misses")
    local v2_keys = 0
    if flag_on() then v2_keys = math.floor(200000 * math.min(1, metric("cache", "hit_ratio") / 0.92)) end
    local keys = 1840000 + v2_keys
    if args:find("dbsize") then return tostring(keys) .. "\n" end
    if args:find("scan") or args:find("keys") then
      if args:find("v2") then return tostring(v2_keys) .. " keys match 'v2:*' (sampled)\n" end
      return "price:48213\nproduct:48213\nprice:10022\nproduct:77311\n(sample of 1840000 keys)\n"
    end
    if args:find("server") then
      return "# Server\nredis_version:7.0.15\nprocess_id:" .. host("cache").pid
          .. "\ntcp_port:6379\nuptime_in_seconds:3902211\nuptime_in_days:45\n"
    end
    if args:find("stats") or args:find("keyspace") or args == "info" then
      return string.format("# Stats\ninstantaneous_ops_per_sec:%d\nkeyspace_hits_per_sec:%d\n"
                             .. "keyspace_misses_per_sec:%d\nevicted_keys:0\n"
                             .. "# Keyspace\ndb0:keys=%d,expires=%d,avg_ttl=3541022\n",
                           math.floor(hits + misses), math.floor(hits), math.floor(misses), keys,
                           keys)
    end
    if args == "ping" then return "PONG\n" end
    return nil
  end,
}

file {
  host = "web-*",
  path = "/etc/lojas/flags.json",
  content = function()
    return string.format('{"catalog.price_keys_v2": %s, "checkout.pix_qr": true, '
                           .. '"home.countdown": true}\n', flag_on() and "true" or "false")
  end,
}

file {
  host = "web-*",
  path = "/etc/lojas/cache.env",
  content = "REDIS_URL=redis://10.0.3.10:6379/0\nCACHE_PRODUCT_TTL=3600\nCACHE_PRICE_TTL=300\n"
         .. "# catalog.price_keys_v2: prices and products under v2:price:*, v2:product:*\n"
         .. "CACHE_WARMER=/srv/lojas/bin/cache-warmer --top 200000\n",
}

team {
  id = "dba",
  name = "Database on-call (Fernanda)",
  delay = "4m",
  reply = function(message)
    if message:lower():find("kill") or message:lower():find("index") then
      return "Killing them won't help: there's no bad query, they're all the usual primary-key "
          .. "lookups on products and stock, 2 ms each when idle. We're getting ~7000 q/s "
          .. "instead of ~600. Those reads normally never reach me. Is the cache OK?"
    end
    return "Postgres is fine, it's just doing 12x its normal query rate since 10:14: all "
        .. "product and price lookups by id. Those are cache reads. Is the cache OK?"
  end,
}

team {
  id = "store",
  name = "Store developers (Bruno)",
  delay = "6m",
  reply = function(message)
    if message:lower():find("flag") or message:lower():find("v2") then
      return "Yes: with catalog.price_keys_v2 on, the app reads v2:price and v2:product keys, "
          .. "and nothing has written them yet. We meant to run the warmer before flipping it. "
          .. "Run warm_cache on the cache host, it writes the top 200k keys for the live prefix."
    end
    return "We're in code freeze since midnight, nothing deployed today. The app reads products "
        .. "and prices through Redis and writes the key back on a miss. There's a cache warmer "
        .. "(warm_cache on the cache host) that preloads the top 200k keys."
  end,
}

team {
  id = "campaign",
  name = "Campaign team (Bianca)",
  delay = "3m",
  reply = "Yes, I switched on catalog.price_keys_v2 at 10:14 in the admin, as in our Black "
       .. "Friday checklist, so the new prices show. Should I switch it off? Then the old prices "
       .. "come back, which would be a problem with the email we sent.",
}

stakeholder {
  from = "manager",
  name = "Carla (head of e-commerce)",
  channel = "slack",
  at = "9m",
  text = "Is the site slow?? Our Black Friday campaign went out at 10 and the conversion "
      .. "graph just fell off a cliff. Do we need more servers for the traffic?",
}

stakeholder {
  from = "support",
  name = "Diego (customer support)",
  channel = "slack",
  at = "11m",
  text = "Customers say the cart shows 'Erro ao carregar preços' and payment times out. "
      .. "About 40 chats in the queue.",
}

stakeholder {
  from = "customer",
  name = "@marianaluz",
  channel = "twitter",
  at = "13m",
  text = "@lojasaurora black friday and I can't even open the product page. 10 minutes on the "
      .. "loading spinner. vou comprar na concorrência",
}

hint {
  id = "where-from",
  after = "13m",
  when = function() return fault_active("cold-key-prefix") and commands("cache") == 0 end,
  text = "The database runs ordinary lookups, just far more of them. Which component normally "
      .. "keeps those reads away from it? Look at the cache host.",
}

hint {
  id = "warm",
  after = "21m",
  when = function() return fault_active("cold-key-prefix") end,
  text = "Redis is up and full of keys, yet almost every lookup misses. What changed at 10:14 "
      .. "in the app? Check the app log and /etc/lojas/flags.json. The warmer (warm_cache on "
      .. "cache) preloads the hot keys.",
}

measure {
  text = "Make the flag flip run the cache warmer for the new key prefix first",
  kind = "prevent",
  owner = "store team",
}
measure {
  text = "Put feature flag changes under the change freeze and in the change log",
  kind = "process",
  owner = "engineering management",
}
measure {
  text = "Page on a cache hit ratio below 0.7 for two minutes",
  kind = "detect",
  owner = "store team",
}
measure {
  text = "Coalesce concurrent misses for the same key (single-flight) in the app",
  kind = "prevent",
  owner = "store team",
}

-- ---- The model responder ------------------------------------------------------------------------

autopilot {
  { at = "8m", ack = "PostgresSaturated" },
  { after = "20s", inspect = "psql -c 'select state, wait_event_type, query from pg_stat_activity'",
    host = "db" },
  { after = "30s", inspect = "tail -n 10 /var/log/postgresql/postgresql-15-main.log", host = "db" },
  { after = "30s", hypothesis = "The product query has become slow under Black Friday load; the "
                             .. "database is the bottleneck", misleading = true },
  { after = "30s", action = "kill_queries", target = "db", misleading = true,
    why = "free the database's slots from the slow product queries" },
  { after = "30s", escalate = "dba", message = "PostgreSQL is saturated by slow product lookups "
                                          .. "since 10:14, we killed the running queries. Do we "
                                          .. "need an index or a bigger instance?" },
  { after = "1m", ack = "CheckoutErrors" },
  { after = "30s", status = "The store is slow and some checkouts fail since 10:14; the team is "
                         .. "on it. Next update in 15 minutes.", audience = "support" },
  { after = "3m", inspect = "redis-cli info stats", host = "cache" },
  { after = "40s", inspect = "grep flags /var/log/app/app.log", host = "web-1" },
  { after = "30s", hypothesis = "Since the flag catalog.price_keys_v2 went on at 10:14 the app "
                             .. "reads an empty key prefix; every lookup goes to the database" },
  { after = "20s", escalate = "store", message = "catalog.price_keys_v2 was switched on at 10:14 "
                                            .. "and the cache hit ratio is near 0. Is the "
                                            .. "warmer safe to run now?" },
  { after = "20s", action = "set_config", target = "lb",
    params = { key = "max_connections", value = "500" },
    why = "protect the database while the cache fills" },
  { after = "20s", action = "warm_cache", target = "cache",
    why = "preload the hot product and price keys" },
  { after = "2m", action = "set_config", target = "lb",
    params = { key = "max_connections", value = "4096" },
    why = "the hit ratio is back: lift the cap" },
  { after = "1m", declare = "mitigated" },
  { after = "2m", status = "The store is back to normal speed. A feature flag switched the "
                         .. "price cache to new, empty keys at 10:14; we refilled it.",
    audience = "support" },
  { after = "1m", declare = "resolved" },
}
