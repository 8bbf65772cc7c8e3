// Options and checks shared by the HTTP and workshop client tests: short polls, backoffs and
// timeouts, so that a test sees a change within a few hundred milliseconds.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "dashboard/client/http_client.h"
#include "dashboard/client/workshop_client.h"

namespace firedrill::dash::testing {

// Either client's options (they share these fields).
template <class Options>
Options fast_options(const std::string& url, const std::string& token,
                     std::chrono::milliseconds timeout) {
  using namespace std::chrono_literals;
  Options o;
  o.url = url;
  o.token = token;
  o.poll_every = 50ms;
  o.backoff_min = 50ms;
  o.backoff_max = 200ms;
  o.timeout = timeout;
  return o;
}

inline HttpClientOptions fast_http_options(const std::string& url, const std::string& token = "") {
  return fast_options<HttpClientOptions>(url, token, std::chrono::milliseconds(2000));
}

inline WorkshopClientOptions fast_workshop_options(const std::string& url,
                                                   const std::string& token) {
  return fast_options<WorkshopClientOptions>(url, token, std::chrono::milliseconds(3000));
}

inline bool is_live(const Snapshot& s) {
  return s.connection.state == ConnectionState::live;
}

// A server that hangs: a loopback socket that listens and never accepts. The kernel completes
// each connection into the backlog, so a request is sent and then waits for ever.
class SilentServer {
 public:
  SilentServer() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(fd_, 16) != 0 || ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
      return;
    port_ = ntohs(addr.sin_port);
  }
  ~SilentServer() {
    if (fd_ >= 0) ::close(fd_);
  }
  SilentServer(const SilentServer&) = delete;
  SilentServer& operator=(const SilentServer&) = delete;
  bool ok() const { return port_ != 0; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_;
  int port_ = 0;
};

}  // namespace firedrill::dash::testing
