// The logs panel's filter: cached matches, extended as lines arrive, rescanned a bounded
// number of lines per frame.
#include "dashboard/client/snapshot_builder.h"
#include "panel_harness.h"

using namespace firedrill;
using namespace firedrill::dash;
using firedrill::dash::testing::PanelHarness;

namespace {
void set_filter(ImGuiTextFilter& f, const char* text) {
  std::snprintf(f.InputBuf, sizeof(f.InputBuf), "%s", text);
  f.Build();
}
}  // namespace

TEST_CASE("logs panel: a filter keeps the matching lines (the canned 200 error lines)",
          "[dashboard]") {
  PanelHarness h;
  set_filter(h.ui.logs.filter, "connect() failed");
  h.frame();
  CHECK(h.shows("logs", "200 of 2000 lines"));
  set_filter(h.ui.logs.filter, "connect() failed,-*1990");
  h.frame();
  CHECK(h.shows("logs", "of 2000 lines"));
  set_filter(h.ui.logs.filter, "");
  h.frame();
  CHECK(h.shows("logs", "2000 of 2000 lines"));
}

TEST_CASE("logs panel: a changed filter is rescanned a bounded number of lines per frame",
          "[dashboard]") {
  PanelHarness h;
  h.ui.logs.lines_per_frame = 500;
  set_filter(h.ui.logs.filter, "GET /checkout");
  h.frame();
  CHECK(h.shows("logs", "(filtering 25%)"));
  for (int i = 0; i < 3; ++i) h.frame();
  CHECK(h.shows("logs", "1800 of 2000 lines"));
  CHECK_FALSE(h.shows("logs", "filtering"));
}

TEST_CASE("logs panel: 'selected host only' and 'errors only' narrow the lines", "[dashboard]") {
  PanelHarness h;
  h.ui.selected_host = "web-3";
  h.ui.logs.selected_host_only = true;
  h.frame();
  CHECK(h.shows("logs", "200 of 2000 lines"));
  h.ui.selected_host = "lb";
  h.frame();
  CHECK(h.shows("logs", "1800 of 2000 lines"));
  h.ui.logs.selected_host_only = false;
  h.ui.logs.errors_only = true;
  h.frame();
  CHECK(h.shows("logs", "200 of 2000 lines"));
}

TEST_CASE("logs panel: new lines extend the matches without rescanning the old ones",
          "[dashboard]") {
  PanelHarness h;
  SnapshotBuilder b;
  const uint32_t file = b.log_file_index("web-1", "/var/log/app/app.log");
  auto add = [&](uint64_t from, uint64_t to) {
    for (uint64_t i = from; i < to; ++i)
      b.add_log_line({i + 1, SimTime::seconds(static_cast<int64_t>(i)), file,
                      i % 2 ? "ERROR pool timeout" : "INFO ok"});
  };
  add(0, 100);
  h.client.serve(b.publish());
  set_filter(h.ui.logs.filter, "pool");
  h.frame();
  CHECK(h.shows("logs", "50 of 100 lines"));
  CHECK(h.ui.logs.scan_next == 100);
  add(100, 150);
  h.client.serve(b.publish());
  h.frame();
  CHECK(h.shows("logs", "75 of 150 lines"));
  CHECK(h.ui.logs.scan_next == 150);
  CHECK(h.ui.logs.matches.front() == 1);
}
