#include "sim/engine/action_script.h"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace firedrill {

namespace {

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

}  // namespace

ActionScriptResult parse_action_script(std::string_view text, std::string_view name) {
  ActionScriptResult out;
  std::istringstream in{std::string(text)};
  std::string line;
  int number = 0;
  auto fail = [&](const std::string& what) {
    out.error = fmt::format("{}:{}: {}", name, number, what);
    out.moves.clear();
    return out;
  };
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return fail("not a JSON object");
    ScriptedMove move;
    move.line = number;
    const nlohmann::json* body = &j;
    if (j.contains("kind")) {  // a journal record
      if (!j["kind"].is_string()) return fail("kind: expected a string");
      if (j["kind"] != "trainee.action") continue;
      if (!j.contains("t") || !j["t"].is_number_integer())
        return fail("t: expected integer microseconds");
      move.at = SimTime::micros(j["t"].get<int64_t>());
      if (!j.contains("fields") || !j["fields"].is_object())
        return fail("fields: expected an object");
      body = &j["fields"];
    } else {
      if (!j.contains("at")) return fail("at: missing (mm:ss, h:mm:ss or seconds)");
      const nlohmann::json& at = j["at"];
      double seconds = -1;
      if (at.is_number()) seconds = at.get<double>();
      if (at.is_string()) seconds = parse_at(at.get<std::string>());
      if (seconds < 0)
        return fail("at: expected mm:ss, h:mm:ss or a number of seconds, got " + at.dump());
      move.at = SimTime::from_seconds(seconds);
      for (const auto& [key, value] : j.items())
        if (key != "at" && key != "action" && key != "target" && key != "params")
          return fail("unknown field '" + key + "'; valid: at, action, target, params");
    }
    const nlohmann::json& b = *body;
    if (!b.contains("action") || !b["action"].is_string()) return fail("action: expected a string");
    move.request.action = b["action"].get<std::string>();
    if (b.contains("target")) {
      if (!b["target"].is_string()) return fail("target: expected a host name");
      move.request.target = b["target"].get<std::string>();
    }
    if (b.contains("params")) {
      if (!b["params"].is_object()) return fail("params: expected an object");
      for (const auto& [key, value] : b["params"].items()) {
        if (value.is_string())
          move.request.params[key] = value.get<std::string>();
        else if (value.is_number() || value.is_boolean())
          move.request.params[key] = value.dump();
        else
          return fail("params." + key + ": expected a string or a number");
      }
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
    out.error = path + ": cannot read the actions file";
    return out;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_action_script(text.str(), path);
}

ActionScriptPlayer::ActionScriptPlayer(Drill& drill, std::vector<ScriptedMove> moves)
    : drill_(drill), moves_(std::move(moves)) {
  const uint32_t id = drill_.sim().add_handler(this, "actions-script");
  for (size_t i = 0; i < moves_.size(); ++i)
    drill_.sim().schedule_at(std::max(moves_[i].at, drill_.now()), id, 0, i);
}

void ActionScriptPlayer::on_event(const Event& e) {
  drill_.perform(moves_[e.arg].request);
  ++performed_;
}

}  // namespace firedrill
