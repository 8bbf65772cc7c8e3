// `firedrill report JOURNAL.jsonl [--out DIR]`: rebuilds postmortem.md, outage.svg and
// summary.json from a journal alone — also one cut short by a crash, whose torn last record is
// dropped with a warning. Prints where the draft is and the key debrief figures. DIR defaults
// to the journal's directory. Exit 1 when the journal cannot be read or a file not written.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>
#include <string>

#include "sim/cli/commands.h"
#include "sim/cli/report_summary.h"

namespace firedrill::cli {

namespace {

struct ReportOptions {
  std::string journal;
  std::string out;
};

void run_report(const ReportOptions& o) {
  std::string dir = o.out;
  if (dir.empty()) {
    dir = std::filesystem::path(o.journal).parent_path().string();
    if (dir.empty()) dir = ".";
  }
  report_journal_file(o.journal, dir, "report");
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
