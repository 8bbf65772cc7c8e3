// Request faults: latency and error_rate, on web servers (the app) or databases (queries).
#include <fmt/format.h>

#include "sim/faults/fault_kinds.h"
#include "sim/faults/fault_knobs.h"

namespace firedrill {

namespace {

// A parameter given for a kind of component none of the targets is: an error naming it.
std::optional<FaultError> param_fits(const FaultParamValues& v,
                                     const std::vector<FaultComponent>& hit, std::string_view param,
                                     FaultRoleMask roles, std::string_view instead) {
  if (!v.given(param)) return std::nullopt;
  for (const FaultComponent& c : hit)
    if (roles & c.role) return std::nullopt;
  std::vector<std::string> names;
  for (const FaultComponent& c : hit) names.push_back(c.name);
  return FaultError{fmt::format("params.{}", param),
                    fmt::format("applies to {}, and none of the targets ({}) is one; {}",
                                fault_roles_text(roles), join_names(names), instead)};
}

class LatencyFault : public Fault {
 public:
  explicit LatencyFault(FaultSetup s) : Fault(std::move(s)) {}

 protected:
  std::optional<FaultError> check(WebStack&, const std::vector<FaultComponent>& hit) override {
    if (auto e = param_fits(values(), hit, "ms", kRoleWeb, "databases take factor")) return e;
    return param_fits(values(), hit, "factor", kRoleDatabases, "web servers take ms");
  }
  std::optional<FaultError> on_inject() override {
    shares_.clear();
    for (const FaultComponent& c : components()) {
      if (c.web) {
        shares_.emplace_back(web_latency_us_knob(*c.web), Combine::kAdd);
      } else {
        shares_.emplace_back(db_query_factor_knob(*c.db), Combine::kMultiply);
      }
    }
    return std::nullopt;
  }
  void apply(double intensity) override {
    const double ms = values().number("ms"), factor = values().number("factor");
    for (size_t k = 0; k < shares_.size(); ++k) {
      if (components()[k].web) {
        shares_[k].set(std::round(ms * 1000.0 * intensity));
      } else {
        shares_[k].set(1.0 + (factor - 1.0) * intensity);
      }
    }
  }
  void on_clear() override {
    for (BoundShare& s : shares_) s.remove();
    shares_.clear();
  }

 private:
  std::vector<BoundShare> shares_;
};

class ErrorRateFault : public Fault {
 public:
  explicit ErrorRateFault(FaultSetup s) : Fault(std::move(s)) {}

 protected:
  std::optional<FaultError> check(WebStack&, const std::vector<FaultComponent>& hit) override {
    return param_fits(values(), hit, "writes_only", kRoleDatabases,
                      "a web server's errors hit every request");
  }
  std::optional<FaultError> on_inject() override {
    shares_.clear();
    const bool writes = values().flag("writes_only");
    for (const FaultComponent& c : components()) {
      if (c.web) {
        shares_.emplace_back(web_error_rate_knob(*c.web), Combine::kAnyOf);
      } else {
        shares_.emplace_back(writes ? db_write_error_knob(*c.db) : db_error_rate_knob(*c.db),
                             Combine::kAnyOf);
      }
    }
    return std::nullopt;
  }
  void apply(double intensity) override {
    for (BoundShare& s : shares_) s.set(values().number("rate") * intensity);
  }
  void on_clear() override {
    for (BoundShare& s : shares_) s.remove();
    shares_.clear();
  }

 private:
  std::vector<BoundShare> shares_;
};

}  // namespace

void add_request_fault_kinds(std::vector<FaultKindInfo>& out) {
  out.push_back(FaultKindInfo{
      .kind = "latency",
      .summary = "slows requests down: time added to every request on a web server, or "
                 "database queries that take longer",
      .roles = kRoleWeb | kRoleDatabases,
      .params = {number_param("ms", "ms", 200, 0, 600'000,
                              "web servers: time added to every request (it holds the worker)"),
                 number_param("factor", "x", 5, 1, 10'000, "databases: query-time multiplier")},
      .intensity = "ms, and factor above 1",
      .symptoms = "p50/p95/p99 rise at the LB and for users; web worker utilisation and "
                  "backlog grow (held workers); on a database, query_mean_ms and active "
                  "queries rise, then pool waits, pool timeouts (500) and slow-query logs",
      .fixes = "web: `drain` the slow server; database: `kill_queries` frees the slots for a "
               "moment; the scenario clears the fault when its cause is repaired",
      .make = make_kind<LatencyFault>});
  out.push_back(FaultKindInfo{
      .kind = "error_rate",
      .summary = "the application answers 500 for a share of requests, or the database fails "
                 "a share of queries",
      .roles = kRoleWeb | kRoleDatabases,
      .params = {number_param("rate", "share 0-1", 0.2, 0, 1,
                              "share of requests (web) or queries (database) that fail"),
                 flag_param("writes_only", false, "databases: fail only write queries")},
      .intensity = "rate",
      .symptoms = "status_500 and error_ratio rise at the LB; web: app errors (app_error) on "
                  "the servers hit, other servers clean; database: db_error failures and the "
                  "database's errors series",
      .fixes = "`drain` the failing web servers, `rollback` if a release raised them; for a "
               "database, the scenario's repair (fail over, fix the table) clears it",
      .make = make_kind<ErrorRateFault>});
}

}  // namespace firedrill
