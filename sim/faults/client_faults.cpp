// Faults on the users' side: dns_failure (a share of lookups fail), retry_storm (clients retry
// many times with no backoff) and traffic_spike (the arrival rate multiplied).
#include <cmath>

#include "sim/faults/fault_kinds.h"
#include "sim/faults/fault_knobs.h"

namespace firedrill {

namespace {

// One share on the client's knob: `value(intensity)`.
class ClientShareFault : public Fault {
 public:
  ClientShareFault(FaultSetup s, Knob (*knob)(Client&), Combine how)
      : Fault(std::move(s)), knob_(knob), how_(how) {}

 protected:
  std::optional<FaultError> on_inject() override {
    share_.emplace(knob_(*components().front().client), how_);
    return std::nullopt;
  }
  void on_clear() override {
    share_->remove();
    share_.reset();
  }
  std::optional<BoundShare> share_;

 private:
  Knob (*knob_)(Client&);
  Combine how_;
};

class DnsFailureFault : public ClientShareFault {
 public:
  explicit DnsFailureFault(FaultSetup s)
      : ClientShareFault(std::move(s), client_dns_failure_knob, Combine::kAnyOf) {}

 protected:
  void apply(double intensity) override { share_->set(values().number("rate") * intensity); }
};

class TrafficSpikeFault : public ClientShareFault {
 public:
  explicit TrafficSpikeFault(FaultSetup s)
      : ClientShareFault(std::move(s), client_rate_knob, Combine::kMultiply) {}

 protected:
  void apply(double intensity) override {
    share_->set(1.0 + (values().number("multiplier") - 1.0) * intensity);
  }
};

// Retries, backoff and (optionally) the client timeout move from the clients' own settings
// towards the storm's, by the intensity.
class RetryStormFault : public Fault {
 public:
  explicit RetryStormFault(FaultSetup s) : Fault(std::move(s)) {}

 protected:
  void apply(double intensity) override {
    ClientConfig& cfg = components().front().client->mutable_config();
    auto lerp = [&](double from, double to) { return from + (to - from) * intensity; };
    const double retries_from = retries_.active() ? retries_.previous() : cfg.max_retries;
    retries_.set(
        static_cast<uint32_t>(std::lround(lerp(retries_from, values().count("retries")))),
        [&] { return cfg.max_retries; }, [&](uint32_t v) { cfg.max_retries = v; });
    const SimTime backoff_from = backoff_.active() ? backoff_.previous() : cfg.retry_backoff;
    backoff_.set(
        SimTime::from_micros(lerp(static_cast<double>(backoff_from.us()),
                                  static_cast<double>(values().duration("backoff").us()))),
        [&] { return cfg.retry_backoff; }, [&](SimTime v) { cfg.retry_backoff = v; });
    if (values().duration("timeout").us() > 0) {
      const SimTime timeout_from = timeout_.active() ? timeout_.previous() : cfg.timeout;
      timeout_.set(
          SimTime::from_micros(lerp(static_cast<double>(timeout_from.us()),
                                    static_cast<double>(values().duration("timeout").us()))),
          [&] { return cfg.timeout; }, [&](SimTime v) { cfg.timeout = v; });
    }
  }
  void on_clear() override {
    ClientConfig& cfg = components().front().client->mutable_config();
    retries_.restore([&] { return cfg.max_retries; }, [&](uint32_t v) { cfg.max_retries = v; });
    backoff_.restore([&] { return cfg.retry_backoff; }, [&](SimTime v) { cfg.retry_backoff = v; });
    timeout_.restore([&] { return cfg.timeout; }, [&](SimTime v) { cfg.timeout = v; });
  }

 private:
  KnobAssignment<uint32_t> retries_;
  KnobAssignment<SimTime> backoff_;
  KnobAssignment<SimTime> timeout_;
};

}  // namespace

void add_client_fault_kinds(std::vector<FaultKindInfo>& out) {
  out.push_back(FaultKindInfo{
      .kind = "dns_failure",
      .summary = "a share of the users' DNS lookups of the site fail (resolver outage, bad "
                 "record, expired domain)",
      .roles = kRoleUsers,
      .default_targets = {"users"},
      .params = {number_param("rate", "share 0-1", 0.5, 0, 1, "share of lookups that fail")},
      .intensity = "rate",
      .symptoms = "users' failed requests and error_ratio rise while the LB sees less traffic "
                  "and no errors: every server-side dashboard looks healthy",
      .fixes = "escalate to the DNS provider; the scenario clears the fault",
      .make = make_kind<DnsFailureFault>});
  out.push_back(FaultKindInfo{
      .kind = "retry_storm",
      .summary = "clients retry aggressively: many retries, no backoff (a bad SDK release); "
                 "every failure multiplies the load",
      .roles = kRoleUsers,
      .default_targets = {"users"},
      .params = {count_param("retries", "retries", 5, 0, 100, "retries after a failed attempt"),
                 duration_param("backoff", 0, 0, 3600, "first retry delay, doubled each retry"),
                 duration_param("timeout", 0, 0, 3600,
                                "client timeout during the storm (0: unchanged)")},
      .intensity = "retries, backoff and timeout move from the clients' settings to these",
      .symptoms = "users' attempts and retries far above their requests; the LB's request rate "
                  "rises with every error, so a small failure grows into overload",
      .fixes = "rate-limit or shed load and fix the failure that triggers the retries; the "
               "scenario clears the fault (a client fix)",
      .make = make_kind<RetryStormFault>});
  out.push_back(FaultKindInfo{
      .kind = "traffic_spike",
      .summary = "more users arrive: a launch, a mention, a bot",
      .roles = kRoleUsers,
      .default_targets = {"users"},
      .params = {number_param("multiplier", "x", 3, 0, 1000, "arrival-rate multiplier")},
      .intensity = "multiplier's distance from 1",
      .symptoms = "offered_rate and requests rise everywhere; then utilisation, latency, "
                  "backlogs and the errors of whichever tier saturates first",
      .fixes = "scale out, rate-limit or shed load; the scenario clears the fault",
      .make = make_kind<TrafficSpikeFault>});
}

}  // namespace firedrill
