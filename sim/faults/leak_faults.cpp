// Leak faults: fd_exhaustion (leaked descriptors or a lowered nofile limit) and
// pool_exhaustion (DB pool connections checked out and never returned). A leak belongs to the
// process: a restart (a new pid) gives everything back; a leak given as a rate is in the code
// and starts over in the new process.
#include <cmath>

#include "sim/faults/fault_kinds.h"
#include "sim/faults/knob_share.h"

namespace firedrill {

namespace {

class FdExhaustionFault : public Fault {
 public:
  explicit FdExhaustionFault(FaultSetup s) : Fault(std::move(s)) {}

 private:
  struct Target {
    Host* host;
    uint32_t pid;
    uint32_t burst = 0;      // leaked at once (leak)
    uint32_t from_rate = 0;  // leaked over time (rate)
    double pending = 0;      // a fraction of a descriptor, until it is whole
    bool burst_spent = false;
    KnobAssignment<uint32_t> nofile{};
  };
  static auto get(Target& t) {
    return [&t] { return t.host->fd_limit(); };
  }
  // Through the config, so `ulimit -n` and the config files show the limit.
  static auto set(Target& t) {
    return [&t](uint32_t v) {
      if (t.host->set_config("nofile", std::to_string(v))) t.host->set_fd_limit(v);
    };
  }
  // A new process: the old one's descriptors went with it.
  void notice_restart(Target& t) {
    if (t.host->pid() == t.pid) return;
    t.host->release_leaked_fds(t.burst + t.from_rate);
    t.burst = t.from_rate = 0;
    t.pending = 0;
    t.burst_spent = true;
    t.pid = t.host->pid();
  }
  std::vector<Target> targets_;

 protected:
  std::optional<FaultError> on_inject() override {
    targets_.clear();
    for (const FaultComponent& c : components()) targets_.push_back({c.host, c.host->pid()});
    return std::nullopt;
  }
  void apply(double intensity) override {
    const double leak = values().number("leak");
    const uint32_t nofile = values().count("nofile");
    for (Target& t : targets_) {
      notice_restart(t);
      if (!t.burst_spent) {
        const auto want = static_cast<uint32_t>(std::lround(leak * intensity));
        if (want > t.burst) t.host->leak_fds(want - t.burst);
        if (want < t.burst) t.host->release_leaked_fds(t.burst - want);
        t.burst = want;
      }
      if (nofile > 0) {
        const double from = t.nofile.active() ? t.nofile.previous() : t.host->fd_limit();
        const double limit = from - (from - nofile) * intensity;
        if (intensity > 0) {
          t.nofile.set(static_cast<uint32_t>(std::max(16.0, std::round(limit))), get(t), set(t));
        } else {
          t.nofile.restore(get(t), set(t));
        }
      }
    }
  }
  bool wants_ticks() const override {
    return values().number("rate") > 0 || values().number("leak") > 0;
  }
  void on_tick() override {
    for (Target& t : targets_) {
      notice_restart(t);
      if (!t.host->serving()) continue;
      t.pending += values().number("rate") * intensity() / 60.0;
      const auto n = static_cast<uint32_t>(t.pending);
      t.pending -= n;
      t.host->leak_fds(n);
      t.from_rate += n;
    }
  }
  void on_clear() override {
    for (Target& t : targets_) {
      notice_restart(t);
      t.host->release_leaked_fds(t.burst + t.from_rate);
      t.nofile.restore(get(t), set(t));
    }
    targets_.clear();
  }
};

class PoolExhaustionFault : public Fault {
 public:
  explicit PoolExhaustionFault(FaultSetup s) : Fault(std::move(s)) {}

 protected:
  std::optional<FaultError> on_inject() override {
    servers_.clear();
    for (const FaultComponent& c : components()) servers_.push_back({c.web, c.host->pid()});
    return std::nullopt;
  }
  void apply(double intensity) override {
    if (values().number("rate") > 0) return;  // rate mode leaks on the ticks
    for (Server& s : servers_) {
      notice_restart(s);
      if (s.spent) continue;
      const auto want = static_cast<uint32_t>(std::lround(cap(s) * intensity));
      if (want > s.mine) {
        leak(s, want - s.mine);
      } else if (want < s.mine) {
        s.web->return_leaked_pool_connections(s.mine - want);
        s.mine = want;
      }
    }
  }
  bool wants_ticks() const override { return true; }  // sees restarts
  void on_tick() override {
    const double rate = values().number("rate");
    if (rate <= 0) {
      apply(intensity());
      return;
    }
    for (Server& s : servers_) {
      notice_restart(s);
      s.pending += rate * intensity() / 60.0;
      const auto whole = static_cast<uint32_t>(s.pending);
      const uint32_t room = cap(s) > s.mine ? cap(s) - s.mine : 0;
      const uint32_t leaked = leak(s, std::min(whole, room));
      s.pending -= leaked;
      if (room == 0) s.pending = 0;
    }
  }
  void on_clear() override {
    for (Server& s : servers_) {
      notice_restart(s);
      s.web->return_leaked_pool_connections(s.mine);
    }
    servers_.clear();
  }

 private:
  struct Server {
    WebServer* web;
    uint32_t pid;
    uint32_t mine = 0;  // connections this fault leaked in the current process
    double pending = 0;
    bool spent = false;  // a one-off leak ended by a restart
  };
  uint32_t cap(const Server& s) const {
    const uint32_t n = values().count("connections");
    return n > 0 ? n : s.web->config().db_pool_size;
  }
  // Leaks n (the busy ones as they come back); returns how many were asked for.
  uint32_t leak(Server& s, uint32_t n) {
    if (n == 0 || !s.web->host().serving()) return 0;
    s.web->leak_pool_connections(n);
    s.mine += n;
    return n;
  }
  // A restart resets the pool (the server forgets its leaked connections).
  void notice_restart(Server& s) {
    if (s.web->host().pid() == s.pid) return;
    s.pid = s.web->host().pid();
    s.mine = 0;
    s.pending = 0;
    s.spent = values().number("rate") <= 0;
  }
  std::vector<Server> servers_;
};

std::optional<FaultError> validate_fd(const FaultParamValues& v, const std::vector<std::string>&) {
  if (v.number("leak") <= 0 && v.number("rate") <= 0 && v.count("nofile") == 0)
    return FaultError{"params",
                      "fd_exhaustion needs leak, rate or nofile (e.g. nofile=64, or rate=2000)"};
  if (v.count("nofile") > 0 && v.count("nofile") < 16)
    return FaultError{"params.nofile", "must be 0 (unchanged) or at least 16, got " +
                                           std::to_string(v.count("nofile"))};
  return std::nullopt;
}

}  // namespace

void add_leak_fault_kinds(std::vector<FaultKindInfo>& out) {
  out.push_back(FaultKindInfo{
      .kind = "fd_exhaustion",
      .summary = "the process runs out of file descriptors: it leaks them, or its nofile "
                 "limit is lowered",
      .roles = kRoleWeb | kRoleLb,
      .params = {count_param("leak", "fds", 0, 0, 10'000'000, "descriptors leaked at once"),
                 number_param("rate", "fds/min", 0, 0, 10'000'000,
                              "descriptors leaked per minute (a leak in the code: starts over "
                              "after a restart)"),
                 count_param("nofile", "fds", 0, 0, 10'000'000,
                             "lower the limit (ulimit -n) to this; 0 leaves it")},
      .intensity = "leak and rate; nofile moves from the old limit towards the new one",
      .symptoms = "open_fds at the limit; a web server refuses connections, so the LB answers "
                  "502 with 'Too many open files' (too_many_open_files) and health checks fail; "
                  "on the LB, connections are refused",
      .fixes = "leaked descriptors: `restart_service` or `reboot_host` frees them (a rate leaks "
               "again); a lowered limit: `set_config` nofile back (65536)",
      .validate = validate_fd,
      .make = make_kind<FdExhaustionFault>});
  out.push_back(FaultKindInfo{
      .kind = "pool_exhaustion",
      .summary = "the app checks DB pool connections out and never returns them",
      .roles = kRoleWeb,
      .params = {count_param("connections", "conns", 0, 0, 100'000,
                             "connections leaked in all (0: the whole pool)"),
                 number_param("rate", "conns/min", 0, 0, 100'000,
                              "leak this many per minute, again after every restart (0: all at "
                              "once, and a restart ends it)")},
      .intensity = "connections (at once) or rate",
      .symptoms = "db_pool_in_use stuck at the pool size while the database is idle; "
                  "db_pool_waiting and db_pool_timeouts rise; the app answers 500 "
                  "(pool_timeout); latency up to the pool timeout",
      .fixes = "`restart_service` on the web server returns its pool (with a rate it leaks again: "
               "`rollback` or the scenario's clear)",
      .make = make_kind<PoolExhaustionFault>});
}

}  // namespace firedrill
