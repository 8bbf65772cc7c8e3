#include "reporter/writer/report_files.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "reporter/writer/outage_chart.h"

namespace firedrill {
namespace {

JournalStatus write_file(const std::filesystem::path& path, const std::string& text) {
  const std::filesystem::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      return JournalStatus::error(
          fmt::format("{}: cannot write: {}", tmp.string(), std::strerror(errno)));
    }
    out << text;
    out.flush();
    if (!out) return JournalStatus::error(fmt::format("{}: write failed", tmp.string()));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec)
    return JournalStatus::error(fmt::format("{}: cannot rename: {}", path.string(), ec.message()));
  return {};
}

}  // namespace

JournalStatus write_report(std::span<const JournalRecord> records,
                           const std::vector<std::string>& reader_warnings, const std::string& dir,
                           ReportFiles* out) {
  out->debrief = build_debrief(records);
  std::vector<std::string>& warnings = out->debrief.warnings;
  warnings.insert(warnings.begin(), reader_warnings.begin(), reader_warnings.end());
  out->draft = write_postmortem(out->debrief);

  const std::filesystem::path base(dir);
  out->postmortem_path = (base / "postmortem.md").string();
  out->chart_path = (base / "outage.svg").string();
  out->summary_path = (base / "summary.json").string();
  std::error_code ec;
  std::filesystem::create_directories(base, ec);
  if (ec) return JournalStatus::error(fmt::format("{}: cannot create: {}", dir, ec.message()));
  if (JournalStatus s = write_file(out->postmortem_path, out->draft.markdown); !s.ok()) return s;
  if (JournalStatus s = write_file(out->chart_path, outage_chart_svg(out->debrief)); !s.ok()) {
    return s;
  }
  return write_file(out->summary_path, debrief_summary_json(out->debrief).dump(2) + "\n");
}

}  // namespace firedrill
