// [SECTION] index: registrations · running a line (pipeline, sudo, cd,
// dispatch: scenario command > built-in > "command not found") · help.
#include "sim/trainee/console.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "sim/trainee/console_internal.h"
#include "sim/trainee/text_util.h"

namespace firedrill {

using console_detail::Args;
using console_detail::Builtin;
using console_detail::CommandContext;
using console_detail::Output;

// [SECTION] registrations -----------------------------------------------------------------

Console::Console(WebStack& stack, const HostLogs& logs) : stack_(stack), logs_(logs) {}

void Console::set_command(std::string_view host, std::string_view name, CommandFn fn) {
  commands_[Key{std::string(host), std::string(name)}] = std::move(fn);
}

void Console::remove_command(std::string_view host, std::string_view name) {
  commands_.erase(Key{std::string(host), std::string(name)});
}

void Console::set_file(std::string_view host, std::string_view path, FileFn fn) {
  files_[Key{std::string(host), std::string(path)}] = std::move(fn);
}

void Console::remove_file(std::string_view host, std::string_view path) {
  files_.erase(Key{std::string(host), std::string(path)});
}

const Console::CommandFn* Console::find_command(std::string_view host,
                                                std::string_view name) const {
  for (std::string_view h : {host, kAllHosts}) {
    const auto it = commands_.find(Key{std::string(h), std::string(name)});
    if (it != commands_.end() && it->second) return &it->second;
  }
  return nullptr;
}

const Console::FileFn* Console::find_file(std::string_view host, std::string_view path) const {
  for (std::string_view h : {host, kAllHosts}) {
    const auto it = files_.find(Key{std::string(h), std::string(path)});
    if (it != files_.end() && it->second) return &it->second;
  }
  return nullptr;
}

std::vector<std::string> Console::registered_files(std::string_view host) const {
  std::set<std::string> out;
  for (const auto& [key, fn] : files_) {
    if (fn && (key.first == host || key.first == kAllHosts)) out.insert(key.second);
  }
  return {out.begin(), out.end()};
}

std::vector<std::string> Console::registered_commands(std::string_view host) const {
  std::set<std::string> out;
  for (const auto& [key, fn] : commands_) {
    if (fn && (key.first == host || key.first == kAllHosts)) out.insert(key.second);
  }
  return {out.begin(), out.end()};
}

std::string Console::cwd(std::string_view host) const {
  const auto it = cwd_.find(host);
  return it == cwd_.end() ? std::string("/root") : it->second;
}

std::string Console::prompt(std::string_view host) const {
  std::string dir = cwd(host);
  if (dir == "/root") {
    dir = "~";
  } else if (dir.starts_with("/root/")) {
    dir = "~" + dir.substr(5);
  }
  return fmt::format("root@{}:{}# ", host, dir);
}

// [SECTION] running a line ------------------------------------------------------------------

namespace {

// "sudo [-u USER] [-iEHs] CMD..." -> CMD...; the trainee is root already.
bool strip_sudo(Args& argv, Output& out) {
  while (!argv.empty() && argv[0] == "sudo") {
    size_t i = 1;
    while (i < argv.size() && argv[i].starts_with("-")) {
      if (argv[i] == "-u" || argv[i] == "-g") ++i;
      ++i;
    }
    if (i >= argv.size()) {
      out.fail(1, "usage: sudo -h | -K | -k | -V\nusage: sudo [-u user] command [arg ...]");
      return false;
    }
    argv.erase(argv.begin(), argv.begin() + static_cast<std::ptrdiff_t>(i));
  }
  return true;
}

Output from_result(CommandResult r) {
  Output o;
  o.out = std::move(r.output);
  o.code = r.exit_code;
  o.touched = std::move(r.touched);
  o.action = std::move(r.action);
  return o;
}

void merge_touched(Touched& into, const Touched& from) {
  if (into.component.empty()) into.component = from.component;
  if (into.service.empty()) into.service = from.service;
  if (into.topic.empty()) into.topic = from.topic;
  for (const std::string& f : from.files) {
    if (std::find(into.files.begin(), into.files.end(), f) == into.files.end()) {
      into.files.push_back(f);
    }
  }
}

Output change_directory(CommandContext& ctx, const Args& argv, std::string& cwd_state) {
  Output out;
  if (argv.size() > 2) return out.fail(1, "bash: cd: too many arguments");
  const std::string target = argv.size() < 2 ? "/root" : argv[1];
  const std::string path = console_detail::absolute_path(ctx.cwd, target);
  const console_detail::FileType type = console_detail::file_type(ctx, path);
  if (type == console_detail::FileType::kMissing) {
    return out.fail(1, fmt::format("bash: cd: {}: No such file or directory", target));
  }
  if (type == console_detail::FileType::kFile) {
    return out.fail(1, fmt::format("bash: cd: {}: Not a directory", target));
  }
  cwd_state = path;
  return out;
}

}  // namespace

CommandResult Console::run(std::string_view host_name, std::string_view line) {
  CommandResult result;
  Host* host = stack_.host(host_name);
  if (host == nullptr) {
    result.output =
        fmt::format("ssh: Could not resolve hostname {}: Name or service not known\n", host_name);
    result.exit_code = 255;
    return result;
  }
  result.touched.host = host->name();
  const ParsedLine parsed = parse_command_line(line);
  if (!parsed.error.empty()) {
    result.output = parsed.error + "\n";
    result.exit_code = parsed.error_exit_code;
    return result;
  }

  HostView view(stack_, logs_, *host);
  std::string terminal;  // what reaches the screen from stages before the last
  std::string pipe;
  for (size_t i = 0; i < parsed.stages.size(); ++i) {
    const PipelineStage& stage = parsed.stages[i];
    const bool last = i + 1 == parsed.stages.size();
    CommandContext ctx{*this, view, cwd(host->name()), i > 0 ? &pipe : nullptr,
                       last && !stage.drop_stdout};
    Output out;
    Args argv = stage.argv;
    std::optional<std::string> redirected;
    if (!stage.read_from.empty()) {
      const std::string path = console_detail::absolute_path(ctx.cwd, stage.read_from);
      if (console_detail::file_type(ctx, path) == console_detail::FileType::kFile) {
        redirected = console_detail::read_file(ctx, path);
        ctx.input = &*redirected;
        console_detail::touch_file(out, path);
      }
    }
    if (!stage.read_from.empty() && !redirected) {
      out.fail(1, fmt::format("bash: {}: No such file or directory", stage.read_from));
    } else if (!stage.write_target.empty()) {
      out.fail(1, fmt::format("bash: {}: Read-only file system", stage.write_target));
    } else if (strip_sudo(argv, out)) {
      const Touched from_redirect = out.touched;
      out = run_stage(ctx, argv);
      merge_touched(out.touched, from_redirect);
    }
    if (stage.stderr_to_stdout) {
      out.out = out.err + out.out;
      out.err.clear();
    }
    if (stage.drop_stdout) out.out.clear();
    if (stage.drop_stderr) out.err.clear();
    merge_touched(result.touched, out.touched);
    if (out.action && !result.action) result.action = std::move(out.action);
    terminal += out.err;
    if (last) {
      terminal += out.out;
      result.exit_code = out.code;
    } else {
      pipe = std::move(out.out);
    }
  }
  result.output = std::move(terminal);
  return result;
}

Output Console::run_stage(CommandContext& ctx, const Args& argv) {
  const std::string& name = argv[0];
  if (const CommandFn* fn = find_command(ctx.view.name(), name)) {
    CommandResult r = (*fn)(argv);
    if (r.handled) return from_result(std::move(r));
  }
  if (name == "cd") return change_directory(ctx, argv, cwd_[ctx.view.name()]);
  if (const Builtin* b = console_detail::find_builtin(name)) return b->fn(ctx, argv);
  Output out;
  if (name.find('/') != std::string::npos) {
    return out.fail(127, fmt::format("bash: {}: No such file or directory", name));
  }
  return out.fail(127, fmt::format("bash: {}: command not found", name));
}

// [SECTION] help -------------------------------------------------------------------------------

namespace console_detail {
namespace {

std::span<const Builtin> shell_commands();

Output help(CommandContext& ctx, const Args&) {
  Output out;
  out.out +=
      "Commands on this host (a leading sudo is accepted; `|` pipes into grep, head, tail,\n"
      "wc, sort, uniq, cut, awk). Changes such as `systemctl restart` are carried out by\n"
      "the drill, which records them.\n\n";
  std::vector<std::vector<std::string>> rows;
  for (auto family : builtin_families()) {
    for (const Builtin& b : family)
      rows.push_back({"  " + std::string(b.name), std::string(b.summary)});
  }
  out.out += text::align_columns(rows, {false, false});
  const std::vector<std::string> extra = ctx.console.registered_commands(ctx.view.name());
  if (!extra.empty()) {
    out.out += "\nAlso on this host:";
    for (const std::string& e : extra) out.out += " " + e;
    out.out += "\n";
  }
  return out;
}

Output pwd(CommandContext& ctx, const Args&) {
  Output out;
  out.out = ctx.cwd + "\n";
  return out;
}

Output echo(CommandContext&, const Args& argv) {
  Output out;
  size_t i = 1;
  bool newline = true;
  if (i < argv.size() && argv[i] == "-n") {
    newline = false;
    ++i;
  }
  for (size_t first = i; i < argv.size(); ++i) {
    if (i > first) out.out += ' ';
    out.out += argv[i];
  }
  if (newline) out.out += '\n';
  return out;
}

Output exit_shell(CommandContext&, const Args&) {
  Output out;
  out.out = "logout\n";
  return out;
}

// cd is run by Console::run_stage (it changes the shell's state); listed here for help.
Output cd_placeholder(CommandContext&, const Args&) {
  return {};
}

constexpr Builtin kShell[] = {
    {"help", help, "this list"},
    {"cd", cd_placeholder, "change directory"},
    {"pwd", pwd, "print the working directory"},
    {"echo", echo, "print its arguments"},
    {"exit", exit_shell, "leave the shell (the console stays open)"},
};

std::span<const Builtin> shell_commands() {
  return kShell;
}

}  // namespace

std::vector<std::span<const Builtin>> builtin_families() {
  return {shell_commands(),     system_commands(),  process_commands(), ps_commands(),
          service_commands(),   journal_commands(), file_commands(),    text_commands(),
          text_tool_commands(), curl_commands(),    net_commands(),     db_commands()};
}

const Builtin* find_builtin(std::string_view name) {
  for (auto family : builtin_families()) {
    for (const Builtin& b : family) {
      if (b.name == name) return &b;
    }
  }
  return nullptr;
}

}  // namespace console_detail

std::vector<std::string> Console::builtin_names() {
  std::vector<std::string> names;
  using namespace console_detail;
  for (auto family : builtin_families()) {
    for (const Builtin& b : family) names.emplace_back(b.name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace firedrill
