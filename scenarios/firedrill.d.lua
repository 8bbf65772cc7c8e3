---@meta firedrill
-- LuaLS annotations for firedrill scenarios: point your editor's Lua language server at this
-- directory (or add it to "workspace.library") and every scenario function, field and value
-- completes and is type-checked. This file mirrors the API of sim/script/scenario_api_*.cpp
-- exactly; it is never run. The guide with a worked example is scenarios/README.md.
--
-- Two phases: the file's top level DECLARES the scenario (meta, stack, traffic, alert, at,
-- every, when, resolved_when, fault, red_herring, fix, command, file, team, stakeholder, hint,
-- runbook, deploy, measure, autopilot); the functions inside hooks, conditions and outputs READ
-- and ACT on the running drill (metric, host, hosts, now, clock, alert_firing, actions, commands,
-- escalated, idle, fault_state, fault_active, inject, clear, ramp, log). Calling one in the
-- wrong phase is an error. Unknown fields and wrong types are errors naming the field.

---A duration: "500ms", "30s", "5m", "1.5m", "1h30m", "2d", or a number of seconds.
---@alias firedrill.Duration string|number

---One name, or a list of names. Host and component names may be globs: "web-*", "web-?", "db*".
---@alias firedrill.Names string|string[]

---@alias firedrill.Difficulty "beginner"|"intermediate"|"advanced"
---@alias firedrill.Severity "page"|"ticket"|"info"|"critical"|"warning"

---The fault library's kinds (their parameters, symptoms and fixes: docs/faults.md). `crash` takes
---`reason = "crashed"|"oom_killed"|"stopped"`: "stopped" is an operator's or a tool's
---`systemctl stop` (no crash lines, no restart; down until start_service).
---@alias firedrill.FaultKind "latency"|"error_rate"|"crash"|"hang"|"cpu_hog"|"memory_leak"|"disk_fill"|"fd_exhaustion"|"pool_exhaustion"|"slow_queries"|"lock_contention"|"replication_lag"|"cache_flush"|"network_partition"|"packet_loss"|"bad_deploy"|"bad_config"|"certificate_expiry"|"dns_failure"|"retry_storm"|"traffic_spike"|"db_failover_split_brain"

---The responder's actions (sim/engine/actions.h).
---@alias firedrill.Action "restart_service"|"stop_service"|"start_service"|"reboot_host"|"rollback"|"deploy"|"drain"|"undrain"|"free_disk"|"set_config"|"flush_cache"|"warm_cache"|"kill_queries"

---Named values; numbers and booleans are kept as text ({key = "nofile", value = 65536}).
---@alias firedrill.TextMap table<string, string|number|boolean>

-- ==== Metadata =================================================================================

---@class firedrill.Slo
---@field error_ratio? number  # a minute breaches when more than this share fails (default 0.01)
---@field latency_ms? number   # ... or its p99 exceeds this (default 1000)

---@class firedrill.Meta
---@field id string                          # lowercase letters, digits and '-'
---@field title string
---@field difficulty firedrill.Difficulty
---@field length firedrill.Duration          # simulated length of the drill (at least 1m)
---@field start string                       # local start, "YYYY-MM-DD HH:MM[:SS]"
---@field time_zone? string                  # IANA zone, default "UTC"
---@field seed? integer                      # default 1; `--seed` replaces it
---@field briefing string                    # what the trainee is told at the start
---@field root_cause string                  # instructor only
---@field resolution? string                 # how the fix works; instructor only
---@field learning_goals firedrill.Names     # instructor only
---@field services? firedrill.Names          # the user-facing services ("web shop")
---@field slo? firedrill.Slo
---@field tags? firedrill.Names
---@field author? string

---Declares who the scenario is for, its simulated day and length. Exactly once.
---@param spec firedrill.Meta
function meta(spec) end

---@class firedrill.Measure
---@field text string                                        # one concrete task
---@field kind? "prevent"|"detect"|"mitigate"|"process"      # default "prevent"
---@field owner? string

---A corrective or preventive measure for the debrief's TODO list.
---@param spec firedrill.Measure
function measure(spec) end

-- ==== Stack, traffic, alerts ===================================================================

---@class firedrill.WebServers
---@field count? integer                      # 1..64 (default 4): web-1 ... web-N
---@field workers? integer                    # per server (default 16)
---@field backlog? integer                    # accept queue beyond busy workers (default 128)
---@field cpu_cores? integer                  # cores of each web host (default 4)
---@field cpu_ms? number                      # mean CPU time per request (default 4)
---@field queries? integer                    # DB queries per request (default 2)
---@field db_pool_size? integer               # per server (default 16)
---@field pool_wait_timeout? firedrill.Duration  # then the app answers 500 (default 3s)

---@class firedrill.DatabaseConfig
---@field max_connections? integer            # default 150
---@field query_slots? integer                # queries running at once (default 16)
---@field query_ms? number                    # mean query time (default 2)
---@field replica? boolean                    # a read replica "db-replica" (default false)
---@field read_fraction? number               # 0..1, reads sent to the replica (default 0.8)
---@field max_replica_lag? firedrill.Duration # default 30s

---@class firedrill.LoadBalancerConfig
---@field policy? "round_robin"|"least_connections"
---@field max_connections? integer
---@field proxy_timeout? firedrill.Duration   # then 504 (default 60s)
---@field health_interval? firedrill.Duration # default 2s; 0: no active checks
---@field health_timeout? firedrill.Duration
---@field health_fall? integer                # failed checks that mark a backend down
---@field health_rise? integer                # passed checks that mark it up again

---@class firedrill.CacheConfig
---@field enabled? boolean                    # a cache host "cache" (default false)
---@field hit_ratio? number
---@field lookup_ms? number

---@class firedrill.ClientConfig
---@field timeout? firedrill.Duration         # users give up after this (default 30s)
---@field max_retries? integer                # 0..10 (default 1)
---@field retry_backoff? firedrill.Duration
---@field slow_threshold? firedrill.Duration  # slower successes count as affected (default 2s)

---@class firedrill.WebHost
---@field memory_mb? number
---@field base_memory_mb? number
---@field disk_gb? number
---@field base_disk_gb? number
---@field fd_limit? integer                   # the service's nofile limit (ulimit -n)
---@field base_fds? integer                   # descriptors held at rest
---@field restart_delay? firedrill.Duration   # systemd RestartSec
---@field startup_time? firedrill.Duration
---@field service? string                     # "nginx", "postgresql"...
---@field app_version? string

---@class firedrill.Host: firedrill.WebHost
---@field cpu_cores? integer                  # (web hosts take stack.web.cpu_cores)

---@class firedrill.Hosts
---@field web? firedrill.WebHost
---@field db? firedrill.Host
---@field lb? firedrill.Host
---@field cache? firedrill.Host

---@class firedrill.Stack
---@field web? firedrill.WebServers
---@field db? firedrill.DatabaseConfig
---@field lb? firedrill.LoadBalancerConfig
---@field cache? firedrill.CacheConfig
---@field client? firedrill.ClientConfig
---@field hosts? firedrill.Hosts

---The simulated stack; every field is optional (defaults: a small healthy site). At most once.
---@param spec firedrill.Stack
function stack(spec) end

---@class firedrill.Spike
---@field at firedrill.Duration
---@field duration firedrill.Duration
---@field multiplier? number                  # default 2

---@class firedrill.Traffic
---@field rps? number                         # base request rate (default 200)
---@field users? integer                      # the user population (default 20000)
---@field daily_curve? number[]               # 24 relative loads, one per hour from midnight
---@field spikes? firedrill.Spike[]

---The traffic. At most once.
---@param spec firedrill.Traffic
function traffic(spec) end

---@class firedrill.Alert
---@field name string                         # [A-Za-z_][A-Za-z0-9_]*
---@field expr string                         # e.g. "avg_over(1m, lb.error_ratio) > 0.05" (docs/alerts.md)
---@field hold? firedrill.Duration            # Prometheus `for`
---@field keep_firing_for? firedrill.Duration
---@field severity? firedrill.Severity        # default "ticket"
---@field summary string                      # "{{ $value }}", "{{ $labels.component }}"
---@field description? string
---@field runbook? string                     # the runbook link
---@field labels? firedrill.TextMap
---@field expect_firing? boolean              # `firedrill check` requires it to fire (default true)

---One alerting rule. Without any, the drill gets the standard rules (not required to fire).
---@param spec firedrill.Alert
function alert(spec) end

-- ==== Hooks ====================================================================================

---@class firedrill.AtOptions
---@field name? string                        # in the journal (default "at 5m")
---@field quiet? boolean                      # no scenario.event record

---@class firedrill.EveryOptions: firedrill.AtOptions
---@field start? firedrill.Duration           # first run (default: one interval)
---@field stop? firedrill.Duration            # no runs from this instant on

---@class firedrill.WhenOptions: firedrill.AtOptions
---@field once? boolean                       # default true; false: on every rising edge
---@field after? firedrill.Duration           # not evaluated before this instant
---@field stop? firedrill.Duration

---Runs `fn` once at simulated time `time` (from the start).
---@param time firedrill.Duration
---@param fn fun()
---@param options? firedrill.AtOptions
function at(time, fn, options) end

---Runs `fn` every `interval` (at least 1s).
---@param interval firedrill.Duration
---@param fn fun()
---@param options? firedrill.EveryOptions
function every(interval, fn, options) end

---Evaluates `condition` every simulated second; runs `fn` when it turns true.
---@param condition fun(): boolean
---@param fn fun()
---@param options? firedrill.WhenOptions
function when(condition, fn, options) end

---@class firedrill.ResolvedOptions
---@field hold? firedrill.Duration            # the condition must hold this long

---When the incident counts as resolved (default: every fault but red herrings was cleared).
---@param condition fun(): boolean
---@param options? firedrill.ResolvedOptions
function resolved_when(condition, options) end

-- ==== Faults ===================================================================================

---@class firedrill.Fault
---@field id string                           # your name for it, unique
---@field kind firedrill.FaultKind
---@field targets? firedrill.Names            # default: the kind's default targets
---@field params? table<string, number|string|boolean>  # the kind's, plus intensity, ramp, duration
---@field at? firedrill.Duration              # injected then (else from a hook: inject(id))

---@class firedrill.RedHerring: firedrill.Fault
---@field explanation string                  # what it really was (debrief)

---A fault of the C++ fault library.
---@param spec firedrill.Fault
function fault(spec) end

---A misleading signal: a fault that is not the incident's cause.
---@param spec firedrill.RedHerring
function red_herring(spec) end

---@class firedrill.Fix
---@field action firedrill.Action
---@field targets? firedrill.Names            # hosts it must hit (default: any)
---@field params? firedrill.TextMap           # parameters that must match exactly
---@field check? fun(target: string, params: table<string, string>): boolean
---@field repairs? firedrill.Names            # fault ids cleared once every target got the fix
---@field mitigates? firedrill.Names          # fault ids whose incident counts as mitigated
---@field run? fun(target: string, params: table<string, string>)  # what else the fix does
---@field note? string

---Which responder action repairs (or mitigates) which faults.
---@param spec firedrill.Fix
function fix(spec) end

---Injects a declared fault now. Returns whether it was not active yet.
---@param id string
---@return boolean
function inject(id) end

---Clears a fault now. Returns whether it was active.
---@param id string
---@return boolean
function clear(id) end

---Moves a fault's intensity (0..1) to `intensity` over `over` seconds (0: at once).
---@param id string
---@param intensity number
---@param over? number
function ramp(id, intensity, over) end

---@param id string
---@return "pending"|"active"|"cleared"
function fault_state(id) end

---@param id string
---@return boolean
function fault_active(id) end

-- ==== The trainee's world ======================================================================

---@class firedrill.Command
---@field host string                         # glob; a host named exactly wins over a glob
---@field name string                         # argv[0], e.g. "ulimit", "nginx"
---@field output string|fun(host: string, ...: string): string?, integer?  # nil: the built-in
---@field exit? integer                       # exit code of a text output (0..255)

---What a console command prints on matching hosts (replaces or adds to the built-ins).
---@param spec firedrill.Command
function command(spec) end

---@class firedrill.File
---@field host string
---@field path string                         # absolute
---@field content string|fun(host: string): string?  # nil: an empty file

---A file the console's cat, tail, grep... read on matching hosts.
---@param spec firedrill.File
function file(spec) end

---@class firedrill.Team
---@field id string                           # what an escalation names
---@field name string
---@field delay? firedrill.Duration           # default 5m
---@field reply string|fun(message: string): string?, number?  # text[, delay in seconds]; nil: silence

---An escalation target with its scripted answer.
---@param spec firedrill.Team
function team(spec) end

---@class firedrill.Stakeholder
---@field from "support"|"manager"|"customer"|"executive"|"colleague"
---@field name? string
---@field channel? string                     # "slack", "email", "twitter"...
---@field text string|fun(): string?       # nil: the message is not sent
---@field at? firedrill.Duration              # at least one of at / when
---@field when? fun(): boolean                # the first time it holds (from `at` on)

---A message that arrives on its own (customers: customer.report, others: stakeholder.message).
---@param spec firedrill.Stakeholder
function stakeholder(spec) end

---@class firedrill.Hint
---@field id string
---@field text string
---@field after? firedrill.Duration           # not before this instant
---@field when? fun(): boolean                # e.g. function() return actions("db") == 0 end

---What the coach says when the trainee is stuck (also the next due one when asked).
---@param spec firedrill.Hint
function hint(spec) end

---@class firedrill.Runbook
---@field alert string                        # a declared alert
---@field title string
---@field text string                         # Markdown

---@param spec firedrill.Runbook
function runbook(spec) end

---@class firedrill.Deploy
---@field version string
---@field ago firedrill.Duration              # before the drill starts
---@field author? string
---@field summary? string
---@field hosts? firedrill.Names

---One entry of the deploy (and change) history.
---@param spec firedrill.Deploy
function deploy(spec) end

---Appends a line (formatted, timestamp included: see clock()) to a host's log file.
---@param host string
---@param path string                         # absolute, e.g. "/var/log/syslog"
---@param text string
function log(host, path, text) end

-- ==== Live state (read-only) ===================================================================

---The latest per-second value of a metric, e.g. metric("lb", "error_ratio").
---@param component string                    # "lb", "web-1", "db", "users"...
---@param name string
---@return number
function metric(component, name) end

---@class firedrill.HostState
---@field name string
---@field role string                         # "web", "db", "lb", "cache"
---@field state "running"|"hung"|"stopped"|"starting"
---@field serving boolean
---@field service string
---@field version string
---@field previous_version string
---@field pid integer
---@field restarts integer
---@field state_since number                  # seconds
---@field cpu_cores integer
---@field cpu_hog_cores number
---@field memory_used_mb number
---@field memory_total_mb number
---@field memory_used_ratio number
---@field disk_used_gb number
---@field disk_total_gb number
---@field disk_used_ratio number
---@field disk_full boolean
---@field fds_in_use integer
---@field fd_limit integer
---@field config table<string, string>        # the host's config keys ("nofile", "workers"...)

---A snapshot of one host (a fresh table: changing it changes nothing).
---@param name string
---@return firedrill.HostState
function host(name) end

---The host names, optionally matching a glob, in the stack's order.
---@param pattern? string
---@return string[]
function hosts(pattern) end

---Simulated seconds since the start.
---@return number
function now() end

---@alias firedrill.ClockFormat "time"|"date"|"datetime"|"nginx_access"|"nginx_error"|"syslog"|"journalctl"|"iso8601"|"sql"|"postmortem"

---The simulated wall clock in the scenario's zone ("14:03:07" by default).
---@param format? firedrill.ClockFormat
---@return string
function clock(format) end

---Whether any instance of an alert rule is firing.
---@param rule string
---@return boolean
function alert_firing(rule) end

---Responder actions so far (trainee and autopilot), on hosts matching `pattern` (all: nil).
---@param pattern? string
---@return integer
function actions(pattern) end

---Console commands so far on hosts matching `pattern`.
---@param pattern? string
---@return integer
function commands(pattern) end

---Whether the responder escalated to `team` (to anyone: nil).
---@param team? string
---@return boolean
function escalated(team) end

---Seconds since the responder's last command or action.
---@return number
function idle() end

-- ==== The autopilot ============================================================================

---One move of the model responder: a time (at or after) and exactly one move field.
---@class firedrill.Step
---@field at? firedrill.Duration              # from the start
---@field after? firedrill.Duration           # from the previous step
---@field inspect? string                     # a console line, with `host`
---@field host? string
---@field action? firedrill.Action            # with `target` (a glob: one per host) and `params`
---@field target? string
---@field params? firedrill.TextMap
---@field escalate? string                    # a team id, with `message`
---@field message? string
---@field note? string
---@field hypothesis? string
---@field status? string                      # a status update, with `audience`
---@field audience? string
---@field ack? string                         # an alert rule
---@field declare? "mitigated"|"resolved"
---@field misleading? boolean                 # the debrief counts it as a misleading path
---@field why? string                         # the responder's reasoning

---The model responder used by `firedrill run --autopilot` and `firedrill check`. Once.
---@param steps firedrill.Step[]
function autopilot(steps) end
