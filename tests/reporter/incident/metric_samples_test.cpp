#include "reporter/incident/metric_samples.h"

#include <catch2/catch.hpp>

#include "tests/reporter/support/journal_builder.h"

namespace firedrill {
namespace {

using testing::JournalBuilder;

ScenarioClock clock_at(const char* start) {
  return *ScenarioClock::create("UTC", start).clock;
}

TEST_CASE("metric samples: every metrics.sample is read with its counts", "[samples]") {
  const auto records = JournalBuilder().traffic(0, 30, 5, 120, 2).records();
  const std::vector<MetricSample> samples = read_metric_samples(records);
  REQUIRE(samples.size() == 3);
  CHECK(samples[1].from_s == 10);
  CHECK(samples[1].to_s == 20);
  CHECK(samples[1].failed == 5);
  CHECK(samples[1].error_ratio() == Approx(0.005));
  CHECK(samples[2].users_affected == 6);
}

TEST_CASE("metric samples: minutes follow the scenario clock and count each sample once",
          "[samples]") {
  const auto records = JournalBuilder().traffic(0, 120, 0, 100).records();
  const std::vector<MetricSample> samples = read_metric_samples(records);
  const Slo slo;
  // A start at 14:00:30 puts the first minute boundary at drill second 30.
  const auto minutes = minute_stats(samples, clock_at("2024-02-16 14:00:30"), slo);
  REQUIRE(minutes.size() == 3);
  CHECK(minutes[0].start == SimTime{});
  CHECK(minutes[0].end == SimTime::seconds(30));
  CHECK(minutes[0].requests == 3000);  // samples with middles 5, 15, 25
  CHECK(minutes[1].requests == 6000);
  CHECK(minutes[2].requests == 3000);
  CHECK(minutes[2].end == SimTime::seconds(120));  // the data ends there
}

TEST_CASE("metric samples: a minute breaches on errors or on p99 latency", "[samples]") {
  const auto records = JournalBuilder()
                           .traffic(0, 60, 0, 100)
                           .traffic(60, 120, 20, 100)   // 2% errors
                           .traffic(120, 180, 0, 1500)  // slow
                           .traffic(180, 240, 0, 100)
                           .records();
  const auto samples = read_metric_samples(records);
  const auto minutes = minute_stats(samples, clock_at("2024-02-16 14:00:00"), Slo{});
  REQUIRE(minutes.size() == 4);
  CHECK_FALSE(minutes[0].breached);
  CHECK(minutes[1].breached);
  CHECK(minutes[2].breached);
  CHECK_FALSE(minutes[3].breached);
}

TEST_CASE("outage: runs from the first to the end of the last breached minute", "[samples]") {
  const auto records = JournalBuilder()
                           .traffic(0, 120, 0, 100)
                           .traffic(120, 180, 500, 800)
                           .traffic(180, 240, 0, 100)  // a quiet minute inside
                           .traffic(240, 300, 0, 3000)
                           .traffic(300, 420, 0, 100)
                           .records();
  const auto samples = read_metric_samples(records);
  const auto minutes = minute_stats(samples, clock_at("2024-02-16 14:00:00"), Slo{});
  const auto outage = find_outage(minutes);
  REQUIRE(outage);
  CHECK(outage->start == SimTime::minutes(2));
  CHECK(outage->end == SimTime::minutes(5));
  CHECK(outage->breached_minutes == 2);
  CHECK_FALSE(outage->ongoing);
  CHECK(outage->peak_error_ratio == Approx(0.5));
  CHECK(outage->peak_p99_ms == 3000);
}

TEST_CASE("outage: still breached in the last minute means ongoing, ending with the data",
          "[samples]") {
  const auto records = JournalBuilder().traffic(0, 60, 0, 100).traffic(60, 150, 300, 100).records();
  const auto samples = read_metric_samples(records);
  const auto outage = find_outage(minute_stats(samples, clock_at("2024-02-16 14:00:00"), Slo{}));
  REQUIRE(outage);
  CHECK(outage->ongoing);
  CHECK(outage->end == SimTime::seconds(150));
}

TEST_CASE("outage: none when no minute breaches the SLO", "[samples]") {
  const auto records = JournalBuilder().traffic(0, 300, 1, 200).records();
  const auto samples = read_metric_samples(records);
  CHECK_FALSE(find_outage(minute_stats(samples, clock_at("2024-02-16 14:00:00"), Slo{})));
  CHECK(minute_stats({}, clock_at("2024-02-16 14:00:00"), Slo{}).empty());
}

}  // namespace
}  // namespace firedrill
