#include "dashboard/client/journal_summary.h"

#include <fmt/format.h>

namespace firedrill::dash {

namespace {

std::string str(const nlohmann::json& f, const char* key) {
  const auto it = f.find(key);
  if (it == f.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_null()) return {};
  return it->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool flag(const nlohmann::json& f, const char* key) {
  const auto it = f.find(key);
  return it != f.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace

bool is_timeline_record(const JournalRecord& r) {
  return r.kind != "metrics.sample" && r.kind != "metric.sample" && r.kind != "log.line";
}

TimelineEntry summarize_record(const JournalRecord& r) {
  TimelineEntry e;
  e.seq = r.seq;
  e.t = r.t;
  e.source = r.source;
  e.kind = r.kind;
  const nlohmann::json& f = r.fields.is_object() ? r.fields : nlohmann::json::object();
  const std::string& k = r.kind;
  if (k.rfind("alert.", 0) == 0) {
    e.target = str(f, "component");
    e.text = fmt::format("{} {} on {} ({}): {}", str(f, "rule"), k.substr(6), e.target,
                         str(f, "severity"), str(f, "summary"));
  } else if (k == "trainee.action" || k == "scenario.action") {
    e.target = str(f, "target");
    e.text = fmt::format("{} {}: {} — {}", str(f, "action"), e.target,
                         flag(f, "ok") ? "done" : "refused", str(f, "message"));
  } else if (k == "trainee.command") {
    e.target = str(f, "host");
    e.text = fmt::format("{}$ {}", e.target, str(f, "command"));
  } else if (k == "trainee.ack") {
    e.target = str(f, "component");
    e.text = fmt::format("acknowledged {} on {}", str(f, "rule"), e.target);
  } else if (k == "trainee.note") {
    e.text = fmt::format("{}: {}", flag(f, "hypothesis") ? "hypothesis" : "note", str(f, "text"));
  } else if (k == "trainee.escalate") {
    e.target = str(f, "team");
    e.text = fmt::format("escalated to {}: {}", e.target, str(f, "message"));
  } else if (k == "trainee.status") {
    e.text = fmt::format("status update to {}: {}", str(f, "audience"), str(f, "text"));
  } else if (k == "trainee.message") {
    e.target = str(f, "to");
    e.text = fmt::format("message to {}: {}", e.target, str(f, "text"));
  } else if (k == "trainee.hint") {
    const std::string topic = str(f, "topic");
    e.text = topic.empty() ? std::string("asked for a hint")
                           : fmt::format("asked for a hint on {}", topic);
  } else if (k == "trainee.runbook") {
    e.target = str(f, "alert");
    e.text = fmt::format("read the runbook {}", str(f, "runbook"));
  } else if (k == "trainee.declare") {
    e.text = fmt::format("declared {}", str(f, "state"));
  } else if (k == "stakeholder.message") {
    e.target = str(f, "from");
    const std::string role = str(f, "role");
    const bool say_role = !role.empty() && e.target.find(role) == std::string::npos;
    e.text = fmt::format("{}{}: {}", e.target, say_role ? " (" + role + ")" : "", str(f, "text"));
  } else if (k == "customer.report") {
    e.target = str(f, "from").empty() ? "a customer" : str(f, "from");
    const std::string channel = str(f, "channel");
    e.text =
        fmt::format("{}{}: {}", e.target, channel.empty() ? "" : " on " + channel, str(f, "text"));
  } else if (k == "team.reply") {
    e.target = str(f, "team");
    const std::string name = str(f, "name");
    e.text = fmt::format("{} replied: {}", name.empty() ? e.target : name, str(f, "text"));
  } else if (k == "hint.given") {
    e.text = fmt::format("hint: {}", str(f, "text"));
  } else if (k == "host.process") {
    e.target = str(f, "host");
    e.text = fmt::format("{}: {} {}", e.target, str(f, "service"), str(f, "change"));
  } else if (k == "lb.backend_health") {
    e.target = str(f, "backend");
    e.text = fmt::format("load balancer marks {} {}", e.target,
                         flag(f, "healthy") ? "healthy" : "unhealthy");
  } else if (k == "host.resource") {
    e.target = str(f, "host");
    const auto it = f.find("percent");
    const double pct = it != f.end() && it->is_number() ? it->get<double>() : 0.0;
    e.text = fmt::format("{}: {} at {:.0f}%", e.target, str(f, "resource"), pct);
  } else if (k == "run.header") {
    e.text = fmt::format("drill started: {} (seed {})", str(f, "title"), str(f, "seed"));
  } else if (k.rfind("sim.", 0) == 0) {
    e.text = fmt::format("clock: {}", k.substr(4));
    if (f.contains("speed")) e.text += " " + str(f, "speed") + "x";
  } else {
    e.target = str(f, "target");
    e.text = f.empty() ? k : f.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  return e;
}

}  // namespace firedrill::dash
