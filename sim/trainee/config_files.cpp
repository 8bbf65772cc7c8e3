// [SECTION] index: helpers · the app's environment · PostgreSQL · system files (limits.conf,
// hosts, hostname) · lookup. The nginx files are rendered in config_nginx.cpp.
#include "sim/trainee/config_files.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "sim/trainee/config_nginx.h"

namespace firedrill {
namespace {

using config_detail::config_value;

constexpr std::string_view kNginxConf = "/etc/nginx/nginx.conf";
constexpr std::string_view kSiteEnabled = "/etc/nginx/sites-enabled/default";
constexpr std::string_view kSiteAvailable = "/etc/nginx/sites-available/default";
constexpr std::string_view kAppEnv = "/etc/app/app.env";
constexpr std::string_view kPostgresConf = "/etc/postgresql/15/main/postgresql.conf";
constexpr std::string_view kLimits = "/etc/security/limits.conf";
constexpr std::string_view kHosts = "/etc/hosts";
constexpr std::string_view kHostname = "/etc/hostname";

// [SECTION] helpers ------------------------------------------------------------------------

std::string seconds_from_ms(const std::string& ms_text) {
  uint64_t ms = 0;
  for (char c : ms_text) {
    if (c < '0' || c > '9') return ms_text;
    ms = ms * 10 + static_cast<uint64_t>(c - '0');
  }
  std::string s = fmt::format("{}.{:03}", ms / 1000, ms % 1000);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

// [SECTION] the app's environment ----------------------------------------------------------

std::string app_env(const HostView& v) {
  const WebServerConfig& cfg = v.web->config();
  const std::string db_ip = host_ip(v.logs, v.stack.db().name());
  return fmt::format(
      "# Environment of shop.service (EnvironmentFile=/etc/app/app.env).\n"
      "# Deployed by CI; edit through config management.\n"
      "APP_ENV=production\n"
      "APP_VERSION={}\n"
      "LISTEN_PORT={}\n"
      "HEALTH_PATH={}\n"
      "GUNICORN_BIND=127.0.0.1:8000\n"
      "GUNICORN_WORKERS={}\n"
      "GUNICORN_BACKLOG={}\n"
      "GUNICORN_TIMEOUT=60\n"
      "DATABASE_URL=postgresql://shop@{}:5432/shop\n"
      "DB_POOL_SIZE={}\n"
      "DB_POOL_TIMEOUT={}\n"
      "DB_MAX_OVERFLOW=0\n"
      "LOG_LEVEL=info\n",
      v.host.app_version(), config_value(v, "listen_port", std::to_string(v.web->listen_port())),
      config_value(v, "health_path", v.web->health_path()),
      config_value(v, "workers", std::to_string(cfg.workers)),
      config_value(v, "backlog", std::to_string(cfg.backlog)), db_ip,
      config_value(v, "db_pool_size", std::to_string(cfg.db_pool_size)),
      seconds_from_ms(config_value(v, "db_pool_timeout_ms",
                                   std::to_string(cfg.pool_wait_timeout.us() / 1000))));
}

// [SECTION] PostgreSQL ----------------------------------------------------------------------

std::string postgresql_conf(const HostView& v) {
  const Database& db = *v.db;
  const auto gb = [](double mb) {
    return mb >= 1024 ? fmt::format("{}GB", static_cast<uint64_t>(mb / 1024))
                      : fmt::format("{}MB", static_cast<uint64_t>(mb));
  };
  const double ram = v.host.memory_total_mb();
  return fmt::format(
      "# -----------------------------\n"
      "# PostgreSQL configuration file\n"
      "# -----------------------------\n"
      "#\n"
      "# This file consists of lines of the form:\n"
      "#\n"
      "#   name = value\n"
      "#\n"
      "# (The \"=\" is optional.)  Whitespace may be used.  Comments are introduced with\n"
      "# \"#\" anywhere on a line.\n"
      "\n"
      "#------------------------------------------------------------------------------\n"
      "# FILE LOCATIONS\n"
      "#------------------------------------------------------------------------------\n"
      "\n"
      "data_directory = '/var/lib/postgresql/15/main'\t\t# use data in another directory\n"
      "hba_file = '/etc/postgresql/15/main/pg_hba.conf'\t# host-based authentication file\n"
      "ident_file = '/etc/postgresql/15/main/pg_ident.conf'\t# ident configuration file\n"
      "external_pid_file = '/var/run/postgresql/15-main.pid'\t\t\t# write an extra PID file\n"
      "\n"
      "#------------------------------------------------------------------------------\n"
      "# CONNECTIONS AND AUTHENTICATION\n"
      "#------------------------------------------------------------------------------\n"
      "\n"
      "listen_addresses = '*'\t\t\t# what IP address(es) to listen on;\n"
      "port = 5432\t\t\t\t# (change requires restart)\n"
      "max_connections = {}\t\t\t# (change requires restart)\n"
      "superuser_reserved_connections = 3\t# (change requires restart)\n"
      "unix_socket_directories = '/var/run/postgresql'\t# comma-separated list of directories\n"
      "ssl = on\n"
      "ssl_cert_file = '/etc/ssl/certs/ssl-cert-snakeoil.pem'\n"
      "ssl_key_file = '/etc/ssl/private/ssl-cert-snakeoil.key'\n"
      "\n"
      "#------------------------------------------------------------------------------\n"
      "# RESOURCE USAGE (except WAL)\n"
      "#------------------------------------------------------------------------------\n"
      "\n"
      "shared_buffers = {}\t\t\t# min 128kB\n"
      "work_mem = 16MB\t\t\t\t# min 64kB\n"
      "maintenance_work_mem = 1GB\t\t# min 1MB\n"
      "dynamic_shared_memory_type = posix\t# the default is usually the first option\n"
      "max_worker_processes = {}\n"
      "\n"
      "#------------------------------------------------------------------------------\n"
      "# WRITE-AHEAD LOG\n"
      "#------------------------------------------------------------------------------\n"
      "\n"
      "max_wal_size = 4GB\n"
      "min_wal_size = 1GB\n"
      "checkpoint_completion_target = 0.9\n"
      "\n"
      "#------------------------------------------------------------------------------\n"
      "# QUERY TUNING\n"
      "#------------------------------------------------------------------------------\n"
      "\n"
      "random_page_cost = 1.1\n"
      "effective_cache_size = {}\n"
      "\n"
      "#------------------------------------------------------------------------------\n"
      "# REPORTING AND LOGGING\n"
      "#------------------------------------------------------------------------------\n"
      "\n"
      "log_min_duration_statement = {}\t# -1 is disabled, 0 logs all statements\n"
      "\t\t\t\t\t# and their durations, > 0 logs only\n"
      "\t\t\t\t\t# statements running at least this number\n"
      "\t\t\t\t\t# of milliseconds\n"
      "log_line_prefix = '%m [%p] %q%u@%d '\t\t# special values:\n"
      "log_lock_waits = on\t\t\t# log lock waits >= deadlock_timeout\n"
      "log_timezone = '{}'\n"
      "\n"
      "#------------------------------------------------------------------------------\n"
      "# CLIENT CONNECTION DEFAULTS\n"
      "#------------------------------------------------------------------------------\n"
      "\n"
      "datestyle = 'iso, mdy'\n"
      "timezone = '{}'\n"
      "lc_messages = 'C.UTF-8'\t\t\t# locale for system error message\n"
      "default_text_search_config = 'pg_catalog.english'\n"
      "\n"
      "# Add settings for extensions here\n",
      config_value(v, "max_connections", std::to_string(db.config().max_connections)), gb(ram / 4),
      std::max<uint32_t>(v.host.cpu_cores(), 8), gb(ram * 3 / 4),
      config_value(v, "log_min_duration_statement_ms",
                   std::to_string(db.slow_query_threshold().us() / 1000)),
      v.clock.zone_name(), v.clock.zone_name());
}

// [SECTION] system files --------------------------------------------------------------------

std::string limits_conf(const HostView& v) {
  const std::string nofile = std::to_string(v.host.fd_limit());
  const std::string user = v.service_user();
  return fmt::format(
      "# /etc/security/limits.conf\n"
      "#\n"
      "#Each line describes a limit for a user in the form:\n"
      "#\n"
      "#<domain>        <type>  <item>  <value>\n"
      "#\n"
      "#Where:\n"
      "#<domain> can be:\n"
      "#        - a user name\n"
      "#        - a group name, with @group syntax\n"
      "#        - the wildcard *, for default entry\n"
      "#\n"
      "#<type> can have the two values:\n"
      "#        - \"soft\" for enforcing the soft limits\n"
      "#        - \"hard\" for enforcing hard limits\n"
      "#\n"
      "#<item> can be one of the following:\n"
      "#        - nofile - max number of open file descriptors\n"
      "#        - nproc - max number of processes\n"
      "#        - as - address space limit (KB)\n"
      "#\n"
      "#<domain>      <type>  <item>         <value>\n"
      "#\n"
      "\n"
      "#*               soft    core            0\n"
      "#root            hard    core            100000\n"
      "#@student        hard    nproc           20\n"
      "\n"
      "{:<15} soft    nofile          {}\n"
      "{:<15} hard    nofile          {}\n"
      "root            soft    nofile          65536\n"
      "root            hard    nofile          65536\n"
      "\n"
      "# End of file\n",
      user, nofile, user, nofile);
}

std::string hosts_file(const HostView& v) {
  std::string out = fmt::format(
      "127.0.0.1\tlocalhost\n127.0.1.1\t{}\n\n"
      "# The following lines are desirable for IPv6 capable hosts\n"
      "::1     localhost ip6-localhost ip6-loopback\n"
      "ff02::1 ip6-allnodes\n"
      "ff02::2 ip6-allrouters\n\n",
      v.name());
  for (const auto& h : v.stack.hosts()) {
    out += fmt::format("{}\t{}\n", host_ip(v.logs, h->name()), h->name());
  }
  return out;
}

}  // namespace

// [SECTION] lookup ----------------------------------------------------------------------------

std::vector<std::string> config_file_paths(const HostView& v) {
  std::vector<std::string> paths = {std::string(kLimits), std::string(kHosts),
                                    std::string(kHostname)};
  if (v.lb != nullptr || v.web != nullptr) {
    paths.emplace_back(kNginxConf);
    paths.emplace_back(kSiteEnabled);
    paths.emplace_back(kSiteAvailable);
  }
  if (v.web != nullptr) paths.emplace_back(kAppEnv);
  if (v.db != nullptr) paths.emplace_back(kPostgresConf);
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::optional<std::string> render_config_file(const HostView& v, std::string_view path) {
  if (path == kLimits) return limits_conf(v);
  if (path == kHosts) return hosts_file(v);
  if (path == kHostname) return v.name() + "\n";
  if (v.lb != nullptr || v.web != nullptr) {
    if (path == kNginxConf) return config_detail::nginx_conf(v);
    if (path == kSiteEnabled || path == kSiteAvailable) {
      return v.lb != nullptr ? config_detail::lb_site(v) : config_detail::web_site(v);
    }
  }
  if (v.web != nullptr && path == kAppEnv) return app_env(v);
  if (v.db != nullptr && path == kPostgresConf) return postgresql_conf(v);
  return std::nullopt;
}

}  // namespace firedrill
