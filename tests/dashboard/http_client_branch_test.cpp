// HttpClient when the drill's past changes: a rewind makes a new branch, and what the client
// received of the old one (metrics, logs, alerts, timeline) must go and be fetched again from
// cursor 0. The server is a tiny cpp-httplib one on a free loopback port that plays the API's
// contract for /rewind and /branches (docs/api.md) with data that names its branch, so a
// leftover from the old branch shows. Waits are bounded waits for a published snapshot.
#include <httplib.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "dashboard/client/http_client.h"
#include "dashboard/client/snapshot_builder.h"
#include "fake_http_server.h"
#include "http_test_options.h"

using namespace firedrill;
using namespace firedrill::dash;
using namespace std::chrono_literals;
using firedrill::dash::testing::FakeHttpServer;
using firedrill::dash::testing::fast_http_options;
using firedrill::dash::testing::rewind_answer;
using nlohmann::json;

namespace {

// The drill this server pretends to run: its branch, its now, and the paths it was asked for.
class TinyDrillServer {
 public:
  explicit TinyDrillServer(bool can_rewind) {
    route();
    if (can_rewind)
      http_.server().Post("/api/v1/rewind", [this](const httplib::Request& req,
                                                   httplib::Response& res) {
        const json body = json::parse(req.body, nullptr, false);
        std::lock_guard lock(mutex_);
        if (!body.is_object() || !body.contains("to_us") || !body["to_us"].is_number_integer() ||
            body["to_us"].get<int64_t>() < 0 || body["to_us"].get<int64_t>() > now_s_ * 1000000) {
          res.status = 400;
          res.set_content(R"({"error": "to_us must be within the drill", "field": "to_us"})",
                          "application/json");
          return;
        }
        branch_ += 1;
        now_s_ = body["to_us"].get<int64_t>() / 1000000;
        asked_.push_back("rewind");
        res.set_content(rewind_answer(branch_, now_s_).dump(), "application/json");
      });
    http_.start();
  }

  std::string url() const { return http_.url(); }
  // Another client (an instructor) rewound the drill: only /session tells.
  void rewind_elsewhere(int64_t to_s) {
    std::lock_guard lock(mutex_);
    branch_ += 1;
    now_s_ = to_s;
  }
  // Whether `path` was asked for after the first request naming "rewind" (or at all).
  bool asked_after_rewind(const std::string& path) {
    std::lock_guard lock(mutex_);
    bool after = false;
    for (const std::string& p : asked_) {
      if (p == "rewind") after = true;
      if (after && p == path) return true;
    }
    return false;
  }
  bool asked(const std::string& path) {
    std::lock_guard lock(mutex_);
    for (const std::string& p : asked_)
      if (p == path) return true;
    return false;
  }

 private:
  void reply(httplib::Response& res, const json& body) {
    res.set_content(body.dump(), "application/json");
  }

  void route() {
    http_.server().Get("/api/v1/session", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      reply(res, {{"scenario", {{"id", "tiny"}, {"title", "Tiny"}, {"time_zone", "UTC"}}},
                  {"clock",
                   {{"t_us", now_s_ * 1000000},
                    {"length_us", 600000000},
                    {"paused", true},
                    {"branch", branch_}}}});
    });
    http_.server().Get(
        "/api/v1/actions/catalog", [this](const httplib::Request&, httplib::Response& res) {
          reply(res, {{"actions", {{{"name", "noop"}, {"target", "none"}, {"what", "nothing"}}}}});
        });
    http_.server().Get("/api/v1/alerts", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      reply(res, {{"alerts",
                   {{{"rule", "Branch" + std::to_string(branch_) + "Alert"},
                     {"component", "lb"},
                     {"state", "firing"},
                     {"severity", "page"}}}}});
    });
    http_.server().Get("/api/v1/topology", [this](const httplib::Request&, httplib::Response& res) {
      reply(res, {{"hosts", {{{"name", "lb"}, {"role", "lb"}, {"state", "running"}}}}});
    });
    // One series whose value is the branch, one value per second up to now.
    http_.server().Get(
        "/api/v1/metrics", [this](const httplib::Request& req, httplib::Response& res) {
          std::lock_guard lock(mutex_);
          const int64_t since =
              req.has_param("since") ? std::stoll(req.get_param_value("since")) : int64_t{0};
          asked_.push_back("metrics since=" + std::to_string(since));
          const int64_t from = std::min(since, now_s_);
          json values = json::array();
          for (int64_t s = from; s < now_s_; ++s) values.push_back(branch_);
          reply(res, {{"from", from},
                      {"to", now_s_},
                      {"next", now_s_},
                      {"series",
                       {{{"component", "lb"},
                         {"metric", "requests"},
                         {"unit", "req/s"},
                         {"values", values}}}}});
        });
    // A log line every second (seq = second + 1), naming the branch.
    http_.server().Get("/api/v1/logs", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      const int64_t since = std::stoll(req.get_param_value("since"));
      asked_.push_back("logs since=" + std::to_string(since));
      json lines = json::array();
      for (int64_t seq = since + 1; seq <= now_s_; ++seq)
        lines.push_back(
            {{"seq", seq},
             {"t_us", (seq - 1) * 1000000},
             {"host", "lb"},
             {"path", "/var/log/nginx/error.log"},
             {"text", "branch " + std::to_string(branch_) + " line " + std::to_string(seq)}});
      reply(res,
            {{"lines", lines}, {"next_cursor", std::max(since, now_s_)}, {"truncated", false}});
    });
    http_.server().Get("/api/v1/timeline", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      reply(res, {{"events",
                   {{{"seq", 1},
                     {"t_us", 0},
                     {"kind", "trainee.note"},
                     {"category", "investigation"},
                     {"text", "note on branch " + std::to_string(branch_)},
                     {"hidden", false},
                     {"edited", false}}}}});
    });
    http_.server().Get("/api/v1/branches", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      json list = json::array();
      for (int b = 1; b <= branch_; ++b)
        list.push_back({{"branch", b},
                        {"parent", b == 1 ? json() : json(b - 1)},
                        {"at_us", 0},
                        {"until_us", now_s_ * 1000000},
                        {"current", b == branch_}});
      reply(res, {{"current", branch_}, {"branches", list}});
    });
  }

  std::mutex mutex_;
  int branch_ = 1;
  int64_t now_s_ = 10;
  std::vector<std::string> asked_;
  FakeHttpServer http_;  // last: stopped before what its handlers use goes
};

HttpClientOptions tiny_server_options(const std::string& url) {
  HttpClientOptions o = fast_http_options(url);
  o.follow_events = false;  // the tiny server has no event stream
  return o;
}

// The whole of the drill as the snapshot holds it comes from `branch`, and reaches `now_s`.
bool shows_only_branch(const Snapshot& s, int branch, int64_t now_s) {
  const std::string tag = "branch " + std::to_string(branch) + " ";
  if (s.session.branch != static_cast<uint32_t>(branch)) return false;
  if (s.logs.size() != static_cast<size_t>(now_s)) return false;
  for (size_t i = 0; i < s.logs.size(); ++i)
    if (s.logs[i].text.rfind(tag, 0) != 0) return false;
  const auto series = s.metrics.find("lb", "requests");
  if (!series || s.metrics.first_second() != 0 || s.metrics.end_second() != now_s) return false;
  for (int64_t sec = 0; sec < now_s; ++sec)
    if (s.metrics.value(*series, sec) != static_cast<float>(branch)) return false;
  if (s.alerts.size() != 1 || s.alerts[0].rule != "Branch" + std::to_string(branch) + "Alert")
    return false;
  return s.reported_timeline && s.reported_timeline->size() == 1 &&
         s.reported_timeline->front().text == "note on branch " + std::to_string(branch);
}

}  // namespace

TEST_CASE("http client: a rewind to a new branch drops the old past and refetches it from 0",
          "[dashboard][http][branch]") {
  TinyDrillServer server(true);
  HttpClient client(tiny_server_options(server.url()));
  REQUIRE(client.wait_for([](const Snapshot& s) { return shows_only_branch(s, 1, 10); }, 10s));
  CHECK_FALSE(client.latest().session.branch > 1);

  const RequestId id = client.send(RewindCommand{SimTime::seconds(4)});
  REQUIRE(client.wait_for([&](const Snapshot& s) { return s.reply(id) != nullptr; }, 10s));
  const CommandReply& reply = *client.latest().reply(id);
  INFO(reply.message);
  CHECK(reply.ok);
  CHECK(reply.message == "now branch 2, paused at T+0:04");
  // Nothing of branch 1 is left: 4 seconds of branch 2's metrics and logs, its alert, its
  // timeline, and the branch list saying so.
  REQUIRE(client.wait_for(
      [](const Snapshot& s) {
        return shows_only_branch(s, 2, 4) && s.branches && s.branches->size() == 2;
      },
      10s));
  CHECK(client.latest().branches->back().current);
  CHECK(client.latest().branches->back().parent == 1u);
  CHECK(server.asked_after_rewind("metrics since=0"));
  CHECK(server.asked_after_rewind("logs since=0"));
}

TEST_CASE("http client: a branch change seen only in /session (rewound elsewhere) resets too",
          "[dashboard][http][branch]") {
  TinyDrillServer server(true);
  HttpClient client(tiny_server_options(server.url()));
  REQUIRE(client.wait_for([](const Snapshot& s) { return shows_only_branch(s, 1, 10); }, 10s));
  server.rewind_elsewhere(6);
  REQUIRE(client.wait_for([](const Snapshot& s) { return shows_only_branch(s, 2, 6); }, 10s));
}

TEST_CASE("http client: a server without /rewind answers a failed reply and nothing is lost",
          "[dashboard][http][branch]") {
  TinyDrillServer server(false);
  HttpClient client(tiny_server_options(server.url()));
  REQUIRE(client.wait_for([](const Snapshot& s) { return shows_only_branch(s, 1, 10); }, 10s));
  const RequestId id = client.send(RewindCommand{SimTime::seconds(4)});
  REQUIRE(client.wait_for([&](const Snapshot& s) { return s.reply(id) != nullptr; }, 10s));
  const Snapshot& s = client.latest();
  CHECK_FALSE(s.reply(id)->ok);
  CHECK(s.reply(id)->message.find("404") != std::string::npos);
  CHECK(s.connection.state == ConnectionState::live);
  CHECK(shows_only_branch(s, 1, 10));
  CHECK_FALSE(server.asked("rewind"));
}

TEST_CASE("http client: a rewind the server refuses (400) keeps the branch and says why",
          "[dashboard][http][branch]") {
  TinyDrillServer server(true);
  HttpClient client(tiny_server_options(server.url()));
  REQUIRE(client.wait_for([](const Snapshot& s) { return shows_only_branch(s, 1, 10); }, 10s));
  const RequestId id = client.send(RewindCommand{SimTime::seconds(60)});  // after now
  REQUIRE(client.wait_for([&](const Snapshot& s) { return s.reply(id) != nullptr; }, 10s));
  CHECK_FALSE(client.latest().reply(id)->ok);
  CHECK(client.latest().reply(id)->message == "to_us must be within the drill");
  CHECK(shows_only_branch(client.latest(), 1, 10));
}

TEST_CASE("snapshot builder: clearing the history keeps the timeline before the branch point",
          "[dashboard][branch]") {
  SnapshotBuilder b;
  for (uint64_t seq = 1; seq <= 6; ++seq)
    b.add_timeline({seq, SimTime::seconds(static_cast<int64_t>(seq) * 10), "trainee",
                    "trainee.note", "", "note " + std::to_string(seq)});
  const uint32_t file = b.log_file_index("lb", "/var/log/syslog");
  for (uint64_t seq = 1; seq <= 3; ++seq) b.add_log_line({seq, SimTime::seconds(1), file, "x"});
  b.set_series({{"lb", "requests", "req/s"}});
  const float one = 1;
  for (int64_t sec = 0; sec < 5; ++sec) b.add_metric_row(sec, &one);
  b.alerts().push_back({});
  const auto before = b.publish();

  b.clear_history(SimTime::seconds(35));  // records at 10, 20 and 30 s stay
  const auto after = b.publish();
  REQUIRE(after->timeline.size() == 3);
  CHECK(after->timeline.back().text == "note 3");
  // Indices go on past the old ones, so a panel's cached index never points at another record.
  CHECK(after->timeline.first_index() >= before->timeline.end_index());
  CHECK(after->logs.empty());
  CHECK(after->logs.first_index() == before->logs.end_index());
  CHECK(after->metrics.series_count() == 1);  // the series stay; their values go
  CHECK(after->metrics.end_second() == after->metrics.first_second());
  CHECK(after->alerts.empty());
  // The snapshot taken before is untouched (it shares the old chunks).
  CHECK(before->timeline.size() == 6);
  CHECK(before->logs.size() == 3);
}
