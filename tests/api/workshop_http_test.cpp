// Workshop mode on a real socket (127.0.0.1, a port the system picks): joining, the bearer
// token and ?token= reaching the right drill, 401/403 over the wire, and the export's bytes
// arriving intact.
#include <httplib.h>

#include <catch2/catch.hpp>

#include "sim/api/http_server.h"
#include "workshop_test_util.h"

using namespace firedrill;
using namespace firedrill::api;
using namespace firedrill::api::test;

TEST_CASE("workshop over HTTP: join, act with the token, 401 and 403, export", "[api][workshop]") {
  Workshop workshop(scenario_workshop_options());
  ApiStats stats;
  WorkshopRoutes routes(workshop, &stats);
  HttpServerOptions options;
  options.bind = {"127.0.0.1", 0};
  options.close_streams = [&workshop] { workshop.close_streams(); };
  HttpServer server(routes, &stats, options);
  REQUIRE(server.start().empty());

  httplib::Client c("127.0.0.1", server.port());
  c.set_connection_timeout(5);
  c.set_read_timeout(10);
  auto join = [&](const std::string& name) {
    auto r =
        c.Post("/api/v1/workshop/join", nlohmann::json{{"name", name}}.dump(), "application/json");
    REQUIRE(r);
    INFO(r->body);
    REQUIRE(r->status == 201);
    return nlohmann::json::parse(r->body)["token"].get<std::string>();
  };
  const std::string alice = join("alice");
  const std::string bob = join("bob");
  const httplib::Headers as_alice = {{"Authorization", "Bearer " + alice}};
  const httplib::Headers as_instructor = {
      {"Authorization", "Bearer " + workshop.instructor_token()}};

  auto note = c.Post("/api/v1/notes", as_alice, R"({"text": "over the wire"})", "application/json");
  REQUIRE(note);
  CHECK(note->status == 201);
  auto own = c.Get("/api/v1/timeline?token=" + alice);  // the query form works too
  REQUIRE(own);
  CHECK(own->status == 200);
  CHECK(own->body.find("over the wire") != std::string::npos);

  auto none = c.Get("/api/v1/session");
  REQUIRE(none);
  CHECK(none->status == 401);
  auto other = c.Get("/api/v1/trainees/bob/session", as_alice);
  REQUIRE(other);
  CHECK(other->status == 403);
  auto instructor_only = c.Get("/api/v1/workshop/progress", as_alice);
  REQUIRE(instructor_only);
  CHECK(instructor_only->status == 403);
  auto bobs = c.Get("/api/v1/trainees/bob/timeline", as_instructor);
  REQUIRE(bobs);
  CHECK(bobs->status == 200);
  CHECK(bobs->body.find("over the wire") == std::string::npos);

  auto exported = c.Get("/api/v1/workshop/export", as_instructor);
  REQUIRE(exported);
  CHECK(exported->status == 200);
  CHECK(exported->get_header_value("Content-Type") == "application/gzip");
  CHECK(exported->body.substr(0, 2) == "\x1f\x8b");
  server.stop();
  (void)bob;
}
