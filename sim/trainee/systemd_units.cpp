#include "sim/trainee/systemd_units.h"

#include <fmt/format.h>

namespace firedrill::console_detail {

const Scenery kSceneryUnits[4] = {
    {"cron.service", "Regular background program processing daemon", "/usr/sbin/cron -f"},
    {"rsyslog.service", "System Logging Service", "/usr/sbin/rsyslogd -n -iNONE"},
    {"ssh.service", "OpenBSD Secure Shell server", "sshd: /usr/sbin/sshd -D"},
    {"systemd-journald.service", "Journal Service", "/lib/systemd/systemd-journald"},
};

std::string with_suffix(std::string_view name) {
  return name.find('.') == std::string_view::npos ? std::string(name) + ".service"
                                                  : std::string(name);
}

// The app's unit on a web host whose stack service is nginx (or nginx when it is the app).
ServiceInfo companion_of(const HostView& v) {
  return service_info(v.unit().comm == "gunicorn" ? "nginx" : "gunicorn");
}

Unit resolve_unit(const HostView& v, std::string_view arg) {
  const std::string unit = with_suffix(arg);
  const std::string& service = v.host.spec().service;
  if (arg == service || unit == v.unit().unit || service_info(arg).unit == v.unit().unit ||
      (v.unit().unit.starts_with("postgresql@") &&
       (arg == "postgresql" || unit == "postgresql.service"))) {
    return {UnitKind::kService, v.unit().unit, v.unit().description, nullptr};
  }
  if (v.web != nullptr) {
    const ServiceInfo c = companion_of(v);
    if (unit == c.unit || service_info(arg).unit == c.unit) {
      return {UnitKind::kCompanion, c.unit, c.description, nullptr};
    }
  }
  for (const Scenery& s : kSceneryUnits) {
    if (unit == s.unit || (arg == "sshd" && s.unit == "ssh.service")) {
      return {UnitKind::kScenery, std::string(s.unit), std::string(s.description), &s};
    }
  }
  return {UnitKind::kNone, unit, {}, nullptr};
}

UnitState unit_state(const HostView& v, const Unit& u) {
  if (u.kind == UnitKind::kScenery)
    return {"active", "running", "", v.boot_time() + SimTime::seconds(5)};
  const Host& h = v.host;
  switch (h.state()) {
    case ProcessState::kRunning:
    case ProcessState::kHung:  // systemd cannot tell a hung process from a busy one
    {
      // Active since its start completed: 180 ms after systemd started it at boot, or when
      // the restarted process came up.
      const SimTime start = v.process_start();
      const bool at_boot = start == v.boot_service_start();
      return {"active", "running", "",
              start + (at_boot ? SimTime::millis(180) : h.spec().startup_time)};
    }
    case ProcessState::kStarting:
      return {"activating", "start", "", h.state_since()};
    case ProcessState::kStopped:
      break;
  }
  const LastExit exit = v.last_exit();
  if (exit == LastExit::kOomKill || exit == LastExit::kSignal) {
    const std::string result = exit == LastExit::kOomKill ? "oom-kill" : "signal";
    if (v.now - h.state_since() <= h.spec().restart_delay) {
      return {"activating", "auto-restart", result, h.state_since()};
    }
    return {"failed", "failed", result, h.state_since()};
  }
  return {"inactive", "dead", "", h.state_since()};
}

std::string_view glyph(const UnitState& s) {
  if (s.active == "failed") return "×";
  if (s.active == "inactive") return "○";
  return "●";
}

std::string loaded_line(const Unit& u) {
  std::string path = "/lib/systemd/system/" + u.name;
  std::string enabled = "enabled";
  if (u.name.starts_with("postgresql@")) {
    path = "/lib/systemd/system/postgresql@.service";
    enabled = "enabled-runtime";
  } else if (u.name == "shop.service") {
    path = "/etc/systemd/system/shop.service";
  }
  return fmt::format("     Loaded: loaded ({}; {}; preset: enabled)\n", path, enabled);
}

std::string docs_line(const Unit& u) {
  if (u.name == "nginx.service") return "       Docs: man:nginx(8)\n";
  if (u.name.starts_with("postgresql@")) return "       Docs: man:pg_ctlcluster(8)\n";
  if (u.name == "redis-server.service") {
    return "       Docs: http://redis.io/documentation,\n             man:redis-server(1)\n";
  }
  if (u.name == "ssh.service") return "       Docs: man:sshd(8)\n             man:sshd_config(5)\n";
  if (u.name == "cron.service") return "       Docs: man:cron(8)\n";
  return {};
}

}  // namespace firedrill::console_detail
