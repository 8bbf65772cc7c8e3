#include "sim/observe/log_formats_nginx.h"

#include <array>

#include <fmt/format.h>

namespace firedrill {
namespace {

// A shop's traffic: weights are relative frequencies; {} in a path takes a drawn number.
struct RequestTemplate {
  uint32_t weight;
  std::string_view method;
  std::string_view path;
  uint32_t id_range;  // the {} takes 1..id_range (0: no placeholder)
  bool from_site;     // referer is the shop's home page, else "-"
  uint32_t bytes;     // typical body size of a 200
  bool is_static() const { return path.substr(0, 8) == "/static/"; }
};
constexpr std::array<RequestTemplate, 10> kRequests = {{
    {14, "GET", "/", 0, false, 12840},
    {22, "GET", "/products/{}", 4800, true, 18422},
    {12, "GET", "/api/products?page={}", 40, true, 7861},
    {8, "GET", "/search?q=item{}", 900, true, 9350},
    {16, "GET", "/api/cart", 0, true, 1187},
    {7, "POST", "/api/cart/items", 0, true, 642},
    {3, "POST", "/checkout", 0, true, 2093},
    {5, "GET", "/account/orders", 0, true, 11064},
    {8, "GET", "/static/js/app.4f2a9c.js", 0, true, 184302},
    {5, "GET", "/static/css/main.8d1e3b.css", 0, true, 42117},
}};

constexpr std::array<std::string_view, 7> kUserAgents = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/121.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.2.1 Safari/605.1.15",
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/121.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:122.0) Gecko/20100101 Firefox/122.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
};

constexpr std::array<std::string_view, 3> kClientNets = {"203.0.113", "198.51.100", "192.0.2"};

// A user's stable identity bits (splitmix64 finaliser): IP and browser never change.
uint64_t user_hash(uint32_t user) {
  uint64_t z = user + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint32_t total_weight(bool dynamic_only) {
  uint32_t sum = 0;
  for (const auto& r : kRequests) sum += dynamic_only && r.is_static() ? 0 : r.weight;
  return sum;
}

}  // namespace

HttpRequestLine draw_http_request(RandomStream& rng, uint32_t user, bool dynamic_only) {
  uint64_t pick = rng.below(total_weight(dynamic_only));
  const RequestTemplate* t = &kRequests.front();
  for (const auto& r : kRequests) {
    const uint32_t weight = dynamic_only && r.is_static() ? 0 : r.weight;
    if (pick < weight) {
      t = &r;
      break;
    }
    pick -= weight;
  }
  HttpRequestLine line;
  line.method = t->method;
  if (t->id_range > 0) {
    line.path = fmt::format(fmt::runtime(t->path), 1 + rng.below(t->id_range));
  } else {
    line.path = std::string(t->path);
  }
  line.from_site = t->from_site;
  // Sizes vary by +-25% around the template's (pages differ, gzip ratios differ).
  const double scale = 0.75 + 0.5 * rng.uniform();
  line.body_bytes = static_cast<uint32_t>(static_cast<double>(t->bytes) * scale);
  const uint64_t h = user_hash(user);
  // Weighted towards the common browsers: the first entries are the most frequent.
  const uint64_t ua = (h >> 8) % 100;
  line.user_agent = kUserAgents[ua < 30   ? 0
                                : ua < 55 ? 1
                                : ua < 70 ? 2
                                : ua < 82 ? 3
                                : ua < 91 ? 4
                                : ua < 97 ? 5
                                          : 6];
  return line;
}

std::string client_ip(uint32_t user) {
  const uint64_t h = user_hash(user);
  return fmt::format("{}.{}", kClientNets[h % kClientNets.size()], 1 + (h >> 16) % 254);
}

int access_status(Outcome o) {
  switch (o) {
    case Outcome::kClientTimeout:
      return 499;
    case Outcome::kRefused:
      return 0;
    default:
      return http_status(o);
  }
}

uint32_t nginx_error_page_bytes(int status) {
  switch (status) {
    case 500:
      return 177;
    case 502:
      return 157;
    case 503:
      return 197;
    case 504:
      return 167;
    default:
      return 0;
  }
}

std::string nginx_access_line(const ScenarioClock& clock, SimTime at, const AccessFields& f) {
  const HttpRequestLine& r = *f.request;
  const int64_t ms = f.request_time.us() / 1000;  // nginx keeps milliseconds
  const std::string referer = r.from_site ? fmt::format("https://{}/", f.site) : std::string("-");
  return fmt::format("{} - - {} \"{} {} HTTP/1.1\" {} {} \"{}\" \"{}\" {}.{:03} {}", f.client,
                     clock.nginx_access_time(at), r.method, r.path, f.status, f.bytes, referer,
                     r.user_agent, ms / 1000, ms % 1000, f.upstream.empty() ? "-" : f.upstream);
}

std::string_view nginx_level_name(NginxLevel level) {
  switch (level) {
    case NginxLevel::kNotice:
      return "notice";
    case NginxLevel::kWarn:
      return "warn";
    case NginxLevel::kError:
      return "error";
    case NginxLevel::kCrit:
      return "crit";
    case NginxLevel::kAlert:
      return "alert";
  }
  return "error";
}

std::string nginx_error_line(const ScenarioClock& clock, SimTime at, NginxLevel level, uint32_t pid,
                             uint64_t connection, std::string_view message) {
  if (connection == 0) {
    return fmt::format("{} [{}] {}#{}: {}", clock.nginx_error_time(at), nginx_level_name(level),
                       pid, pid, message);
  }
  return fmt::format("{} [{}] {}#{}: *{} {}", clock.nginx_error_time(at), nginx_level_name(level),
                     pid, pid, connection, message);
}

std::string nginx_request_context(std::string_view client, std::string_view server,
                                  const HttpRequestLine& request, std::string_view upstream_url) {
  std::string out = fmt::format(", client: {}, server: {}, request: \"{} {} HTTP/1.1\"", client,
                                server, request.method, request.path);
  if (!upstream_url.empty()) out += fmt::format(", upstream: \"{}{}\"", upstream_url, request.path);
  out += fmt::format(", host: \"{}\"", server);
  return out;
}

NginxProxyError nginx_proxy_error(FailureReason reason, Outcome outcome) {
  using R = FailureReason;
  switch (reason) {
    case R::kBacklogFull:
    case R::kProcessDown:
    case R::kPortMismatch:
      return {NginxLevel::kError,
              "connect() failed (111: Connection refused) while connecting to upstream", true};
    case R::kConnectionReset:
      return {NginxLevel::kError,
              "recv() failed (104: Connection reset by peer) while reading response header from "
              "upstream",
              true};
    case R::kTooManyOpenFiles:
      // The backend's nginx could not take the connection and closed it.
      return {NginxLevel::kError,
              "upstream prematurely closed connection while reading response header from upstream",
              true};
    case R::kUpstreamTimeout:
      return {NginxLevel::kError,
              "upstream timed out (110: Connection timed out) while reading response header from "
              "upstream",
              true};
    case R::kConnectTimeout:
      return {NginxLevel::kError,
              "upstream timed out (110: Connection timed out) while connecting to upstream", true};
    case R::kNoHealthyUpstream:
      return {NginxLevel::kError, "no live upstreams while connecting to upstream", false};
    default:
      break;
  }
  // No reason given: the outcome alone decides, as the proxy would see it.
  switch (outcome) {
    case Outcome::kBadGateway:
      return {NginxLevel::kError,
              "upstream prematurely closed connection while reading response header from upstream",
              true};
    case Outcome::kUnavailable:
      return {NginxLevel::kError, "no live upstreams while connecting to upstream", false};
    case Outcome::kGatewayTimeout:
      return {NginxLevel::kError,
              "upstream timed out (110: Connection timed out) while reading response header from "
              "upstream",
              true};
    default:
      return {NginxLevel::kError, {}, true};  // an app's 500, a client that left: silent
  }
}

}  // namespace firedrill
