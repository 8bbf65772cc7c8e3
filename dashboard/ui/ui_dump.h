// UiDump: what the dashboard showed, frame by frame, for tests and the script player. Panels
// record their key texts ("alerts: FIRING PAGE HighErrorRate lb") and the screen rectangles of
// the things one can click, under stable ids ("actions/restart_service", "topology/web-2").
// The frame being drawn collects; end_frame() makes it the completed frame that lookups and
// to_json() read. Recording is optional: panels get a null UiDump* when nobody needs it.
// Single-threaded (the UI thread).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "dashboard/client/workshop_snapshot.h"

namespace firedrill::dash {

struct DumpItem {
  std::string id;
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // screen pixels
};

class UiDump {
 public:
  void begin_frame(uint64_t frame);
  void end_frame();

  // During a frame.
  void text(std::string_view panel, std::string text);
  void item(std::string id, float x0, float y0, float x1, float y1);

  // The last completed frame.
  uint64_t frame() const { return done_.frame; }
  const DumpItem* find_item(std::string_view id) const;
  bool contains(std::string_view needle) const;  // in any panel's texts or any item id
  const std::vector<std::string>* panel_texts(std::string_view panel) const;
  // {"frame": N, "panels": {"alerts": [...], ...}, "items": ["actions/restart_service", ...]}
  nlohmann::json to_json() const;

 private:
  struct Frame {
    uint64_t frame = 0;
    std::map<std::string, std::vector<std::string>, std::less<>> panels;
    std::vector<DumpItem> items;
  };
  Frame building_;
  Frame done_;
};

// The workshop as the instructor/review panels last drew it, for the dump file beside the
// panels' texts: role, reveal and round state, each trainee's clock and progress, replies.
nlohmann::json workshop_summary(const WorkshopSnapshot& w);

}  // namespace firedrill::dash
