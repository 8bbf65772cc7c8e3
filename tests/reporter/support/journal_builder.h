// JournalBuilder: hand-built journals for the reporter tests. Records are added in any order
// with their simulated time; records() sorts them by time (stable) and numbers them 1, 2, 3...
// as a producer would. traffic() writes 10-second metrics samples with exact counts, so the
// figures derived from them can be checked exactly. standard_drill() is the drill most tests
// use; its exact figures are listed beside it.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reporter/journal/journal_record.h"

namespace firedrill::testing {

class JournalBuilder {
 public:
  JournalBuilder& add(SimTime t, std::string source, std::string kind, nlohmann::json fields) {
    pending_.push_back({t, 0, std::move(source), std::move(kind), std::move(fields)});
    return *this;
  }

  JournalBuilder& header(std::string title = "Too many open files on web-2",
                         std::string zone = "America/New_York",
                         std::string start = "2024-02-16 13:40:00") {
    return add(SimTime{}, "engine", "run.header",
               {{"scenario", "nginx-fd-limit"},
                {"title", std::move(title)},
                {"seed", 7},
                {"time_zone", std::move(zone)},
                {"start_local", std::move(start)},
                {"length_s", 1800},
                {"web_servers", 4},
                {"version", "0.1.0"}});
  }

  // scenario.meta for the fd-limit drill; `changes` are merged over it.
  JournalBuilder& meta(const nlohmann::json& changes = nlohmann::json::object()) {
    nlohmann::json m = {
        {"id", "nginx-fd-limit"},
        {"title", "Too many open files on web-2"},
        {"time_zone", "America/New_York"},
        {"start_local", "2024-02-16 13:40:00"},
        {"slo", {{"error_ratio", 0.01}, {"latency_ms", 1000}}},
        {"root_cause",
         "nginx on web-2 was capped at 1024 open files, so under the afternoon load it refused "
         "new connections and the load balancer answered 502"},
        {"resolution", "Raising worker_rlimit_nofile to 65536 let nginx accept connections again."},
        {"root_cause_components", {"web-2"}},
        {"fix_actions", {{{"action", "raise_fd_limit"}, {"target", "web-2"}}}},
        {"services", {"web shop"}},
        {"corrective_measures",
         {"Set worker_rlimit_nofile to 65536 in the nginx template for every web server",
          "Add an alert when open files on a web server exceed 80% of its limit"}},
        {"stack", {{"web_servers", 4}, {"replica", true}, {"cache", true}}},
    };
    m.merge_patch(changes);
    return add(SimTime{}, "scenario", "scenario.meta", std::move(m));
  }

  // 10-second samples over [from_s, to_s): 1000 requests each, `failed` of them failed, p99 as
  // given; users_seen is 1000 throughout and users_affected grows by `newly_affected` a sample.
  JournalBuilder& traffic(int64_t from_s, int64_t to_s, double failed, double p99_ms,
                          double newly_affected = 0, double slow = 0) {
    for (int64_t s = from_s; s < to_s; s += 10) {
      affected_ += newly_affected;
      add(SimTime::seconds(s + 10), "engine", "metrics.sample",
          {{"from_s", s},
           {"to_s", s + 10},
           {"requests", 1000.0},
           {"ok", 1000.0 - failed},
           {"failed", failed},
           {"slow", slow},
           {"error_ratio", failed / 1000.0},
           {"lb_requests", 1000.0},
           {"lb_5xx", failed},
           {"p50_ms", 20.0},
           {"p95_ms", p99_ms / 2},
           {"p99_ms", p99_ms},
           {"users_affected", affected_},
           {"users_seen", 1000.0},
           {"healthy_backends", failed > 0 ? 3.0 : 4.0}});
    }
    return *this;
  }

  JournalBuilder& alert(SimTime t, std::string rule, std::string state = "firing",
                        std::string component = "lb") {
    return add(t, "alert", "alert." + state,
               {{"rule", std::move(rule)},
                {"component", std::move(component)},
                {"from", "pending"},
                {"value", 0.2},
                {"severity", "page"},
                {"summary", "0.2 of requests fail at the load balancer"},
                {"runbook", "runbooks/high-error-rate"}});
  }

  JournalBuilder& command(SimTime t, std::string host, std::string line, std::string component,
                          std::string topic) {
    return add(
        t, "trainee", "trainee.command",
        {{"host", host},
         {"command", std::move(line)},
         {"exit_code", 0},
         {"touched",
          {{"host", host}, {"component", std::move(component)}, {"topic", std::move(topic)}}}});
  }

  JournalBuilder& action(SimTime t, std::string action, std::string target, bool ok = true) {
    return add(t, "trainee", "trainee.action",
               {{"action", std::move(action)},
                {"target", std::move(target)},
                {"params", nlohmann::json::object()},
                {"ok", ok},
                {"message", ok ? "done" : "refused"}});
  }

  JournalBuilder& note(SimTime t, std::string text, bool hypothesis) {
    return add(t, "trainee", "trainee.note",
               {{"text", std::move(text)}, {"hypothesis", hypothesis}});
  }

  JournalBuilder& escalate(SimTime t, std::string team, std::string message) {
    return add(t, "trainee", "trainee.escalate",
               {{"team", std::move(team)}, {"message", std::move(message)}});
  }

  JournalBuilder& edit(SimTime t, nlohmann::json fields) {
    return add(t, "trainee", "timeline.edit", std::move(fields));
  }

  // Sorted by time (stable), numbered from 1.
  std::vector<JournalRecord> records() const {
    std::vector<JournalRecord> out = pending_;
    std::stable_sort(out.begin(), out.end(),
                     [](const JournalRecord& a, const JournalRecord& b) { return a.t < b.t; });
    for (std::size_t i = 0; i < out.size(); ++i) out[i].seq = i + 1;
    return out;
  }

  std::string text() const {
    std::string out;
    for (const JournalRecord& r : records()) out += to_journal_line(r);
    return out;
  }

 private:
  std::vector<JournalRecord> pending_;
  double affected_ = 0;
};

inline SimTime at_min(int64_t minutes, int64_t seconds = 0) {
  return SimTime::seconds(minutes * 60 + seconds);
}

// The standard drill, 13:40 to 14:10 EST on 2024-02-16 (America/New_York):
// - healthy 13:40-13:50; 20% of requests fail with p99 2500 ms 13:50-14:00; healthy to 14:10;
//   1000 requests per 10 s (180,000 in all, 12,000 failed, all during the outage); 1000 users,
//   10 more affected per outage sample: 600 affected (60%);
// - fault on web-2 at 13:49:55; alert HighErrorRate fires 13:52, acknowledged 13:53;
// - misleading: `top`, `df -h` on web-1 13:53:20-13:53:30, restart_service web-1 13:54;
//   hypothesis "traffic spike" 13:53:50;
// - investigation of web-2 13:54:20-13:54:40 (curl from lb, ulimit, tail);
// - escalated to "web platform" 13:55, reply 13:56; status update 13:56:40;
// - fix raise_fd_limit web-2 13:59; declared resolved 14:00:30; run.end 14:10.
// Figures: outage 13:50-14:00 (10 min), detect 2 min, acknowledge 1 min, mitigate and resolve
// 10 min (14:00), error budget 12,000 / (0.01 * 100/s * 30 days) = 0.46%.
inline JournalBuilder standard_drill() {
  JournalBuilder b;
  b.header().meta();
  b.traffic(0, 600, 0, 100).traffic(600, 1200, 200, 2500, 10).traffic(1200, 1800, 0, 100);
  b.add(at_min(9, 55), "scenario", "fault.injected", {{"fault", "fd_limit"}, {"target", "web-2"}});
  b.alert(at_min(12), "HighErrorRate");
  b.add(at_min(13), "trainee", "trainee.ack", {{"rule", "HighErrorRate"}, {"component", "lb"}});
  b.command(at_min(13, 20), "web-1", "top", "", "cpu");
  b.command(at_min(13, 30), "web-1", "df -h", "", "disk");
  b.note(at_min(13, 50), "A traffic spike is overloading web-1", true);
  b.action(at_min(14), "restart_service", "web-1");
  b.command(at_min(14, 20), "lb", "curl -I http://web-2/", "web-2", "http");
  b.command(at_min(14, 30), "web-2", "ulimit -n", "", "fds");
  b.command(at_min(14, 40), "web-2", "tail /var/log/nginx/error.log", "", "logs");
  b.escalate(at_min(15), "web platform", "nginx on web-2 refuses connections");
  b.add(at_min(16), "scenario", "team.reply",
        {{"team", "web platform"}, {"text", "Check worker_rlimit_nofile on web-2"}});
  b.add(at_min(16, 40), "trainee", "trainee.status",
        {{"audience", "support"}, {"text", "We are fixing errors on checkout"}});
  b.action(at_min(19), "raise_fd_limit", "web-2");
  b.add(at_min(20, 30), "trainee", "trainee.declare", {{"state", "resolved"}});
  b.add(at_min(30, 0) + SimTime::millis(1), "engine", "run.end", {{"reason", "time_limit"}});
  return b;
}

}  // namespace firedrill::testing
