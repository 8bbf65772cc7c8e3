// ServedWorkshop: a workshop of built-in 10-minute drills (100 req/s) behind a real
// HttpServer on a free loopback port, for the client tests; join() adds a trainee.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <optional>
#include <string>

#include "dashboard/client/builtin_drill.h"
#include "sim/api/http_server.h"
#include "sim/api/workshop.h"
#include "sim/api/workshop_routes.h"

namespace firedrill::dash::testing {

struct ServedWorkshop {
  api::Workshop workshop;
  api::WorkshopRoutes routes{workshop};
  std::unique_ptr<api::HttpServer> server;

  static api::WorkshopOptions options(bool start_paused) {
    api::WorkshopOptions wo;
    wo.make_drill = [start_paused](std::string*) -> std::optional<api::TraineeDrill> {
      BuiltinDrillOptions b;
      b.minutes = 10;
      b.rps = 100;
      api::TraineeDrill d;
      d.spec = builtin_drill(b);
      d.config.start_paused = start_paused;
      return d;
    };
    wo.scenario_id = "builtin";
    wo.title = "Built-in";
    wo.root_cause = "a spike";
    return wo;
  }

  explicit ServedWorkshop(bool start_paused = false) : workshop(options(start_paused)) {
    api::HttpServerOptions so;
    so.bind = {"127.0.0.1", 0};
    so.close_streams = [this] { workshop.close_streams(); };
    server = std::make_unique<api::HttpServer>(routes, nullptr, so);
    REQUIRE(server->start().empty());
  }
  ~ServedWorkshop() { server->stop(); }
  ServedWorkshop(const ServedWorkshop&) = delete;
  ServedWorkshop& operator=(const ServedWorkshop&) = delete;

  std::string url() const { return server->url(); }
  std::string join(const std::string& name) {
    const api::Workshop::JoinResult r = workshop.join(name);
    REQUIRE(r.trainee);
    return r.trainee->token;
  }
};

}  // namespace firedrill::dash::testing
