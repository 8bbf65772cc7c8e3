#include "dashboard/client/dashboard_client.h"
#include "dashboard/client/overloaded.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <variant>

namespace firedrill::dash {

const char* command_kind(const Command& c) {
  static constexpr const char* kNames[] = {
      "action", "ack",     "console", "note",    "escalate",      "status", "declare",
      "clock",  "message", "hint",    "runbook", "timeline_edit", "rewind"};
  static_assert(std::size(kNames) == std::variant_size_v<Command>);
  return kNames[c.index()];
}

const char* timeline_edit_op_name(TimelineEditCommand::Op op) {
  static constexpr const char* kOps[] = {
      "reword", "mark_misleading", "unmark_misleading", "hide", "show", "add"};
  const auto i = static_cast<size_t>(op);
  return i < std::size(kOps) ? kOps[i] : "?";
}

std::string drill_time_text(SimTime t) {
  const int64_t s = std::max<int64_t>(0, t.us() / 1000000);
  if (s >= 3600) return fmt::format("T+{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("T+{}:{:02}", s / 60, s % 60);
}

std::string describe(const Command& c) {
  return std::visit(
      Overloaded{
          [](const ActionCommand& a) {
            return a.target.empty() ? a.action : fmt::format("{} {}", a.action, a.target);
          },
          [](const AckCommand& a) { return fmt::format("ack {}/{}", a.rule, a.component); },
          [](const ConsoleCommand& a) { return fmt::format("{}$ {}", a.host, a.line); },
          [](const NoteCommand& a) {
            return fmt::format("{}: {}", a.hypothesis ? "hypothesis" : "note", a.text);
          },
          [](const EscalateCommand& a) { return fmt::format("escalate to {}", a.team); },
          [](const StatusCommand& a) { return fmt::format("status update ({})", a.audience); },
          [](const DeclareCommand& a) { return fmt::format("declare {}", a.state); },
          [](const MessageCommand& a) {
            return fmt::format("{} {}", a.reply_to_seq ? "reply to" : "message to", a.to);
          },
          [](const HintCommand&) { return std::string("ask for a hint"); },
          [](const RunbookOpenCommand& a) { return fmt::format("open runbook {}", a.runbook); },
          [](const TimelineEditCommand& e) {
            if (e.op == TimelineEditCommand::Op::add)
              return fmt::format("timeline: add at {}", drill_time_text(e.at));
            return fmt::format("timeline: {} #{}", timeline_edit_op_name(e.op), e.target_seq);
          },
          [](const RewindCommand& r) {
            return fmt::format("branch from {}", drill_time_text(r.to));
          },
          [](const ClockCommand& a) -> std::string {
            switch (a.op) {
              case ClockCommand::Op::pause:
                return "pause";
              case ClockCommand::Op::resume:
                return "resume";
              case ClockCommand::Op::set_speed:
                return a.speed == 0 ? std::string("speed max")
                                    : fmt::format("speed {:g}x", a.speed);
              case ClockCommand::Op::step:
                return fmt::format("step {:g} s", a.step.to_seconds());
            }
            return "clock";
          },
      },
      c);
}

}  // namespace firedrill::dash
