#include <catch2/catch.hpp>

#include "sim/core/random.h"
#include "sim/observe/latency_histogram.h"
#include "sim/observe/metric_series.h"

using namespace firedrill;

TEST_CASE("metrics registry: keeps only the newest seconds once its capacity is reached",
          "[metrics]") {
  MetricsRegistry m(10);
  const SeriesId a = m.add("lb", "requests", "req/s");
  const SeriesId b = m.add("db", "queries", "q/s");
  for (int64_t s = 0; s < 25; ++s) {
    m.set(a, static_cast<double>(s));
    m.set(b, static_cast<double>(100 + s));
    m.commit_second(s);
  }
  CHECK(m.first_second() == 15);
  CHECK(m.end_second() == 25);
  CHECK(m.value(a, 15) == 15);
  CHECK(m.value(b, 24) == 124);
  CHECK(m.latest(a) == 24);
  CHECK(m.find("db", "queries") == b);
  CHECK_FALSE(m.find("db", "nope"));
}

TEST_CASE("metrics registry: a series not set in a second reads zero", "[metrics]") {
  MetricsRegistry m(4);
  const SeriesId a = m.add("lb", "requests", "req/s");
  m.set(a, 5);
  m.commit_second(0);
  m.commit_second(1);
  CHECK(m.value(a, 0) == 5);
  CHECK(m.value(a, 1) == 0);
}

TEST_CASE("latency histogram: percentiles are within 3% of the exact nearest rank", "[metrics]") {
  RandomStream rng(5);
  LatencyHistogram h;
  std::vector<int64_t> values;
  for (int i = 0; i < 100000; ++i) {
    const auto v = static_cast<int64_t>(rng.exponential(5000.0)) + 1;
    values.push_back(v);
    h.add(v);
  }
  std::sort(values.begin(), values.end());
  for (double pct : {50.0, 95.0, 99.0, 99.9}) {
    const auto exact = static_cast<double>(values[static_cast<size_t>(pct / 100 * 100000) - 1]);
    CHECK(h.percentile_us(pct) == Approx(exact).epsilon(0.03));
  }
  CHECK(h.count() == 100000);
}

TEST_CASE("latency histogram: small values are exact and huge ones are clamped", "[metrics]") {
  LatencyHistogram h;
  h.add(7);
  CHECK(h.percentile_us(100) == 7);
  h.clear();
  h.add(int64_t{1} << 50);
  CHECK(h.percentile_us(50) > 1e10);
  CHECK(LatencyHistogram::bucket_of(int64_t{1} << 50) < LatencyHistogram::kBuckets);
}
