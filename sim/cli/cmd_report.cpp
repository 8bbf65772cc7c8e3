// `firedrill report JOURNAL.jsonl [--out DIR]`: rebuilds postmortem.md, outage.svg and
// summary.json from a journal alone — also one cut short by a crash, whose torn last record is
// dropped with a warning. Prints where the draft is and the key debrief figures. DIR defaults
// to the journal's directory. Exit 1 when the journal cannot be read or a file not written.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>
#include <string>

#include "reporter/journal/journal_reader.h"
#include "reporter/writer/draft_format.h"
#include "reporter/writer/report_files.h"
#include "sim/cli/commands.h"

namespace firedrill::cli {

namespace {

struct ReportOptions {
  std::string journal;
  std::string out;
};

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

void run_report(const ReportOptions& o) {
  const JournalReadResult read = JournalReader::read_file(o.journal);
  for (const std::string& w : read.warnings) fmt::print(stderr, "warning: {}\n", w);
  if (!read.ok()) throw CommandError("report: " + read.status.message());

  std::string dir = o.out;
  if (dir.empty()) {
    dir = std::filesystem::path(o.journal).parent_path().string();
    if (dir.empty()) dir = ".";
  }
  ReportFiles files;
  const JournalStatus written = write_report(read.records, read.warnings, dir, &files);
  if (!written.ok()) throw CommandError("report: " + written.message());
  for (std::size_t i = read.warnings.size(); i < files.debrief.warnings.size(); ++i) {
    fmt::print(stderr, "note: {}\n", files.debrief.warnings[i]);
  }
  fmt::print("draft: {} ({} words, {})\n", files.postmortem_path, files.draft.lint.words,
             files.draft.lint.clean() ? "lint clean"
                                      : fmt::format("{} lint finding(s): run firedrill lint",
                                                    files.draft.lint.findings.size()));
  fmt::print("chart: {}\nfigures: {}\n", files.chart_path, files.summary_path);
  print_figures(files);
}

}  // namespace

void register_report_command(CLI::App& app) {
  auto opts = std::make_shared<ReportOptions>();
  auto* report = app.add_subcommand(
      "report",
      "Rebuild postmortem.md, outage.svg and summary.json from a journal (also after a crash)");
  report->add_option("journal", opts->journal, "the drill's journal.jsonl")
      ->required()
      ->check(CLI::ExistingFile);
  report->add_option("--out", opts->out, "directory for the files (default: the journal's)");
  report->callback([opts] { run_report(*opts); });
}

}  // namespace firedrill::cli
