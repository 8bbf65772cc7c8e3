#include <catch2/catch.hpp>

#include "reporter/debrief/debrief.h"
#include "tests/reporter/support/journal_builder.h"

namespace firedrill {
namespace {

using testing::standard_drill;

TEST_CASE("summary json: holds the figures with local times and whole seconds", "[summary]") {
  const auto records = standard_drill().records();
  const nlohmann::json j = debrief_summary_json(build_debrief(records));
  CHECK(j["format"] == "firedrill-summary-1");
  CHECK(j["outage"]["start"]["local"] == "2024-02-16 13:50 EST (UTC-05:00)");
  CHECK(j["outage"]["start"]["t_us"] == 600000000);
  CHECK(j["outage"]["duration_s"] == 600);
  CHECK(j["detection"]["how"] == "alert");
  CHECK(j["detection"]["by"] == "HighErrorRate");
  CHECK(j["time_to_detect_s"] == 120);
  CHECK(j["time_to_acknowledge_s"] == 60);
  CHECK(j["time_to_mitigate_s"] == 600);
  CHECK(j["time_to_resolve_s"] == 600);
  CHECK(j["requests"]["failed"] == 12000);
  CHECK(j["users"]["affected_share"] == 0.6);
  CHECK(j["error_budget"]["burned_share"] == Approx(0.00463).margin(1e-5));
  CHECK(j["misleading_paths"]["count"] == 1);
  CHECK(j["misleading_paths"]["targets"] == nlohmann::json::array({"web-1"}));
  CHECK(j["escalations"]["teams"] == nlohmann::json::array({"web platform"}));
  CHECK(j["timeline_events"]["misleading"] == 3);
  CHECK(j["warnings"].empty());
}

TEST_CASE("summary json: unknown figures are null", "[summary]") {
  const nlohmann::json j = debrief_summary_json(build_debrief({}));
  CHECK(j["outage"].is_null());
  CHECK(j["detection"].is_null());
  CHECK(j["time_to_resolve_s"].is_null());
  CHECK(j["users"]["affected_share"].is_null());
  CHECK(j["warnings"].size() == 3);
}

TEST_CASE("summary json: the same journal gives the same bytes", "[summary]") {
  const auto records = standard_drill().records();
  CHECK(debrief_summary_json(build_debrief(records)).dump(2) ==
        debrief_summary_json(build_debrief(records)).dump(2));
}

}  // namespace
}  // namespace firedrill
