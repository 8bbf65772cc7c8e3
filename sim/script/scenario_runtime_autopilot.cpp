// ScenarioRuntime, the autopilot: the model responder's moves, journalled as a trainee's would
// be (source "trainee", kinds trainee.*) with "autopilot": true, so the reporter reads a
// replayed responder like a human one (docs/journal.md). Actions go through Drill::perform.
#include <fmt/format.h>

#include "sim/faults/fault_targets.h"
#include "sim/script/scenario_runtime.h"

namespace firedrill::script {

namespace {

constexpr const char* kResponder = "trainee";

// Splits a command line at blanks, honouring simple quotes: enough to find argv[0] and the
// arguments of a scenario command (the console does the real parsing).
std::vector<std::string> split_words(const std::string& line) {
  std::vector<std::string> words;
  std::string word;
  char quote = 0;
  bool in_word = false;
  for (const char c : line) {
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else {
        word += c;
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

}  // namespace

void ScenarioRuntime::run_step(size_t index) {
  const AutopilotStep& step = definition().autopilot[index];
  ++steps_done_;
  nlohmann::json common = {{"autopilot", true}};
  if (step.misleading) common["misleading"] = true;
  if (!step.why.empty()) common["why"] = step.why;
  auto write = [&](const char* kind, nlohmann::json fields) {
    fields.update(common);
    drill_.journal().write(kResponder, kind, std::move(fields));
  };
  switch (step.kind) {
    case AutopilotStep::Kind::inspect: {
      ConsoleReply reply;
      if (options_.command_runner) {
        reply = options_.command_runner(step.host, step.command);
      } else if (auto scripted = run_command(step.host, split_words(step.command))) {
        reply = std::move(*scripted);
      }
      nlohmann::json touched = reply.touched;
      if (!touched.is_object()) touched = {{"host", step.host}, {"component", step.host}};
      write("trainee.command", {{"host", step.host},
                                {"command", step.command},
                                {"exit_code", reply.exit_code},
                                {"touched", std::move(touched)}});
      break;
    }
    case AutopilotStep::Kind::action: {
      // A pattern target ("web-*") is one action per host it names, in the stack's order.
      for (const auto& host : drill_.stack().hosts()) {
        if (!glob_match(step.action.target, host->name())) continue;
        ActionRequest request = step.action;
        request.target = host->name();
        drill_.perform(request, kResponder, common);
      }
      break;
    }
    case AutopilotStep::Kind::escalate:
      write("trainee.escalate", {{"team", step.team}, {"message", step.message}});
      break;
    case AutopilotStep::Kind::note:
      write("trainee.note", {{"text", step.text}, {"hypothesis", step.tag == "hypothesis"}});
      break;
    case AutopilotStep::Kind::status:
      write("trainee.status", {{"audience", step.audience}, {"text", step.text}});
      break;
    case AutopilotStep::Kind::ack:
      for (const AlertInstance& alert : drill_.alerts().alerts()) {
        if (alert.rule != step.alert || alert.state != AlertState::firing || alert.ack) continue;
        drill_.alerts().acknowledge(alert.rule, alert.component, "autopilot");
        write("trainee.ack", {{"rule", alert.rule}, {"component", alert.component}});
      }
      break;
    case AutopilotStep::Kind::declare:
      write("trainee.declare", {{"state", step.state}});
      break;
  }
}

}  // namespace firedrill::script
