// Topology: the load balancer on top, the web servers below it (wrapped into rows), the data
// tier at the bottom, each host a box coloured by health with its name, a health label and
// its reason; the lines between tiers take the colour of the web server they lead to.
// Clicking a box selects the host for the charts, console and actions.
#include <fmt/format.h>

#include <algorithm>

#include "dashboard/ui/panels.h"
#include "dashboard/ui/theme.h"
#include "dashboard/ui/widgets.h"

namespace firedrill::dash {

namespace {

struct Node {
  const HostInfo* host;
  ImVec2 min, max;
};

// Compact boxes (name and health label; the reason in the tooltip) when many web servers
// would not fit in full.
void draw_node(ImDrawList* dl, const Node& n, bool selected, bool hovered, bool compact) {
  const HostInfo& h = *n.host;
  const ImVec4 c = health_color(h.health);
  dl->AddRectFilled(n.min, n.max, to_u32(with_alpha(c, hovered ? 0.30f : 0.18f)), 4);
  dl->AddRect(n.min, n.max, to_u32(selected ? colors::kText : with_alpha(c, 0.9f)), 4, 0,
              selected ? 2.5f : 1.2f);
  const float line = ImGui::GetTextLineHeight();
  const float w = n.max.x - n.min.x;
  auto centered = [&](float y, ImU32 col, const std::string& text) {
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    const float x = n.min.x + std::max(3.0f, (w - size.x) / 2);
    dl->PushClipRect(n.min, n.max, true);
    dl->AddText(ImVec2(x, y), col, text.c_str());
    dl->PopClipRect();
  };
  centered(n.min.y + 3, to_u32(colors::kText), h.name);
  centered(n.min.y + 3 + line, to_u32(c), health_label(h.health));
  if (compact) return;
  std::string detail = h.health_reason;
  if (detail.empty() && h.cpu >= 0) detail = fmt::format("cpu {:.0f}%", 100 * h.cpu);
  if (!detail.empty()) centered(n.min.y + 3 + 2 * line, to_u32(colors::kDim), detail);
}

}  // namespace

void draw_topology(const Snapshot& s, UiState& ui, DashboardClient&) {
  std::vector<const HostInfo*> lbs, webs, data;
  for (const HostInfo& h : s.hosts) {
    if (h.role == "lb")
      lbs.push_back(&h);
    else if (h.role == "web")
      webs.push_back(&h);
    else
      data.push_back(&h);
  }
  if (s.hosts.empty()) {
    ImGui::TextDisabled("no hosts yet");
    return;
  }

  const float line = ImGui::GetTextLineHeight();
  const float avail = ImGui::GetContentRegionAvail().x;
  const float min_w = ImGui::CalcTextSize("DEGRADED").x + 14;
  auto fits = [&](float gap) {
    return static_cast<size_t>(
        std::max(1.0f, std::min(static_cast<float>(std::max<size_t>(1, webs.size())),
                                std::floor((avail + gap) / (min_w + gap)))));
  };
  const bool compact = (webs.size() + fits(10) - 1) / fits(10) > 2;
  const float node_h = (compact ? 2 : 3) * line + 8;
  const float gap = compact ? 6 : 10, tier_gap = compact ? 16 : 26;
  const size_t per_row = fits(gap);
  const float node_w = std::min(
      140.0f, (avail - gap * static_cast<float>(per_row - 1)) / static_cast<float>(per_row));
  const size_t web_rows = (webs.size() + per_row - 1) / per_row;

  const ImVec2 origin = ImGui::GetCursorScreenPos();
  std::vector<Node> nodes;
  auto place_row = [&](const std::vector<const HostInfo*>& row, size_t from, size_t count,
                       float y) {
    const float total = static_cast<float>(count) * node_w + static_cast<float>(count - 1) * gap;
    float x = origin.x + std::max(0.0f, (avail - total) / 2);
    for (size_t i = from; i < from + count; ++i, x += node_w + gap)
      nodes.push_back({row[i], ImVec2(x, y), ImVec2(x + node_w, y + node_h)});
  };
  float y = origin.y;
  if (!lbs.empty()) {
    place_row(lbs, 0, lbs.size(), y);
    y += node_h + tier_gap;
  }
  const size_t web_begin = nodes.size();
  for (size_t r = 0; r < web_rows; ++r) {
    const size_t from = r * per_row;
    place_row(webs, from, std::min(per_row, webs.size() - from), y);
    y += node_h + gap;
  }
  const size_t web_end = nodes.size();
  if (!data.empty()) {
    y += tier_gap - gap;
    place_row(data, 0, data.size(), y);
    y += node_h;
  }

  ImDrawList* dl = ImGui::GetWindowDrawList();
  // Edges first, under the boxes: LB -> each web server -> each data host.
  for (size_t w = web_begin; w < web_end; ++w) {
    const Node& web = nodes[w];
    const ImVec4 c = web.host->health == Health::down || !web.host->in_rotation
                         ? with_alpha(health_color(web.host->health), 0.7f)
                         : with_alpha(colors::kGrey, 0.45f);
    const ImVec2 top((web.min.x + web.max.x) / 2, web.min.y);
    const ImVec2 bottom(top.x, web.max.y);
    if (!lbs.empty()) {
      const Node& lb = nodes[0];
      dl->AddLine(ImVec2((lb.min.x + lb.max.x) / 2, lb.max.y), top, to_u32(c), 1.3f);
    }
    for (size_t d = web_end; d < nodes.size(); ++d)
      dl->AddLine(bottom, ImVec2((nodes[d].min.x + nodes[d].max.x) / 2, nodes[d].min.y),
                  to_u32(with_alpha(colors::kGrey, 0.25f)), 1.0f);
  }

  for (const Node& n : nodes) {
    ImGui::SetCursorScreenPos(n.min);
    ImGui::PushID(n.host->name.c_str());
    if (ImGui::InvisibleButton("node", ImVec2(n.max.x - n.min.x, n.max.y - n.min.y)))
      ui.selected_host = n.host->name;
    ImGui::PopID();
    dump_item(ui, "topology/" + n.host->name);
    const bool hovered = ImGui::IsItemHovered();
    if (hovered) {
      const HostInfo& h = *n.host;
      ImGui::BeginTooltip();
      ImGui::Text("%s (%s, %s %s)", h.name.c_str(), h.role.c_str(), h.service.c_str(),
                  h.process.c_str());
      ImGui::Text("health: %s%s%s", health_label(h.health), h.health_reason.empty() ? "" : " - ",
                  h.health_reason.c_str());
      if (h.cpu >= 0) ImGui::Text("cpu %.0f%%", 100 * h.cpu);
      ImGui::Text("memory %.0f%%  disk %.0f%%  fds %u/%u", 100 * h.memory, 100 * h.disk, h.fds,
                  h.fd_limit);
      ImGui::Text("version %s, %u restarts%s", h.version.c_str(), h.restarts,
                  h.in_rotation ? "" : ", drained");
      ImGui::EndTooltip();
    }
    draw_node(dl, n, ui.selected_host == n.host->name, hovered, compact);
    dump_text(ui, "topology",
              fmt::format("{} {}{}{}", n.host->name, health_label(n.host->health),
                          n.host->health_reason.empty() ? "" : " ", n.host->health_reason));
  }
  ImGui::SetCursorScreenPos(ImVec2(origin.x, y + 6));
  ImGui::Dummy(ImVec2(avail, 1));
}

}  // namespace firedrill::dash
