// A paused drill served on 127.0.0.1 at a port the system picks, and raw bytes sent to it, for
// the socket tests.
#pragma once

#include <httplib.h>
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "api_test_util.h"
#include "sim/api/http_server.h"

namespace firedrill::api::test {

struct Served {
  explicit Served(SessionConfig config = {}, HttpServerOptions options = {})
      : session(paused_session(std::move(config))), routes(single_session(*session), &stats) {
    options.bind = {"127.0.0.1", 0};
    options.event_clients = session->config().max_event_clients;
    options.close_streams = [s = session.get()] { s->events().close(); };
    server = std::make_unique<HttpServer>(routes, &stats, options);
    const std::string error = server->start();
    INFO(error);
    REQUIRE(error.empty());
  }
  ~Served() { server->stop(); }  // before the routes and the session it reaches

  httplib::Client client() const {
    httplib::Client c("127.0.0.1", server->port());
    c.set_connection_timeout(5);
    c.set_read_timeout(10);
    return c;
  }

  std::unique_ptr<Session> session;
  ApiStats stats;
  ApiRoutes routes;
  std::unique_ptr<HttpServer> server;
};

// Sends raw bytes on a fresh connection. With half_close the sending side is shut at once and
// whatever comes back until the server closes is returned (cpp-httplib may judge such a peer
// gone and not answer at all: for garbage that needs no answer). Without it, reads one
// response (headers and a Content-Length body). Bounded by 3 s timeouts.
inline std::string raw_exchange(int port, const std::string& bytes, bool half_close = true) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  timeval timeout{3, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
    ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);  // may stop early: the server may close
    if (half_close) ::shutdown(fd, SHUT_WR);
    char buf[4096];
    ssize_t n;
    while (out.size() < (1 << 20) && (n = ::recv(fd, buf, sizeof buf, 0)) > 0) {
      out.append(buf, static_cast<size_t>(n));
      if (half_close) continue;
      const size_t end = out.find("\r\n\r\n");
      if (end == std::string::npos) continue;
      size_t length = 0;
      const size_t at = out.find("Content-Length: ");
      if (at != std::string::npos && at < end) length = std::stoul(out.substr(at + 16));
      if (out.size() >= end + 4 + length) break;
    }
  }
  ::close(fd);
  return out;
}

}  // namespace firedrill::api::test
