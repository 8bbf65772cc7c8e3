// The configuration files of a simulated host, rendered from its live config map (the keys
// the component applies: upstream_port, health_path, nofile, db_pool_size...) as the real
// file would read on Debian 12: nginx.conf and sites-enabled/default on the load balancer and
// web servers, the app's environment file, postgresql.conf, limits.conf, /etc/hosts. A value
// changed through Host::set_config shows in the next `cat`. Pure functions of the HostView.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/trainee/host_view.h"

namespace firedrill {

// The config files this host has (absolute paths, sorted).
std::vector<std::string> config_file_paths(const HostView& v);
// The file's text, or nothing when the host has no such config file.
std::optional<std::string> render_config_file(const HostView& v, std::string_view path);

}  // namespace firedrill
