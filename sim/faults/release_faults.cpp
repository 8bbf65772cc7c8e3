// Change faults: bad_deploy (a release with behaviour, undone by a rollback), bad_config (a
// config key set to a bad value) and certificate_expiry (the LB's TLS certificate expires).
#include <fmt/format.h>

#include <charconv>

#include "sim/faults/fault_kinds.h"
#include "sim/faults/knob_share.h"
#include "sim/faults/release_behaviour.h"

namespace firedrill {

namespace {

// "v1.4.2" -> "v1.5.0"; anything else gets "-next".
std::string next_version(const std::string& v) {
  const size_t start = !v.empty() && v[0] == 'v' ? 1 : 0;
  const size_t dot1 = v.find('.', start),
               dot2 = dot1 == std::string::npos ? dot1 : v.find('.', dot1 + 1);
  unsigned minor = 0;
  if (dot2 != std::string::npos) {
    const auto [p, ec] = std::from_chars(v.data() + dot1 + 1, v.data() + dot2, minor);
    if (ec == std::errc() && p == v.data() + dot2)
      return v.substr(0, dot1 + 1) + std::to_string(minor + 1) + ".0";
  }
  return v + "-next";
}

class BadDeployFault : public Fault {
 public:
  explicit BadDeployFault(FaultSetup s) : Fault(std::move(s)) {}

 protected:
  std::optional<FaultError> on_inject() override {
    const FaultParamValues& v = values();
    version_ = v.text("version");
    if (version_.empty()) version_ = next_version(components().front().host->app_version());
    registry_.define(version_, ReleaseBehaviour{
                                   .error_rate = v.number("error_rate"),
                                   .cpu_factor = v.number("cpu_factor"),
                                   .extra_latency = SimTime::from_millis(v.number("latency_ms")),
                                   .memory_leak_mb_per_min = v.number("memory_leak_mb_per_min"),
                               });
    registry_.set_scale(intensity());
    std::vector<WebServer*> servers;
    for (const FaultComponent& c : components()) servers.push_back(c.web);
    registry_.attach(servers);
    previous_.clear();
    for (const FaultComponent& c : components()) {
      previous_.push_back(c.host->app_version());
      c.host->deploy(version_);  // the watcher applies the behaviour
    }
    return std::nullopt;
  }
  void apply(double intensity) override { registry_.set_scale(intensity); }
  // Takes the behaviour back, and rolls back the hosts that still run the bad version.
  void on_clear() override {
    registry_.detach();
    for (size_t k = 0; k < components().size(); ++k) {
      Host& h = *components()[k].host;
      if (h.app_version() == version_) h.deploy(previous_[k]);
    }
  }

 private:
  std::string version_;
  std::vector<std::string> previous_;
  ReleaseRegistry registry_;
};

class BadConfigFault : public Fault {
 public:
  explicit BadConfigFault(FaultSetup s) : Fault(std::move(s)) {}

 private:
  auto get(size_t k) {
    return [this, k] { return components()[k].host->config().at(values().text("key")); };
  }
  auto set(size_t k) {
    return [this, k](const std::string& v) {
      if (auto e = components()[k].host->set_config(values().text("key"), v)) error_ = e;
    };
  }
  std::vector<KnobAssignment<std::string>> assignments_;
  std::optional<std::string> error_;

 protected:
  std::optional<FaultError> check(WebStack&, const std::vector<FaultComponent>& hit) override {
    const std::string& key = values().text("key");
    for (const FaultComponent& c : hit) {
      if (c.host->config().count(key)) continue;
      std::vector<std::string> keys;
      for (const auto& [k, value] : c.host->config()) keys.push_back(k);
      std::string message = fmt::format("'{}' is not a config key of {}", key, c.name);
      if (const std::string near = closest_name(key, keys); !near.empty())
        message += fmt::format(" (did you mean '{}'?)", near);
      return FaultError{"params.key", message + "; its keys: " + join_names(keys)};
    }
    return std::nullopt;
  }
  // Sets the value at once, so a value the component refuses is an inject() error.
  std::optional<FaultError> on_inject() override {
    assignments_.assign(components().size(), {});
    error_.reset();
    for (size_t k = 0; k < components().size() && !error_; ++k)
      assignments_[k].set(values().text("value"), get(k), set(k));
    if (!error_) return std::nullopt;
    on_clear();
    return FaultError{"params.value", *error_};
  }
  void apply(double intensity) override {
    for (size_t k = 0; k < components().size(); ++k) {
      if (intensity > 0) {
        assignments_[k].set(values().text("value"), get(k), set(k));
      } else {
        assignments_[k].restore(get(k), set(k));
      }
    }
  }
  void on_clear() override {
    for (size_t k = 0; k < assignments_.size(); ++k) assignments_[k].restore(get(k), set(k));
  }
};

class CertificateExpiryFault : public Fault {
 public:
  explicit CertificateExpiryFault(FaultSetup s) : Fault(std::move(s)) {}

 private:
  auto get() {
    return [this] { return components().front().lb->certificate_expiry(); };
  }
  auto set() {
    return [this](SimTime t) { components().front().lb->set_certificate_expiry(t); };
  }
  SimTime expires_;
  KnobAssignment<SimTime> expiry_;

 protected:
  std::optional<FaultError> on_inject() override {
    expires_ =
        values().given("at") ? values().duration("at") : injected_at() + values().duration("in");
    return std::nullopt;
  }
  void apply(double intensity) override {
    if (intensity > 0) {
      expiry_.set(expires_, get(), set());
    } else {
      expiry_.restore(get(), set());
    }
  }
  void on_clear() override { expiry_.restore(get(), set()); }
};

std::optional<FaultError> validate_deploy(const FaultParamValues& v,
                                          const std::vector<std::string>&) {
  if (v.number("error_rate") > 0 || v.number("latency_ms") > 0 || v.number("cpu_factor") > 1 ||
      v.number("memory_leak_mb_per_min") > 0)
    return std::nullopt;
  return FaultError{"params",
                    "bad_deploy needs a behaviour for the release: error_rate, latency_ms, "
                    "cpu_factor (above 1) or memory_leak_mb_per_min"};
}

std::optional<FaultError> validate_expiry(const FaultParamValues& v,
                                          const std::vector<std::string>&) {
  if (v.given("at") && v.given("in"))
    return FaultError{"params",
                      "give either `in` (after injection) or `at` (since the start "
                      "of the run), not both"};
  return std::nullopt;
}

}  // namespace

void add_release_fault_kinds(std::vector<FaultKindInfo>& out) {
  out.push_back(FaultKindInfo{
      .kind = "bad_deploy",
      .summary = "a release with a bug is deployed; its behaviour follows the version, so a "
                 "rollback undoes it",
      .roles = kRoleWeb,
      .params = {text_param("version", "the bad release (default: the next minor version)", false),
                 number_param("error_rate", "share 0-1", 0, 0, 1, "share of requests answered 500"),
                 number_param("latency_ms", "ms", 0, 0, 600'000, "time added to every request"),
                 number_param("cpu_factor", "x", 1, 1, 100, "CPU time multiplier"),
                 number_param("memory_leak_mb_per_min", "MB/min", 0, 0, 1'000'000,
                              "memory leaked while it runs (OOM kills follow)")},
      .intensity = "error_rate, latency_ms, memory_leak_mb_per_min and cpu_factor above 1",
      .symptoms = "the app version changes on the targets (deploy marker), then their 500s "
                  "(app_error), latency, CPU or memory sawtooth rise; servers not deployed stay "
                  "clean",
      .fixes = "`rollback` (or `deploy` a good version) on every host running the bad one; "
               "clearing also rolls back hosts still on it",
      .validate = validate_deploy,
      .make = make_kind<BadDeployFault>});
  out.push_back(FaultKindInfo{
      .kind = "bad_config",
      .summary = "a config key is set to a bad value (lb health_path, web workers=1, "
                 "nofile=64, listen_port, db max_connections)",
      .roles = kRoleProcesses,
      .params = {text_param("key",
                            "the config key (web: workers, backlog, db_pool_size, "
                            "db_pool_timeout_ms, listen_port, health_path, nofile; lb: "
                            "upstream_port, health_path, proxy_timeout_ms, "
                            "max_connections, policy, nofile; db: max_connections, "
                            "log_min_duration_statement_ms)"),
                 text_param("value", "the bad value, as it would be written in the file")},
      .intensity = "on above 0",
      .symptoms = "depends on the key: a wrong LB health_path marks every backend down (503 "
                  "for everyone); workers=1 queues requests (latency, 502 backlog full); "
                  "nofile=64 gives 502 'Too many open files'; a wrong port gives 502 "
                  "port_mismatch; a low max_connections gives 500 too-many-connections",
      .fixes = "`set_config` the key back (cat the config to find the changed line); clearing "
               "restores the old value unless someone changed it since",
      .make = make_kind<BadConfigFault>});
  out.push_back(FaultKindInfo{
      .kind = "certificate_expiry",
      .summary = "the load balancer's TLS certificate expires",
      .roles = kRoleLb,
      .default_targets = {"lb"},
      .params = {duration_param("in", 0, 0, 10.0 * 365 * 86400,
                                "expires this long after injection"),
                 duration_param("at", 0, 0, 10.0 * 365 * 86400,
                                "or: expires at this simulated time since the start of the run")},
      .intensity = "on above 0",
      .symptoms = "from the expiry on, every TLS handshake fails: tls_errors at the LB equal "
                  "its requests, error_ratio 1, no request reaches a web server (they look idle)",
      .fixes = "renew the certificate (the LB's expiry moves past now; clearing then leaves the "
               "new one); until such an action exists, the scenario clears the fault",
      .validate = validate_expiry,
      .make = make_kind<CertificateExpiryFault>});
}

}  // namespace firedrill
