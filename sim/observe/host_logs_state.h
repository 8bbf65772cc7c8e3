// Private to HostLogs' implementation (host_logs.cpp, host_logs_events.cpp): what it keeps
// per simulated host — its buffers, random streams, pid counters, services and rate-limit
// windows. Not part of the API; include host_logs.h instead.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "sim/core/random.h"
#include "sim/observe/host_logs.h"
#include "sim/observe/log_formats_db.h"
#include "sim/observe/log_formats_system.h"
#include "sim/stack/outcome.h"

namespace firedrill {
namespace host_logs_detail {

// Debian unit names HostLogs keys its services by (service_info() maps the stack's names).
inline constexpr std::string_view kNginxUnit = "nginx.service";
inline constexpr std::string_view kAppUnit = "shop.service";
inline constexpr std::string_view kPostgresUnit = "postgresql@15-main.service";
inline constexpr std::string_view kRedisUnit = "redis-server.service";
inline constexpr std::string_view kPgSession = "shop@shop";  // user@database of the app
inline constexpr uint32_t kAppWorkers = 4;                   // gunicorn workers per web host

// Rate-limit slots per host: one per failure reason, one per access-log outcome, then slow
// queries and backend health changes.
inline constexpr size_t kReasonSlots = 32;  // more than FailureReason has values
constexpr size_t reason_slot(FailureReason r) {
  return static_cast<size_t>(r) % kReasonSlots;
}
constexpr size_t access_slot(Outcome o) {
  return kReasonSlots + static_cast<size_t>(o);
}
inline constexpr size_t kSlowQuerySlot = kReasonSlots + kOutcomeCount;
inline constexpr size_t kHealthSlot = kSlowQuerySlot + 1;
inline constexpr size_t kRateSlots = kHealthSlot + 1;

// Events counted in the current simulated second.
struct RateWindow {
  int64_t second = -1;
  uint32_t count = 0;
};

}  // namespace host_logs_detail

struct HostLogs::ServiceState {
  uint32_t pid = 0;              // the main process (nginx master, postmaster, arbiter)
  uint32_t restart_counter = 0;  // systemd's, reset by an operator's stop or start
  bool crashed = false;          // died (crash, OOM kill) and not serving again yet
  bool down = false;             // not serving: crashed, stopped or starting
};

struct HostLogs::HostState {
  LogHost spec;
  size_t index = 0;
  RandomStream rng;        // "logs/<host>": pids, figures, message variants
  RandomStream noise_rng;  // "logs/<host>/noise": background events and their gaps
  SimTime boot_uptime;     // the kernel's uptime at SimTime 0
  // The role's files (null when the role has no such file).
  LogBuffer* syslog = nullptr;
  LogBuffer* kern = nullptr;
  LogBuffer* access = nullptr;
  LogBuffer* nginx_error = nullptr;
  LogBuffer* app = nullptr;
  LogBuffer* postgres = nullptr;
  LogBuffer* redis = nullptr;
  uint64_t nginx_connection = 0;  // nginx's "*N" connection counter
  uint32_t pg_backend_base = 0;   // client backends' pids start around here
  SystemNoiseState sys;           // also the host's pid counter (sys.next_pid)
  PgNoiseState pg;
  bool syn_flood_warned = false;  // the kernel warns once per listening socket
  bool redis_saved = false;       // Redis' "save 300 100" rule: at most one save per 300 s
  SimTime redis_last_save;
  std::map<std::string, ServiceState, std::less<>> services;  // by unit name
  std::string main_unit;  // the unit of the stack's service, whose pid the stack knows
  std::array<host_logs_detail::RateWindow, host_logs_detail::kRateSlots> windows{};
};

}  // namespace firedrill
