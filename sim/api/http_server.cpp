// The one file that includes httplib.h (STYLE.md): everything about the wire lives here,
// everything about the API in ApiRoutes.
#include "sim/api/http_server.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <thread>

namespace firedrill::api {

namespace {

ApiRequest to_api_request(const httplib::Request& req) {
  ApiRequest r;
  r.method = req.method;
  r.path = req.path;
  for (const auto& [k, v] : req.params) r.query.emplace(k, v);
  r.body = req.body;
  const std::string auth = req.get_header_value("Authorization");
  if (auth.rfind("Bearer ", 0) == 0) {
    r.token = auth.substr(7);
  } else if (req.has_param("token")) {
    r.token = req.get_param_value("token");
  }
  r.last_event_id = req.get_header_value("Last-Event-ID");
  return r;
}

// What to say when httplib answered on its own (the request never reached a route).
std::string library_error_message(int status, size_t payload_max) {
  switch (status) {
    case 400:
      return "malformed HTTP request";
    case 413:
      return fmt::format("the request body is larger than {} bytes", payload_max);
    case 414:
      return "the request URI is too long";
    case 404:
      return "no such endpoint";
    default:
      return fmt::format("HTTP error {}", status);
  }
}

// Why binding failed, asked of the kernel directly (httplib does not keep errno).
std::string bind_error(const BindAddress& at) {
  const bool v6 = at.host.find(':') != std::string::npos;
  const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return std::strerror(errno);
  int yes = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  int rc;
  if (v6) {
    sockaddr_in6 a{};
    a.sin6_family = AF_INET6;
    a.sin6_port = htons(static_cast<uint16_t>(at.port));
    inet_pton(AF_INET6, at.host.c_str(), &a.sin6_addr);
    rc = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  } else {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(at.port));
    inet_pton(AF_INET, at.host.c_str(), &a.sin_addr);
    rc = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  }
  const int saved = errno;
  ::close(fd);
  return rc == 0 ? "the address could not be bound" : std::strerror(saved);
}

}  // namespace

struct HttpServer::Impl {
  httplib::Server server;
  std::thread listener;
  std::atomic<bool> listen_returned{false};
  std::atomic<int> open_streams{0};  // event streams whose response is not finished
  bool stopped = false;
};

HttpServer::HttpServer(const RequestHandler& routes, ApiStats* stats, HttpServerOptions options)
    : impl_(std::make_unique<Impl>()), options_(std::move(options)) {
  httplib::Server& svr = impl_->server;
  // cpp-httplib 0.11 sets SO_REUSEPORT, which lets a second server share the port silently.
  svr.set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  const size_t threads = options_.event_clients + std::max<size_t>(1, options_.spare_threads);
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  svr.set_payload_max_length(options_.payload_max_bytes);
  svr.set_read_timeout(options_.read_timeout);
  svr.set_write_timeout(options_.write_timeout);
  svr.set_keep_alive_timeout(options_.keep_alive_timeout_s);
  svr.set_keep_alive_max_count(options_.keep_alive_max_requests);
  svr.set_tcp_nodelay(true);

  // Runs before the body is read: refuse bodies 0.11 would read without any limit.
  svr.set_pre_routing_handler([&routes, stats](const httplib::Request& req,
                                               httplib::Response& res) {
    // httplib expects a body on these methods and, without a length, reads it until EOF.
    const bool wants_body = req.method == "POST" || req.method == "PUT" || req.method == "PATCH";
    std::string why;
    if (req.has_header("Transfer-Encoding")) {
      why = "chunked request bodies are not accepted: send Content-Length";
    } else if (wants_body && !req.has_header("Content-Length")) {
      why = "a Content-Length header is required";
    }
    if (why.empty()) return httplib::Server::HandlerResponse::Unhandled;
    // A request no route takes is told so (404, 405) rather than about its body.
    ApiResponse answer =
        routes.route_error(req.method, req.path).value_or(error_response(411, why));
    res.status = answer.status;
    for (const auto& [name, value] : answer.headers) res.set_header(name, value);
    res.set_content(answer.body, "application/json");
    if (stats) stats->observe(answer.route, req.method, answer.status, 0.0);
    return httplib::Server::HandlerResponse::Handled;
  });

  const size_t payload_max = options_.payload_max_bytes;
  svr.set_error_handler(httplib::Server::HandlerWithResponse(
      [stats, payload_max](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // ours
        if (stats) stats->observe("", req.method, res.status, 0.0);
        res.set_content(
            error_response(res.status, library_error_message(res.status, payload_max)).body,
            "application/json");
        return httplib::Server::HandlerResponse::Handled;
      }));
  svr.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        res.status = 500;
        res.set_content(error_response(500, "internal error").body, "application/json");
      });

  Impl* impl = impl_.get();
  const httplib::Server::Handler dispatch = [&routes, stats, impl](const httplib::Request& req,
                                                                   httplib::Response& res) {
    const auto started = std::chrono::steady_clock::now();
    ApiResponse out = routes.handle(to_api_request(req));
    res.status = out.status;
    for (const auto& [name, value] : out.headers) res.set_header(name, value);
    if (out.stream) {
      std::shared_ptr<EventStream> stream = out.stream;
      ++impl->open_streams;
      res.set_chunked_content_provider(
          out.content_type,
          [stream](size_t, httplib::DataSink& sink) {
            std::optional<std::string> chunk = stream->next_chunk();
            if (!chunk) {
              sink.done();
              return true;
            }
            // A failed write: the client left; free the thread.
            return sink.write(chunk->data(), chunk->size());
          },
          [impl](bool) { --impl->open_streams; });
    } else {
      res.set_content(std::move(out.body), out.content_type);
    }
    if (stats) {
      const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
      stats->observe(out.route, req.method, out.status, took.count());
    }
  };
  // Every method reaches the routes, which answer 404 and 405 themselves.
  svr.Get(".*", dispatch);
  svr.Post(".*", dispatch);
  svr.Put(".*", dispatch);
  svr.Patch(".*", dispatch);
  svr.Delete(".*", dispatch);
  svr.Options(".*", dispatch);
}

HttpServer::~HttpServer() {
  stop();
}

std::string HttpServer::start() {
  httplib::Server& svr = impl_->server;
  const BindAddress& at = options_.bind;
  if (at.port == 0) {
    port_ = svr.bind_to_any_port(at.host);
    if (port_ < 0) port_ = 0;
  } else if (svr.bind_to_port(at.host, at.port)) {
    port_ = at.port;
  }
  if (port_ == 0) return fmt::format("cannot listen on {}: {}", at.to_string(), bind_error(at));
  Impl* impl = impl_.get();
  impl->listener = std::thread([impl] {
    impl->server.listen_after_bind();
    impl->listen_returned = true;
  });
  // stop() before listen_after_bind() has begun would be lost (it only stops a running
  // server), so do not return until it runs.
  while (!svr.is_running() && !impl->listen_returned)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return {};
}

std::string HttpServer::url() const {
  BindAddress shown = options_.bind;
  shown.port = port_;
  return "http://" + shown.to_string();
}

void HttpServer::stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  if (options_.close_streams) options_.close_streams();
  // Let the streams write their last chunk: once the server stops, cpp-httplib cuts a chunked
  // response off mid-way, and the client sees an error instead of the end of the stream.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (impl_->open_streams > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  impl_->server.stop();
  if (impl_->listener.joinable()) impl_->listener.join();
}

}  // namespace firedrill::api
