#include "sim/cli/report_summary.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <vector>

#include "reporter/debrief/branch_comparison.h"

#include "reporter/journal/journal_reader.h"
#include "reporter/writer/draft_format.h"
#include "reporter/writer/report_files.h"
#include "sim/cli/commands.h"

namespace firedrill::cli {

namespace {

std::string duration_or(const std::optional<SimTime>& d, const char* missing) {
  return d ? duration_text(*d) : std::string(missing);
}

void print_figures(const ReportFiles& files) {
  const Debrief& d = files.debrief;
  const DebriefFigures& f = d.figures;
  const ScenarioClock& clock = d.facts.clock();
  fmt::print("  scenario       {} ({})\n", d.facts.title, d.facts.id.empty() ? "?" : d.facts.id);
  if (d.outage) {
    fmt::print("  outage         {} to {} ({}{})\n", clock.postmortem_date_time(d.outage->start),
               clock.postmortem_time(d.outage->end), duration_text(d.outage->duration()),
               d.outage->ongoing ? ", still breached at the end" : "");
  } else {
    fmt::print("  outage         none: the SLO was never breached\n");
  }
  if (f.detection) {
    fmt::print("  detected       {} by {} {}\n", clock.postmortem_time(f.detection->at),
               detection_how_name(f.detection->how), f.detection->by);
  } else {
    fmt::print("  detected       never\n");
  }
  fmt::print("  time to        detect {}, acknowledge {}, mitigate {}, resolve {}\n",
             duration_or(f.time_to_detect, "-"), duration_or(f.time_to_acknowledge, "-"),
             duration_or(f.time_to_mitigate, "-"), duration_or(f.time_to_resolve, "-"));
  fmt::print("  requests       {} failed of {} ({} failed during the outage)\n",
             count_text(f.requests_failed), count_text(f.requests_total),
             count_text(f.outage_failed));
  fmt::print("  users affected {}\n",
             f.users_affected_share
                 ? fmt::format("{} ({} of {})", percent_text(*f.users_affected_share),
                               count_text(f.users_affected), count_text(f.users_seen))
                 : std::string("unknown"));
  fmt::print("  error budget   {} of {} days burned\n",
             f.error_budget_burned ? percent_text(*f.error_budget_burned) : std::string("-"),
             kErrorBudgetDays);
  fmt::print(
      "  misleading     {} path(s){}\n", f.misleading_targets.size(),
      f.misleading_targets.empty() ? "" : fmt::format(": {}", list_text(f.misleading_targets)));
  fmt::print("  escalations    {}{}\n", f.escalations,
             f.escalation_teams.empty() ? "" : fmt::format(" ({})", list_text(f.escalation_teams)));
}

}  // namespace

void report_journal_file(const std::string& journal_path, const std::string& dir,
                         const std::string& command) {
  const JournalReadResult read = JournalReader::read_file(journal_path);
  for (const std::string& w : read.warnings) fmt::print(stderr, "warning: {}\n", w);
  if (!read.ok()) throw CommandError(command + ": " + read.status.message());

  // A rewound drill's journal holds every branch: the draft is the one it ended on.
  std::vector<BranchDebrief> branches;
  std::vector<JournalRecord> final_view;
  std::vector<std::string> warnings = read.warnings;
  if (has_branches(read.records)) {
    JournalBranches split = split_journal_branches(read.records);
    for (const std::string& w : split.warnings) fmt::print(stderr, "warning: {}\n", w);
    warnings.insert(warnings.end(), split.warnings.begin(), split.warnings.end());
    branches = debrief_branches(read.records);
    final_view = std::move(split.branches.back().records);
  }
  ReportFiles files;
  const JournalStatus written =
      write_report(branches.empty() ? std::span<const JournalRecord>(read.records)
                                    : std::span<const JournalRecord>(final_view),
                   warnings, dir, &files);
  if (!written.ok()) throw CommandError(command + ": " + written.message());
  std::string branches_path;
  if (branches.size() > 1) {
    branches_path = (std::filesystem::path(dir) / "branches.json").string();
    std::ofstream out(branches_path, std::ios::binary | std::ios::trunc);
    out << branch_comparison_json(branches).dump(2) << '\n';
    if (!out) throw CommandError(fmt::format("{}: cannot write {}", command, branches_path));
  }
  for (std::size_t i = warnings.size(); i < files.debrief.warnings.size(); ++i) {
    fmt::print(stderr, "note: {}\n", files.debrief.warnings[i]);
  }
  fmt::print("draft: {} ({} words, {})\n", files.postmortem_path, files.draft.lint.words,
             files.draft.lint.clean() ? "lint clean"
                                      : fmt::format("{} lint finding(s): run firedrill lint",
                                                    files.draft.lint.findings.size()));
  fmt::print("chart: {}\nfigures: {}\n", files.chart_path, files.summary_path);
  print_figures(files);
  if (branches.size() > 1) {
    fmt::print("branches: {} (the draft is branch {}'s, where the journal ended); {}\n",
               branches.size(), branches.back().branch.id, branches_path);
    fmt::print("{}", branch_comparison_text(branches));
  }
}

}  // namespace firedrill::cli
