#include "sim/cli/run_support.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "sim/cli/commands.h"
#include "sim/cli/report_summary.h"

namespace firedrill::cli {

namespace {

std::string text_field(const nlohmann::json& f, const char* key) {
  const auto it = f.find(key);
  if (it == f.end()) return {};
  return it->is_string() ? it->get<std::string>() : it->dump();
}

// One line of a message: its first line, cut to a terminal's width.
std::string short_text(std::string text) {
  if (const size_t nl = text.find('\n'); nl != std::string::npos) text = text.substr(0, nl) + " …";
  if (text.size() > 96) text = text.substr(0, 93) + "...";
  return text;
}

}  // namespace

std::unique_ptr<JournalFileWriter> open_run_journal(const std::string& out) {
  std::unique_ptr<JournalFileWriter> writer;
  if (out.empty()) return writer;
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec) throw CommandError(fmt::format("run: cannot create {}: {}", out, ec.message()));
  const std::filesystem::path journal = std::filesystem::path(out) / "journal.jsonl";
  // A journal already there is an earlier drill's timeline: appending would mix two drills into
  // one unreadable file, and replacing it would lose it. Keep it beside the new one.
  if (std::filesystem::exists(journal, ec)) {
    std::filesystem::path kept;
    for (int n = 1;; ++n) {
      kept = std::filesystem::path(out) / fmt::format("journal.{}.jsonl", n);
      if (!std::filesystem::exists(kept, ec)) break;
    }
    std::filesystem::rename(journal, kept, ec);
    if (ec)
      throw CommandError(fmt::format("run: {} holds an earlier drill and cannot be moved to {}: {}",
                                     journal.string(), kept.string(), ec.message()));
    fmt::print(stderr, "run: kept the earlier drill's journal as {}\n", kept.string());
  }
  const JournalStatus opened = JournalFileWriter::open(journal.string(), &writer);
  if (!opened.ok()) throw CommandError("run: " + opened.message());
  return writer;
}

LoadedMoves load_moves(const std::string& path, const DrillSpec& spec, bool autopilot) {
  LoadedMoves loaded;
  ActionScriptResult script = read_action_script(path);
  if (!script.ok()) throw CommandError("run: " + script.error);
  // The names a move may use are the stack's: check them on a drill built the same way, before
  // the real one writes its journal.
  std::string error;
  const std::unique_ptr<Drill> probe = Drill::create(spec, nullptr, &error);
  if (!probe) throw CommandError("run: " + error);
  if (const std::string bad = check_action_script(script, probe->stack()); !bad.empty())
    throw CommandError("run: " + bad);
  for (ScriptedMove& m : script.moves) {
    if (autopilot && m.autopilot) {
      ++loaded.autopilot_skipped;
      continue;
    }
    loaded.moves.push_back(std::move(m));
  }
  return loaded;
}

std::optional<std::string> echo_line(const JournalRecord& r, const ScenarioClock& clock) {
  const nlohmann::json& f = r.fields;
  auto field = [&](const char* key) { return text_field(f, key); };
  const bool autopilot = f.value("autopilot", false) == true;
  const std::string who = autopilot ? "autopilot" : "trainee";
  std::string what;
  const std::string& k = r.kind;
  if (k == "alert.firing" || k == "alert.resolved") {
    what = fmt::format("ALERT {:<8} {} on {}: {}", k == "alert.firing" ? "firing" : "resolved",
                       field("rule"), field("component"), short_text(field("summary")));
  } else if (k == "fault.injected") {
    what =
        fmt::format("fault {} ({}) injected on {}", field("id"), field("fault"), field("target"));
  } else if (k == "fault.cleared") {
    what = fmt::format("fault {} cleared ({})", field("id"), field("reason"));
  } else if (k == "incident.state") {
    what = fmt::format("incident: {}", field("state"));
  } else if (k == "host.process") {
    what = fmt::format("{}: {} {}", field("host"), field("service"), field("change"));
  } else if (k == "trainee.command") {
    what = fmt::format("{} {}$ {}", who, field("host"), short_text(field("command")));
  } else if (k == "trainee.action") {
    what =
        fmt::format("{} action {} {}: {}{}", who, field("action"), field("target"),
                    f.value("ok", false) == true ? "" : "refused: ", short_text(field("message")));
  } else if (k == "trainee.ack") {
    what = fmt::format("{} acknowledged {} on {}", who, field("rule"), field("component"));
  } else if (k == "trainee.escalate") {
    what = fmt::format("{} escalated to {}: {}", who, field("team"), short_text(field("message")));
  } else if (k == "trainee.note") {
    what =
        fmt::format("{} {}: {}", who, f.value("hypothesis", false) == true ? "hypothesis" : "note",
                    short_text(field("text")));
  } else if (k == "trainee.status") {
    what = fmt::format("{} status to {}: {}", who, field("audience"), short_text(field("text")));
  } else if (k == "trainee.message") {
    what = fmt::format("{} to {}: {}", who, field("to"), short_text(field("text")));
  } else if (k == "trainee.declare") {
    what = fmt::format("{} declared {}", who, field("state"));
  } else if (k == "trainee.hint") {
    what = fmt::format("{} asked for a hint", who);
  } else if (k == "trainee.runbook") {
    what = fmt::format("{} opened runbook {}", who, field("runbook"));
  } else if (k == "team.reply") {
    what = fmt::format("team {}: {}", field("name").empty() ? field("team") : field("name"),
                       short_text(field("text")));
  } else if (k == "customer.report" || k == "stakeholder.message") {
    what = fmt::format("{}: {}", field("from"), short_text(field("text")));
  } else if (k == "hint.given") {
    what = fmt::format("hint: {}", short_text(field("text")));
  } else if (k == "scenario.error") {
    what = fmt::format("script error {}:{}: {}", field("file"), field("line"),
                       short_text(field("message")));
  } else {
    return std::nullopt;
  }
  const LocalDateTime local = clock.local(r.t);
  return fmt::format("  {:02}:{:02}:{:02}  {}", local.hour, local.minute, local.second, what);
}

void finish_run_journal(JournalFileWriter* writer, DrillJournal& journal, const std::string& out) {
  if (!writer) return;
  const JournalStatus closed = writer->close();
  if (const auto& e = journal.error()) throw CommandError("run: journal: " + *e);
  if (!closed.ok()) throw CommandError("run: " + closed.message());
  fmt::print("journal: {} ({} records)\n", writer->path(), journal.records_written());
  std::fflush(stdout);
  report_journal_file(writer->path(), out, "run");
}

}  // namespace firedrill::cli
