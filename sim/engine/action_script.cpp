#include "sim/engine/action_script.h"

#include <set>

#include "reporter/journal/journal_branches.h"
#include "reporter/journal/journal_reader.h"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace firedrill {

namespace {

using json = nlohmann::json;

// "90", "1:30", "1:02:03" -> seconds; -1 when malformed.
double parse_at(const std::string& s) {
  double total = 0;
  size_t start = 0;
  int parts = 0;
  while (start <= s.size()) {
    const size_t colon = s.find(':', start);
    const std::string part =
        s.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    double v = 0;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    if (part.empty() || ec != std::errc() || end != part.data() + part.size() || v < 0) return -1;
    total = total * 60 + v;
    if (++parts > 3) return -1;
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return total;
}

// The "at" field as a time, or an error message.
std::optional<SimTime> read_at(const json& at, std::string& error) {
  double seconds = -1;
  if (at.is_number()) seconds = at.get<double>();
  if (at.is_string()) seconds = parse_at(at.get<std::string>());
  // A week bounds every drill, and keeps the conversion to integer µs defined.
  if (!(seconds >= 0 && seconds <= 7 * 24 * 3600.0)) {
    error = "at: expected mm:ss, h:mm:ss or a number of seconds up to a week, got " + at.dump();
    return std::nullopt;
  }
  return SimTime::from_seconds(seconds);
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// One line in the journal's record shape. Returns false with `error` set; `skip` for records
// that are not trainee moves.
bool read_record(const json& j, ScriptedMove& move, bool& skip, std::string& error) {
  for (const auto& [key, value] : j.items()) {
    if (key != "t" && key != "seq" && key != "source" && key != "kind" && key != "fields" &&
        key != "at") {
      error = "unknown field '" + key + "'; valid: t or at, seq, source, kind, fields";
      return false;
    }
  }
  if (!j["kind"].is_string()) {
    error = "kind: expected a string";
    return false;
  }
  const std::string kind = j["kind"].get<std::string>();
  if (!is_trainee_move_kind(kind)) {
    if (starts_with(kind, "trainee.")) {
      std::string valid;
      for (std::string_view k : trainee_move_kinds())
        valid += (valid.empty() ? "" : ", ") + std::string(k);
      error = fmt::format("kind: \"{}\" is not a trainee move; one of: {}", kind, valid);
      return false;
    }
    skip = true;  // the journal's other records: the drill writes them again itself
    return true;
  }
  if (j.contains("t") == j.contains("at")) {
    error = j.contains("t") ? "give t or at, not both"
                            : "t: missing (integer microseconds; or at: mm:ss when by hand)";
    return false;
  }
  if (j.contains("t")) {
    if (!j["t"].is_number_integer() || j["t"].get<int64_t>() < 0) {
      error = "t: expected integer microseconds, got " + j["t"].dump();
      return false;
    }
    move.at = SimTime::micros(j["t"].get<int64_t>());
  } else {
    const std::optional<SimTime> at = read_at(j["at"], error);
    if (!at) return false;
    move.at = *at;
  }
  if (!j.contains("fields") || !j["fields"].is_object()) {
    error = "fields: expected an object";
    return false;
  }
  move.move = {kind, j["fields"]};
  move.from_journal = j.contains("seq");
  move.autopilot = move.move.fields.value("autopilot", false) == true;
  move.field_prefix = "fields.";
  return true;
}

// The compact action line.
bool read_compact(const json& j, ScriptedMove& move, std::string& error) {
  if (!j.contains("at")) {
    error = "at: missing (mm:ss, h:mm:ss or seconds)";
    return false;
  }
  const std::optional<SimTime> at = read_at(j["at"], error);
  if (!at) return false;
  move.at = *at;
  for (const auto& [key, value] : j.items()) {
    if (key != "at" && key != "action" && key != "target" && key != "params") {
      error = "unknown field '" + key + "'; valid: at, action, target, params (or kind, fields)";
      return false;
    }
  }
  json fields = json::object();
  for (const char* key : {"action", "target", "params"})
    if (j.contains(key)) fields[key] = j[key];
  // Parameters are strings in the record (numbers as the text they were written as).
  if (fields.contains("params") && fields["params"].is_object()) {
    for (auto& [key, value] : fields["params"].items())
      if (value.is_number() || value.is_boolean()) value = value.dump();
  }
  move.move = {"trainee.action", std::move(fields)};
  return true;
}

}  // namespace

ActionScriptResult parse_action_script(std::string_view text, std::string_view name) {
  ActionScriptResult out;
  out.name = std::string(name);
  std::istringstream in{std::string(text)};
  std::string line;
  int number = 0;
  auto fail = [&](const std::string& what) {
    out.error = fmt::format("{}:{}: {}", name, number, what);
    out.moves.clear();
    return out;
  };
  // A rewound drill's journal holds every branch: replay the one it ended on.
  std::optional<std::set<uint64_t>> final_branch;
  if (text.find(kBranchKind) != std::string_view::npos) {
    const JournalReadResult journal = JournalReader::read_string(text, name);
    if (journal.ok() && has_branches(journal.records)) {
      final_branch.emplace();
      for (const JournalRecord& r : final_branch_view(journal.records)) final_branch->insert(r.seq);
    }
  }
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return fail("not a JSON object");
    if (final_branch && j.contains("seq") && j["seq"].is_number_unsigned() &&
        !final_branch->contains(j["seq"].get<uint64_t>()))
      continue;
    ScriptedMove move;
    move.line = number;
    std::string error;
    bool skip = false;
    const bool read =
        j.contains("kind") ? read_record(j, move, skip, error) : read_compact(j, move, error);
    if (!read) return fail(error);
    if (skip) continue;
    if (auto problem = check_move_fields(move.move)) {
      return fail(fmt::format("{}{}: {}", move.field_prefix, problem->field, problem->message));
    }
    out.moves.push_back(std::move(move));
  }
  std::stable_sort(out.moves.begin(), out.moves.end(),
                   [](const ScriptedMove& a, const ScriptedMove& b) { return a.at < b.at; });
  return out;
}

ActionScriptResult read_action_script(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ActionScriptResult out;
    out.name = path;
    out.error = path + ": cannot read the actions file";
    return out;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_action_script(text.str(), path);
}

std::string check_action_script(const ActionScriptResult& script, const WebStack& stack) {
  for (const ScriptedMove& m : script.moves) {
    if (auto problem = check_trainee_move(m.move, stack)) {
      return fmt::format("{}:{}: {}{}: {}", script.name, m.line, m.field_prefix, problem->field,
                         problem->message);
    }
  }
  return {};
}

ActionScriptPlayer::ActionScriptPlayer(Drill& drill, std::vector<ScriptedMove> moves,
                                       Console* console, std::string name)
    : drill_(drill), moves_(std::move(moves)), console_(console), name_(std::move(name)) {}

void ActionScriptPlayer::run_until(SimTime t) {
  while (next_ < moves_.size() && moves_[next_].at < t) {
    const ScriptedMove& move = moves_[next_++];
    if (move.at > drill_.now()) drill_.run_until(move.at);
    perform(move);
  }
  if (t > drill_.now()) drill_.run_until(t);
}

void ActionScriptPlayer::perform_due() {
  while (next_ < moves_.size() && moves_[next_].at <= drill_.now()) perform(moves_[next_++]);
}

void ActionScriptPlayer::perform(const ScriptedMove& move) {
  MoveOptions options;
  options.console = console_;
  options.perform_requested_action = !move.from_journal;
  const MoveOutcome outcome = perform_trainee_move(drill_, move.move, options);
  if (outcome.done) {
    ++performed_;
    return;
  }
  const std::string field =
      outcome.problem.field.empty() ? "" : move.field_prefix + outcome.problem.field + ": ";
  warnings_.push_back(fmt::format("{}:{}: {} at +{}s not replayed: {}{}", name_, move.line,
                                  move.move.kind, move.at.whole_seconds(), field,
                                  outcome.problem.message));
}

}  // namespace firedrill
