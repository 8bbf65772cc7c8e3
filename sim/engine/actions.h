// Actions: what a responder can do to the stack — restart, stop or start a service, reboot
// a host, roll back or deploy a version, drain or undrain a backend, free disk, change a
// config value, flush or warm the cache, kill the running queries. Each request is checked
// first (unknown action, host or parameter: a message that says what would have been
// valid) and then carried out at the current simulated moment. Whether it repairs the
// outage is the scenario's business; here it does what it would do to a real stack (a
// restart clears a leak for a while; rolling back a healthy version changes nothing).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/stack/web_stack.h"

namespace firedrill {

struct ActionRequest {
  std::string action;                         // "restart_service", "drain", ...
  std::string target;                         // a host name ("web-2", "db", "lb"), or "" where none
  std::map<std::string, std::string> params;  // action-specific, e.g. {"key","workers"}
};

struct ActionResult {
  bool ok = false;
  std::string message;  // what happened, as the tool would say it, or why it was refused
};

struct ActionInfo {
  std::string name;
  std::string target;               // which hosts it takes ("web", "any", "db", "none")
  std::vector<std::string> params;  // required parameters
  std::string what;                 // one line for help texts and the action palette
  bool destructive;                 // the dashboard asks for confirmation
};

// Every action, in a stable order.
const std::vector<ActionInfo>& action_catalog();

// Checks and carries out one action on the stack now.
ActionResult perform_action(WebStack& stack, const ActionRequest& request);

}  // namespace firedrill
