// GET /metrics in the Prometheus text format 0.0.4: the drill's and the server's own families,
// read back with a strict parser that checks what promtool does and what it lets through.
#include <catch2/catch.hpp>

#include <cmath>

#include "api_test_util.h"
#include "prometheus_parser.h"
#include "sim/api/prometheus_exposition.h"

using namespace firedrill;
using namespace firedrill::api;
using test::parse_prometheus;

namespace {
std::string joined(const std::vector<std::string>& errors) {
  std::string out;
  for (const std::string& e : errors) out += e + "\n";
  return out;
}
}  // namespace

TEST_CASE("prometheus: the drill's exposition parses and keeps every invariant", "[api][prom]") {
  auto s = test::paused_session();
  ApiStats stats;
  ApiRoutes routes(single_session(*s), &stats);
  s->call([](Drill& d) { return d.perform({"stop_service", "web-4", {}}); });
  test::step(*s, SimTime::minutes(3));  // BackendDown fires: the alert family has a sample
  for (const char* path : {"/api/v1/session", "/api/v1/topology", "/api/v1/nope"}) {
    const ApiResponse r = routes.handle("GET", path);
    stats.observe(r.route, "GET", r.status, 0.003);
  }
  stats.observe("/api/v1/logs", "GET", 200, 12.0);  // beyond the last bound: only in +Inf

  const ApiResponse r = routes.handle("GET", "/metrics");
  REQUIRE(r.status == 200);
  CHECK(r.content_type == "text/plain; version=0.0.4");
  const auto parsed = parse_prometheus(r.body);
  INFO(r.body);
  CHECK(joined(parsed.errors).empty());

  const auto* time = parsed.family("firedrill_sim_time_seconds");
  REQUIRE(time);
  CHECK(time->type == "gauge");
  CHECK(time->samples.at(0).value == 180);
  const auto* alerts = parsed.family("firedrill_alerts");
  REQUIRE(alerts);
  bool down = false;
  for (const auto& sample : alerts->samples)
    for (const auto& [k, v] : sample.labels) down = down || (k == "component" && v == "web-4");
  CHECK(down);
  const auto* p99 = parsed.family("firedrill_stack_p99_seconds");
  REQUIRE(p99);
  CHECK(p99->type == "gauge");
  const auto* requests = parsed.family("firedrill_api_requests_total");
  REQUIRE(requests);
  CHECK(requests->type == "counter");
  const auto* latency = parsed.family("firedrill_api_request_duration_seconds");
  REQUIRE(latency);
  CHECK(latency->type == "histogram");
  CHECK(r.body.back() == '\n');
}

TEST_CASE("prometheus: every stack series gets a name promlint accepts", "[api][prom]") {
  auto s = test::paused_session();
  auto names = s->call([](Drill& d) {
    std::vector<std::pair<SeriesInfo, StackFamilyName>> out;
    const MetricsRegistry& m = d.stack().metrics();
    for (SeriesId id = 0; id < m.series_count(); ++id)
      out.emplace_back(m.info(id), stack_family_name(m.info(id)));
    return out;
  });
  REQUIRE(names);
  for (const auto& [info, family] : *names) {
    INFO(info.component << "." << info.metric << " (" << info.unit << ") -> " << family.name);
    PromFamily f{family.name, "help", PromType::gauge, {{"", {{"component", info.component}}, 1}}};
    CHECK(joined(parse_prometheus(render_prometheus({f})).errors).empty());
    if (info.unit == "ms") CHECK(family.scale == 0.001);
  }
}

TEST_CASE("prometheus: label values and help text are escaped and read back intact",
          "[api][prom]") {
  const std::string nasty = "C:\\DIR\\FILE.TXT said \"no\"\nthen left";
  PromFamily f{"firedrill_test_info",
               "help with \\ and\nnewline",
               PromType::gauge,
               {{"", {{"path", nasty}}, 1.5}}};
  const std::string text = render_prometheus({f});
  CHECK(text.find("path=\"C:\\\\DIR\\\\FILE.TXT said \\\"no\\\"\\nthen left\"") !=
        std::string::npos);
  const auto parsed = parse_prometheus(text);
  CHECK(joined(parsed.errors).empty());
  REQUIRE(parsed.family("firedrill_test_info"));
  CHECK(parsed.family("firedrill_test_info")->help == "help with \\ and\nnewline");
  CHECK(parsed.family("firedrill_test_info")->samples.at(0).labels.at(0).second == nasty);
}

TEST_CASE("prometheus: values are spelt as Prometheus reads them", "[api][prom]") {
  CHECK(format_prom_value(3) == "3");
  CHECK(format_prom_value(-2) == "-2");
  CHECK(format_prom_value(0.25) == "0.25");
  CHECK(format_prom_value(NAN) == "NaN");
  CHECK(format_prom_value(INFINITY) == "+Inf");
  CHECK(format_prom_value(-INFINITY) == "-Inf");
  CHECK(format_prom_value(1e20) == "1e+20");
}

TEST_CASE("prometheus: histogram buckets are cumulative, ascending, +Inf equal to the count",
          "[api][prom]") {
  PromHistogram h({0.1, 0.5, 1});
  for (double v : {0.05, 0.1, 0.3, 0.7, 2.0, 3.0}) h.observe(v);
  PromFamily f{"firedrill_test_duration_seconds", "test", PromType::histogram, {}};
  append_histogram(f, {{"route", "/x"}}, h);
  const std::string text = render_prometheus({f});
  const auto parsed = parse_prometheus(text);
  INFO(text);
  CHECK(joined(parsed.errors).empty());
  std::vector<double> buckets;
  for (const auto& s : parsed.family("firedrill_test_duration_seconds")->samples)
    if (s.name.ends_with("_bucket")) buckets.push_back(s.value);
  CHECK(buckets == std::vector<double>{2, 3, 4, 6});  // le=0.1 holds 0.05 and 0.1 itself
}

TEST_CASE("prometheus parser: catches what promtool lets through", "[api][prom]") {
  auto errors = [](const char* text) { return parse_prometheus(text).errors.size(); };
  const char* good =
      "# HELP a_total A.\n# TYPE a_total counter\na_total 1\n"
      "# HELP wait_seconds H.\n# TYPE wait_seconds histogram\n"
      "wait_seconds_bucket{le=\"1\"} 1\nwait_seconds_bucket{le=\"+Inf\"} 2\n"
      "wait_seconds_sum 3\nwait_seconds_count 2\n";
  CHECK(errors(good) == 0);
  // A family split into two groups.
  CHECK(errors("# HELP g G.\n# TYPE g gauge\ng{x=\"1\"} 1\n# HELP k K.\n# TYPE k gauge\nk 1\n"
               "g{x=\"2\"} 1\n") > 0);
  // The same series twice.
  CHECK(errors("# HELP g G.\n# TYPE g gauge\ng 1\ng 2\n") > 0);
  // No +Inf bucket; +Inf unequal to _count; buckets out of order; not cumulative.
  CHECK(errors("# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n") > 0);
  CHECK(errors("# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n") >
        0);
  CHECK(errors("# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\n"
               "h_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n") > 0);
  CHECK(errors("# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\n"
               "h_sum 1\nh_count 1\n") > 0);
  // What promtool catches too: no final newline, TYPE after samples, naming, bad escapes.
  CHECK(errors("# HELP g G.\n# TYPE g gauge\ng 1") > 0);
  CHECK(errors("# HELP g G.\ng 1\n# TYPE g gauge\n") > 0);
  CHECK(errors("# HELP requests R.\n# TYPE requests counter\nrequests 1\n") > 0);
  CHECK(errors("# HELP latency_ms L.\n# TYPE latency_ms gauge\nlatency_ms 1\n") > 0);
  CHECK(errors("# TYPE g gauge\ng 1\n") > 0);
  CHECK(errors("# HELP g G.\n# TYPE g gauge\ng{a=\"\\t\"} 1\n") > 0);
}
