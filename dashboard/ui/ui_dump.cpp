#include "dashboard/ui/ui_dump.h"

namespace firedrill::dash {

void UiDump::begin_frame(uint64_t frame) {
  building_.frame = frame;
  for (auto& [name, texts] : building_.panels) texts.clear();
  building_.items.clear();
}

void UiDump::end_frame() {
  std::swap(done_, building_);
}

void UiDump::text(std::string_view panel, std::string text) {
  auto it = building_.panels.find(panel);
  if (it == building_.panels.end())
    it = building_.panels.emplace(std::string(panel), std::vector<std::string>{}).first;
  it->second.push_back(std::move(text));
}

void UiDump::item(std::string id, float x0, float y0, float x1, float y1) {
  building_.items.push_back({std::move(id), x0, y0, x1, y1});
}

const DumpItem* UiDump::find_item(std::string_view id) const {
  for (const DumpItem& i : done_.items)
    if (i.id == id) return &i;
  return nullptr;
}

bool UiDump::contains(std::string_view needle) const {
  for (const auto& [name, texts] : done_.panels)
    for (const std::string& t : texts)
      if (t.find(needle) != std::string::npos) return true;
  for (const DumpItem& i : done_.items)
    if (i.id.find(needle) != std::string::npos) return true;
  return false;
}

const std::vector<std::string>* UiDump::panel_texts(std::string_view panel) const {
  const auto it = done_.panels.find(panel);
  return it == done_.panels.end() ? nullptr : &it->second;
}

nlohmann::json UiDump::to_json() const {
  nlohmann::json panels = nlohmann::json::object();
  for (const auto& [name, texts] : done_.panels)
    if (!texts.empty()) panels[name] = texts;
  nlohmann::json items = nlohmann::json::array();
  for (const DumpItem& i : done_.items) items.push_back(i.id);
  return {{"frame", done_.frame}, {"panels", std::move(panels)}, {"items", std::move(items)}};
}

nlohmann::json workshop_summary(const WorkshopSnapshot& w) {
  nlohmann::json trainees = nlohmann::json::array();
  for (const TraineeProgress& p : w.progress)
    trainees.push_back({{"name", p.name},
                        {"t_us", p.t.us()},
                        {"paused", p.paused},
                        {"speed", p.speed},
                        {"detected", p.detected},
                        {"escalated", p.escalated},
                        {"mitigated", p.mitigated},
                        {"resolved", p.resolved}});
  nlohmann::json replies = nlohmann::json::array();
  for (const WorkshopReply& r : w.replies)
    replies.push_back({{"what", r.what}, {"ok", r.ok}, {"message", r.message}});
  return {{"role", workshop_role_name(w.role)},
          {"connection", std::string(connection_name(w.connection))},
          {"revealed", w.revealed},
          {"review_open", w.review_open},
          {"trainees", std::move(trainees)},
          {"reviews", w.reviews.size()},
          {"replies", std::move(replies)}};
}

}  // namespace firedrill::dash
