// HttpServer: a RequestHandler (ApiRoutes, WorkshopRoutes) on a socket (cpp-httplib, included by
// http_server.cpp only). It owns the listening thread and the worker pool, and guards what
// cpp-httplib 0.11 leaves open: SO_REUSEADDR instead of SO_REUSEPORT (a second server on a busy
// port fails to bind instead of silently sharing it), a body cap (413), no chunked or length-less
// request bodies (411: 0.11 would read them without limit), read/write timeouts, short keep-alive
// so stop() is prompt, and a pool sized so that the event streams can never take every thread.
// Errors httplib answers itself (malformed requests, 413, 414) get a JSON body too. Thread rules:
// start() and stop() from one owning thread; the routes (and whatever they reach) must outlive
// stop().
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "sim/api/api_routes.h"
#include "sim/api/api_stats.h"
#include "sim/api/bind_address.h"
#include "sim/api/request_handler.h"

namespace firedrill::api {

struct HttpServerOptions {
  BindAddress bind;  // 127.0.0.1:8470; port 0 picks a free one
  size_t payload_max_bytes = 64 * 1024;
  std::chrono::seconds read_timeout{5};
  std::chrono::seconds write_timeout{5};
  int keep_alive_timeout_s = 1;  // stop() waits at most this long for idle connections
  size_t keep_alive_max_requests = 100;
  size_t event_clients = 8;  // as many as the sessions' hubs admit
  size_t spare_threads = 8;  // for ordinary requests while every stream is open
  // Called first by stop(): must end every open event stream (close the sessions' hubs).
  std::function<void()> close_streams;
};

class HttpServer {
 public:
  // routes and stats (may be null) are not owned and must outlive the server.
  HttpServer(const RequestHandler& routes, ApiStats* stats, HttpServerOptions options);
  ~HttpServer();  // stop()s
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving on a thread of its own. Returns "" on success, or why not, e.g.
  // "cannot listen on 127.0.0.1:8470: Address already in use".
  std::string start();
  // The port bound (the chosen one when asked for port 0); 0 before start().
  int port() const { return port_; }
  // "http://127.0.0.1:8470".
  std::string url() const;
  // Ends the event streams, stops accepting, and returns once every handler has finished.
  // Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  HttpServerOptions options_;
  int port_ = 0;
};

}  // namespace firedrill::api
