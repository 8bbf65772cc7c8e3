// The `firedrill` subcommands. Each register_*_command adds one CLI11 subcommand with its
// options and callback to the app; main() only collects them. A callback reports a user
// error by throwing CommandError (printed as "firedrill: <message>", exit code 1).
#pragma once

#include <stdexcept>
#include <string>

namespace CLI {
class App;
}

namespace firedrill::cli {

struct CommandError : std::runtime_error {
  explicit CommandError(const std::string& message, int exit_code = 1)
      : std::runtime_error(message), code(exit_code) {}
  int code;
};

// Set by a callback for main() to return; 0 unless the command says otherwise.
int& exit_code();

void register_bench_command(CLI::App& app);
void register_run_command(CLI::App& app);
void register_lint_command(CLI::App& app);
void register_check_command(CLI::App& app);
void register_list_command(CLI::App& app);
void register_report_command(CLI::App& app);
void register_serve_command(CLI::App& app);

}  // namespace firedrill::cli
