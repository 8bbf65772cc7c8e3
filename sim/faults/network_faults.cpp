// Network faults between two groups of components: network_partition (nothing gets through)
// and packet_loss (a share of packets lost; each loss costs the 1 s-doubling retransmission
// timeout). The model carries traffic on two kinds of link: lb <-> web-N (each request opens
// an upstream connection; health checks too) and web-N <-> db (each query); pairs of targets
// that are not such a link are skipped, and a fault with none of them is an error.
#include <fmt/format.h>

#include "sim/faults/fault_kinds.h"
#include "sim/faults/fault_knobs.h"

namespace firedrill {

namespace {

using Link = std::pair<FaultComponent, FaultComponent>;

bool carries_traffic(const FaultComponent& a, const FaultComponent& b) {
  auto is = [](const FaultComponent& c, FaultRole r) { return c.role == r; };
  return (is(a, kRoleLb) && is(b, kRoleWeb)) || (is(a, kRoleWeb) && is(b, kRoleLb)) ||
         (is(a, kRoleWeb) && is(b, kRoleDb)) || (is(a, kRoleDb) && is(b, kRoleWeb));
}

FaultResult<std::vector<Link>> resolve_links(WebStack& stack, const std::string& kind,
                                             const std::vector<std::string>& targets,
                                             FaultRoleMask roles) {
  auto a = resolve_fault_targets(stack, kind, {targets[0]}, roles, 0);
  if (!a) return a.error();
  auto b = resolve_fault_targets(stack, kind, {targets[1]}, roles, 1);
  if (!b) return b.error();
  std::vector<Link> links;
  for (const FaultComponent& x : a.value())
    for (const FaultComponent& y : b.value())
      if (carries_traffic(x, y)) links.emplace_back(x, y);
  if (links.empty())
    return FaultError{"targets",
                      fmt::format("no traffic flows between '{}' and '{}' in this model; links "
                                  "that carry traffic: lb <-> web-N and web-N <-> db",
                                  targets[0], targets[1])};
  return links;
}

class LinkFault : public Fault {
 public:
  explicit LinkFault(FaultSetup s) : Fault(std::move(s)) {}

 protected:
  FaultResult<std::vector<FaultComponent>> resolve(WebStack& stack) override {
    auto links = resolve_links(stack, kind(), targets(), values_roles());
    if (!links) return links.error();
    std::vector<FaultComponent> both;
    for (const Link& l : links.value())
      for (const FaultComponent* c : {&l.first, &l.second}) {
        bool seen = false;
        for (const FaultComponent& have : both) seen = seen || have.name == c->name;
        if (!seen) both.push_back(*c);
      }
    return both;
  }
  std::optional<FaultError> on_inject() override {
    auto links = resolve_links(stack(), kind(), targets(), values_roles());
    links_ = std::move(links.value());
    return std::nullopt;
  }
  static FaultRoleMask values_roles() { return kRoleWeb | kRoleDb | kRoleLb; }

  std::vector<Link> links_;
};

class PartitionFault : public LinkFault {
 public:
  explicit PartitionFault(FaultSetup s) : LinkFault(std::move(s)) {}

 private:
  auto get(size_t k) {
    return [this, k] {
      return stack().links().partitioned(links_[k].first.name, links_[k].second.name);
    };
  }
  auto set(size_t k) {
    return [this, k](bool v) {
      stack().links().set_partitioned(links_[k].first.name, links_[k].second.name, v);
    };
  }
  std::vector<KnobAssignment<bool>> cuts_;

 protected:
  std::optional<FaultError> on_inject() override {
    LinkFault::on_inject();
    cuts_.assign(links_.size(), {});
    return std::nullopt;
  }
  void apply(double intensity) override {
    for (size_t k = 0; k < links_.size(); ++k) {
      if (intensity > 0) {
        cuts_[k].set(true, get(k), set(k));
      } else {
        cuts_[k].restore(get(k), set(k));
      }
    }
  }
  void on_clear() override {
    for (size_t k = 0; k < links_.size(); ++k) cuts_[k].restore(get(k), set(k));
  }
};

class PacketLossFault : public LinkFault {
 public:
  explicit PacketLossFault(FaultSetup s) : LinkFault(std::move(s)) {}

 protected:
  std::optional<FaultError> on_inject() override {
    LinkFault::on_inject();
    shares_.clear();
    for (const Link& l : links_)
      shares_.emplace_back(link_loss_knob(stack().links(), l.first.name, l.second.name),
                           Combine::kAnyOf);
    return std::nullopt;
  }
  void apply(double intensity) override {
    for (BoundShare& s : shares_) s.set(values().number("loss") * intensity);
  }
  void on_clear() override {
    for (BoundShare& s : shares_) s.remove();
    shares_.clear();
  }

 private:
  std::vector<BoundShare> shares_;
};

std::optional<FaultError> validate_two_sides(const FaultParamValues&,
                                             const std::vector<std::string>& targets) {
  if (targets.size() == 2) return std::nullopt;
  return FaultError{"targets", fmt::format("takes exactly two targets, the two ends of the link "
                                           "(e.g. {{\"lb\", \"web-*\"}} or {{\"web-1\", \"db\"}}); "
                                           "got {}",
                                           targets.size())};
}

const char* const kTwoSides =
    "exactly two targets, the two ends: {\"lb\", \"web-*\"} or {\"web-*\", \"db\"}";

}  // namespace

void add_network_fault_kinds(std::vector<FaultKindInfo>& out) {
  out.push_back(FaultKindInfo{
      .kind = "network_partition",
      .summary = "nothing gets through between two components (a firewall rule, a switch)",
      .roles = kRoleWeb | kRoleDb | kRoleLb,
      .targets_note = kTwoSides,
      .intensity = "on above 0",
      .symptoms = "lb <-> web: connects time out after 3 s, so the LB answers 504 "
                  "(connect_timeout) and its health checks mark the backend down (503 once all "
                  "are); web <-> db: every query fails after the 3 s connect timeout (500), "
                  "workers are held meanwhile",
      .fixes = "`drain` the cut-off web servers (lb <-> web); the network repair is the scenario's "
               "clear",
      .validate = validate_two_sides,
      .make = make_kind<PartitionFault>});
  out.push_back(FaultKindInfo{
      .kind = "packet_loss",
      .summary = "a share of packets is lost between two components; every loss costs the "
                 "retransmission timeout (1 s, doubling)",
      .roles = kRoleWeb | kRoleDb | kRoleLb,
      .targets_note = kTwoSides,
      .params = {number_param("loss", "share 0-1", 0.1, 0, 1, "share of packets lost")},
      .intensity = "loss",
      .symptoms = "latency in steps of whole seconds (p95/p99 jump to 1 s, 3 s) while p50 "
                  "stays; at high loss connects give up after 3 s: 504 (lb <-> web) or 500 "
                  "(web <-> db), and flapping health checks",
      .fixes = "`drain` the web servers behind the lossy link; the network repair is the "
               "scenario's clear",
      .validate = validate_two_sides,
      .make = make_kind<PacketLossFault>});
}

}  // namespace firedrill
