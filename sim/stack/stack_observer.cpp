#include "sim/stack/stack_observer.h"

namespace firedrill {

std::string_view failure_reason_name(FailureReason r) {
  switch (r) {
    case FailureReason::kNone:
      return "none";
    case FailureReason::kBacklogFull:
      return "backlog_full";
    case FailureReason::kProcessDown:
      return "process_down";
    case FailureReason::kTooManyOpenFiles:
      return "too_many_open_files";
    case FailureReason::kConnectionReset:
      return "connection_reset";
    case FailureReason::kUpstreamTimeout:
      return "upstream_timeout";
    case FailureReason::kConnectTimeout:
      return "connect_timeout";
    case FailureReason::kNoHealthyUpstream:
      return "no_healthy_upstream";
    case FailureReason::kLbConnectionLimit:
      return "lb_connection_limit";
    case FailureReason::kPoolTimeout:
      return "pool_timeout";
    case FailureReason::kDbTooManyConnections:
      return "db_too_many_connections";
    case FailureReason::kDbError:
      return "db_error";
    case FailureReason::kDiskFull:
      return "disk_full";
    case FailureReason::kAppError:
      return "app_error";
    case FailureReason::kPortMismatch:
      return "port_mismatch";
  }
  return "unknown";
}

std::string_view process_change_name(ProcessChange c) {
  switch (c) {
    case ProcessChange::kCrashed:
      return "crashed";
    case ProcessChange::kOomKilled:
      return "oom_killed";
    case ProcessChange::kStopped:
      return "stopped";
    case ProcessChange::kStarting:
      return "starting";
    case ProcessChange::kRunning:
      return "running";
    case ProcessChange::kHung:
      return "hung";
    case ProcessChange::kUnhung:
      return "unhung";
  }
  return "unknown";
}

}  // namespace firedrill
