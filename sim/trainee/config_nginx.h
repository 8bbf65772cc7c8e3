// Private to config_files.cpp: the nginx files of the load balancer and the web servers,
// rendered from the host's live config map. Not part of the API.
#pragma once

#include <string>

#include "sim/trainee/host_view.h"

namespace firedrill::config_detail {

// The host's config value for `key`, or `fallback` when the component never seeded it.
std::string config_value(const HostView& v, const std::string& key, std::string fallback);
// /etc/nginx/nginx.conf: worker_rlimit_nofile from `nofile`, worker_connections (the LB's
// max_connections; Debian's 768 on a web server).
std::string nginx_conf(const HostView& v);
// /etc/nginx/sites-enabled/default on the LB: the upstream block (drained servers `down`), its
// port, the health check, the proxy timeouts. REQUIRES: v.lb.
std::string lb_site(const HostView& v);
// The web server's site: listen port, health location, the app behind it. REQUIRES: v.web.
std::string web_site(const HostView& v);

}  // namespace firedrill::config_detail
