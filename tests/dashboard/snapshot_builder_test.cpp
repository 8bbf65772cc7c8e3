// SnapshotBuilder: what a client accumulates comes out in every published snapshot, bounded.
#include <catch2/catch.hpp>

#include <cmath>

#include "dashboard/client/snapshot_builder.h"

using namespace firedrill;
using namespace firedrill::dash;

namespace {
std::vector<SeriesMeta> two_series() {
  return {{"web-1", "requests", "req/s"}, {"web-1", "cpu_utilization", "ratio"}};
}
}  // namespace

TEST_CASE("snapshot builder: metric rows come back per series and second", "[dashboard]") {
  SnapshotBuilder b;
  b.set_series(two_series());
  for (int64_t s = 5; s < 10; ++s) {
    const float row[] = {static_cast<float>(s * 10), 0.5f};
    b.add_metric_row(s, row);
  }
  const auto snap = b.publish();
  const MetricWindow& m = snap->metrics;
  CHECK(m.first_second() == 5);
  CHECK(m.end_second() == 10);
  CHECK(m.value(*m.find("web-1", "requests"), 7) == 70.0f);
  CHECK(m.value(*m.find("web-1", "cpu_utilization"), 9) == 0.5f);
  CHECK_FALSE(m.find("web-2", "requests"));
  CHECK(m.of_component("web-1").size() == 2);
}

TEST_CASE("snapshot builder: a gap in the seconds reads as NaN, not as old values", "[dashboard]") {
  SnapshotBuilder b;
  b.set_series(two_series());
  const float row[] = {1, 1};
  b.add_metric_row(0, row);
  b.add_metric_row(3, row);
  const auto snap = b.publish();
  CHECK(snap->metrics.end_second() == 4);
  CHECK(std::isnan(snap->metrics.value(0, 1)));
  CHECK(snap->metrics.value(0, 3) == 1.0f);
}

TEST_CASE("snapshot builder: the metric window keeps at most its limit of seconds", "[dashboard]") {
  SnapshotLimits limits;
  limits.metric_seconds = 120;
  SnapshotBuilder b(limits);
  b.set_series(two_series());
  const float row[] = {2, 3};
  for (int64_t s = 0; s < 1000; ++s) b.add_metric_row(s, row);
  const auto snap = b.publish();
  CHECK(snap->metrics.end_second() == 1000);
  CHECK(snap->metrics.end_second() - snap->metrics.first_second() <= 120 + 60);
  CHECK(snap->metrics.value(1, 999) == 3.0f);
}

TEST_CASE("snapshot builder: log files are numbered once, lines keep their file", "[dashboard]") {
  SnapshotBuilder b;
  const uint32_t a = b.log_file_index("web-1", "/var/log/nginx/error.log");
  const uint32_t c = b.log_file_index("lb", "/var/log/nginx/access.log");
  CHECK(b.log_file_index("web-1", "/var/log/nginx/error.log") == a);
  CHECK(a != c);
  b.add_log_line({1, SimTime::seconds(1), c, "GET /"});
  b.add_log_line({2, SimTime::seconds(2), a, "[error] boom"});
  const auto snap = b.publish();
  REQUIRE(snap->logs.size() == 2);
  CHECK(snap->log_file(snap->logs[1].file).host == "web-1");
  CHECK(snap->log_file(999).host == "?");
}

TEST_CASE("snapshot builder: versions increase, replies stay bounded, reply() finds by id",
          "[dashboard]") {
  SnapshotLimits limits;
  limits.replies = 3;
  SnapshotBuilder b(limits);
  for (RequestId id = 1; id <= 5; ++id) b.add_reply({id, "x", true, "ok", SimTime{}});
  const auto first = b.publish();
  const auto second = b.publish();
  CHECK(second->version == first->version + 1);
  CHECK(first->replies.size() == 3);
  CHECK(first->reply(5) != nullptr);
  CHECK(first->reply(1) == nullptr);
}

TEST_CASE("snapshot builder: an earlier snapshot does not see later additions", "[dashboard]") {
  SnapshotBuilder b;
  b.hosts().push_back({});
  b.add_timeline({1, SimTime{}, "engine", "run.header", "", "started"});
  const auto before = b.publish();
  b.hosts().push_back({});
  b.add_timeline({2, SimTime{}, "trainee", "trainee.note", "", "a note"});
  const auto after = b.publish();
  CHECK(before->hosts.size() == 1);
  CHECK(before->timeline.size() == 1);
  CHECK(after->timeline.size() == 2);
}
