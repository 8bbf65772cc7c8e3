// Files: cat (and less/more, which page nothing here), ls — on the host's virtual file system
// (host_files.cpp): logs, configs rendered from the live config map, scenario files, /proc.
#include <algorithm>

#include <fmt/format.h>

#include "sim/trainee/console_internal.h"
#include "sim/trainee/text_util.h"

namespace firedrill::console_detail {
namespace {

Output cat_like(CommandContext& ctx, const Args& argv, std::string_view tool) {
  Output out;
  bool numbers = false;
  std::vector<std::string> names;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "-n" || a == "--number") {
      numbers = true;
    } else if (a.starts_with("-") && a != "-" && tool != "cat") {
      continue;  // less -S, +G...
    } else if (a.starts_with("-") && a != "-" && a != "-A" && a != "-v") {
      return out.fail(1, fmt::format("cat: invalid option -- '{}'\nTry 'cat --help' for more "
                                     "information.",
                                     a.substr(1, 1)));
    } else if (!a.starts_with("-") || a == "-") {
      names.push_back(a);
    }
  }
  if (names.empty() && tool != "cat" && ctx.input == nullptr) {
    return out.fail(1, "Missing filename (\"less --help\" for help)");
  }
  size_t n = 0;
  for (const InputFile& in : read_inputs(ctx, tool == "cat" ? "cat" : tool, names, out)) {
    if (!numbers) {
      out.out += in.text;
      continue;
    }
    for (std::string_view line : text::split_lines(in.text)) {
      out.out += fmt::format("{:>6}\t{}\n", ++n, line);
    }
  }
  if (names.size() == 1 && out.touched.files.size() == 1) {
    const std::string& path = out.touched.files.front();
    out.touched.component = ctx.view.name();
    if (path.starts_with("/etc/nginx") || path.starts_with("/etc/app") ||
        path.starts_with("/etc/postgresql")) {
      out.touched.service = ctx.view.host.spec().service;
    }
  }
  return out;
}

Output cat(CommandContext& ctx, const Args& argv) {
  return cat_like(ctx, argv, "cat");
}
Output less(CommandContext& ctx, const Args& argv) {
  return cat_like(ctx, argv, argv[0]);
}

// --- ls ------------------------------------------------------------------------------------------

struct Entry {
  std::string name;
  std::string path;
  FileType type;
};

struct LongFields {
  std::string mode, owner, group;
  uint64_t size = 0;
  SimTime mtime;
};

LongFields long_fields(const CommandContext& ctx, const Entry& e) {
  const HostView& v = ctx.view;
  LongFields f{"-rw-r--r--", "root", "root", 0, v.boot_time() - SimTime::seconds(86400 * 12)};
  if (e.type == FileType::kDirectory) {
    f.mode = e.path.starts_with("/proc/") ? "dr-x------" : "drwxr-xr-x";
    f.size = 4096;
    if (e.path.starts_with("/var/log")) f.mtime = v.now - SimTime::seconds(1);
    return f;
  }
  if (e.path.starts_with("/proc/")) {
    f.mode = e.path.find("/fd/") != std::string::npos ? "lrwx------" : "-r--r--r--";
    f.mtime = v.now;
    return f;
  }
  if (const LogBuffer* b = v.logs.store().find(v.name(), e.path)) {
    f.mode = "-rw-r-----";
    f.group = "adm";
    if (e.path.starts_with("/var/log/nginx") || e.path.starts_with("/var/log/app")) {
      f.owner = "www-data";
    } else if (e.path.starts_with("/var/log/postgresql")) {
      f.owner = "postgres";
    } else if (e.path.starts_with("/var/log/redis")) {
      f.owner = "redis";
    } else {
      f.owner = "root";
    }
    f.mtime = b->empty() ? v.boot_time() : b->newest().time;
  }
  if (auto text = read_file(ctx, e.path)) f.size = text->size();
  return f;
}

std::string ls_time(const ScenarioClock& clock, SimTime t, SimTime now) {
  const LocalDateTime l = clock.local(t);
  if (now - t < SimTime::seconds(182 * 86400)) {
    return fmt::format("{} {:2} {:02}:{:02}", text::month_abbrev(l.month), l.day, l.hour, l.minute);
  }
  return fmt::format("{} {:2}  {}", text::month_abbrev(l.month), l.day, l.year);
}

// Names in columns, filled down then across, as ls does on an 80-column terminal.
std::string in_columns(const std::vector<std::string>& names) {
  if (names.empty()) return {};
  for (size_t cols = names.size(); cols >= 1; --cols) {
    const size_t rows = (names.size() + cols - 1) / cols;
    std::vector<size_t> width(cols, 0);
    for (size_t i = 0; i < names.size(); ++i)
      width[i / rows] = std::max(width[i / rows], names[i].size());
    size_t total = 0;
    for (size_t w : width) total += w + 2;
    if (total - 2 > 80 && cols > 1) continue;
    std::string out;
    for (size_t r = 0; r < rows; ++r) {
      std::string line;
      for (size_t c = 0; c < cols; ++c) {
        const size_t i = c * rows + r;
        if (i >= names.size()) break;
        const bool last = c + 1 == cols || (c + 1) * rows + r >= names.size();
        line += last ? names[i] : fmt::format("{:<{}}", names[i], width[c] + 2);
      }
      out += line + "\n";
    }
    return out;
  }
  return {};
}

Output ls(CommandContext& ctx, const Args& argv) {
  Output out;
  bool long_format = false, all = false, human = false, one = false;
  std::vector<std::string> names;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.starts_with("-") && a.size() > 1) {
      for (char c : a.substr(1)) {
        if (c == 'l')
          long_format = true;
        else if (c == 'a' || c == 'A')
          all = true;
        else if (c == 'h')
          human = true;
        else if (c == '1')
          one = true;
        else if (c != 't' && c != 'r' && c != 'S' && c != 'F') {
          return out.fail(2, fmt::format("ls: invalid option -- '{}'\nTry 'ls --help' for more "
                                         "information.",
                                         c));
        }
      }
    } else {
      names.push_back(a);
    }
  }
  if (names.empty()) names.push_back(".");
  std::vector<Entry> files;
  std::vector<Entry> dirs;
  for (const std::string& n : names) {
    const std::string path = absolute_path(ctx.cwd, n);
    const FileType t = file_type(ctx, path);
    if (t == FileType::kMissing) {
      out.fail(2, fmt::format("ls: cannot access '{}': No such file or directory", n));
    } else {
      (t == FileType::kDirectory ? dirs : files).push_back({n, path, t});
    }
  }
  const auto render = [&](const std::vector<Entry>& entries, bool with_total) {
    if (!long_format) {
      std::vector<std::string> shown;
      for (const Entry& e : entries) shown.push_back(e.name);
      return one || !ctx.to_terminal ? text::join_lines(shown) : in_columns(shown);
    }
    std::vector<std::vector<std::string>> rows;
    uint64_t blocks = 0;
    for (const Entry& e : entries) {
      const LongFields f = long_fields(ctx, e);
      blocks += (f.size + 4095) / 4096 * 4;
      std::string name = e.name;
      if (e.path.find("/fd/") != std::string::npos)
        name += fmt::format(" -> socket:[{}]", 80000 + std::hash<std::string>{}(e.path) % 900000);
      rows.push_back(
          {f.mode, e.type == FileType::kDirectory ? "2" : "1", f.owner, f.group,
           human ? text::human_size(static_cast<double>(f.size)) : std::to_string(f.size),
           ls_time(ctx.view.clock, f.mtime, ctx.view.now), name});
    }
    std::string s = with_total ? fmt::format("total {}\n", blocks) : std::string();
    return s + text::align_columns(rows, {false, true, false, false, true, false, false});
  };
  out.out += render(files, false);
  for (const Entry& d : dirs) {
    if (!out.out.empty()) out.out += "\n";
    if (names.size() > 1) out.out += d.name + ":\n";
    std::vector<Entry> inside;
    if (all) {
      inside.push_back({".", d.path, FileType::kDirectory});
      inside.push_back({"..", d.path, FileType::kDirectory});
    }
    const std::string prefix = d.path == "/" ? "/" : d.path + "/";
    for (const std::string& name : list_directory(ctx, d.path)) {
      inside.push_back({name, prefix + name, file_type(ctx, prefix + name)});
    }
    out.out += render(inside, true);
    if (d.path.starts_with("/var/log") || d.path.starts_with("/proc")) out.touched.topic = "logs";
  }
  if (out.touched.topic.empty()) out.touched.topic = "config";
  for (const Entry& d : dirs) {
    if (d.path.find("/fd") != std::string::npos) out.touched.topic = "fds";
  }
  return out;
}

constexpr Builtin kFilesCommands[] = {
    {"cat", cat, "print files (configs under /etc, logs under /var/log)"},
    {"less", less, "print a file (no paging here)"},
    {"more", less, "print a file (no paging here)"},
    {"ls", ls, "list a directory (-l, -a, -h)"},
};

}  // namespace

std::span<const Builtin> file_commands() {
  return kFilesCommands;
}

}  // namespace firedrill::console_detail
