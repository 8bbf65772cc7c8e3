// curl 7.88 (Debian 12): -I, -i, -v, -s/-S, -f, -k, -L, -o /dev/null, -w '%{http_code}',
// -m/--max-time, --connect-timeout, -H/-X/-d accepted. The answer comes from HttpProbe.
// Nothing in the console can be interrupted, so a request that would hang stops after 30 s
// (as if run with -m 30) unless a shorter -m is given.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "sim/trainee/console_internal.h"
#include "sim/trainee/http_probe.h"
#include "sim/trainee/text_util.h"

namespace firedrill::console_detail {
namespace {

constexpr double kDefaultMaxTime = 30.0;

struct CurlOptions {
  bool head = false, include = false, verbose = false, silent = false, show_error = false;
  bool fail = false, insecure = false, discard = false;
  std::string write_out, output, url;
  std::optional<double> max_time, connect_timeout;
};

std::optional<HttpTarget> resolve(const HostView& v, const std::string& url, std::string* error) {
  HttpTarget t;
  std::string rest = url;
  if (const size_t scheme = rest.find("://"); scheme != std::string::npos) {
    const std::string s = text::to_lower(rest.substr(0, scheme));
    if (s != "http" && s != "https") {
      *error = fmt::format("curl: (1) Protocol \"{}\" not supported or disabled in libcurl", s);
      return std::nullopt;
    }
    t.https = s == "https";
    rest = rest.substr(scheme + 3);
  }
  const size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  t.path = slash == std::string::npos ? "/" : rest.substr(slash);
  t.port = t.https ? 443 : 80;
  if (const size_t colon = authority.rfind(':');
      colon != std::string::npos && authority.find(']') == std::string::npos) {
    const auto port = text::parse_uint(authority.substr(colon + 1));
    if (!port || *port > 65535) {
      *error = "curl: (3) URL using bad/illegal format or missing URL";
      return std::nullopt;
    }
    t.port = static_cast<uint32_t>(*port);
    authority = authority.substr(0, colon);
  }
  t.shown_host = authority;
  if (authority == "localhost" || authority == "127.0.0.1" || authority == "[::1]" ||
      authority == v.name()) {
    t.host = v.name();
    t.ip = authority == "[::1]" ? "::1" : "127.0.0.1";
    if (authority == v.name()) t.ip = v.ip();
    return t;
  }
  if (authority == v.logs.config().site) {
    t.host = v.stack.lb().host().name();
    t.ip = host_ip(v.logs, t.host);
    return t;
  }
  for (const auto& h : v.stack.hosts()) {
    const std::string ip = host_ip(v.logs, h->name());
    if (authority == h->name() || authority == ip) {
      t.host = h->name();
      t.ip = ip;
      return t;
    }
  }
  *error = fmt::format("curl: (6) Could not resolve host: {}", authority);
  return std::nullopt;
}

std::string expand_write_out(std::string format, int status, const HttpTarget* t, double seconds,
                             bool http2) {
  const auto replace = [&](std::string_view key, const std::string& value) {
    for (size_t at = format.find(key); at != std::string::npos;
         at = format.find(key, at + value.size())) {
      format.replace(at, key.size(), value);
    }
  };
  replace("%{http_code}", fmt::format("{:03}", status));
  replace("%{response_code}", fmt::format("{:03}", status));
  replace("%{time_total}", fmt::format("{:.6f}", seconds));
  replace("%{http_version}", http2 ? "2" : "1.1");
  replace("%{remote_ip}", t != nullptr ? t->ip : "");
  replace("\\n", "\n");
  replace("\\t", "\t");
  return format;
}

std::string header_block(const HostView& v, const HttpAnswer& a, bool http2) {
  std::vector<std::pair<std::string, std::string>> h = {
      {"Server", a.server},
      {"Date", text::http_date(v.clock, v.now)},
      {"Content-Type", a.content_type},
      {"Content-Length", std::to_string(a.body.size())},
  };
  if (!http2) h.emplace_back("Connection", a.server == "gunicorn" ? "close" : "keep-alive");
  std::string out = http2 ? fmt::format("HTTP/2 {} \n", a.status)
                          : fmt::format("HTTP/1.1 {} {}\n", a.status, http_reason(a.status));
  for (auto& [k, value] : h) out += fmt::format("{}: {}\n", http2 ? text::to_lower(k) : k, value);
  return out + "\n";
}

Output curl(CommandContext& ctx, const Args& argv) {
  Output out;
  const HostView& v = ctx.view;
  out.touched.topic = "http";
  CurlOptions o;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    const auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= argv.size()) return std::nullopt;
      return argv[++i];
    };
    if (a == "-m" || a == "--max-time" || a == "--connect-timeout") {
      const auto s = value();
      const double secs = s ? std::strtod(s->c_str(), nullptr) : 0;
      if (!s || secs <= 0)
        return out.fail(2, "curl: option " + a + ": expected a proper numerical parameter");
      (a == "--connect-timeout" ? o.connect_timeout : o.max_time) = secs;
    } else if (a == "-w" || a == "--write-out") {
      o.write_out = value().value_or("");
    } else if (a == "-o" || a == "--output") {
      o.output = value().value_or("");
      o.discard = true;
    } else if (a == "-H" || a == "--header" || a == "-X" || a == "--request" || a == "-d" ||
               a == "--data" || a == "-A" || a == "--user-agent" || a == "-u" || a == "--resolve") {
      if (!value()) return out.fail(2, fmt::format("curl: option {}: requires parameter", a));
    } else if (a.starts_with("--")) {
      if (a == "--head")
        o.head = true;
      else if (a == "--include")
        o.include = true;
      else if (a == "--verbose")
        o.verbose = true;
      else if (a == "--silent")
        o.silent = true;
      else if (a == "--show-error")
        o.show_error = true;
      else if (a == "--fail")
        o.fail = true;
      else if (a == "--insecure")
        o.insecure = true;
      else if (a != "--location" && a != "--compressed" && a != "--no-progress-meter") {
        return out.fail(2, fmt::format("curl: option {}: is unknown\ncurl: try 'curl --help' or "
                                       "'curl --manual' for more information",
                                       a));
      }
    } else if (a.starts_with("-") && a.size() > 1) {
      for (char c : a.substr(1)) {
        switch (c) {
          case 'I':
            o.head = true;
            break;
          case 'i':
            o.include = true;
            break;
          case 'v':
            o.verbose = true;
            break;
          case 's':
            o.silent = true;
            break;
          case 'S':
            o.show_error = true;
            break;
          case 'f':
            o.fail = true;
            break;
          case 'k':
            o.insecure = true;
            break;
          case 'L':
            break;
          default:
            return out.fail(2, fmt::format("curl: option -{}: is unknown\ncurl: try 'curl --help' "
                                           "or 'curl --manual' for more information",
                                           c));
        }
      }
    } else {
      o.url = a;
    }
  }
  if (o.url.empty()) {
    return out.fail(2,
                    "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for "
                    "more information");
  }
  const bool errors_shown = !o.silent || o.show_error;
  std::string error;
  const std::optional<HttpTarget> target = resolve(v, o.url, &error);
  if (!target) {
    out.code = error.starts_with("curl: (6)") ? 6 : error.starts_with("curl: (1)") ? 1 : 3;
    if (errors_shown) out.err = error + "\n";
    if (!o.write_out.empty()) out.out += expand_write_out(o.write_out, 0, nullptr, 0, false);
    return out;
  }
  HttpTarget t = *target;
  t.insecure = o.insecure;
  out.touched.component = t.host;
  const HttpAnswer a = probe_http(v, t);

  // Time limits: -m caps everything, --connect-timeout the connection; the console caps at 30 s.
  const double max_time = std::min(o.max_time.value_or(kDefaultMaxTime), kDefaultMaxTime);
  const double connect_limit = std::min(max_time, o.connect_timeout.value_or(max_time));
  const double took = a.elapsed.to_seconds();
  const auto ms = [](double s) { return static_cast<int64_t>(std::llround(s * 1000.0)); };
  using Kind = HttpAnswer::Kind;
  std::string message;
  int code = 0;
  double spent = took;
  const bool http2 = t.https;
  if (a.kind == Kind::kConnectTimeout && took > connect_limit) {
    code = 28;
    spent = connect_limit;
    message =
        fmt::format("curl: (28) Connection timed out after {} milliseconds", ms(connect_limit) + 1);
  } else if (a.kind == Kind::kConnectTimeout) {
    code = 28;
    message =
        fmt::format("curl: (28) Failed to connect to {} port {} after {} ms: Connection timed out",
                    t.shown_host, t.port, ms(took));
  } else if (a.kind == Kind::kNoResponse || (a.kind == Kind::kResponse && took > max_time)) {
    code = 28;
    spent = max_time;
    message =
        fmt::format("curl: (28) Operation timed out after {} milliseconds with 0 bytes received",
                    ms(max_time) + 1);
  } else if (a.kind == Kind::kRefused) {
    code = 7;
    message =
        fmt::format("curl: (7) Failed to connect to {} port {} after {} ms: Connection refused",
                    t.shown_host, t.port, ms(took));
  } else if (a.kind == Kind::kReset) {
    code = 56;
    message = "curl: (56) Recv failure: Connection reset by peer";
  } else if (a.kind == Kind::kEmptyReply) {
    code = 52;
    message = "curl: (52) Empty reply from server";
  } else if (a.kind == Kind::kCertificateExpired) {
    code = 60;
    message =
        "curl: (60) SSL certificate problem: certificate has expired\nMore details here: "
        "https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server "
        "and therefore could not\nestablish a secure connection to it. To learn more about this "
        "situation and\nhow to fix it, please visit the web page mentioned above.";
  }

  if (o.verbose) {
    out.err += fmt::format("*   Trying {}:{}...\n", t.ip, t.port);
    if (code == 0 || code == 52 || code == 56 || (code == 28 && a.kind != Kind::kConnectTimeout)) {
      out.err += fmt::format("* Connected to {} ({}) port {} (#0)\n", t.shown_host, t.ip, t.port);
      out.err +=
          fmt::format("> {} {} HTTP/{}\n> Host: {}\n> User-Agent: curl/7.88.1\n> Accept: */*\n>\n",
                      o.head ? "HEAD" : "GET", t.path, http2 ? "2" : "1.1", t.shown_host);
    }
  }
  if (code != 0) {
    out.code = code;
    if (errors_shown) out.err += message + "\n";
    if (!o.write_out.empty()) out.out += expand_write_out(o.write_out, 0, &t, spent, http2);
    return out;
  }
  if (o.fail && a.status >= 400) {
    out.code = 22;
    if (errors_shown)
      out.err += fmt::format("curl: (22) The requested URL returned error: {}\n", a.status);
    if (!o.write_out.empty()) out.out += expand_write_out(o.write_out, a.status, &t, spent, http2);
    return out;
  }
  const std::string headers = header_block(v, a, http2);
  if (o.verbose) {
    for (std::string_view line : text::split_lines(headers))
      out.err += "< " + std::string(line) + "\n";
    out.err += fmt::format("* Connection #0 to host {} left intact\n", t.shown_host);
  }
  std::string document;
  if (o.head || o.include) document += headers;
  if (!o.head) document += a.body;
  if (o.discard && o.output != "/dev/null" && o.output != "-") {
    out.code = 23;
    if (errors_shown) {
      out.err += fmt::format(
          "Warning: Failed to open the file {}: Read-only file system\ncurl: (23) "
          "Failure writing output to destination\n",
          o.output);
    }
    return out;
  }
  if (o.discard && o.output == "/dev/null") {
    if (!o.silent) {
      const size_t n = document.size();
      out.err += fmt::format(
          "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
          "                                 Dload  Upload   Total   Spent    Left  Speed\n"
          "100 {:>5}  100 {:>5}    0     0  {:>5}      0 --:--:-- --:--:-- --:--:-- {:>5}\n",
          n, n, static_cast<uint64_t>(static_cast<double>(n) / std::max(took, 0.001)),
          static_cast<uint64_t>(static_cast<double>(n) / std::max(took, 0.001)));
    }
    document.clear();
  }
  out.out += document;
  if (!o.write_out.empty()) out.out += expand_write_out(o.write_out, a.status, &t, took, http2);
  return out;
}

constexpr Builtin kCurlCommands[] = {
    {"curl", curl, "HTTP request: curl -I localhost/health, -v, -s -o /dev/null -w '%{http_code}'"},
};

}  // namespace

std::span<const Builtin> curl_commands() {
  return kCurlCommands;
}

}  // namespace firedrill::console_detail
