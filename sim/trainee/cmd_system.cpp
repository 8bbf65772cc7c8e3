// The machine at a glance: uptime, free, df, ulimit, date, hostname, nproc, uname, whoami, id —
// procps, coreutils and bash output, computed from the host's live resources.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "sim/trainee/console_internal.h"
#include "sim/trainee/text_util.h"

namespace firedrill::console_detail {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

void touch(Output& out, const HostView& v, std::string_view topic) {
  out.touched.component = v.name();
  out.touched.topic = std::string(topic);
}

std::string invalid_option(std::string_view tool, std::string_view arg) {
  const std::string_view letter = arg.substr(arg.starts_with("--") ? 2 : 1);
  if (arg.starts_with("--")) {
    return fmt::format("{}: unrecognized option '{}'\nTry '{} --help' for more information.", tool,
                       arg, tool);
  }
  return fmt::format("{}: invalid option -- '{}'\nTry '{} --help' for more information.", tool,
                     letter.substr(0, 1), tool);
}

// --- uptime ---------------------------------------------------------------------------------

Output uptime(CommandContext& ctx, const Args& argv) {
  Output out;
  const HostView& v = ctx.view;
  touch(out, v, "cpu");
  const int64_t up_s = v.uptime().us() / 1'000'000;
  const int64_t days = up_s / 86400, hours = up_s / 3600 % 24, minutes = up_s / 60 % 60;
  const bool pretty = argv.size() > 1 && (argv[1] == "-p" || argv[1] == "--pretty");
  if (argv.size() > 1 && !pretty && argv[1] != "-s" && argv[1] != "--since") {
    return out.fail(1, invalid_option("uptime", argv[1]));
  }
  if (argv.size() > 1 && !pretty) {
    const LocalDateTime b = v.clock.local(v.boot_time());
    out.out = fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}\n", b.year, b.month, b.day, b.hour,
                          b.minute, b.second);
    return out;
  }
  if (pretty) {
    std::vector<std::string> parts;
    const auto add = [&](int64_t n, std::string_view unit) {
      if (n > 0) parts.push_back(fmt::format("{} {}{}", n, unit, n == 1 ? "" : "s"));
    };
    add(days / 7, "week");
    add(days % 7, "day");
    add(hours, "hour");
    add(minutes, "minute");
    std::string joined;
    for (const std::string& p : parts) joined += (joined.empty() ? "" : ", ") + p;
    out.out = "up " + joined + "\n";
    return out;
  }
  const LocalDateTime now = v.clock.local(v.now);
  std::string line = fmt::format(" {:02}:{:02}:{:02} up ", now.hour, now.minute, now.second);
  if (days > 0) line += fmt::format("{} day{}, ", days, days == 1 ? "" : "s");
  line +=
      hours > 0 ? fmt::format("{:2}:{:02}, ", hours, minutes) : fmt::format("{} min, ", minutes);
  line += fmt::format("{:2} user,  load average: {:.2f}, {:.2f}, {:.2f}\n", 1, v.load_average(60),
                      v.load_average(300), v.load_average(900));
  out.out = line;
  return out;
}

// --- free -----------------------------------------------------------------------------------

Output free_cmd(CommandContext& ctx, const Args& argv) {
  Output out;
  touch(out, ctx.view, "memory");
  char unit = 'k';
  bool totals = false;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "-b" || a == "--bytes")
      unit = 'b';
    else if (a == "-k" || a == "--kibi")
      unit = 'k';
    else if (a == "-m" || a == "--mebi")
      unit = 'm';
    else if (a == "-g" || a == "--gibi")
      unit = 'g';
    else if (a == "-h" || a == "--human")
      unit = 'h';
    else if (a == "-t" || a == "--total")
      totals = true;
    else if (a == "-w" || a == "--wide")
      continue;
    else
      return out.fail(1, fmt::format("free: invalid option -- '{}'\n\nUsage:\n free [options]",
                                     a.substr(a.find_first_not_of('-'), 1)));
  }
  const MemoryFigures m = ctx.view.memory();
  const auto cell = [&](double mib) -> std::string {
    switch (unit) {
      case 'b':
        return std::to_string(static_cast<uint64_t>(mib * 1048576.0));
      case 'm':
        return std::to_string(static_cast<uint64_t>(std::llround(mib)));
      case 'g':
        return std::to_string(static_cast<uint64_t>(mib / 1024.0));
      case 'h':
        return text::free_human(mib);
      default:
        return std::to_string(static_cast<uint64_t>(mib * 1024.0));
    }
  };
  out.out = fmt::format("{:<7}{:>13}{:>12}{:>12}{:>12}{:>12}{:>12}\n", "", "total", "used", "free",
                        "shared", "buff/cache", "available");
  out.out += fmt::format("{:<7}{:>13}{:>12}{:>12}{:>12}{:>12}{:>12}\n", "Mem:", cell(m.total),
                         cell(m.used), cell(m.free), cell(m.shared), cell(m.buff_cache),
                         cell(m.available));
  out.out += fmt::format("{:<7}{:>13}{:>12}{:>12}\n", "Swap:", cell(0), cell(0), cell(0));
  if (totals) {
    out.out += fmt::format("{:<7}{:>13}{:>12}{:>12}\n", "Total:", cell(m.total), cell(m.used),
                           cell(m.free));
  }
  return out;
}

// --- df -------------------------------------------------------------------------------------

struct Mount {
  std::string device, type, target;
  double size = 0, used = 0;  // bytes
};

std::vector<Mount> mounts(const HostView& v) {
  const double ram = v.host.memory_total_mb() * 1048576.0;
  const double disk = v.host.disk_total_gb() * kGiB;
  const double used = std::min(disk, v.host.disk_used_gb() * kGiB);
  return {
      {"udev", "devtmpfs", "/dev", ram * 0.485, 0},
      {"tmpfs", "tmpfs", "/run", ram * 0.097, 1.1 * 1048576.0},
      {"/dev/nvme0n1p1", "ext4", "/", disk, used},
      {"tmpfs", "tmpfs", "/dev/shm", ram * 0.485, 0},
      {"tmpfs", "tmpfs", "/run/lock", 5 * 1048576.0, 0},
      {"/dev/nvme0n1p15", "vfat", "/boot/efi", 124 * 1048576.0, 11.9 * 1048576.0},
      {"tmpfs", "tmpfs", "/run/user/0", ram * 0.097, 0},
  };
}

std::string use_percent(const Mount& m) {
  if (m.size <= 0) return "-";
  const double avail = std::max(0.0, m.size - m.used);
  if (m.used <= 0) return "0%";
  return fmt::format("{}%", static_cast<int>(std::ceil(m.used * 100.0 / (m.used + avail) - 1e-9)));
}

Output df(CommandContext& ctx, const Args& argv) {
  Output out;
  touch(out, ctx.view, "disk");
  bool human = false, types = false;
  std::vector<std::string> paths;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.starts_with("--") || !a.starts_with("-")) {
      if (a == "--human-readable")
        human = true;
      else if (a == "--print-type")
        types = true;
      else if (a.starts_with("--"))
        return out.fail(1, invalid_option("df", a));
      else
        paths.push_back(a);
      continue;
    }
    for (char c : a.substr(1)) {
      if (c == 'h' || c == 'H')
        human = true;
      else if (c == 'T')
        types = true;
      else if (c != 'l' && c != 'a' && c != 'x')
        return out.fail(1, invalid_option("df", "-" + std::string(1, c)));
    }
  }
  std::vector<Mount> shown = mounts(ctx.view);
  if (!paths.empty()) {
    std::vector<Mount> picked;
    for (const std::string& p : paths) {
      const std::string abs = absolute_path(ctx.cwd, p);
      if (file_type(ctx, abs) == FileType::kMissing) {
        out.fail(1, fmt::format("df: {}: No such file or directory", p));
        continue;
      }
      // The longest mount point that contains the path.
      const Mount* best = &shown[2];
      for (const Mount& m : shown) {
        const bool inside =
            abs == m.target || abs.starts_with(m.target == "/" ? "/" : m.target + "/");
        if (inside && m.target.size() > best->target.size()) best = &m;
      }
      picked.push_back(*best);
    }
    shown = picked;
    if (shown.empty()) return out;
  }
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> right;
  // coreutils' minimum widths: 14 for the device, 5 for human sizes.
  std::vector<std::string> header = {"Filesystem    "};
  if (types) header.push_back("Type");
  if (human) {
    header.insert(header.end(), {" Size", " Used", "Avail", "Use%", "Mounted on"});
  } else {
    header.insert(header.end(), {"1K-blocks", "Used", "Available", "Use%", "Mounted on"});
  }
  rows.push_back(header);
  right = {false};
  if (types) right.push_back(false);
  right.insert(right.end(), {true, true, true, true, false});
  for (const Mount& m : shown) {
    const double avail = std::max(0.0, m.size - m.used);
    const auto num = [&](double bytes) {
      return human ? text::human_size(bytes)
                   : std::to_string(static_cast<uint64_t>(std::ceil(bytes / 1024.0 - 1e-9)));
    };
    std::vector<std::string> row = {m.device};
    if (types) row.push_back(m.type);
    row.insert(row.end(), {num(m.size), num(m.used), num(avail), use_percent(m), m.target});
    rows.push_back(row);
  }
  out.out += text::align_columns(rows, right);
  return out;
}

// --- ulimit ---------------------------------------------------------------------------------

Output ulimit(CommandContext& ctx, const Args& argv) {
  Output out;
  touch(out, ctx.view, "fds");
  const std::string nofile = std::to_string(ctx.view.host.fd_limit());
  if (argv.size() == 1) {
    out.out = "unlimited\n";
    return out;
  }
  const std::string& a = argv[1];
  if (a == "-a") {
    out.out = fmt::format(
        "real-time non-blocking time  (microseconds, -R) unlimited\n"
        "core file size              (blocks, -c) 0\n"
        "data seg size               (kbytes, -d) unlimited\n"
        "scheduling priority                 (-e) 0\n"
        "file size                   (blocks, -f) unlimited\n"
        "pending signals                     (-i) 31529\n"
        "max locked memory           (kbytes, -l) 8192\n"
        "max memory size             (kbytes, -m) unlimited\n"
        "open files                          (-n) {}\n"
        "pipe size                (512 bytes, -p) 8\n"
        "POSIX message queues         (bytes, -q) 819200\n"
        "real-time priority                  (-r) 0\n"
        "stack size                  (kbytes, -s) 8192\n"
        "cpu time                   (seconds, -t) unlimited\n"
        "max user processes                  (-u) 31529\n"
        "virtual memory              (kbytes, -v) unlimited\n"
        "file locks                          (-x) unlimited\n",
        nofile);
    return out;
  }
  if (a == "-n" || a == "-Sn" || a == "-Hn" || a == "-nS" || a == "-nH") {
    if (argv.size() > 2) {
      // Sets the shell's own limit only; the running service keeps its own (LimitNOFILE).
      if (!text::parse_uint(argv[2]) && argv[2] != "unlimited") {
        return out.fail(1, fmt::format("bash: ulimit: {}: invalid number", argv[2]));
      }
      return out;
    }
    out.out = nofile + "\n";
    return out;
  }
  return out.fail(2, fmt::format("bash: ulimit: {}: invalid option\nulimit: usage: ulimit "
                                 "[-SHabcdefiklmnpqrstuvxPRT] [limit]",
                                 a));
}

// --- small ones -----------------------------------------------------------------------------

Output date(CommandContext& ctx, const Args& argv) {
  Output out;
  const bool utc = argv.size() > 1 && (argv[1] == "-u" || argv[1] == "--utc");
  if (utc) {
    out.out = text::utc_date_output(ctx.view.clock, ctx.view.now) + "\n";
    return out;
  }
  out.out = text::date_output(ctx.view.clock, ctx.view.now) + "\n";
  return out;
}

Output hostname(CommandContext& ctx, const Args& argv) {
  Output out;
  if (argv.size() > 1 && (argv[1] == "-I" || argv[1] == "-i")) {
    out.out = ctx.view.ip() + (argv[1] == "-I" ? " \n" : "\n");
  } else {
    out.out = ctx.view.name() + "\n";
  }
  return out;
}

Output nproc(CommandContext& ctx, const Args&) {
  Output out;
  touch(out, ctx.view, "cpu");
  out.out = fmt::format("{}\n", ctx.view.host.cpu_cores());
  return out;
}

Output uname(CommandContext& ctx, const Args& argv) {
  Output out;
  if (argv.size() > 1 && argv[1] == "-a") {
    out.out = fmt::format(
        "Linux {} 6.1.0-18-cloud-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 "
        "(2024-02-01) x86_64 GNU/Linux\n",
        ctx.view.name());
  } else if (argv.size() > 1 && argv[1] == "-r") {
    out.out = "6.1.0-18-cloud-amd64\n";
  } else {
    out.out = "Linux\n";
  }
  return out;
}

Output whoami(CommandContext&, const Args&) {
  return Output{"root\n", {}, 0, {}, {}};
}

Output id(CommandContext&, const Args&) {
  return Output{"uid=0(root) gid=0(root) groups=0(root)\n", {}, 0, {}, {}};
}

constexpr Builtin kSystemCommands[] = {
    {"uptime", uptime, "how long the host has been up, and its load averages"},
    {"free", free_cmd, "memory use (-m MiB, -h human)"},
    {"df", df, "disk space per filesystem (-h human)"},
    {"ulimit", ulimit, "resource limits (-n open files of the service)"},
    {"date", date, "the host's local time"},
    {"hostname", hostname, "the host's name (-I its address)"},
    {"nproc", nproc, "number of CPUs"},
    {"uname", uname, "kernel version (-a)"},
    {"whoami", whoami, "the current user"},
    {"id", id, "the current user's ids"},
};

}  // namespace

std::span<const Builtin> system_commands() {
  return kSystemCommands;
}

}  // namespace firedrill::console_detail
