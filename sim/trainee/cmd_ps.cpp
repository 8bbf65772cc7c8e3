// ps as procps-ng 4 prints it: BSD `aux`, `-ef`, `-o`/`-eo` fields (with `field=Header`),
// --sort, -C/-p/-u selections, --no-headers; only the session's processes without a selection.
#include <algorithm>

#include <fmt/format.h>

#include "sim/trainee/console_internal.h"
#include "sim/trainee/process_table.h"
#include "sim/trainee/text_util.h"

namespace firedrill::console_detail {
namespace {

struct Field {
  std::string name, header;
};

std::string field_value(const HostView& v, const ProcessRow& r, const std::string& f) {
  if (f == "pid") return std::to_string(r.pid);
  if (f == "ppid") return std::to_string(r.ppid);
  if (f == "user" || f == "euser") return r.user;
  if (f == "comm" || f == "ucomm") return r.comm;
  if (f == "cmd" || f == "args" || f == "command") return r.command;
  if (f == "%cpu" || f == "pcpu") return fmt::format("{:.1f}", lifetime_cpu_percent(v, r));
  if (f == "%mem" || f == "pmem") return fmt::format("{:.1f}", mem_percent(v, r));
  if (f == "rss" || f == "rssize") return std::to_string(static_cast<uint64_t>(r.rss_kb));
  if (f == "vsz") return std::to_string(static_cast<uint64_t>(r.vsz_kb));
  if (f == "stat") return r.stat;
  if (f == "state" || f == "s") return std::string(1, r.state);
  if (f == "start" || f == "start_time") return text::ps_start(v.clock, r.start, v.now);
  if (f == "time" || f == "cputime") {
    const int64_t s = r.cpu_time.us() / 1'000'000;
    return fmt::format("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  }
  if (f == "etime") {
    const int64_t s = (v.now - r.start).us() / 1'000'000;
    if (s >= 86400)
      return fmt::format("{}-{:02}:{:02}:{:02}", s / 86400, s / 3600 % 24, s / 60 % 60, s % 60);
    if (s >= 3600) return fmt::format("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
    return fmt::format("{:02}:{:02}", s / 60, s % 60);
  }
  if (f == "tty" || f == "tt") return process_tty(r);
  if (f == "nlwp") return r.stat.find('l') != std::string::npos ? "4" : "1";
  if (f == "ni" || f == "nice") return std::to_string(r.nice);
  return {};
}

std::optional<Field> parse_field(std::string spec) {
  static const std::vector<std::pair<std::string, std::string>> kHeaders = {
      {"pid", "PID"},          {"ppid", "PPID"},     {"user", "USER"},    {"euser", "EUSER"},
      {"comm", "COMMAND"},     {"ucomm", "COMMAND"}, {"cmd", "CMD"},      {"args", "COMMAND"},
      {"command", "COMMAND"},  {"%cpu", "%CPU"},     {"pcpu", "%CPU"},    {"%mem", "%MEM"},
      {"pmem", "%MEM"},        {"rss", "RSS"},       {"rssize", "RSS"},   {"vsz", "VSZ"},
      {"stat", "STAT"},        {"state", "S"},       {"s", "S"},          {"start", "STARTED"},
      {"start_time", "START"}, {"time", "TIME"},     {"cputime", "TIME"}, {"etime", "ELAPSED"},
      {"tty", "TT"},           {"tt", "TT"},         {"nlwp", "NLWP"},    {"ni", "NI"},
      {"nice", "NI"}};
  std::string header;
  bool custom = false;
  if (const size_t eq = spec.find('='); eq != std::string::npos) {
    header = spec.substr(eq + 1);
    spec = spec.substr(0, eq);
    custom = true;
  }
  spec = text::to_lower(spec);
  for (const auto& [name, h] : kHeaders) {
    if (name == spec) return Field{name, custom ? header : h};
  }
  return std::nullopt;
}

bool right_aligned(const std::string& f) {
  return f == "pid" || f == "ppid" || f == "%cpu" || f == "pcpu" || f == "%mem" || f == "pmem" ||
         f == "rss" || f == "rssize" || f == "vsz" || f == "time" || f == "cputime" ||
         f == "etime" || f == "nlwp" || f == "ni" || f == "nice";
}

std::string ps_usage() {
  return "error: unsupported option (BSD syntax)\n\nUsage:\n ps [options]\n\n Try 'ps --help "
         "<simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional "
         "help text.\n\nFor more details see ps(1).";
}

Output ps(CommandContext& ctx, const Args& argv) {
  Output out;
  const HostView& v = ctx.view;
  out.touched.component = v.name();
  out.touched.topic = "process";
  bool all = false, user_format = false, full = false, headers = true;
  std::vector<std::string> fields;
  std::string sort, by_comm, by_user;
  std::vector<uint64_t> by_pid;
  const auto next = [&](size_t& i) -> std::optional<std::string> {
    if (i + 1 >= argv.size()) return std::nullopt;
    return argv[++i];
  };
  for (size_t i = 1; i < argv.size(); ++i) {
    std::string a = argv[i];
    if (a.starts_with("--sort")) {
      auto s = a.size() > 7 && a[6] == '=' ? std::optional<std::string>(a.substr(7)) : next(i);
      if (!s) return out.fail(1, ps_usage());
      sort = *s;
    } else if (a == "--no-headers" || a == "h") {
      headers = false;
    } else if (a == "-o" || a == "o" || a == "--format" || a == "-eo" || a == "-ao") {
      if (a == "-eo") all = true;
      auto list = next(i);
      if (!list) return out.fail(1, "error: list of output format specifiers must follow -o");
      for (size_t start = 0; start <= list->size();) {
        const size_t comma = list->find(',', start);
        fields.push_back(list->substr(start, comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    } else if (a == "-C" || a == "-p" || a == "-u" || a == "-U" || a == "p" || a == "U") {
      auto value = next(i);
      if (!value) return out.fail(1, ps_usage());
      all = true;
      if (a == "-C")
        by_comm = *value;
      else if (a == "-u" || a == "-U" || a == "U")
        by_user = *value;
      else if (auto pid = text::parse_uint(*value))
        by_pid.push_back(*pid);
      else
        return out.fail(1, "error: process ID list syntax error");
    } else if (a.starts_with("-")) {
      for (char c : a.substr(1)) {
        if (c == 'e' || c == 'A')
          all = true;
        else if (c == 'f' || c == 'F' || c == 'l')
          full = true;
        else if (c == 'a' || c == 'x' || c == 'w' || c == 'H')
          all = all || c != 'w';
        else if (c == 'u')
          user_format = all = true;
        else
          return out.fail(1, ps_usage());
      }
    } else {
      for (char c : a) {
        if (c == 'a' || c == 'x' || c == 'e')
          all = true;
        else if (c == 'u')
          user_format = true;
        else if (c != 'f' && c != 'w')
          return out.fail(1, ps_usage());
      }
    }
  }

  std::vector<ProcessRow> rows = process_table(v, text::join_words(argv));
  std::erase_if(rows, [&](const ProcessRow& r) {
    if (!by_comm.empty()) return r.comm != by_comm;
    if (!by_user.empty()) return r.user != by_user;
    if (!by_pid.empty()) return std::find(by_pid.begin(), by_pid.end(), r.pid) == by_pid.end();
    if (!all) return process_tty(r) != "pts/0";
    return false;
  });
  if (!sort.empty()) {
    const bool descending = sort[0] == '-';
    const std::string key =
        text::to_lower(sort[0] == '-' || sort[0] == '+' ? sort.substr(1) : sort);
    const auto value = [&](const ProcessRow& r) -> double {
      if (key == "%mem" || key == "pmem" || key == "rss") return r.rss_kb;
      if (key == "%cpu" || key == "pcpu") return lifetime_cpu_percent(v, r);
      if (key == "vsz") return r.vsz_kb;
      if (key == "time" || key == "cputime") return r.cpu_time.to_seconds();
      if (key == "start_time" || key == "start") return r.start.to_seconds();
      return r.pid;
    };
    std::stable_sort(rows.begin(), rows.end(), [&](const ProcessRow& a, const ProcessRow& b) {
      return descending ? value(a) > value(b) : value(a) < value(b);
    });
  }
  if (!by_pid.empty() || !by_comm.empty()) out.code = rows.empty() ? 1 : 0;

  if (fields.empty() && user_format) {
    if (headers) {
      out.out += "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n";
    }
    for (const ProcessRow& r : rows) {
      out.out += fmt::format(
          "{:<8} {:>7} {:>4.1f} {:>4.1f} {:>6} {:>5} {:<8} {:<4} {:>5} {:>6} {}\n",
          short_user(r.user), r.pid, lifetime_cpu_percent(v, r), mem_percent(v, r),
          static_cast<uint64_t>(r.vsz_kb), static_cast<uint64_t>(r.rss_kb), process_tty(r), r.stat,
          text::ps_start(v.clock, r.start, v.now), text::ps_cputime(r.cpu_time), r.command);
    }
    return out;
  }
  if (fields.empty() && full) {
    if (headers) out.out += "UID          PID    PPID  C STIME TTY          TIME CMD\n";
    for (const ProcessRow& r : rows) {
      out.out += fmt::format("{:<8} {:>7} {:>7} {:>2} {:<5} {:<8} {:>8} {}\n", short_user(r.user),
                             r.pid, r.ppid, static_cast<int>(lifetime_cpu_percent(v, r)),
                             text::ps_start(v.clock, r.start, v.now), process_tty(r),
                             field_value(v, r, "time"), r.command);
    }
    return out;
  }
  if (fields.empty()) fields = {"pid", "tty", "time", "cmd"};
  std::vector<Field> parsed;
  for (const std::string& f : fields) {
    auto field = parse_field(f);
    if (!field) {
      return out.fail(1, fmt::format("error: unknown user-defined format specifier \"{}\"\n\n"
                                     "Usage:\n ps [options]",
                                     f));
    }
    parsed.push_back(*field);
  }
  if (parsed.size() == 4 && fields[3] == "cmd" && fields[0] == "pid") parsed[3].header = "CMD";
  std::vector<std::vector<std::string>> table;
  std::vector<bool> right;
  if (headers) {
    table.emplace_back();
    for (const Field& f : parsed) table.back().push_back(f.header);
  }
  for (const Field& f : parsed) right.push_back(right_aligned(f.name));
  for (const ProcessRow& r : rows) {
    table.emplace_back();
    for (const Field& f : parsed) table.back().push_back(field_value(v, r, f.name));
  }
  out.out += text::align_columns(table, right);
  return out;
}

constexpr Builtin kPsCommands[] = {
    {"ps", ps, "process list (aux, -ef, -eo FIELDS, --sort=-%mem, -C NAME)"},
};

}  // namespace

std::span<const Builtin> ps_commands() {
  return kPsCommands;
}

}  // namespace firedrill::console_detail
