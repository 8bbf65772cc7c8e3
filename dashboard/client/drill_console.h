// DrillConsole: answers the dashboard's console lines on the thread that owns the Drill.
// When the build has the trainee console (sim/trainee, target firedrill_trainee) it is a real
// shell — top, df -h, systemctl, tail, grep... — and a command that would change the stack
// (systemctl restart) comes back as an action for the caller to perform and journal. Until
// that library is in the build, a small built-in set read from the Drill stands in: help,
// hostname, status, ls /var/log, tail [-n N] FILE. The console never changes the simulation.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sim/engine/actions.h"

namespace firedrill {
class Drill;
}

namespace firedrill::dash {

struct ConsoleAnswer {
  std::string output;  // lines end in '\n'
  int exit_code = 0;
  std::string topic;                    // what it looked at: "logs", "process", ...
  std::optional<ActionRequest> action;  // a state change the command asks for
};

class DrillConsole {
 public:
  // The drill must outlive the console.
  explicit DrillConsole(Drill& drill);
  ~DrillConsole();
  DrillConsole(const DrillConsole&) = delete;
  DrillConsole& operator=(const DrillConsole&) = delete;

  ConsoleAnswer run(std::string_view host, std::string_view line);
  // Whether the full trainee console is behind this one.
  static bool full_shell();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace firedrill::dash
