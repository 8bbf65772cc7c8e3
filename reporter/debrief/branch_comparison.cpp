#include "reporter/debrief/branch_comparison.h"

#include <fmt/format.h>

#include <cmath>

namespace firedrill {

namespace {

using nlohmann::json;

json optional_us(const std::optional<SimTime>& t) {
  return t ? json(t->us()) : json();
}

std::string clock_text(const std::optional<SimTime>& t) {
  if (!t) return "-";
  const int64_t s = t->whole_seconds();
  return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
}

// Mitigated sooner is better; then fewer failed requests.
bool better(const BranchDebrief& a, const BranchDebrief& b) {
  const DebriefFigures& fa = a.debrief.figures;
  const DebriefFigures& fb = b.debrief.figures;
  if (fa.mitigated_at != fb.mitigated_at) return *fa.mitigated_at < *fb.mitigated_at;
  return fa.requests_failed < fb.requests_failed;
}

}  // namespace

std::vector<BranchDebrief> debrief_branches(std::span<const JournalRecord> records) {
  JournalBranches split = split_journal_branches(records);
  std::vector<BranchDebrief> out;
  for (JournalBranch& b : split.branches) {
    Debrief d = build_debrief(b.records);
    out.push_back({std::move(b), std::move(d)});
  }
  return out;
}

json branch_comparison_json(const std::vector<BranchDebrief>& branches) {
  json rows = json::array();
  const BranchDebrief* best = nullptr;
  for (const BranchDebrief& bd : branches) {
    const JournalBranch& b = bd.branch;
    const DebriefFigures& f = bd.debrief.figures;
    json fixes = json::array();
    for (const AppliedFix& fix : f.fixes_applied)
      fixes.push_back({{"t_us", fix.at.us()}, {"action", fix.action}, {"target", fix.target}});
    rows.push_back(
        {{"branch", b.id},
         {"parent", b.parent ? json(*b.parent) : json()},
         {"at_us", b.at.us()},
         {"until_us", b.until.us()},
         {"by", b.by ? json(*b.by) : json()},
         {"detected_at_us", f.detection ? json(f.detection->at.us()) : json()},
         {"mitigated_at_us", optional_us(f.mitigated_at)},
         {"resolved_at_us", optional_us(f.resolved_at)},
         {"time_to_mitigate_s",
          f.time_to_mitigate ? json(f.time_to_mitigate->whole_seconds()) : json()},
         {"requests_failed", rounded_to(f.requests_failed, 0)},
         {"users_affected", rounded_to(f.users_affected, 0)},
         {"users_affected_share",
          f.users_affected_share ? json(rounded_to(*f.users_affected_share, 6)) : json()},
         {"error_budget_burned",
          f.error_budget_burned ? json(rounded_to(*f.error_budget_burned, 6)) : json()},
         {"fixes", std::move(fixes)},
         {"misleading_events", f.misleading_events}});
    if (f.mitigated_at && (!best || better(bd, *best))) best = &bd;
  }
  return {{"branches", std::move(rows)}, {"best_branch", best ? json(best->branch.id) : json()}};
}

std::string branch_comparison_text(const std::vector<BranchDebrief>& branches) {
  std::string out =
      "branch  from          mitigated  resolved  failed requests  users hurt  fixes\n";
  for (const BranchDebrief& bd : branches) {
    const JournalBranch& b = bd.branch;
    const DebriefFigures& f = bd.debrief.figures;
    const std::string from =
        b.parent ? fmt::format("{} at {}", *b.parent, clock_text(b.at)) : std::string("start");
    std::string fixes;
    for (const AppliedFix& fix : f.fixes_applied)
      fixes +=
          (fixes.empty() ? "" : ", ") + fix.action + (fix.target.empty() ? "" : " " + fix.target);
    out += fmt::format("{:<7} {:<13} {:<10} {:<9} {:>15.0f}  {:>10.0f}  {}\n", b.id, from,
                       clock_text(f.mitigated_at), clock_text(f.resolved_at), f.requests_failed,
                       f.users_affected, fixes.empty() ? "-" : fixes);
  }
  return out;
}

}  // namespace firedrill
