// HttpClient against a real API server on 127.0.0.1 at a port the system picks (LocalServer:
// the same Session, routes and HttpServer as `firedrill serve`). Waits are bounded waits for a
// published snapshot (HttpClient::wait_for), never fixed sleeps; the drills are paused and
// moved with clock steps, so what they show is known.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "dashboard/client/builtin_drill.h"
#include "dashboard/client/http_client.h"
#include "dashboard/server/local_server.h"
#include "http_test_options.h"
#include "served_workshop.h"
#include "sim/api/api_routes.h"
#include "sim/api/http_server.h"
#include "sim/api/workshop.h"
#include "sim/api/workshop_routes.h"

using namespace firedrill;
using namespace firedrill::dash;
using namespace std::chrono_literals;
using firedrill::dash::testing::fast_http_options;
using firedrill::dash::testing::is_live;
using firedrill::dash::testing::ServedWorkshop;
using firedrill::dash::testing::SilentServer;

namespace {

DrillSpec small_drill() {
  BuiltinDrillOptions d;
  d.minutes = 10;
  d.rps = 100;
  return builtin_drill(d);
}

std::unique_ptr<LocalServer> serve(const std::string& journal = "",
                                   const std::string& scenario = "") {
  LocalServerOptions o;
  o.spec = small_drill();
  o.scenario_path = scenario;
  o.start_paused = true;
  o.journal_path = journal;
  std::string error;
  auto server = LocalServer::start(o, &error);
  INFO(error);
  REQUIRE(server);
  return server;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("http client: the base URL is taken with or without /api/v1", "[dashboard][http]") {
  CHECK(http_base_url("http://127.0.0.1:8470") == "http://127.0.0.1:8470");
  CHECK(http_base_url("http://127.0.0.1:8470/api/v1/") == "http://127.0.0.1:8470");
  CHECK(http_base_url("https://example.org") == "");
}

TEST_CASE("http client: the snapshot shows the served drill and follows its clock",
          "[dashboard][http]") {
  auto server = serve();
  HttpClient client(fast_http_options(server->url()));
  REQUIRE(client.wait_for(is_live, 10s));
  const Snapshot& first = client.latest();
  CHECK(first.session.scenario_id == "builtin-spike");
  CHECK(first.session.paused);
  CHECK(first.connection.endpoint == server->url());
  CHECK(first.hosts.size() >= 5);
  CHECK(first.host("lb") != nullptr);
  CHECK_FALSE(first.actions.empty());

  client.send(ClockCommand{ClockCommand::Op::step, 0, SimTime::seconds(120)});
  REQUIRE(client.wait_for(
      [](const Snapshot& s) {
        return s.session.now >= SimTime::seconds(120) && s.metrics.end_second() >= 119;
      },
      20s));
  const Snapshot& later = client.latest();
  CHECK(later.session.now == SimTime::seconds(120));
  CHECK(later.metrics.series_count() > 10);
  const auto rps = later.metrics.find("lb", "requests");
  REQUIRE(rps);
  CHECK(later.metrics.value(*rps, 100) > 0);
  CHECK(later.logs.size() > 0);
}

TEST_CASE("http client: a command sent through it reaches the drill's journal and the timeline",
          "[dashboard][http]") {
  const auto dir = std::filesystem::temp_directory_path() / "firedrill-http-client-test";
  std::filesystem::create_directories(dir);
  const auto journal = dir / "journal.jsonl";
  {
    auto server = serve(journal.string());
    HttpClient client(fast_http_options(server->url()));
    REQUIRE(client.wait_for(is_live, 10s));
    const RequestId note = client.add_note("web-2 looks slow over HTTP", true);
    const RequestId ack = client.acknowledge("NoSuchRule", "lb");
    REQUIRE(client.wait_for([&](const Snapshot& s) { return s.reply(note) && s.reply(ack); }, 10s));
    CHECK(client.latest().reply(note)->ok);
    CHECK_FALSE(client.latest().reply(ack)->ok);  // 404: the server's error is the message
    CHECK_FALSE(client.latest().reply(ack)->message.empty());
    // The journal record comes back on the event stream, into the live timeline.
    REQUIRE(client.wait_for(
        [](const Snapshot& s) {
          for (size_t i = 0; i < s.timeline.size(); ++i)
            if (s.timeline[i].kind == "trainee.note") return true;
          return false;
        },
        10s));
  }
  const std::string written = slurp(journal);
  CHECK(written.find("\"trainee.note\"") != std::string::npos);
  CHECK(written.find("web-2 looks slow over HTTP") != std::string::npos);
}

TEST_CASE("http client: a Comms reply reaches the journal as trainee.message with reply_to_seq",
          "[dashboard][http]") {
  const auto dir = std::filesystem::temp_directory_path() / "firedrill-http-client-reply-test";
  std::filesystem::create_directories(dir);
  const auto journal = dir / "journal.jsonl";
  {
    auto server = serve(journal.string());
    HttpClient client(fast_http_options(server->url()));
    REQUIRE(client.wait_for(is_live, 10s));
    const RequestId reply =
        client.send(MessageCommand{"support", "Checkout errors since 14:02; on it", 3});
    const RequestId hint = client.send(HintCommand{});
    const RequestId runbook =
        client.send(RunbookOpenCommand{"runbooks/high-error-rate", "HighErrorRate"});
    REQUIRE(client.wait_for(
        [&](const Snapshot& s) { return s.reply(reply) && s.reply(hint) && s.reply(runbook); },
        10s));
    INFO(client.latest().reply(reply)->message);
    CHECK(client.latest().reply(reply)->ok);
    CHECK(client.latest().reply(hint)->ok);
    CHECK(client.latest().reply(runbook)->ok);
    REQUIRE(client.wait_for(
        [](const Snapshot& s) {
          for (size_t i = 0; i < s.timeline.size(); ++i)
            if (s.timeline[i].kind == "trainee.message") return true;
          return false;
        },
        10s));
  }
  bool found = false;
  std::istringstream lines(slurp(journal));
  for (std::string line; std::getline(lines, line);) {
    const nlohmann::json r = nlohmann::json::parse(line, nullptr, false);
    if (!r.is_object() || r.value("kind", "") != "trainee.message") continue;
    found = true;
    const nlohmann::json& f = r["fields"];
    CHECK(f.value("to", "") == "support");
    CHECK(f.value("text", "") == "Checkout errors since 14:02; on it");
    CHECK(f.value("reply_to_seq", -1) == 3);
  }
  CHECK(found);
  const std::string written = slurp(journal);
  CHECK(written.find("\"trainee.hint\"") != std::string::npos);
  CHECK(written.find("\"trainee.runbook\"") != std::string::npos);
}

TEST_CASE("http client: the debrief's figures and the postmortem draft arrive",
          "[dashboard][http]") {
  auto server = serve();
  HttpClient client(fast_http_options(server->url()));
  REQUIRE(client.wait_for([](const Snapshot& s) { return s.debrief != nullptr; }, 10s));
  const DebriefInfo& d = *client.latest().debrief;
  CHECK(d.postmortem.find("# Postmortem") != std::string::npos);
  CHECK(d.words > 0);
  bool has_detect = false;
  for (const auto& [name, value] : d.figures) has_detect |= name == "time_to_detect_s";
  CHECK(has_detect);
}

TEST_CASE("http client: the console answers through it", "[dashboard][http]") {
  auto server = serve();
  HttpClient client(fast_http_options(server->url()));
  REQUIRE(client.wait_for(is_live, 10s));
  const RequestId id = client.run_console("web-1", "uptime");
  REQUIRE(client.wait_for([&](const Snapshot& s) { return s.reply(id) != nullptr; }, 10s));
  const Snapshot& s = client.latest();
  CHECK(s.reply(id)->ok);
  REQUIRE(s.console.size() == 1);
  CHECK(s.console[0].host == "web-1");
  CHECK_FALSE(s.console[0].output.empty());
}

TEST_CASE("http client: a server that goes away shows as lost, and it reconnects when it is back",
          "[dashboard][http]") {
  auto server = serve();
  HttpClient client(fast_http_options(server->url()));
  REQUIRE(client.wait_for(is_live, 10s));

  server->stop_serving();
  REQUIRE(client.wait_for(
      [](const Snapshot& s) { return s.connection.state == ConnectionState::lost; }, 10s));
  CHECK(client.latest().connection.detail.find("last answer") != std::string::npos);
  // A command while lost is answered at once, and says why.
  const RequestId id = client.add_note("while lost", false);
  REQUIRE(client.wait_for([&](const Snapshot& s) { return s.reply(id) != nullptr; }, 10s));
  CHECK_FALSE(client.latest().reply(id)->ok);
  CHECK(client.latest().reply(id)->message.find("connection lost") != std::string::npos);

  REQUIRE(server->restart_serving().empty());
  REQUIRE(client.wait_for(is_live, 10s));
  CHECK(client.latest().connection.detail.empty());
}

TEST_CASE("http client: a server that never answers shows as lost, not connecting forever",
          "[dashboard][http]") {
  int port = 0;
  {
    auto gone = serve();  // a port that was free a moment ago and is closed now
    port = gone->port();
  }
  HttpClient client(fast_http_options("http://127.0.0.1:" + std::to_string(port)));
  REQUIRE(client.wait_for(
      [](const Snapshot& s) { return s.connection.state == ConnectionState::lost; }, 10s));
  CHECK(client.latest().connection.detail.find("never answered") != std::string::npos);
}

TEST_CASE("http client: a wrong workshop token shows as refused, not as a crash",
          "[dashboard][http]") {
  ServedWorkshop ws(true);
  HttpClient client(fast_http_options(ws.url(), "not-a-token"));
  REQUIRE(client.wait_for(
      [](const Snapshot& s) { return s.connection.state == ConnectionState::lost; }, 10s));
  const std::string detail = client.latest().connection.detail;
  CHECK(detail.find("refused the token") != std::string::npos);
  CHECK(detail.find("401") != std::string::npos);
}

namespace {

bool has_note(const Snapshot& s, const std::string& text) {
  for (size_t i = 0; i < s.timeline.size(); ++i)
    if (s.timeline[i].kind == "trainee.note" && s.timeline[i].text.find(text) != std::string::npos)
      return true;
  return false;
}

}  // namespace

TEST_CASE("http client: a server restarted with a new drill is followed from its start",
          "[dashboard][http]") {
  auto first = serve();
  const int port = first->port();
  HttpClient client(fast_http_options(first->url()));
  REQUIRE(client.wait_for(is_live, 10s));
  client.send(ClockCommand{ClockCommand::Op::step, 0, SimTime::seconds(120)});
  client.add_note("before the restart", false);
  REQUIRE(client.wait_for(
      [](const Snapshot& s) {
        return s.session.now == SimTime::seconds(120) && s.metrics.end_second() >= 119 &&
               has_note(s, "before the restart");
      },
      20s));

  first.reset();  // the server goes away, and a new one (a new drill) comes up on its port
  LocalServerOptions o;
  BuiltinDrillOptions six_webs;
  six_webs.minutes = 10;
  six_webs.rps = 100;
  six_webs.web_servers = 6;  // other hosts, so other metric series
  o.spec = builtin_drill(six_webs);
  o.start_paused = true;
  o.port = port;
  std::string error;
  auto second = LocalServer::start(o, &error);
  INFO(error);
  REQUIRE(second);

  // What was shown of the old drill goes; the new one's clock, metrics and journal records
  // (cursors and the event stream from 0 again, though the old drill had gone further) come.
  REQUIRE(client.wait_for(
      [](const Snapshot& s) {
        return is_live(s) && s.session.now == SimTime{} && !has_note(s, "before the restart");
      },
      20s));
  client.send(ClockCommand{ClockCommand::Op::step, 0, SimTime::seconds(30)});
  client.add_note("after the restart", false);
  REQUIRE(client.wait_for(
      [](const Snapshot& s) {
        return s.session.now == SimTime::seconds(30) && s.metrics.end_second() >= 29 &&
               has_note(s, "after the restart");
      },
      20s));
  const Snapshot& s = client.latest();
  CHECK_FALSE(has_note(s, "before the restart"));
  CHECK(s.metrics.end_second() < 60);  // the new drill's seconds, none of the old one's
  CHECK_FALSE(s.actions.empty());      // the catalog fetched again
  const auto web6 = s.metrics.find("web-6", "requests");  // the new drill's series
  REQUIRE(web6);
  CHECK(s.metrics.value(*web6, 20) > 0);
}

TEST_CASE("http client: closing it does not wait for a request the server never answers",
          "[dashboard][http]") {
  SilentServer silent;
  REQUIRE(silent.ok());
  HttpClientOptions o = fast_http_options(silent.url());
  o.timeout = 60s;  // what closing would wait for if it waited for the request
  auto client = std::make_unique<HttpClient>(o);
  std::this_thread::sleep_for(300ms);  // the poll's first request is in flight by now
  CHECK(client->latest().connection.state == ConnectionState::connecting);
  const auto started = std::chrono::steady_clock::now();
  client.reset();
  CHECK(std::chrono::steady_clock::now() - started < 20s);
}
