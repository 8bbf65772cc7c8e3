#include "sim/engine/actions.h"

#include <fmt/format.h>
#include <charconv>

namespace firedrill {

namespace {

ActionResult refused(std::string message) {
  return {false, std::move(message)};
}
ActionResult done(std::string message) {
  return {true, std::move(message)};
}

std::string host_names(WebStack& stack, const char* role) {
  std::string names;
  for (const auto& h : stack.hosts()) {
    if (std::string_view(role) != "any" && h->role() != role) continue;
    if (!names.empty()) names += ", ";
    names += h->name();
  }
  return names;
}

int web_index(WebStack& stack, const std::string& name) {
  for (size_t i = 0; i < stack.web_count(); ++i)
    if (stack.web(i).name() == name) return static_cast<int>(i);
  return -1;
}

}  // namespace

const std::vector<ActionInfo>& action_catalog() {
  static const std::vector<ActionInfo> catalog = {
      {"restart_service", "any", {}, "systemctl restart the host's service", true},
      {"stop_service", "any", {}, "systemctl stop the host's service", true},
      {"start_service", "any", {}, "systemctl start the host's service", false},
      {"reboot_host", "any", {}, "reboot the machine (the service comes back after boot)", true},
      {"rollback", "web", {}, "deploy the previous app version on a web server", true},
      {"deploy", "web", {"version"}, "deploy an app version on a web server", true},
      {"drain", "web", {}, "take a web server out of the load balancer's rotation", true},
      {"undrain", "web", {}, "put a web server back into the load balancer's rotation", false},
      {"free_disk",
       "any",
       {},
       "rotate and compress logs, delete old files (gb=N, default 10)",
       false},
      {"set_config", "any", {"key", "value"}, "change a config value and reload the service", true},
      {"flush_cache", "cache", {}, "empty the cache (every lookup misses until it warms)", true},
      {"warm_cache", "cache", {}, "preload the hot keys (hit ratio back to normal)", false},
      {"kill_queries", "db", {}, "terminate the running queries (pg_terminate_backend)", true},
  };
  return catalog;
}

ActionResult perform_action(WebStack& stack, const ActionRequest& req) {
  const ActionInfo* info = nullptr;
  for (const ActionInfo& a : action_catalog())
    if (a.name == req.action) info = &a;
  if (!info) {
    std::string valid;
    for (const ActionInfo& a : action_catalog()) valid += (valid.empty() ? "" : ", ") + a.name;
    return refused(fmt::format("unknown action '{}'; valid actions: {}", req.action, valid));
  }
  for (const std::string& p : info->params)
    if (!req.params.count(p))
      return refused(fmt::format("{}: missing parameter '{}'", req.action, p));

  Host* host = nullptr;
  if (info->target != "none") {
    host = stack.host(req.target);
    if (!host || (info->target != "any" && host->role() != info->target))
      return refused(fmt::format("{}: no {} host '{}'; valid: {}", req.action,
                                 info->target == "any" ? "" : info->target, req.target,
                                 host_names(stack, info->target.c_str())));
  }
  const std::string& a = req.action;
  const std::string& service = host->spec().service;

  if (a == "restart_service") {
    host->restart();
    return done(fmt::format("{}: {} restarting", host->name(), service));
  }
  if (a == "stop_service") {
    host->stop();
    return done(fmt::format("{}: {} stopped", host->name(), service));
  }
  if (a == "start_service") {
    if (host->state() == ProcessState::kRunning)
      return done(fmt::format("{}: {} already running", host->name(), service));
    host->start();
    return done(fmt::format("{}: {} starting", host->name(), service));
  }
  if (a == "reboot_host") {
    host->reboot();
    return done(fmt::format("{}: rebooting", host->name()));
  }
  if (a == "rollback") {
    if (host->previous_version().empty())
      return refused(fmt::format("{}: nothing to roll back to (only {} was ever deployed)",
                                 host->name(), host->app_version()));
    const std::string from = host->app_version();
    host->deploy(host->previous_version());
    host->restart();
    return done(fmt::format("{}: rolled back {} -> {}", host->name(), from, host->app_version()));
  }
  if (a == "deploy") {
    const std::string& version = req.params.at("version");
    if (version.empty()) return refused("deploy: version must not be empty");
    const std::string from = host->app_version();
    host->deploy(version);
    host->restart();
    return done(fmt::format("{}: deployed {} -> {}", host->name(), from, version));
  }
  if (a == "drain" || a == "undrain") {
    const int k = web_index(stack, host->name());
    stack.lb().set_in_rotation(static_cast<size_t>(k), a == "undrain");
    return done(
        fmt::format("lb: {} {}", host->name(), a == "drain" ? "drained" : "back in rotation"));
  }
  if (a == "free_disk") {
    double gb = 10;
    if (auto it = req.params.find("gb"); it != req.params.end()) {
      auto [end, ec] =
          std::from_chars(it->second.data(), it->second.data() + it->second.size(), gb);
      if (ec != std::errc() || end != it->second.data() + it->second.size() || gb <= 0)
        return refused(
            fmt::format("free_disk: gb must be a positive number, got '{}'", it->second));
    }
    const double before = host->disk_used_gb();
    const double floor = host->spec().base_disk_gb;  // the OS and the data stay
    const double freed = std::max(0.0, std::min(gb, before - floor));
    host->add_disk_usage(-freed);
    return done(fmt::format("{}: freed {:.1f} GB ({:.0f}% used)", host->name(), freed,
                            100.0 * host->disk_used_gb() / host->disk_total_gb()));
  }
  if (a == "set_config") {
    if (auto error = host->set_config(req.params.at("key"), req.params.at("value")))
      return refused(*error);
    return done(fmt::format("{}: {} = {} (reloaded)", host->name(), req.params.at("key"),
                            req.params.at("value")));
  }
  if (a == "flush_cache" || a == "warm_cache") {
    if (!stack.cache()) return refused("this stack has no cache");
    stack.cache()->set_hit_ratio(a == "flush_cache" ? 0.0 : stack.cache()->config().hit_ratio);
    return done(fmt::format("cache: {}", a == "flush_cache" ? "flushed" : "warmed"));
  }
  if (a == "kill_queries") {
    Database* db = host == &stack.db().host() ? &stack.db() : stack.replica();
    const uint32_t n = db->kill_running_queries();
    return done(fmt::format("{}: terminated {} queries", host->name(), n));
  }
  return refused("unhandled action " + a);  // the catalog and this function disagree
}

}  // namespace firedrill
