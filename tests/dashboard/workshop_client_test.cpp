// The workshop client: the workshop routes' JSON as `firedrill serve --workshop` sends it
// (samples taken from a real server) into WorkshopSnapshot parts, malformed answers refused
// with the field named, commands into the routes' bodies, answers into replies; then
// HttpWorkshopClient against a real workshop server on a free loopback port (bounded waits
// for a published snapshot, never fixed sleeps).
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

#include "dashboard/client/builtin_drill.h"
#include "dashboard/client/workshop_client.h"
#include "dashboard/client/workshop_json.h"
#include "http_test_options.h"
#include "served_workshop.h"
#include "sim/api/http_server.h"
#include "sim/api/workshop.h"
#include "sim/api/workshop_routes.h"

using namespace firedrill;
using namespace firedrill::dash;
using namespace std::chrono_literals;
using firedrill::dash::testing::fast_workshop_options;
using firedrill::dash::testing::ServedWorkshop;
using firedrill::dash::testing::SilentServer;
using nlohmann::json;

namespace {

// GET /workshop with the instructor's token, as the server sent it.
const char* kInstructorOverview =
    R"({"max_trainees":16,"revealed":false,"review_open":false,"role":"instructor",)"
    R"("scenario":{"id":"nginx-open-files","title":"502s at the morning peak: nginx runs out of )"
    R"(file descriptors"},"scenario_faults":["nofile-64","nightly-rollup"],)"
    R"("trainees":["alice","bob"]})";

const char* kTraineeOverview =
    R"({"name":"alice","revealed":false,"review_open":true,"role":"trainee",)"
    R"("scenario":{"id":"nginx-open-files","title":"502s at the morning peak"}})";

// GET /workshop/progress (two rows; the second mid-incident).
const char* kProgress =
    R"({"revealed":false,"review_open":false,"scenario":{"id":"nginx-open-files","title":"t"},)"
    R"("trainees":[{"acknowledged":false,"clock":{"finished":false,"paused":false,"speed":10.0,)"
    R"("t_us":24650516},"declared_mitigated_at_us":null,"declared_resolved_at_us":null,)"
    R"("detected":false,"escalated":false,"figures":{"error_rate_now":0.0,"escalations":0,)"
    R"("misleading_paths":0,"misleading_targets":[],"requests_failed":0.0,)"
    R"("requests_total":5322.0,"time_to_acknowledge_s":null,"time_to_detect_s":null,)"
    R"("time_to_mitigate_s":null,"time_to_resolve_s":null,"users_affected":0.0,)"
    R"("users_affected_share":0.0},"mitigated":false,"name":"alice","resolved":false},)"
    R"({"acknowledged":true,"clock":{"finished":false,"paused":true,"speed":1.0,)"
    R"("t_us":720000000},"declared_mitigated_at_us":null,"declared_resolved_at_us":null,)"
    R"("detected":true,"escalated":true,"figures":{"error_rate_now":0.62,"escalations":1,)"
    R"("misleading_paths":1,"misleading_targets":["db"],"requests_failed":61210.0,)"
    R"("requests_total":171234.0,"time_to_acknowledge_s":null,"time_to_detect_s":150,)"
    R"("time_to_mitigate_s":null,"time_to_resolve_s":null,"users_affected":5312.0,)"
    R"("users_affected_share":0.41},"mitigated":false,"name":"bob","resolved":false}]})";

// GET /workshop/review (the draft cut short, two of the 46 rubric items).
const char* kReview =
    R"({"author":"bob","comments":"","draft":"# Postmortem: 502s\n\n## Issue Summary\n",)"
    R"("draft_submitted":false,"items":2,"met":1,"reviewer":"alice","rubric":[)"
    R"({"finding":"","linter_met":true,"met":true,"requirement":"Each of the four sections )"
    R"(is a Markdown heading","rule":"section-missing"},)"
    R"({"finding":"line 9: the root cause is not stated","linter_met":false,"met":false,)"
    R"("requirement":"The root cause is named","rule":"root-cause-missing"}],)"
    R"("submitted":false})";

json parse(const char* text) {
  return json::parse(text);
}

}  // namespace

TEST_CASE("workshop json: the instructor's overview gives role, trainees and faults",
          "[dashboard][workshop]") {
  WorkshopSnapshot w;
  REQUIRE(parse_overview(parse(kInstructorOverview), &w).empty());
  CHECK(w.role == WorkshopRole::instructor);
  CHECK(w.scenario_id == "nginx-open-files");
  CHECK(w.trainees == std::vector<std::string>{"alice", "bob"});
  CHECK(w.max_trainees == 16);
  CHECK(w.scenario_faults == std::vector<std::string>{"nofile-64", "nightly-rollup"});
  CHECK_FALSE(w.revealed);
}

TEST_CASE("workshop json: a trainee's overview gives their name and the round's state",
          "[dashboard][workshop]") {
  WorkshopSnapshot w;
  REQUIRE(parse_overview(parse(kTraineeOverview), &w).empty());
  CHECK(w.role == WorkshopRole::trainee);
  CHECK(w.name == "alice");
  CHECK(w.review_open);
  CHECK(w.trainees.empty());
}

TEST_CASE("workshop json: progress rows carry clock, milestones and figures",
          "[dashboard][workshop]") {
  WorkshopSnapshot w;
  REQUIRE(parse_progress(parse(kProgress), &w).empty());
  REQUIRE(w.progress.size() == 2);
  const TraineeProgress& alice = w.progress[0];
  CHECK(alice.name == "alice");
  CHECK(alice.t.us() == 24650516);
  CHECK(alice.speed == 10.0);
  CHECK_FALSE(alice.paused);
  CHECK_FALSE(alice.time_to_detect_s);
  const TraineeProgress& bob = *w.trainee("bob");
  CHECK(bob.paused);
  CHECK(bob.detected);
  CHECK(bob.escalated);
  CHECK_FALSE(bob.mitigated);
  CHECK(bob.error_rate_now == Approx(0.62));
  CHECK(bob.requests_failed == 61210.0);
  CHECK(bob.users_affected_share == Approx(0.41));
  CHECK(bob.misleading_targets == std::vector<std::string>{"db"});
  CHECK(bob.time_to_detect_s == 150);
}

TEST_CASE("workshop json: a review holds the draft, the rubric and the verdicts",
          "[dashboard][workshop]") {
  PeerReviewInfo r;
  REQUIRE(parse_review(parse(kReview), &r).empty());
  CHECK(r.author == "bob");
  CHECK(r.reviewer == "alice");
  CHECK(r.draft.find("## Issue Summary") != std::string::npos);
  REQUIRE(r.rubric.size() == 2);
  CHECK(r.rubric[1].rule == "root-cause-missing");
  CHECK_FALSE(r.rubric[1].met);
  CHECK(r.rubric[1].finding == "line 9: the root cause is not stated");
  CHECK(r.met == 1);
  CHECK(r.items == 2);

  std::vector<PeerReviewInfo> all;
  const json reviews = {{"open", true}, {"reviews", json::array({parse(kReview)})}};
  REQUIRE(parse_reviews(reviews, &all).empty());
  REQUIRE(all.size() == 1);
  CHECK(all[0].author == "bob");
}

TEST_CASE("workshop json: malformed answers are refused with the field named",
          "[dashboard][workshop]") {
  WorkshopSnapshot w;
  w.scenario_id = "kept";

  json bad = parse(kInstructorOverview);
  bad["role"] = "admin";
  CHECK(parse_overview(bad, &w) ==
        "workshop: role must be \"instructor\" or \"trainee\", not \"admin\"");
  CHECK(w.scenario_id == "kept");  // untouched

  bad = parse(kInstructorOverview);
  bad["trainees"] = {"alice", 7};
  CHECK(parse_overview(bad, &w) == "workshop: trainees[1] must be a string");
  bad = parse(kInstructorOverview);
  bad["scenario"].erase("title");
  CHECK(parse_overview(bad, &w) == "workshop: scenario.title is missing");
  CHECK(parse_overview(json::array(), &w) == "workshop: the answer must be an object");
  CHECK(parse_overview(json("nonsense"), &w).find("must be an object") != std::string::npos);

  bad = parse(kProgress);
  bad["trainees"][1]["clock"]["t_us"] = "soon";
  CHECK(parse_progress(bad, &w) == "progress: trainees[1].clock.t_us must be a number");
  bad = parse(kProgress);
  bad["trainees"][0]["figures"]["error_rate_now"] = true;
  CHECK(parse_progress(bad, &w) ==
        "progress: trainees[0].figures.error_rate_now must be a number or null");
  bad = parse(kProgress);
  bad["trainees"][1]["clock"]["t_us"] = 1e300;  // a cast of it would be undefined
  CHECK(parse_progress(bad, &w) ==
        "progress: trainees[1].clock.t_us must be a number from 0 to 1e+15");
  bad = parse(kProgress);
  bad["trainees"][1]["figures"]["time_to_detect_s"] = -5;
  CHECK(parse_progress(bad, &w) ==
        "progress: trainees[1].figures.time_to_detect_s must be a number from 0 to 1e+15");
  bad = parse(kProgress);
  bad["trainees"][0].erase("detected");
  CHECK(parse_progress(bad, &w) == "progress: trainees[0].detected is missing");
  CHECK(w.progress.empty());  // untouched by every failure

  PeerReviewInfo r;
  bad = parse(kReview);
  bad["rubric"][0]["met"] = "yes";
  CHECK(parse_review(bad, &r) == "review: rubric[0].met must be true or false");
  CHECK(r.author.empty());
  std::vector<PeerReviewInfo> none;
  CHECK(parse_reviews(json{{"reviews", 3}}, &none) == "reviews: reviews must be an array");
  CHECK(parse_root_cause(json::object(), &w) == "root-cause: root_cause is missing");
}

TEST_CASE("workshop json: commands become the workshop routes' bodies", "[dashboard][workshop]") {
  WorkshopCall c = workshop_call_of(InjectCommand{"bob", "nofile-64", "", {}, {}});
  CHECK(c.method == "POST");
  CHECK(c.path == "/api/v1/workshop/inject");
  CHECK(c.body == json{{"trainee", "bob"}, {"fault", "nofile-64"}});

  c = workshop_call_of(
      InjectCommand{"", "", "latency", {"web-*"}, {{"ms", "250"}, {"jitter", "true"}}});
  CHECK(c.body == json{{"kind", "latency"},
                       {"targets", {"web-*"}},
                       {"params", {{"ms", 250.0}, {"jitter", true}}}});

  c = workshop_call_of(WorkshopClockCommand{"alice", WorkshopClockCommand::Op::pause, 0});
  CHECK(c.path == "/api/v1/workshop/clock");
  CHECK(c.body == json{{"trainee", "alice"}, {"pause", true}});
  c = workshop_call_of(WorkshopClockCommand{"", WorkshopClockCommand::Op::set_speed, 10});
  CHECK(c.body == json{{"speed", 10.0}});
  CHECK(workshop_call_of(RevealCommand{}).path == "/api/v1/workshop/reveal");
  CHECK(workshop_call_of(ReviewRoundCommand{}).path == "/api/v1/workshop/review-round");
  CHECK(workshop_call_of(ExportCommand{"x.tar.gz"}).method == "GET");
  c = workshop_call_of(SaveReviewCommand{{{"section-missing", true}}, "Name the cause."});
  CHECK(c.body == json{{"rubric", {{"section-missing", true}}}, {"comments", "Name the cause."}});
}

TEST_CASE("workshop json: typed fault parameters keep their types", "[dashboard][workshop]") {
  CHECK(param_value("250") == json(250.0));
  CHECK(param_value("0.5") == json(0.5));
  CHECK(param_value("false") == json(false));
  CHECK(param_value("2m") == json("2m"));
  CHECK(param_value("") == json(""));
  std::map<std::string, std::string> p;
  CHECK(parse_params_text("ms=250  factor=3", &p).empty());
  CHECK(p == std::map<std::string, std::string>{{"factor", "3"}, {"ms", "250"}});
  CHECK(parse_params_text("ms=250 oops", &p) == "params: \"oops\" is not NAME=VALUE");
  CHECK(p.size() == 2);  // untouched
}

TEST_CASE("workshop json: answers become replies that say what happened", "[dashboard][workshop]") {
  const WorkshopCommand inject = InjectCommand{"", "nofile-64", "", {}, {}};
  WorkshopReply r =
      workshop_reply_of(7, inject, 200,
                        R"({"ok":true,"results":[{"changed":true,"ok":true,"trainee":"alice"},)"
                        R"({"changed":false,"ok":true,"trainee":"bob"}]})",
                        "");
  CHECK(r.id == 7);
  CHECK(r.ok);
  CHECK(r.what == "inject nofile-64 into all trainees");
  CHECK(r.message == "alice ok, bob ok (already active)");

  r = workshop_reply_of(8, InjectCommand{"bob", "", "latency", {}, {{"ms", "x"}}}, 400,
                        R"({"error":"params.ms: must be a number from 0 to 600000, got the )"
                        R"(string \"x\"","field":"params.ms"})",
                        "");
  CHECK_FALSE(r.ok);
  CHECK(r.message.rfind("HTTP 400: params.ms: must be a number", 0) == 0);

  r = workshop_reply_of(9, WorkshopClockCommand{"bob", WorkshopClockCommand::Op::pause, 0}, 200,
                        R"({"results":[{"paused":true,"speed":10.0,"trainee":"bob"}]})", "");
  CHECK(r.what == "pause bob");
  CHECK(r.message == "bob PAUSED 10x");

  r = workshop_reply_of(10, RevealCommand{}, 0, "", "Connection refused");
  CHECK_FALSE(r.ok);
  CHECK(r.message == "no answer: Connection refused");
  r = workshop_reply_of(11, ReviewRoundCommand{}, 409,
                        R"({"error":"the review round needs two trainees"})", "");
  CHECK(r.message == "HTTP 409: the review round needs two trainees");
}

// ---- against a real workshop server ----

TEST_CASE("workshop client: the instructor pauses one drill and injects into it",
          "[dashboard][workshop][http]") {
  ServedWorkshop ws;
  ws.join("alice");
  ws.join("bob");
  std::string error;
  CHECK(probe_workshop_role(ws.url(), ws.workshop.instructor_token(), 3s, &error) ==
        WorkshopRole::instructor);

  HttpWorkshopClient client(fast_workshop_options(ws.url(), ws.workshop.instructor_token()));
  REQUIRE(client.wait_for([](const WorkshopSnapshot& w) { return w.progress.size() == 2; }, 10s));
  CHECK(client.latest().connection == ConnectionState::live);
  CHECK(client.latest().trainees == std::vector<std::string>{"alice", "bob"});

  const RequestId pause =
      client.send(WorkshopClockCommand{"bob", WorkshopClockCommand::Op::pause, 0});
  const RequestId inject = client.send(InjectCommand{"bob", "", "crash", {"web-2"}, {}});
  REQUIRE(client.wait_for(
      [&](const WorkshopSnapshot& w) {
        return w.reply(inject) && w.trainee("bob") && w.trainee("bob")->paused;
      },
      10s));
  const WorkshopSnapshot& w = client.latest();
  REQUIRE(w.reply(pause));
  CHECK(w.reply(pause)->ok);
  INFO(w.reply(inject)->message);
  CHECK(w.reply(inject)->ok);
  CHECK_FALSE(w.trainee("alice")->paused);

  // Export: the archive lands where asked, and the reply says where.
  const auto path = std::filesystem::temp_directory_path() / "firedrill-ws-export-test.tar.gz";
  std::filesystem::remove(path);
  const RequestId exported = client.send(ExportCommand{path.string()});
  REQUIRE(client.wait_for([&](const WorkshopSnapshot& s) { return s.reply(exported); }, 10s));
  INFO(client.latest().reply(exported)->message);
  CHECK(client.latest().reply(exported)->ok);
  CHECK(client.latest().reply(exported)->message.find(path.string()) != std::string::npos);
  CHECK(std::filesystem::file_size(path) > 100);
  std::filesystem::remove(path);
}

TEST_CASE("workshop client: a trainee reads the draft to review and saves a verdict",
          "[dashboard][workshop][http]") {
  ServedWorkshop ws;
  const std::string alice = ws.join("alice");
  ws.join("bob");
  HttpWorkshopClient instructor(fast_workshop_options(ws.url(), ws.workshop.instructor_token()));
  HttpWorkshopClient trainee(fast_workshop_options(ws.url(), alice));
  REQUIRE(trainee.wait_for(
      [](const WorkshopSnapshot& w) { return w.role == WorkshopRole::trainee; }, 10s));
  CHECK(trainee.latest().name == "alice");
  CHECK_FALSE(trainee.latest().my_review);

  const RequestId round = instructor.send(ReviewRoundCommand{});
  REQUIRE(instructor.wait_for([&](const WorkshopSnapshot& w) { return w.reply(round); }, 10s));
  INFO(instructor.latest().reply(round)->message);
  REQUIRE(instructor.latest().reply(round)->ok);
  REQUIRE(trainee.wait_for([](const WorkshopSnapshot& w) { return w.my_review.has_value(); }, 10s));
  const PeerReviewInfo mine = *trainee.latest().my_review;
  CHECK(mine.author == "bob");
  CHECK_FALSE(mine.draft.empty());
  REQUIRE_FALSE(mine.rubric.empty());

  std::map<std::string, bool> verdicts;
  for (const RubricEntry& e : mine.rubric) verdicts[e.rule] = false;
  const RequestId saved = trainee.send(SaveReviewCommand{verdicts, "Name the cause."});
  REQUIRE(trainee.wait_for(
      [&](const WorkshopSnapshot& w) {
        return w.reply(saved) && w.my_review && w.my_review->submitted;
      },
      10s));
  CHECK(trainee.latest().reply(saved)->ok);
  CHECK(trainee.latest().my_review->met == 0);
  CHECK(trainee.latest().my_review->comments == "Name the cause.");
  // The instructor sees it among the reviews.
  REQUIRE(instructor.wait_for(
      [](const WorkshopSnapshot& w) {
        for (const PeerReviewInfo& r : w.reviews)
          if (r.reviewer == "alice" && r.submitted) return true;
        return false;
      },
      10s));
}

TEST_CASE("workshop client: a refused token is a lost connection that says so",
          "[dashboard][workshop][http]") {
  ServedWorkshop ws;
  std::string error;
  CHECK(probe_workshop_role(ws.url(), "not-a-token", 3s, &error) == WorkshopRole::unknown);
  CHECK(error.find("refused the token") != std::string::npos);
  HttpWorkshopClient client(fast_workshop_options(ws.url(), "not-a-token"));
  REQUIRE(client.wait_for(
      [](const WorkshopSnapshot& w) { return w.connection == ConnectionState::lost; }, 10s));
  CHECK(client.latest().connection_detail.find("refused the token") != std::string::npos);
  const RequestId id = client.send(RevealCommand{});
  REQUIRE(client.wait_for([&](const WorkshopSnapshot& w) { return w.reply(id); }, 10s));
  CHECK_FALSE(client.latest().reply(id)->ok);
}

TEST_CASE("workshop client: closing it does not wait for a request the server never answers",
          "[dashboard][workshop]") {
  SilentServer silent;
  REQUIRE(silent.ok());
  WorkshopClientOptions o = fast_workshop_options(silent.url(), "t");
  o.timeout = 60s;  // what closing would wait for if it waited for the request
  auto client = std::make_unique<HttpWorkshopClient>(o);
  std::this_thread::sleep_for(300ms);  // the poll's first request is in flight by now
  const auto started = std::chrono::steady_clock::now();
  client.reset();
  CHECK(std::chrono::steady_clock::now() - started < 20s);
}
