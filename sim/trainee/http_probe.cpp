// [SECTION] index: pages · the web server (nginx, gunicorn) · the load balancer · dispatch.
#include "sim/trainee/http_probe.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "sim/core/random.h"

namespace firedrill {
namespace {

using Kind = HttpAnswer::Kind;

// [SECTION] pages -----------------------------------------------------------------------------

std::string nginx_page(int status) {
  const std::string title = fmt::format("{} {}", status, http_reason(status));
  return fmt::format(
      "<html>\r\n<head><title>{}</title></head>\r\n<body>\r\n<center><h1>{}</h1></center>\r\n"
      "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
      title, title);
}

HttpAnswer page(int status, std::string server, SimTime elapsed) {
  HttpAnswer a;
  a.status = status;
  a.server = std::move(server);
  a.elapsed = elapsed;
  if (status == 404) {
    a.content_type = "text/html; charset=utf-8";
    a.body =
        "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The "
        "requested URL was not found on the server. If you entered the URL manually please check "
        "your spelling and try again.</p>\n";
  } else if (status == 500) {
    a.content_type = "text/html; charset=utf-8";
    a.body =
        "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal "
        "Server Error</h1>\n<p>The server encountered an internal error and was unable to "
        "complete your request. Either the server is overloaded or there is an error in the "
        "application.</p>\n";
  } else if (status >= 500) {
    a.body = nginx_page(status);
  }
  return a;
}

HttpAnswer failure(Kind kind, SimTime elapsed) {
  HttpAnswer a;
  a.kind = kind;
  a.status = 0;
  a.elapsed = elapsed;
  return a;
}

// A draw of the console's own for a probe at this instant: never one of the model's streams.
double draw(const HostView& v, std::string_view what) {
  RandomStream rng(fnv1a64(v.name() + std::string(what)) ^
                   static_cast<uint64_t>(v.now.us()) * 0x9e3779b97f4a7c15ULL);
  return rng.uniform();
}

bool app_route(std::string_view path) {
  constexpr std::array<std::string_view, 8> kRoutes = {"/",       "/products", "/cart", "/login",
                                                       "/search", "/checkout", "/api/", "/account"};
  const std::string_view p = path.substr(0, path.find('?'));
  for (std::string_view r : kRoutes) {
    if (p == r || (r != "/" && p.starts_with(r))) return true;
  }
  return false;
}

// [SECTION] the web server ----------------------------------------------------------------------

// Why a connection to the web server's port gets no HTTP answer, if it does not.
enum class Refusal { kNone, kDown, kPort, kHung, kNoFds, kBacklogFull };

Refusal web_refusal(const WebServer& w, uint32_t port) {
  const Host& h = w.host();
  if (h.state() == ProcessState::kStopped || h.state() == ProcessState::kStarting) {
    return Refusal::kDown;
  }
  if (port != w.listen_port()) return Refusal::kPort;
  if (h.state() == ProcessState::kHung) return Refusal::kHung;
  if (!h.can_open_fds(w.open_connections(), 1)) return Refusal::kNoFds;
  if (w.busy_workers() >= w.config().workers && w.backlog() >= w.config().backlog) {
    return Refusal::kBacklogFull;
  }
  return Refusal::kNone;
}

// The app's answer to a request that got a worker (nginx in front, or gunicorn directly).
HttpAnswer app_answer(const HostView& v, const WebServer& w, const std::string& path,
                      std::string server) {
  const WebServer::Impairment& imp = w.impairment();
  const WebServerConfig& cfg = w.config();
  const Database& db = v.stack.db();
  const double query_ms = db.config().query_ms * db.query_time_factor();
  SimTime service = SimTime::from_millis(cfg.cpu_ms * imp.cpu_factor + cfg.queries * query_ms) +
                    imp.extra_latency;
  // Waiting for a worker behind the backlog.
  if (w.busy_workers() >= cfg.workers) {
    service += SimTime::from_millis((static_cast<double>(w.backlog()) + 1) *
                                    (cfg.cpu_ms + cfg.queries * query_ms) /
                                    std::max<uint32_t>(cfg.workers, 1));
  }
  const std::string route = path.substr(0, path.find('?'));
  if (route == w.health_path()) {
    HttpAnswer a = page(200, std::move(server), SimTime::millis(1) + imp.extra_latency);
    a.content_type = "text/plain; charset=utf-8";
    a.body = "ok";
    return a;
  }
  if (!app_route(route)) return page(404, std::move(server), service);
  if (w.host().disk_full()) return page(500, std::move(server), service);
  if (imp.error_rate > 0 && draw(v, "app-error/" + w.name()) < imp.error_rate) {
    return page(500, std::move(server), service);
  }
  const Host& db_host = db.host();
  if (db_host.state() == ProcessState::kStopped || db_host.state() == ProcessState::kStarting ||
      v.stack.links().partitioned(w.name(), db.name())) {
    return page(500, std::move(server), service);
  }
  if (w.pool_in_use() >= cfg.db_pool_size && w.pool_waiting() > 0) {
    // Waits for a pooled connection and gives up: the app's QueuePool timeout, then 500.
    return page(500, std::move(server), service + cfg.pool_wait_timeout);
  }
  HttpAnswer a = page(200, std::move(server), service);
  a.content_type = "text/html; charset=utf-8";
  a.body = "<!doctype html>\n<html lang=en>\n<title>Shop</title>\n<h1>Shop</h1>\n";
  return a;
}

HttpAnswer web_answer(const HostView& from, const HostView& to, const HttpTarget& t) {
  const WebServer& w = *to.web;
  const bool local = from.name() == to.name();
  if (t.port == 8000 && local) {
    // gunicorn, behind nginx: up while the service is; its accept queue is the backlog.
    if (!to.service_alive()) return failure(Kind::kRefused, SimTime());
    if (to.host.state() == ProcessState::kHung) return failure(Kind::kNoResponse, SimTime());
    return app_answer(from, w, t.path, "gunicorn");
  }
  if (t.port == 22) return failure(Kind::kEmptyReply, SimTime::millis(3));
  switch (web_refusal(w, t.port)) {
    case Refusal::kDown:
    case Refusal::kPort:
      return failure(Kind::kRefused, SimTime());
    case Refusal::kHung:
    case Refusal::kNoFds:
    case Refusal::kBacklogFull:
      return failure(Kind::kNoResponse, SimTime());
    case Refusal::kNone:
      break;
  }
  return app_answer(from, w, t.path, "nginx");
}

// [SECTION] the load balancer -------------------------------------------------------------------

HttpAnswer lb_answer(const HostView& from, const HostView& to, const HttpTarget& t) {
  LoadBalancer& lb = *to.lb;
  if (t.port == 22) return failure(Kind::kEmptyReply, SimTime::millis(3));
  if (!to.service_alive() || (t.port != 80 && t.port != 443)) {
    return failure(Kind::kRefused, SimTime());
  }
  if (to.host.state() == ProcessState::kHung) return failure(Kind::kNoResponse, SimTime());
  if (!to.host.can_open_fds(lb.active_connections() * 2, 2)) {
    return failure(Kind::kNoResponse, SimTime());
  }
  if (t.https && !t.insecure && lb.certificate_expiry() <= from.now) {
    return failure(Kind::kCertificateExpired, SimTime::millis(4));
  }
  if (lb.active_connections() >= lb.config().max_connections) {
    return failure(Kind::kReset, SimTime::millis(1));
  }
  std::vector<size_t> usable;
  for (size_t i = 0; i < lb.backends().size() && i < to.stack.web_count(); ++i) {
    if (lb.backends()[i].in_rotation && lb.backends()[i].healthy) usable.push_back(i);
  }
  if (usable.empty()) return page(503, "nginx", SimTime::millis(1));
  const size_t pick =
      usable[static_cast<size_t>(draw(from, "lb-pick") * static_cast<double>(usable.size()))];
  const WebServer& w = to.stack.web(pick);
  if (to.stack.links().partitioned(to.name(), w.name())) {
    return page(504, "nginx", SimTime::seconds(3));  // proxy_connect_timeout
  }
  if (w.listen_port() != lb.upstream_port()) return page(502, "nginx", SimTime::millis(1));
  switch (web_refusal(w, lb.upstream_port())) {
    case Refusal::kDown:
    case Refusal::kPort:
    case Refusal::kNoFds:
    case Refusal::kBacklogFull:
      return page(502, "nginx", SimTime::millis(1));
    case Refusal::kHung: {
      const SimTime timeout = lb.config().proxy_timeout;
      if (timeout.us() == 0) return failure(Kind::kNoResponse, SimTime());
      return page(504, "nginx", timeout);
    }
    case Refusal::kNone:
      break;
  }
  HttpAnswer a = app_answer(from, w, t.path, "nginx");
  const SimTime timeout = lb.config().proxy_timeout;
  if (timeout.us() > 0 && a.elapsed > timeout) return page(504, "nginx", timeout);
  if (a.status >= 502) a = page(a.status, "nginx", a.elapsed);
  a.server = "nginx";
  return a;
}

}  // namespace

// [SECTION] dispatch ----------------------------------------------------------------------------

std::string_view http_reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 301:
      return "Moved Permanently";
    case 404:
      return "Not Found";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Temporarily Unavailable";
    case 504:
      return "Gateway Time-out";
    default:
      return "Unknown";
  }
}

HttpAnswer probe_http(const HostView& from, const HttpTarget& t) {
  Host* host = from.stack.host(t.host);
  HostView to(from.stack, from.logs, *host);
  SimTime network;
  if (t.host != from.name()) {
    const NetworkLinks& links = from.stack.links();
    if (links.partitioned(from.name(), t.host)) {
      // SYNs vanish: Linux gives up on connect() after its retries (~2 min).
      return failure(Kind::kConnectTimeout, SimTime::millis(129'530));
    }
    if (const double loss = links.loss(from.name(), t.host); loss > 0) {
      RandomStream rng(fnv1a64("probe/" + t.host) ^ static_cast<uint64_t>(from.now.us()));
      network = NetworkLinks::retransmission_delay(loss, rng, SimTime::seconds(127));
      if (network >= SimTime::seconds(127)) return failure(Kind::kConnectTimeout, network);
    }
    network += SimTime::micros(380);
  }
  HttpAnswer a;
  if (to.lb != nullptr) {
    a = lb_answer(from, to, t);
  } else if (to.web != nullptr) {
    a = web_answer(from, to, t);
  } else {
    const uint32_t service_port = to.db != nullptr ? 5432 : to.cache != nullptr ? 6379 : 0;
    if (t.port == 22 || (t.port == service_port && to.service_alive())) {
      a = failure(Kind::kEmptyReply, SimTime::millis(2));
    } else {
      a = failure(Kind::kRefused, SimTime());
    }
  }
  a.elapsed += network;
  return a;
}

}  // namespace firedrill
