#include "reporter/incident/scenario_facts.h"

#include <fmt/format.h>

#include <algorithm>

#include "reporter/incident/journal_kinds.h"
#include "reporter/incident/json_fields.h"

namespace firedrill {
namespace {

constexpr std::string_view kFallbackStart = "1970-01-01 00:00:00";

void read_header(const JournalRecord& r, ScenarioFacts& f) {
  f.id = fields::text(r.fields, "scenario", f.id);
  f.title = fields::text(r.fields, "title", f.title);
  f.time_zone = fields::text(r.fields, "time_zone", f.time_zone);
  f.start_local = fields::text(r.fields, "start_local", f.start_local);
  f.seed = static_cast<uint64_t>(fields::integer(r.fields, "seed", 0));
  f.stack.web_servers = static_cast<int>(fields::integer(r.fields, "web_servers", 0));
}

// scenario.meta fills what the header left empty and adds the ground truth.
void read_meta(const JournalRecord& r, bool have_header, ScenarioFacts& f,
               std::vector<std::string>& warnings) {
  const nlohmann::json& m = r.fields;
  f.has_meta = true;
  if (f.id.empty()) f.id = fields::text(m, "id");
  if (f.title.empty()) f.title = fields::text(m, "title");
  if (!have_header) {
    f.time_zone = fields::text(m, "time_zone", f.time_zone);
    f.start_local = fields::text(m, "start_local", f.start_local);
  }
  if (const nlohmann::json* slo = fields::find(m, "slo")) {
    f.slo.error_ratio = fields::number(*slo, "error_ratio", f.slo.error_ratio);
    f.slo.latency_ms = fields::number(*slo, "latency_ms", f.slo.latency_ms);
    if (!(f.slo.error_ratio > 0 && f.slo.error_ratio < 1)) {
      warnings.push_back(
          fmt::format("scenario.meta: slo.error_ratio {} is not between 0 and 1; using 0.01",
                      f.slo.error_ratio));
      f.slo.error_ratio = 0.01;
    }
  }
  f.root_cause = fields::text(m, "root_cause");
  f.resolution = fields::text(m, "resolution");
  f.root_cause_components = fields::texts(m, "root_cause_components");
  f.services = fields::texts(m, "services");
  f.corrective_measures = fields::texts(m, "corrective_measures");
  if (const nlohmann::json* fixes = fields::find(m, "fix_actions"); fixes && fixes->is_array()) {
    for (const nlohmann::json& fix : *fixes) {
      FixAction a{fields::text(fix, "action"), fields::text(fix, "target"),
                  fields::text(fix, "effect") == "mitigate"};
      if (!a.action.empty()) f.fix_actions.push_back(std::move(a));
    }
  }
  if (const nlohmann::json* stack = fields::find(m, "stack")) {
    f.stack.web_servers =
        static_cast<int>(fields::integer(*stack, "web_servers", f.stack.web_servers));
    f.stack.replica = fields::flag(*stack, "replica");
    f.stack.cache = fields::flag(*stack, "cache");
  }
}

}  // namespace

bool ScenarioFacts::related(std::string_view name) const {
  if (name.empty()) return false;
  for (const std::string& c : root_cause_components) {
    if (c == name) return true;
  }
  for (const FixAction& a : fix_actions) {
    if (a.target == name) return true;
  }
  return false;
}

bool ScenarioFacts::is_fix(std::string_view action, std::string_view target,
                           bool mitigating) const {
  return std::any_of(fix_actions.begin(), fix_actions.end(), [&](const FixAction& a) {
    return a.mitigates == mitigating && a.action == action &&
           (a.target.empty() || a.target == target);
  });
}

ScenarioFacts read_scenario_facts(std::span<const JournalRecord> records,
                                  std::vector<std::string>& warnings) {
  ScenarioFacts f;
  bool have_header = false;
  for (const JournalRecord& r : records) {
    f.last_record_t = std::max(f.last_record_t, r.t);
    if (r.kind == kinds::run_header && !have_header) {
      read_header(r, f);
      have_header = true;
    } else if (r.kind == kinds::scenario_meta && !f.has_meta) {
      read_meta(r, have_header, f, warnings);
    } else if (r.kind == kinds::run_end) {
      f.ended_cleanly = true;
      f.end_reason = fields::text(r.fields, "reason");
    }
  }
  if (!have_header && !f.has_meta) {
    warnings.push_back("the journal has no run.header: times are shown in UTC from 1970-01-01");
  }
  if (!f.has_meta) {
    warnings.push_back(
        "the journal has no scenario.meta: no root cause, SLO or fixes are known, so no path "
        "is called misleading and the SLO is 1% errors or 1000 ms p99");
  }
  if (f.start_local.empty()) f.start_local = std::string(kFallbackStart);
  ScenarioClockResult clock = ScenarioClock::create(f.time_zone, f.start_local);
  if (!clock.ok()) {
    warnings.push_back(clock.error + "; times are shown in UTC from 1970-01-01");
    f.time_zone = "UTC";
    f.start_local = std::string(kFallbackStart);
    clock = ScenarioClock::create(f.time_zone, f.start_local);
  }
  f.clock_ = std::move(clock.clock);
  if (f.title.empty()) f.title = f.id.empty() ? "Untitled drill" : f.id;
  return f;
}

}  // namespace firedrill
