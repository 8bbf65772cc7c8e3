#include "reporter/writer/report_files.h"

#include <catch2/catch.hpp>

#include <filesystem>

#include "tests/reporter/journal/journal_test_util.h"
#include "tests/reporter/writer/writer_test_support.h"

namespace firedrill {
namespace {

using testing::read_text;
using testing::ScratchDir;
using testing::standard_drill;

TEST_CASE("report files: writes the draft, the chart and the figures into the directory",
          "[report]") {
  ScratchDir dir;
  const std::string out = dir.file("report/nested");
  const auto records = standard_drill().records();
  ReportFiles files;
  const JournalStatus status = write_report(records, {}, out, &files);
  REQUIRE(status.ok());
  CHECK(files.postmortem_path == out + "/postmortem.md");
  CHECK(read_text(files.postmortem_path) == files.draft.markdown);
  CHECK(read_text(files.chart_path).starts_with("<svg"));
  const nlohmann::json summary = nlohmann::json::parse(read_text(files.summary_path));
  CHECK(summary["time_to_detect_s"] == 120);
  CHECK_FALSE(std::filesystem::exists(files.postmortem_path + ".tmp"));
}

TEST_CASE("report files: a journal torn by a crash still gives every file, with the warning",
          "[report]") {
  ScratchDir dir;
  std::string text = standard_drill().text();
  text.resize(text.size() - 20);  // the run.end record, half written
  const std::string path = dir.file("journal.jsonl");
  testing::append_raw(path, text);
  const JournalReadResult read = JournalReader::read_file(path);
  REQUIRE(read.ok());
  REQUIRE(read.warnings.size() == 1);
  ReportFiles files;
  REQUIRE(write_report(read.records, read.warnings, dir.file("out"), &files).ok());
  CHECK(files.draft.lint.clean());
  const nlohmann::json summary = nlohmann::json::parse(read_text(files.summary_path));
  REQUIRE(summary["warnings"].size() == 1);
  CHECK(summary["warnings"][0].get<std::string>().ends_with("truncated last record ignored"));
}

TEST_CASE("report files: a directory that cannot be made is an error naming it", "[report]") {
  ScratchDir dir;
  testing::append_raw(dir.file("file"), "x");
  ReportFiles files;
  const JournalStatus status = write_report({}, {}, dir.file("file") + "/sub", &files);
  REQUIRE_FALSE(status.ok());
  CHECK(status.message().find("/sub: cannot create") != std::string::npos);
}

}  // namespace
}  // namespace firedrill
