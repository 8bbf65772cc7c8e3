#include "dashboard/client/drill_console.h"

#include <fmt/format.h>

#include <charconv>
#include <sstream>
#include <vector>

#include "sim/engine/drill.h"
#ifndef FIREDRILL_HAVE_TRAINEE_CONSOLE
#define FIREDRILL_HAVE_TRAINEE_CONSOLE 0
#endif
#if FIREDRILL_HAVE_TRAINEE_CONSOLE
#include "sim/trainee/console.h"
#endif

namespace firedrill::dash {

#if !FIREDRILL_HAVE_TRAINEE_CONSOLE
namespace {

std::vector<std::string> split_words(std::string_view line) {
  std::vector<std::string> words;
  std::istringstream in{std::string(line)};
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

std::string percent(double part, double whole) {
  return whole > 0 ? fmt::format("{:.0f}%", 100.0 * part / whole) : "-";
}

// The stand-in shell: enough to look around until sim/trainee is in the build.
ConsoleAnswer builtin_run(Drill& drill, std::string_view host_name, std::string_view line) {
  ConsoleAnswer a;
  const std::vector<std::string> argv = split_words(line);
  if (argv.empty()) return a;
  Host* host = drill.stack().host(host_name);
  if (!host) {
    a.output =
        fmt::format("ssh: Could not resolve hostname {}: Name or service not known\n", host_name);
    a.exit_code = 255;
    return a;
  }
  const std::string& cmd = argv[0];
  const LogStore& store = drill.logs().store();
  if (cmd == "help") {
    a.output =
        "commands: help, hostname, status, ls /var/log, tail [-n N] FILE\n"
        "(the full shell arrives with the trainee console, sim/trainee)\n";
  } else if (cmd == "hostname") {
    a.output = host->name() + "\n";
  } else if (cmd == "status") {
    a.topic = "process";
    a.output = fmt::format(
        "{} ({}): {} {} pid {}, {} restarts, version {}\n"
        "cpu {} cores (hog {:.1f}), memory {:.0f}/{:.0f} MB ({}), disk {:.1f}/{:.0f} GB ({}),"
        " fds {}/{}\n",
        host->name(), host->role(), host->spec().service, process_state_name(host->state()),
        host->pid(), host->restarts(), host->app_version(), host->cpu_cores(),
        host->cpu_hog_cores(), host->memory_used_mb(), host->memory_total_mb(),
        percent(host->memory_used_mb(), host->memory_total_mb()), host->disk_used_gb(),
        host->disk_total_gb(), percent(host->disk_used_gb(), host->disk_total_gb()),
        host->fds_in_use(), host->fd_limit());
  } else if (cmd == "ls") {
    a.topic = "logs";
    for (const LogBuffer* b : store.buffers())
      if (b->host() == host->name()) a.output += b->path() + "\n";
  } else if (cmd == "tail") {
    a.topic = "logs";
    size_t n = 10;
    std::string file;
    for (size_t i = 1; i < argv.size(); ++i) {
      if (argv[i] == "-n" && i + 1 < argv.size()) {
        const std::string& v = argv[++i];
        std::from_chars(v.data(), v.data() + v.size(), n);
      } else if (argv[i] == "-f") {
        // no follow in a one-shot console: print the tail
      } else {
        file = argv[i];
      }
    }
    if (!store.find(host->name(), file)) {
      a.output =
          fmt::format("tail: cannot open '{}' for reading: No such file or directory\n", file);
      a.exit_code = 1;
      return a;
    }
    for (const LogEntry& e : store.tail(host->name(), file, n)) a.output += e.text + "\n";
  } else {
    a.output = fmt::format("bash: {}: command not found\n", cmd);
    a.exit_code = 127;
  }
  return a;
}

}  // namespace
#endif

struct DrillConsole::Impl {
  explicit Impl(Drill& d)
      : drill(d)
#if FIREDRILL_HAVE_TRAINEE_CONSOLE
        ,
        shell(d.stack(), d.logs())
#endif
  {
  }
  Drill& drill;
#if FIREDRILL_HAVE_TRAINEE_CONSOLE
  Console shell;
#endif
};

DrillConsole::DrillConsole(Drill& drill) : impl_(std::make_unique<Impl>(drill)) {}
DrillConsole::~DrillConsole() = default;

bool DrillConsole::full_shell() {
  return FIREDRILL_HAVE_TRAINEE_CONSOLE != 0;
}

ConsoleAnswer DrillConsole::run(std::string_view host, std::string_view line) {
#if FIREDRILL_HAVE_TRAINEE_CONSOLE
  CommandResult r = impl_->shell.run(host, line);
  ConsoleAnswer a;
  a.output = std::move(r.output);
  a.exit_code = r.exit_code;
  a.topic = r.touched.topic;
  if (r.action) a.action = ActionRequest{r.action->action, r.action->host, r.action->params};
  return a;
#else
  return builtin_run(impl_->drill, host, line);
#endif
}

}  // namespace firedrill::dash
