#include "sim/api/prometheus_exposition.h"

#include <fmt/format.h>

#include <map>

namespace firedrill::api {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string snake(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
      out += c;
    } else {
      out += '_';
    }
  }
  return out;
}

PromFamily scalar(std::string name, std::string help, PromType type, double value) {
  return {std::move(name), std::move(help), type, {{"", {}, value}}};
}

}  // namespace

StackFamilyName stack_family_name(const SeriesInfo& info) {
  std::string base = snake(info.metric);
  double scale = 1.0;
  if (info.unit == "ms" || ends_with(base, "_ms")) {
    if (ends_with(base, "_ms")) base.resize(base.size() - 3);
    base += "_seconds";
    scale = 0.001;
  } else if (ends_with(info.unit, "/s")) {
    base += "_per_second";
  } else if (info.unit == "ratio") {
    if (!ends_with(base, "_ratio")) base += "_ratio";
  } else if (info.unit == "s") {
    if (!ends_with(base, "_seconds")) base += "_seconds";
  }
  for (std::string_view reserved : {"_total", "_count", "_sum", "_bucket"}) {
    if (ends_with(base, reserved)) base += "_current";
  }
  return {"firedrill_stack_" + base, scale};
}

std::vector<PromFamily> drill_prometheus_families(Drill& drill, double speed, bool paused) {
  std::vector<PromFamily> out;
  const SimTime now = drill.now();
  out.push_back(scalar("firedrill_sim_time_seconds", "Simulated time since the drill started.",
                       PromType::gauge, now.to_seconds()));
  out.push_back(scalar("firedrill_sim_length_seconds", "Simulated length of the drill.",
                       PromType::gauge, drill.spec().length.to_seconds()));
  out.push_back(scalar("firedrill_sim_speed",
                       "Simulated seconds per wall second asked for (0: as fast as possible).",
                       PromType::gauge, speed));
  out.push_back(scalar("firedrill_sim_paused", "1 while the drill's clock is paused.",
                       PromType::gauge, paused ? 1 : 0));
  out.push_back(scalar("firedrill_sim_events_total", "Simulation events processed.",
                       PromType::counter, static_cast<double>(drill.sim().events_processed())));
  out.push_back(scalar("firedrill_journal_records_total", "Journal records written.",
                       PromType::counter, static_cast<double>(drill.journal().records_written())));
  const Client& users = drill.stack().client();
  out.push_back(scalar("firedrill_user_requests_total", "Requests the simulated users made.",
                       PromType::counter, static_cast<double>(users.user_requests())));
  out.push_back(scalar("firedrill_user_requests_failed_total",
                       "User requests that failed after every retry.", PromType::counter,
                       static_cast<double>(users.final_failures())));
  out.push_back(scalar("firedrill_users_seen", "Distinct simulated users who made a request.",
                       PromType::gauge, users.users_seen()));
  out.push_back(scalar("firedrill_users_affected",
                       "Distinct simulated users who saw at least one failure.", PromType::gauge,
                       users.users_affected()));

  PromFamily alerts{"firedrill_alerts",
                    "Listed alert instances (1 each), like Prometheus's ALERTS series.",
                    PromType::gauge,
                    {}};
  for (const AlertInstance& a : drill.alerts().alerts()) {
    alerts.samples.push_back({"",
                              {{"alertname", a.rule},
                               {"component", a.component},
                               {"severity", to_string(a.severity)},
                               {"alertstate", to_string(a.state)}},
                              1});
  }
  out.push_back(std::move(alerts));

  // One family per stack metric name; the components are its label.
  const MetricsRegistry& m = drill.stack().metrics();
  std::map<std::string, PromFamily> stack;
  for (SeriesId id = 0; id < m.series_count(); ++id) {
    const SeriesInfo& info = m.info(id);
    const StackFamilyName family = stack_family_name(info);
    auto [it, fresh] = stack.try_emplace(family.name);
    if (fresh) {
      it->second.name = family.name;
      it->second.type = PromType::gauge;
      it->second.help =
          family.scale == 1.0
              ? fmt::format(
                    "Simulated {} ({}) per component, over the latest whole simulated "
                    "second.",
                    info.metric, info.unit)
              : fmt::format(
                    "Simulated {} per component, over the latest whole simulated "
                    "second, in seconds (the series is in {}).",
                    info.metric, info.unit);
    }
    it->second.samples.push_back(
        {"", {{"component", info.component}}, m.latest(id) * family.scale});
  }
  for (auto& [name, family] : stack) out.push_back(std::move(family));
  return out;
}

}  // namespace firedrill::api
