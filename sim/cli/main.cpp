// firedrill: the headless command line (run, check, report, lint, list, serve, bench).
#include <CLI/CLI.hpp>
#include <cstdio>

#include "sim/cli/commands.h"

namespace firedrill::cli {
int& exit_code() {
  static int code = 0;
  return code;
}
}  // namespace firedrill::cli

int main(int argc, char** argv) {
  using namespace firedrill::cli;
  CLI::App app{"firedrill: chaos simulation and incident-training sandbox"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every subcommand");

  register_run_command(app);
  register_bench_command(app);
  register_lint_command(app);
  register_check_command(app);
  register_list_command(app);
  register_report_command(app);
  register_serve_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const CommandError& e) {
    std::fprintf(stderr, "firedrill: %s\n", e.what());
    return e.code;
  }
  return exit_code();
}
