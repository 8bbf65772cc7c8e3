// The network from a host: ss (-s summary; -t/-l/-n/-p/-a sockets) from the components'
// live connections and listening ports, and ping across the stack's links (partitions and
// packet loss show as they would).
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "sim/core/random.h"
#include "sim/trainee/console_internal.h"
#include "sim/trainee/db_activity.h"
#include "sim/trainee/text_util.h"

namespace firedrill::console_detail {
namespace {

struct Socket {
  std::string state;  // "LISTEN", "ESTAB"
  uint32_t recv_q = 0, send_q = 0;
  std::string local_addr, local_port, peer_addr, peer_port;
  std::string process;  // users:(("nginx",pid=1234,fd=6))
  bool ipv6 = false;
};

uint16_t ephemeral(const HostView& v, std::string_view what, uint32_t k) {
  return static_cast<uint16_t>(32768 + (fnv1a64(v.name() + std::string(what)) + k * 7919) % 28000);
}

std::string users(std::string_view comm, uint32_t pid, uint32_t fd) {
  return fmt::format("users:((\"{}\",pid={},fd={}))", comm, pid, fd);
}

// Listening sockets of the host's live processes.
std::vector<Socket> listening(const HostView& v) {
  std::vector<Socket> out;
  const uint32_t sshd = 760 + static_cast<uint32_t>(fnv1a64(v.name() + "sshd") % 9);
  const auto listen = [&](std::string addr, uint32_t port, uint32_t backlog, uint32_t queued,
                          std::string process, bool v6 = false) {
    out.push_back({"LISTEN", queued, backlog, std::move(addr), std::to_string(port),
                   v6 ? "[::]" : "0.0.0.0", "*", std::move(process), v6});
  };
  listen("0.0.0.0", 22, 128, 0, users("sshd", sshd, 3));
  listen("[::]", 22, 128, 0, users("sshd", sshd, 4), true);
  if (!v.service_alive()) return out;
  const uint32_t pid = v.host.pid();
  if (v.web != nullptr) {
    const uint32_t port = v.web->listen_port();
    // With no descriptor left, nginx cannot accept(): the kernel's accept queue fills.
    const bool no_fds = !v.host.can_open_fds(v.web->open_connections(), 1);
    listen("0.0.0.0", port, 511, no_fds ? 511 : 0, users("nginx", pid + 1, 6));
    listen("[::]", port, 511, 0, users("nginx", pid + 1, 7), true);
    const uint32_t gunicorn = 800 + static_cast<uint32_t>(fnv1a64(v.name() + "companion") % 40);
    listen("127.0.0.1", 8000, v.web->config().backlog, static_cast<uint32_t>(v.web->backlog()),
           users("gunicorn", gunicorn, 5));
  } else if (v.lb != nullptr) {
    for (uint32_t port : {80u, 443u}) {
      listen("0.0.0.0", port, 511, 0, users("nginx", pid + 1, port == 80 ? 6 : 8));
      listen("[::]", port, 511, 0, users("nginx", pid + 1, port == 80 ? 7 : 9), true);
    }
  } else if (v.db != nullptr) {
    listen("0.0.0.0", 5432, 244, 0, users("postgres", pid, 6));
    listen("[::]", 5432, 244, 0, users("postgres", pid, 7), true);
  } else if (v.cache != nullptr) {
    listen("0.0.0.0", 6379, 511, 0, users("redis-server", pid, 6));
  }
  std::sort(out.begin(), out.end(),
            [](const Socket& a, const Socket& b) { return a.ipv6 < b.ipv6; });
  return out;
}

// Established TCP connections: the trainee's ssh session and the component's connections.
std::vector<Socket> established(const HostView& v) {
  std::vector<Socket> out;
  const auto estab = [&](std::string local, uint32_t lport, std::string peer, uint32_t pport,
                         std::string process) {
    out.push_back({"ESTAB", 0, 0, std::move(local), std::to_string(lport), std::move(peer),
                   std::to_string(pport), std::move(process), false});
  };
  const std::string ip = v.ip();
  estab(ip, 22, "198.51.100.23", ephemeral(v, "ssh", 0), users("sshd", 41'000, 4));
  if (!v.service_alive()) return out;
  const uint32_t pid = v.host.pid();
  if (v.web != nullptr) {
    const std::string lb_ip = host_ip(v.logs, v.stack.lb().host().name());
    const uint32_t clients = v.web->busy_workers() + static_cast<uint32_t>(v.web->backlog());
    for (uint32_t k = 0; k < clients; ++k) {
      estab(ip, v.web->listen_port(), lb_ip, ephemeral(v, "lb", k),
            users("nginx", pid + 1 + k % v.service_workers(), 10 + k));
    }
    const std::string db_ip = host_ip(v.logs, v.stack.db().name());
    for (uint32_t k = 0; k < v.web->pool_open(); ++k) {
      estab(ip, ephemeral(v, "pool", k), db_ip, 5432, users("gunicorn", 801 + k % 4, 12 + k));
    }
  } else if (v.lb != nullptr) {
    const uint32_t active = v.lb->active_connections();
    for (uint32_t k = 0; k < active; ++k) {
      estab(ip, 443, fmt::format("203.0.113.{}", 1 + (fnv1a64(v.name()) + k * 37) % 254),
            ephemeral(v, "client", k), users("nginx", pid + 1 + k % v.service_workers(), 10 + k));
    }
  } else if (v.db != nullptr) {
    for (const DbSession& s : db_sessions(v)) {
      if (s.client_addr.empty()) continue;
      estab(ip, 5432, s.client_addr, static_cast<uint32_t>(s.client_port),
            users("postgres", s.pid, 9));
    }
  }
  return out;
}

std::string socket_table(const std::vector<Socket>& sockets, bool with_state, bool processes) {
  size_t wl = 0, wlp = 0, wp = 0, wpp = 0;
  for (const Socket& s : sockets) {
    wl = std::max(wl, s.local_addr.size());
    wlp = std::max(wlp, s.local_port.size());
    wp = std::max(wp, s.peer_addr.size());
    wpp = std::max(wpp, s.peer_port.size());
  }
  const size_t local_w = std::max<size_t>(wl + 1 + wlp, 18),
               peer_w = std::max<size_t>(wp + 1 + wpp, 17);
  std::string out =
      fmt::format("{}Recv-Q Send-Q {:>{}} {:>{}}{}\n", with_state ? "State  " : "",
                  "Local Address:Port", local_w, "Peer Address:Port", peer_w, "Process");
  for (const Socket& s : sockets) {
    const std::string local =
        fmt::format("{:>{}}:{:<{}}", s.local_addr, local_w - wlp - 1, s.local_port, wlp);
    const std::string peer =
        fmt::format("{:>{}}:{:<{}}", s.peer_addr, peer_w - wpp - 1, s.peer_port, wpp);
    std::string line = with_state ? fmt::format("{:<6} ", s.state) : std::string();
    line += fmt::format("{:<6} {:<6} {} {} {}", s.recv_q, s.send_q, local, peer,
                        processes ? s.process : std::string());
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

Output ss(CommandContext& ctx, const Args& argv) {
  Output out;
  const HostView& v = ctx.view;
  out.touched.component = v.name();
  out.touched.topic = "network";
  bool summary = false, listen = false, all = false, processes = false;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (!a.starts_with("-")) continue;  // filters such as "state established" are not modelled
    for (char c : a.substr(1)) {
      if (c == 's')
        summary = true;
      else if (c == 'l')
        listen = true;
      else if (c == 'a')
        all = true;
      else if (c == 'p')
        processes = true;
      else if (c != 't' && c != 'n' && c != 'u' && c != '4' && c != '6' && c != 'e' && c != 'i') {
        return out.fail(255, fmt::format("ss: invalid option -- '{}'\nUsage: ss [ OPTIONS ]", c));
      }
    }
  }
  const std::vector<Socket> lsn = listening(v);
  const std::vector<Socket> est = established(v);
  if (summary) {
    // TIME-WAIT sockets: a few seconds' worth of closed connections (keepalive keeps most open).
    double rate = 0;
    if (v.web != nullptr) rate = v.metric("requests") * 0.2;
    if (v.lb != nullptr) rate = v.metric("requests") * 0.5;
    if (v.db != nullptr) rate = 0.1;
    const auto timewait = static_cast<uint32_t>(std::lround(rate * 6));
    uint32_t v6 = 0;
    for (const Socket& s : lsn) v6 += s.ipv6 ? 1 : 0;
    const auto tcp = static_cast<uint32_t>(lsn.size() + est.size());
    out.out = fmt::format(
        "Total: {}\n"
        "TCP:   {} (estab {}, closed {}, orphaned 0, timewait {})\n\n"
        "Transport Total     IP        IPv6\n"
        "RAW\t  {:<9} {:<9} {:<9}\n"
        "UDP\t  {:<9} {:<9} {:<9}\n"
        "TCP\t  {:<9} {:<9} {:<9}\n"
        "INET\t  {:<9} {:<9} {:<9}\n"
        "FRAG\t  {:<9} {:<9} {:<9}\n",
        tcp + 142, tcp + timewait, est.size(), timewait, timewait, 1, 0, 1, 4, 2, 2, tcp, tcp - v6,
        v6, tcp + 5, tcp - v6 + 2, v6 + 3, 0, 0, 0);
    return out;
  }
  std::vector<Socket> shown;
  if (listen || all) shown.insert(shown.end(), lsn.begin(), lsn.end());
  if (!listen || all) shown.insert(shown.end(), est.begin(), est.end());
  out.out = socket_table(shown, true, processes);
  return out;
}

// --- ping
// -----------------------------------------------------------------------------------------

Output ping(CommandContext& ctx, const Args& argv) {
  Output out;
  const HostView& v = ctx.view;
  out.touched.topic = "network";
  uint64_t count = 4;
  std::string target;
  for (size_t i = 1; i < argv.size(); ++i) {
    if (argv[i] == "-c" && i + 1 < argv.size()) {
      count = std::clamp<uint64_t>(text::parse_uint(argv[++i]).value_or(4), 1, 100);
    } else if (argv[i].starts_with("-c") && argv[i].size() > 2) {
      count = std::clamp<uint64_t>(text::parse_uint(argv[i].substr(2)).value_or(4), 1, 100);
    } else if (!argv[i].starts_with("-")) {
      target = argv[i];
    }
  }
  if (target.empty()) return out.fail(1, "ping: usage error: Destination address required");
  std::string name, ip;
  if (target == "localhost" || target == "127.0.0.1") {
    name = v.name();
    ip = "127.0.0.1";
  }
  for (const auto& h : v.stack.hosts()) {
    if (target == h->name() || target == host_ip(v.logs, h->name())) {
      name = h->name();
      ip = host_ip(v.logs, name);
    }
  }
  if (name.empty()) {
    return out.fail(2, fmt::format("ping: {}: Name or service not known", target));
  }
  out.touched.component = name;
  const bool cut = name != v.name() && v.stack.links().partitioned(v.name(), name);
  const double loss = name != v.name() ? v.stack.links().loss(v.name(), name) : 0.0;
  RandomStream rng(fnv1a64("ping/" + v.name() + "/" + name) ^ static_cast<uint64_t>(v.now.us()));
  out.out = fmt::format("PING {} ({}) 56(84) bytes of data.\n", target, ip);
  std::vector<double> rtts;
  for (uint64_t seq = 1; seq <= count; ++seq) {
    if (cut || rng.bernoulli(loss)) continue;
    const double rtt = name == v.name() ? 0.03 + 0.02 * rng.uniform() : 0.28 + 0.25 * rng.uniform();
    rtts.push_back(rtt);
    out.out += fmt::format("64 bytes from {} ({}): icmp_seq={} ttl=64 time={:.3f} ms\n", target, ip,
                           seq, rtt);
  }
  const uint64_t received = rtts.size();
  out.out += fmt::format(
      "\n--- {} ping statistics ---\n{} packets transmitted, {} received, {}% "
      "packet loss, time {}ms\n",
      target, count, received, (count - received) * 100 / count,
      (count - 1) * 1000 + 3 + rng.below(60));
  if (received > 0) {
    double lo = rtts[0], hi = rtts[0], sum = 0, sq = 0;
    for (double r : rtts) {
      lo = std::min(lo, r);
      hi = std::max(hi, r);
      sum += r;
      sq += r * r;
    }
    const double avg = sum / static_cast<double>(received);
    const double mdev = std::sqrt(std::max(0.0, sq / static_cast<double>(received) - avg * avg));
    out.out +=
        fmt::format("rtt min/avg/max/mdev = {:.3f}/{:.3f}/{:.3f}/{:.3f} ms\n", lo, avg, hi, mdev);
  }
  out.code = received > 0 ? 0 : 1;
  return out;
}

constexpr Builtin kNetCommands[] = {
    {"ss", ss, "sockets: -s summary, -tlnp listening ports, -tnp connections"},
    {"ping", ping, "reachability of another host (-c N)"},
};

}  // namespace

std::span<const Builtin> net_commands() {
  return kNetCommands;
}

}  // namespace firedrill::console_detail
