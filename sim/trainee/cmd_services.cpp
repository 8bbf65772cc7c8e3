// systemctl as systemd 252 on Debian 12 prints it: status (the Active line with its Result, Main
// PID, Tasks, Memory, CPU, CGroup and the unit's last journal lines), is-active, is-failed,
// is-enabled, list-units / --failed. restart, stop and start print nothing and ask the engine
// for the change (RequestedAction); reload changes nothing here (config changes apply when
// made).
#include <algorithm>

#include <fmt/format.h>

#include "sim/trainee/console_internal.h"
#include "sim/trainee/journal_view.h"
#include "sim/trainee/process_table.h"
#include "sim/trainee/systemd_units.h"
#include "sim/trainee/text_util.h"

namespace firedrill::console_detail {
namespace {

// --- status ------------------------------------------------------------------

std::string cgroup_lines(const std::vector<const ProcessRow*>& procs) {
  size_t width = 0;
  for (const ProcessRow* p : procs) width = std::max(width, std::to_string(p->pid).size());
  std::string out;
  for (size_t i = 0; i < procs.size(); ++i) {
    const ProcessRow& p = *procs[i];
    const bool retitled = p.command.find(": ") != std::string::npos;
    out += fmt::format("             {}{:>{}} {}\n", i + 1 == procs.size() ? "└─" : "├─", p.pid,
                       width, retitled ? "\"" + p.command + "\"" : p.command);
  }
  return out;
}

std::string status_of(const HostView& v, const Unit& u, size_t journal_lines) {
  const UnitState st = unit_state(v, u);
  std::string out = fmt::format("{} {} - {}\n", glyph(st), u.name, u.description);
  out += loaded_line(u);
  // "active (running)", "activating (auto-restart)", "inactive (dead)", but just "failed".
  std::string active = st.active == "failed" ? st.active : st.active + " (" + st.sub + ")";
  if (!st.result.empty()) active += " (Result: " + st.result + ")";
  out += fmt::format("     Active: {} since {}; {} ago\n", active,
                     text::systemd_timestamp(v.clock, st.since),
                     text::systemd_relative(v.now - st.since));
  const bool down = st.active == "inactive" || st.active == "failed" || st.sub == "auto-restart";
  if (down && u.kind != UnitKind::kScenery) {
    out += fmt::format("   Duration: {}\n",
                       text::systemd_timespan(st.since - std::min(st.since, v.process_start())));
  }
  out += docs_line(u);

  // The unit's processes.
  const std::vector<ProcessRow> table = process_table(v, "systemctl");
  std::vector<const ProcessRow*> procs;
  const std::string comm = u.kind == UnitKind::kCompanion ? companion_of(v).comm
                           : u.kind == UnitKind::kScenery ? std::string(u.scenery_entry->command)
                                                          : v.unit().comm;
  for (const ProcessRow& p : table) {
    const bool mine = u.kind == UnitKind::kScenery
                          ? p.command == comm || p.command.starts_with(comm)
                          : p.comm == comm && p.ppid != 2;
    if (mine) procs.push_back(&p);
  }
  double rss = 0;
  SimTime cpu;
  for (const ProcessRow* p : procs) {
    rss += p->rss_kb * 1024.0;
    cpu += p->cpu_time;
  }
  const uint32_t main = procs.empty() ? v.host.pid() : procs.front()->pid;
  if (st.sub == "auto-restart" || st.active == "failed") {
    out += fmt::format("   Main PID: {} (code=killed, signal={})\n", v.host.pid(),
                       st.result == "oom-kill" ? "KILL" : "SEGV");
  } else if (st.active == "inactive") {
    out += fmt::format("   Main PID: {} (code=exited, status=0/SUCCESS)\n", v.host.pid());
  } else if (!procs.empty()) {
    out += fmt::format("   Main PID: {} ({})\n", main, procs.front()->comm);
  }
  if (!procs.empty()) {
    out += fmt::format("      Tasks: {} (limit: {})\n", procs.size(),
                       static_cast<uint64_t>(v.host.memory_total_mb() * 1.146));
    out += fmt::format("     Memory: {}\n", text::systemd_bytes(rss));
  }
  if (u.kind != UnitKind::kScenery && !procs.empty()) {
    out += fmt::format("        CPU: {}\n", text::systemd_timespan(cpu));
  }
  if (!procs.empty()) {
    out += fmt::format("     CGroup: /system.slice/{}\n", u.name);
    out += cgroup_lines(procs);
  }
  if (journal_lines > 0 && u.kind != UnitKind::kScenery) {
    const std::vector<JournalEntry> entries = journal_entries(v, u.name, false);
    if (!entries.empty()) out += "\n";
    const size_t first = entries.size() > journal_lines ? entries.size() - journal_lines : 0;
    for (size_t i = first; i < entries.size(); ++i) out += entries[i].line + "\n";
  }
  return out;
}

// --- verbs -------------------------------------------------------------------

Output list_units(const HostView& v, bool failed_only) {
  Output out;
  std::vector<std::vector<std::string>> rows = {{"  UNIT", "LOAD", "ACTIVE", "SUB", "DESCRIPTION"}};
  std::vector<Unit> units;
  for (const Scenery& s : kSceneryUnits) units.push_back(resolve_unit(v, s.unit));
  units.push_back(resolve_unit(v, v.unit().unit));
  if (v.web != nullptr) units.push_back(resolve_unit(v, companion_of(v).unit));
  std::sort(units.begin(), units.end(),
            [](const Unit& a, const Unit& b) { return a.name < b.name; });
  size_t listed = 0;
  for (const Unit& u : units) {
    const UnitState st = unit_state(v, u);
    if (failed_only && st.active != "failed") continue;
    rows.push_back({(st.active == "failed" ? "● " : "  ") + u.name, "loaded", st.active, st.sub,
                    u.description});
    ++listed;
  }
  if (listed > 0) out.out += text::align_columns(rows, {});
  out.out += fmt::format(
      "{}LOAD   = Reflects whether the unit definition was properly loaded.\n"
      "ACTIVE = The high-level unit activation state, i.e. generalization of SUB.\n"
      "SUB    = The low-level unit activation state, values depend on unit type.\n"
      "{} loaded units listed.\n",
      listed > 0 ? "\n" : "", listed);
  return out;
}

Output systemctl(CommandContext& ctx, const Args& argv) {
  Output out;
  const HostView& v = ctx.view;
  out.touched.component = v.name();
  out.touched.topic = "service";
  std::string verb;
  std::vector<std::string> names;
  size_t lines = 10;
  bool failed = false;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "-n" || a == "--lines") {
      if (i + 1 < argv.size()) lines = text::parse_uint(argv[++i]).value_or(10);
    } else if (a.starts_with("--lines=")) {
      lines = text::parse_uint(a.substr(8)).value_or(10);
    } else if (a == "--failed" || a == "--state=failed") {
      failed = true;
    } else if (a.starts_with("-")) {
      continue;  // --no-pager, -l, --full, -q, --type=service: no effect on this output
    } else if (verb.empty()) {
      verb = a;
    } else {
      names.push_back(a);
    }
  }
  if (verb.empty() || verb == "list-units") return list_units(v, failed);
  if (verb == "daemon-reload") return out;
  const bool needs_unit = verb == "status" || verb == "restart" || verb == "stop" ||
                          verb == "start" || verb == "reload" || verb == "is-active" ||
                          verb == "is-failed" || verb == "is-enabled" || verb == "try-restart" ||
                          verb == "reload-or-restart";
  if (!needs_unit) return out.fail(1, fmt::format("Unknown command verb {}.", verb));
  if (names.empty()) {
    if (verb == "status") return list_units(v, false);
    return out.fail(1, fmt::format("Too few arguments."));
  }
  for (const std::string& name : names) {
    const Unit u = resolve_unit(v, name);
    if (u.kind == UnitKind::kService || u.kind == UnitKind::kCompanion) {
      out.touched.service = v.host.spec().service;
    }
    if (u.kind == UnitKind::kNone) {
      if (verb == "status") {
        out.fail(4, fmt::format("Unit {} could not be found.", u.name));
      } else if (verb == "is-active" || verb == "is-failed") {
        out.out += "inactive\n";
        out.code = verb == "is-active" ? 3 : 1;
      } else {
        const std::string what = verb == "is-enabled" ? "get unit file state for" : verb;
        out.fail(verb == "is-enabled" ? 1 : 5,
                 fmt::format("Failed to {} {}: Unit {} not found.", what, u.name, u.name));
      }
      continue;
    }
    const UnitState st = unit_state(v, u);
    if (verb == "status") {
      if (!out.out.empty()) out.out += "\n";
      out.out += status_of(v, u, lines);
      if (st.active != "active" && out.code == 0) out.code = 3;
    } else if (verb == "is-active") {
      out.out += st.active + "\n";
      if (st.active != "active") out.code = 3;
    } else if (verb == "is-failed") {
      out.out += st.active + "\n";
      if (st.active != "failed") out.code = 1;
    } else if (verb == "is-enabled") {
      out.out += u.name.starts_with("postgresql@") ? "enabled-runtime\n" : "enabled\n";
    } else if (u.kind != UnitKind::kScenery && !out.action) {
      // restart / stop / start / reload: systemctl prints nothing on success; the engine does it.
      const bool running = v.host.state() == ProcessState::kRunning ||
                           v.host.state() == ProcessState::kHung ||
                           v.host.state() == ProcessState::kStarting;
      std::string action;
      if (verb == "restart" || verb == "reload-or-restart") action = "restart_service";
      if (verb == "try-restart" && running) action = "restart_service";
      if (verb == "start" && !running) action = "start_service";
      if (verb == "stop" && !(st.active == "inactive")) action = "stop_service";
      if (verb == "reload" && !running) {
        out.fail(1, fmt::format("{} is not active, cannot reload.", u.name));
      }
      // reload: config changes already take effect when made (the set_config action).
      if (!action.empty()) {
        out.action = RequestedAction{action, v.name(), v.host.spec().service, {}};
      }
    }
  }
  return out;
}

constexpr Builtin kServicesCommands[] = {
    {"systemctl", systemctl, "services: status|restart|stop|start|is-active UNIT, --failed"},
};

}  // namespace

std::span<const Builtin> service_commands() {
  return kServicesCommands;
}

}  // namespace firedrill::console_detail
