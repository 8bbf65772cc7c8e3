// The scenario on the trainee's console (sim/trainee/console.h): install_scenario_console puts
// the scenario's `command` and `file` declarations on every host they name, ahead of the
// built-ins (a command whose function returns nil falls back to the built-in; a file whose
// function returns nil reads as empty, the console has no fallback for files); console_runner
// lets the autopilot inspect through the same console, so its trainee.command records carry
// what the command touched. The engine that owns the drill wires both.
// REQUIRES: the runtime outlives every use of the console's registered commands and files.
#pragma once

#include <functional>
#include <string>

#include "sim/script/scenario_runtime.h"
#include "sim/trainee/console.h"

namespace firedrill::script {

void install_scenario_console(ScenarioRuntime& runtime, Console& console);

// For ScenarioRuntimeOptions::command_runner. A state change the console would request
// (systemctl restart...) is not carried out: autopilot steps that change things are actions.
std::function<ConsoleReply(const std::string& host, const std::string& line)> console_runner(
    Console& console);

// What a console result touched, as trainee.command's `touched` field.
nlohmann::json touched_json(const Touched& touched);

}  // namespace firedrill::script
