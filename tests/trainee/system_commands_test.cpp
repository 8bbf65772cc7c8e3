// uptime, free, df, ulimit, top, ps, date: procps/coreutils output from the live hosts.
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include <catch2/catch.hpp>

#include "console_test_util.h"

using namespace firedrill;
using namespace firedrill::testing;

TEST_CASE("console: uptime prints the local time, days up and three load averages", "[console]") {
  ConsoleFixture f;
  f.run_for(SimTime::seconds(23 * 60 + 7));  // 14:03:07 local
  const std::string out = f.out("web-1", "uptime");
  INFO(out);
  CHECK(std::regex_match(
      out,
      std::regex(
          R"( 14:03:07 up \d+ days?, +\d+:\d\d,  1 user,  load average: \d+\.\d\d, \d+\.\d\d, \d+\.\d\d\n)")));
}

TEST_CASE("console: uptime agrees with the kernel's clock in kern.log", "[console]") {
  ConsoleFixture f;
  f.stack.web(0).host().set_memory_leak(600);
  f.run_for(SimTime::seconds(305));  // the OOM kill at 300 s writes kernel lines
  const std::string kern = f.out("web-1", "grep -m1 'invoked oom-killer' /var/log/kern.log");
  std::smatch m;
  REQUIRE(std::regex_search(kern, m, std::regex(R"(kernel: \[ *(\d+)\.(\d{6})\])")));
  const SimTime stamp =
      SimTime::seconds(std::stoll(m[1].str())) + SimTime::micros(std::stoll(m[2].str()));
  // The kernel booted `stamp` before the kill: uptime -s must name that very second.
  const LocalDateTime boot = console_clock().local(SimTime::seconds(300) - stamp);
  CHECK(f.out("web-1", "uptime -s") == fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}\n",
                                                   boot.year, boot.month, boot.day, boot.hour,
                                                   boot.minute, boot.second));
  const std::string up = f.out("web-1", "uptime");
  CHECK(contains(up, fmt::format(" up {} day", (stamp.us() / 1'000'000 + 5) / 86400)));
  // dmesg shows the kernel's stamps as they are.
  CHECK(contains(f.out("web-1", "dmesg | grep oom-killer"),
                 "[" + m[1].str() + "." + m[2].str() + "]"));
}

TEST_CASE("console: free -m shows the host's memory growing with a leak", "[console]") {
  ConsoleFixture f;
  const auto used = [&] {
    const std::string line = line_with(f.out("web-1", "free -m"), "Mem:");
    std::istringstream in(line.substr(4));
    long total = 0, used_mb = 0;
    in >> total >> used_mb;
    return std::pair{total, used_mb};
  };
  const std::string header = lines_of(f.out("web-1", "free -m"))[0];
  CHECK(header ==
        "               total        used        free      shared  buff/cache   available");
  const auto before = used();
  CHECK(before.first == 3880);  // 4000 MB less what the kernel keeps
  f.stack.web(0).host().set_memory_leak(600);
  f.run_for(SimTime::seconds(120));
  const auto after = used();
  CHECK(after.second > before.second + 1000);
  CHECK(contains(f.out("web-1", "free -h"), "Gi"));
  CHECK(line_with(f.out("web-1", "free -m"), "Swap:") ==
        "Swap:              0           0           0");
}

TEST_CASE("console: df -h shows the root filesystem at 100% once the disk is full", "[console]") {
  ConsoleFixture f;
  const std::string before = f.out("db", "df -h");
  // coreutils' minimum widths (device 14, sizes 5), widened by /dev/nvme0n1p15.
  CHECK(lines_of(before)[0] == "Filesystem       Size  Used Avail Use% Mounted on");
  CHECK(line_with(before, "nvme0n1p1 ") == "/dev/nvme0n1p1   200G  120G   80G  60% /");
  CHECK(lines_of(f.out("db", "df -h /"))[0] == "Filesystem      Size  Used Avail Use% Mounted on");
  f.stack.host("db")->set_disk_fill_rate(10);  // 80 GB free: full in 8 minutes
  f.run_for(SimTime::minutes(9));
  const std::string root = line_with(f.out("db", "df -h /"), "/dev/nvme0n1p1");
  INFO(root);
  CHECK(contains(root, "100%"));
  CHECK(root == "/dev/nvme0n1p1  200G  200G     0 100% /");
  const CommandResult r = f.run("db", "df -h");
  CHECK(r.touched.topic == "disk");
  CHECK(r.touched.component == "db");
}

TEST_CASE("console: ulimit -n shows the service's configured open-files limit", "[console]") {
  ConsoleFixture f;
  CHECK(f.out("web-1", "ulimit -n") == "65536\n");
  REQUIRE_FALSE(f.stack.host("web-1")->set_config("nofile", "1024"));
  CHECK(f.out("web-1", "ulimit -n") == "1024\n");
  CHECK(contains(f.out("web-1", "ulimit -a"), "open files                          (-n) 1024"));
  CHECK(f.out("web-2", "ulimit -n") == "65536\n");
  const CommandResult r = f.run("web-1", "ulimit -n");
  CHECK(r.touched.topic == "fds");
}

TEST_CASE("console: top ranks a leaking nginx worker first by memory", "[console]") {
  ConsoleFixture f;
  f.stack.web(0).host().set_memory_leak(600);
  f.run_for(SimTime::seconds(200));
  const std::vector<std::string> lines = lines_of(f.out("web-1", "top -b -n 1 -o %MEM"));
  REQUIRE(lines.size() > 8);
  CHECK(lines[0].starts_with("top - 13:43:20 up "));
  CHECK(lines[1].starts_with("Tasks: "));
  CHECK(lines[2].starts_with("%Cpu(s): "));
  CHECK(lines[3].starts_with("MiB Mem :   3880.0 total,"));
  CHECK(lines[6] ==
        "    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND");
  CHECK(contains(lines[7], "www-data"));
  CHECK(lines[7].ends_with(" nginx"));
}

TEST_CASE("console: top shows the CPU hog as busy CPUs", "[console]") {
  ConsoleFixture f;
  f.run_for(SimTime::seconds(30));
  const auto idle = [&] {
    const std::string cpu = line_with(f.out("web-2", "top -b"), "%Cpu(s)");
    std::smatch m;
    std::regex_search(cpu, m, std::regex(R"(([\d.]+) id)"));
    return std::stod(m[1].str());
  };
  CHECK(idle() > 80);
  f.stack.web(1).host().set_cpu_hog(3.9);
  f.run_for(SimTime::seconds(30));
  CHECK(idle() < 10);
  CHECK(contains(f.out("web-2", "uptime"), "load average: "));
}

TEST_CASE("console: ps aux lists the service's processes, and none once it is stopped",
          "[console]") {
  ConsoleFixture f;
  f.run_for(SimTime::seconds(10));
  const std::string ps = f.out("web-1", "ps aux");
  CHECK(lines_of(ps)[0] ==
        "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND");
  const uint32_t pid = f.stack.web(0).host().pid();
  CHECK(contains(line_with(ps, "nginx: master process"), std::to_string(pid)));
  CHECK(contains(ps, "nginx: worker process"));
  CHECK(contains(ps, "gunicorn"));
  CHECK(f.out("web-1", "pgrep -f 'nginx: master'") == std::to_string(pid) + "\n");
  f.stack.web(0).host().stop();
  CHECK_FALSE(contains(f.out("web-1", "ps aux"), "nginx: worker process"));
  CHECK(f.run("web-1", "pidof nginx").exit_code == 1);
}

TEST_CASE("console: ps -eo picks columns and --sort orders them", "[console]") {
  ConsoleFixture f;
  const std::vector<std::string> lines =
      lines_of(f.out("db", "ps -eo pid,user,rss,comm --sort=-rss"));
  REQUIRE(lines.size() > 3);
  CHECK(std::regex_match(lines[0], std::regex(R"( *PID USER +RSS COMMAND)")));
  CHECK(contains(lines[1], "postgres"));
  CHECK(f.run("db", "ps -eo pid,bogus").exit_code == 1);
}

TEST_CASE("console: date prints the scenario's local time", "[console]") {
  ConsoleFixture f;
  f.run_for(SimTime::seconds(23 * 60 + 7));
  CHECK(f.out("lb", "date") == "Fri Feb 16 14:03:07 EST 2024\n");
  CHECK(f.out("lb", "date -u") == "Fri Feb 16 19:03:07 UTC 2024\n");
  CHECK(f.out("lb", "hostname") == "lb\n");
  CHECK(f.out("lb", "hostname -I") == "10.0.0.10 \n");
}

TEST_CASE("console: ps names the gunicorn whose workers write the app log", "[console]") {
  ConsoleFixture f;
  f.stack.web(0).impairment().error_rate = 0.5;  // the app logs its exceptions
  f.run_for(SimTime::seconds(20));
  const std::string log = f.out("web-1", "grep -m5 Exception /var/log/app/app.log");
  INFO(log);
  std::smatch m;
  REQUIRE(std::regex_search(log, m, std::regex(R"(\] \[(\d+)\] \[ERROR\])")));
  const uint32_t worker = static_cast<uint32_t>(std::stoul(m[1].str()));
  // The logging worker is a child of the gunicorn master ps shows, and ps lists it.
  const std::string ps = f.out("web-1", "ps -eo pid,ppid,comm");
  INFO(ps);
  bool listed = false;
  for (const std::string& line : lines_of(ps)) {
    std::istringstream in(line);
    uint32_t pid = 0, ppid = 0;
    std::string comm;
    if (!(in >> pid >> ppid >> comm) || pid != worker) continue;
    listed =
        comm == "gunicorn" && contains(line_with(ps, " " + std::to_string(ppid) + " "), "gunicorn");
  }
  CHECK(listed);
}
