// Console: the trainee's shell on each simulated host. It reads one command line — words, quotes,
// `|` pipelines, a leading `sudo` — and answers as the real tool would (top, free -m, df -h,
// systemctl, journalctl, tail/grep/cat, curl, ss, psql...), computing the output from the live
// WebStack and the HostLogs at the current simulated time, with times on the scenario clock.
//
// The console never changes the simulation. Commands that would (systemctl restart/stop/start,
// pg_terminate_backend...) print what the tool prints and return a RequestedAction; the engine
// decides whether to apply it, applies it between events and journals it. Every result says what
// it concerned (Touched), so the journal can classify the command later.
//
// Scenarios may add or replace commands and files per host or for every host; those take
// precedence over the built-ins. Single-threaded: call between simulation events, on the thread
// that owns the Simulation. The stack and the logs must outlive the console.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace firedrill {

class WebStack;
class HostLogs;
namespace console_detail {
struct CommandContext;
struct Output;
}  // namespace console_detail

// What a command concerned. Empty fields were not concerned.
struct Touched {
  std::string host;       // the host the console runs on ("web-1")
  std::string component;  // the stack component looked at: "web-2", "db", "lb" (may be remote)
  std::string service;    // the service, as the stack names it: "nginx", "postgresql"
  std::vector<std::string> files;  // absolute paths read ("/var/log/nginx/error.log")
  // What was looked at: "cpu", "memory", "disk", "fds", "network", "process", "logs",
  // "config", "database", "http", "service"; empty when nothing (help, pwd, unknown commands).
  std::string topic;
};

// A state change the command asks for; the console itself never performs it. Shaped like the
// engine's ActionRequest (sim/engine/actions.h): `action` is one of its catalog's names
// ("restart_service", "stop_service", "start_service", "reboot_host", "kill_queries"), `host`
// its target, `params` its parameters (e.g. {"pid", "2143"} for one backend).
struct RequestedAction {
  std::string action;
  std::string host;
  std::string service;  // the stack's service name on that host ("nginx")
  std::map<std::string, std::string> params;
};

struct CommandResult {
  std::string output;  // what the terminal shows (stdout and stderr), lines end in '\n'
  int exit_code = 0;
  Touched touched;
  std::optional<RequestedAction> action;
  // For scenario overrides only: false means "not mine, run the built-in instead".
  bool handled = true;

  static CommandResult not_handled() {
    CommandResult r;
    r.handled = false;
    return r;
  }
};

// One command of a pipeline with its redirections (only those that need no writable file).
struct PipelineStage {
  std::vector<std::string> argv;
  bool stderr_to_stdout = false;  // 2>&1
  bool drop_stdout = false;       // >/dev/null
  bool drop_stderr = false;       // 2>/dev/null
  std::string write_target;       // > FILE, >> FILE: refused (the hosts are read-only)
  std::string read_from;          // < FILE: the stage's standard input
};

// A command line split as bash would split it: blanks separate words, '…' is literal, "…"
// keeps blanks and honours \" \\ \$ \`, a backslash escapes the next character, an unquoted
// `|` separates stages. `;`, `&&`, `||` and `&` are refused: one command per line, so that a
// state change requested by one command is never followed by output computed before it ran.
struct ParsedLine {
  std::vector<PipelineStage> stages;
  std::string error;  // set when the line cannot be run, as bash words it
  int error_exit_code = 0;
};
ParsedLine parse_command_line(std::string_view line);

class Console {
 public:
  using CommandFn = std::function<CommandResult(const std::vector<std::string>& argv)>;
  using FileFn = std::function<std::string()>;
  // Registers for every host; a host's own registration wins over it.
  static constexpr std::string_view kAllHosts = "*";

  Console(WebStack& stack, const HostLogs& logs);
  Console(const Console&) = delete;
  Console& operator=(const Console&) = delete;

  // Runs one line on `host` (a name from WebStack::hosts()). An unknown host answers as ssh
  // would (exit 255). An empty line gives empty output and exit 0.
  CommandResult run(std::string_view host, std::string_view line);

  // Scenario-defined commands, by argv[0] ("curl", "redis-cli"): replace a built-in or add
  // a new command. argv includes argv[0]; a leading sudo is already stripped. Return
  // CommandResult::not_handled() to fall back to the built-in. Replaces a previous one.
  void set_command(std::string_view host, std::string_view name, CommandFn fn);
  void remove_command(std::string_view host, std::string_view name);
  // Scenario-defined files (absolute path): what cat, tail, grep, head, ls... read, instead
  // of the built-in file (a config, a log) of that path, or as a new file.
  void set_file(std::string_view host, std::string_view path, FileFn fn);
  void remove_file(std::string_view host, std::string_view path);

  // The shell's state per host: the working directory (cd, pwd, relative paths).
  std::string cwd(std::string_view host) const;
  // "root@web-1:~# " — for UIs that want the usual look.
  std::string prompt(std::string_view host) const;

  // Built-in command names, sorted (what `help` lists, scenario extras aside).
  static std::vector<std::string> builtin_names();

  // For the built-ins (console_internal.h): the registered command/file for a host, or null.
  const CommandFn* find_command(std::string_view host, std::string_view name) const;
  const FileFn* find_file(std::string_view host, std::string_view path) const;
  // Registered file paths visible on a host (its own and every host's), sorted, unique.
  std::vector<std::string> registered_files(std::string_view host) const;
  std::vector<std::string> registered_commands(std::string_view host) const;

 private:
  using Key = std::pair<std::string, std::string>;  // (host or "*", name or path)
  console_detail::Output run_stage(console_detail::CommandContext& ctx,
                                   const std::vector<std::string>& argv);

  WebStack& stack_;
  const HostLogs& logs_;
  std::map<Key, CommandFn, std::less<>> commands_;
  std::map<Key, FileFn, std::less<>> files_;
  std::map<std::string, std::string, std::less<>> cwd_;
};

}  // namespace firedrill
