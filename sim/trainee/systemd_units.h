// Private to the console's systemd commands (systemctl, journalctl): the units a host has —
// its service (live), the web host's companion app unit, and a few system units that are
// scenery — how a name a trainee types resolves to one, and the unit's state as systemd 252
// reports it. Not part of the API.
#pragma once

#include <string>
#include <string_view>

#include "sim/observe/log_formats_system.h"
#include "sim/trainee/host_view.h"

namespace firedrill::console_detail {

struct Scenery {
  std::string_view unit, description, command;
};
// The system units every host runs since boot.
extern const Scenery kSceneryUnits[4];

enum class UnitKind { kNone, kService, kCompanion, kScenery };
struct Unit {
  UnitKind kind = UnitKind::kNone;
  std::string name;  // "nginx.service"
  std::string description;
  const Scenery* scenery_entry = nullptr;
};

// "nginx" -> "nginx.service"; names with a suffix stay as they are.
std::string with_suffix(std::string_view name);
// The app's unit on a web host whose stack service is nginx (or nginx when it is the app).
ServiceInfo companion_of(const HostView& v);
// What a unit name typed on this host means ("postgresql" is the cluster's unit).
Unit resolve_unit(const HostView& v, std::string_view arg);

// (ACTIVE, SUB) as systemctl list-units prints them, the Result for the Active line, and
// since when the unit is in that state.
struct UnitState {
  std::string active, sub, result;
  SimTime since;
};
UnitState unit_state(const HostView& v, const Unit& u);

// "●", "○" or "×" for the first line of systemctl status.
std::string_view glyph(const UnitState& s);
// "     Loaded: loaded (/lib/systemd/system/nginx.service; enabled; preset: enabled)\n"
std::string loaded_line(const Unit& u);
// The unit's Docs= lines, or nothing.
std::string docs_line(const Unit& u);

}  // namespace firedrill::console_detail
