#include "dashboard/client/dashboard_client.h"

#include <fmt/format.h>

#include <iterator>
#include <variant>

namespace firedrill::dash {

namespace {
template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;
}  // namespace

const char* command_kind(const Command& c) {
  static constexpr const char* kNames[] = {"action",   "ack",    "console", "note",
                                           "escalate", "status", "declare", "clock",
                                           "message",  "hint",   "runbook"};
  static_assert(std::size(kNames) == std::variant_size_v<Command>);
  return kNames[c.index()];
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
