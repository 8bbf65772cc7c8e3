// The host's virtual file system: what cat, ls, tail and grep see. In order of precedence:
// files a scenario registered, the host's logs (HostLogs), its config files (config_files.h),
// and a few /proc files of its service (limits, fd). Directories are the prefixes of those
// paths plus the usual top-level ones.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "sim/trainee/config_files.h"
#include "sim/trainee/console_internal.h"
#include "sim/trainee/text_util.h"

namespace firedrill::console_detail {
namespace {

constexpr std::string_view kBaseDirs[] = {"/",    "/root", "/tmp", "/home", "/proc",
                                          "/var", "/etc",  "/usr", "/opt",  "/var/log"};

std::vector<std::string> log_files(const CommandContext& ctx) {
  std::vector<std::string> out;
  for (const LogBuffer* b : ctx.view.logs.store().buffers()) {
    if (b->host() == ctx.view.name()) out.push_back(b->path());
  }
  return out;
}

// The service's processes that have /proc entries: the main pid and its workers.
bool is_service_pid(const HostView& v, uint64_t pid) {
  return v.service_alive() && pid >= v.host.pid() && pid <= v.host.pid() + v.service_workers();
}

// "/proc/<pid>/<rest>" -> pid, rest. Nothing for other paths.
std::optional<std::pair<uint64_t, std::string_view>> proc_pid_path(std::string_view path) {
  if (!path.starts_with("/proc/")) return std::nullopt;
  std::string_view rest = path.substr(6);
  const size_t slash = rest.find('/');
  const auto pid = text::parse_uint(rest.substr(0, slash));
  if (!pid) return std::nullopt;
  return std::pair{*pid, slash == std::string_view::npos ? std::string_view() : rest.substr(slash)};
}

std::string proc_limits(const HostView& v) {
  const std::string nofile = std::to_string(v.host.fd_limit());
  const auto row = [](std::string_view name, std::string_view soft, std::string_view hard,
                      std::string_view units) {
    return fmt::format("{:<26}{:<21}{:<21}{:<10}\n", name, soft, hard, units);
  };
  return row("Limit", "Soft Limit", "Hard Limit", "Units") +
         row("Max cpu time", "unlimited", "unlimited", "seconds") +
         row("Max file size", "unlimited", "unlimited", "bytes") +
         row("Max data size", "unlimited", "unlimited", "bytes") +
         row("Max stack size", "8388608", "unlimited", "bytes") +
         row("Max core file size", "0", "unlimited", "bytes") +
         row("Max resident set", "unlimited", "unlimited", "bytes") +
         row("Max processes", "31529", "31529", "processes") +
         row("Max open files", nofile, nofile, "files") +
         row("Max locked memory", "8388608", "8388608", "bytes") +
         row("Max address space", "unlimited", "unlimited", "bytes") +
         row("Max file locks", "unlimited", "unlimited", "locks") +
         row("Max pending signals", "31529", "31529", "signals") +
         row("Max msgqueue size", "819200", "819200", "bytes") +
         row("Max nice priority", "0", "0", "") + row("Max realtime priority", "0", "0", "") +
         row("Max realtime timeout", "unlimited", "unlimited", "us");
}

std::string proc_loadavg(const HostView& v) {
  return fmt::format("{:.2f} {:.2f} {:.2f} {}/{} {}\n", v.load_average(60), v.load_average(300),
                     v.load_average(900), 1 + static_cast<int>(v.cpu_busy_cores()), 130,
                     v.host.pid() + 40000);
}

std::string missing(std::string_view tool, std::string_view name, bool directory) {
  const std::string_view why = directory ? "Is a directory" : "No such file or directory";
  if (tool == "tail" || tool == "head") {
    return directory ? fmt::format("{}: error reading '{}': {}", tool, name, why)
                     : fmt::format("{}: cannot open '{}' for reading: {}", tool, name, why);
  }
  if (tool == "sort") return fmt::format("sort: cannot read: {}: {}", name, why);
  if (tool == "awk") return fmt::format("awk: cannot open {} ({})", name, why);
  return fmt::format("{}: {}: {}", tool, name, why);
}

}  // namespace

std::string absolute_path(std::string_view cwd, std::string_view path) {
  std::string joined;
  if (path == "~" || path.starts_with("~/")) {
    joined = "/root" + std::string(path.substr(1));
  } else if (path.starts_with("/")) {
    joined = std::string(path);
  } else {
    joined = std::string(cwd) + "/" + std::string(path);
  }
  std::vector<std::string_view> parts;
  std::string_view rest = joined;
  while (!rest.empty()) {
    const size_t slash = rest.find('/');
    const std::string_view part = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  std::string out;
  for (std::string_view p : parts) {
    out += '/';
    out += p;
  }
  return out.empty() ? "/" : out;
}

bool is_log_path(std::string_view abs_path) {
  return abs_path.starts_with("/var/log/");
}

std::vector<std::string> all_files(const CommandContext& ctx) {
  std::set<std::string> files;
  for (std::string& f : ctx.console.registered_files(ctx.view.name())) files.insert(std::move(f));
  for (std::string& f : log_files(ctx)) files.insert(std::move(f));
  for (std::string& f : config_file_paths(ctx.view)) files.insert(std::move(f));
  files.insert("/proc/loadavg");
  if (ctx.view.service_alive()) {
    for (uint32_t i = 0; i <= ctx.view.service_workers(); ++i) {
      files.insert(fmt::format("/proc/{}/limits", ctx.view.host.pid() + i));
    }
  }
  return {files.begin(), files.end()};
}

FileType file_type(const CommandContext& ctx, std::string_view path) {
  if (auto proc = proc_pid_path(path); proc && is_service_pid(ctx.view, proc->first)) {
    const std::string_view rest = proc->second;
    if (rest.empty() || rest == "/fd") return FileType::kDirectory;
    if (rest == "/limits") return FileType::kFile;
    if (rest.starts_with("/fd/")) {
      const auto fd = text::parse_uint(rest.substr(4));
      return fd && *fd < ctx.view.host.fds_in_use() ? FileType::kFile : FileType::kMissing;
    }
  }
  for (std::string_view d : kBaseDirs) {
    if (path == d) return FileType::kDirectory;
  }
  const std::string dir_prefix = std::string(path) + "/";
  for (const std::string& f : all_files(ctx)) {
    if (f == path) return FileType::kFile;
    if (f.starts_with(dir_prefix)) return FileType::kDirectory;
  }
  return FileType::kMissing;
}

std::optional<std::string> read_file(const CommandContext& ctx, std::string_view path) {
  if (const Console::FileFn* fn = ctx.console.find_file(ctx.view.name(), path)) return (*fn)();
  if (const LogBuffer* b = ctx.view.logs.store().find(ctx.view.name(), path)) {
    std::string text;
    for (size_t i = 0; i < b->size(); ++i) {
      text += b->at(i).text;
      text += '\n';
    }
    return text;
  }
  if (auto config = render_config_file(ctx.view, path)) return config;
  if (path == "/proc/loadavg") return proc_loadavg(ctx.view);
  if (auto proc = proc_pid_path(path);
      proc && is_service_pid(ctx.view, proc->first) && proc->second == "/limits") {
    return proc_limits(ctx.view);
  }
  return std::nullopt;
}

std::vector<std::string> list_directory(const CommandContext& ctx, std::string_view dir) {
  std::set<std::string> names;
  if (auto proc = proc_pid_path(dir); proc && is_service_pid(ctx.view, proc->first)) {
    if (proc->second == "/fd") {
      std::vector<std::string> fds;
      for (uint32_t i = 0; i < ctx.view.host.fds_in_use(); ++i) fds.push_back(std::to_string(i));
      return fds;  // ls sorts these by name; numeric order is what a trainee counts anyway
    }
    if (proc->second.empty()) return {"cmdline", "fd", "limits", "status"};
  }
  if (dir == "/proc" && ctx.view.service_alive()) {
    for (uint32_t i = 0; i <= ctx.view.service_workers(); ++i) {
      names.insert(std::to_string(ctx.view.host.pid() + i));
    }
  }
  const std::string prefix = dir == "/" ? std::string("/") : std::string(dir) + "/";
  const auto add = [&](std::string_view path) {
    if (!path.starts_with(prefix) || path.size() == prefix.size()) return;
    const std::string_view rest = path.substr(prefix.size());
    names.insert(std::string(rest.substr(0, rest.find('/'))));
  };
  for (const std::string& f : all_files(ctx)) add(f);
  for (std::string_view d : kBaseDirs) add(d);
  return {names.begin(), names.end()};
}

std::vector<InputFile> read_inputs(CommandContext& ctx, std::string_view tool,
                                   const std::vector<std::string>& names, Output& out) {
  std::vector<InputFile> inputs;
  if (names.empty()) {
    inputs.push_back({"(standard input)", ctx.input != nullptr ? *ctx.input : std::string()});
    return inputs;
  }
  for (const std::string& name : names) {
    if (name == "-") {
      inputs.push_back({"(standard input)", ctx.input != nullptr ? *ctx.input : std::string()});
      continue;
    }
    const std::string path = absolute_path(ctx.cwd, name);
    const FileType type = file_type(ctx, path);
    if (type != FileType::kFile) {
      out.fail(tool == "grep" ? 2 : 1, missing(tool, name, type == FileType::kDirectory));
      continue;
    }
    touch_file(out, path);
    if (out.touched.component.empty()) out.touched.component = ctx.view.name();
    inputs.push_back({name, read_file(ctx, path).value_or(std::string())});
  }
  return inputs;
}

void touch_file(Output& out, std::string_view abs_path) {
  out.touched.files.emplace_back(abs_path);
  if (out.touched.topic.empty()) out.touched.topic = is_log_path(abs_path) ? "logs" : "config";
}

}  // namespace firedrill::console_detail
