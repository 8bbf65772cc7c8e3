// Console: a shell on the selected host. The transcript lists every exchange of the drill
// (prompt, output, exit status) in the mono font; the input line sends on Enter, Up/Down walk
// the history, and a command still running shows as such until its reply arrives.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "dashboard/ui/panels.h"
#include "dashboard/ui/theme.h"
#include "dashboard/ui/widgets.h"

namespace firedrill::dash {

namespace {

int history_callback(ImGuiInputTextCallbackData* data) {
  auto* c = static_cast<ConsoleViewState*>(data->UserData);
  if (data->EventFlag != ImGuiInputTextFlags_CallbackHistory || c->history.empty()) return 0;
  const int n = static_cast<int>(c->history.size());
  if (data->EventKey == ImGuiKey_UpArrow)
    c->history_pos = c->history_pos < 0 ? n - 1 : std::max(0, c->history_pos - 1);
  else if (data->EventKey == ImGuiKey_DownArrow && c->history_pos >= 0)
    c->history_pos = c->history_pos + 1 >= n ? -1 : c->history_pos + 1;
  const std::string& text =
      c->history_pos >= 0 ? c->history[static_cast<size_t>(c->history_pos)] : std::string();
  data->DeleteChars(0, data->BufTextLen);
  data->InsertChars(0, text.c_str());
  return 0;
}

}  // namespace

void draw_console(const Snapshot& s, UiState& ui, DashboardClient& client) {
  ConsoleViewState& c = ui.console;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("host");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::CalcTextSize("web-00").x + 40);
  if (ImGui::BeginCombo("##host", ui.selected_host.c_str())) {
    for (const HostInfo& h : s.hosts)
      if (ImGui::Selectable(h.name.c_str(), h.name == ui.selected_host)) ui.selected_host = h.name;
    ImGui::EndCombo();
  }
  dump_item(ui, "console/host");
  ImGui::SameLine();
  ImGui::TextDisabled("try: help, top, df -h, systemctl status nginx");

  // Replies that arrived end the pending state.
  c.pending.erase(std::remove_if(c.pending.begin(), c.pending.end(),
                                 [&](RequestId id) { return s.reply(id) != nullptr; }),
                  c.pending.end());

  const float input_h = ImGui::GetFrameHeightWithSpacing();
  ImGui::BeginChild("transcript", ImVec2(0, -input_h), true);
  {
    ScopedFont mono(mono_font(ui));
    for (size_t i = 0; i < s.console.size(); ++i) {
      const ConsoleEntry& e = s.console[i];
      colored_text(colors::kAccent, fmt::format("root@{}:~# {}", e.host, e.command));
      if (!e.output.empty()) {
        const char* end = e.output.c_str() + e.output.size();
        if (end > e.output.c_str() && end[-1] == '\n') --end;
        ImGui::TextUnformatted(e.output.c_str(), end);
      }
      if (e.exit_code != 0) colored_text(colors::kDim, fmt::format("[exit {}]", e.exit_code));
    }
    for (size_t i = 0; i < c.pending.size(); ++i) colored_text(colors::kDim, "running...");
    if (!s.console.empty()) {
      const ConsoleEntry& last = s.console.back();
      dump_text(ui, "console",
                fmt::format("{}$ {} -> exit {}", last.host, last.command, last.exit_code));
      std::string first_line = last.output.substr(0, last.output.find('\n'));
      dump_text(ui, "console", first_line);
    }
  }
  if (s.console.end_index() != c.seen_end || !c.pending.empty()) {
    ImGui::SetScrollHereY(1.0f);
    c.seen_end = s.console.end_index();
  }
  ImGui::EndChild();

  ImGui::AlignTextToFramePadding();
  colored_text(colors::kAccent, fmt::format("root@{}:~#", ui.selected_host));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  if (c.focus_input) {
    ImGui::SetKeyboardFocusHere();
    c.focus_input = false;
  }
  const ImGuiInputTextFlags flags =
      ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CallbackHistory;
  const bool entered =
      ImGui::InputText("##input", c.input.data(), c.input.size(), flags, history_callback, &c);
  dump_item(ui, "console/input");
  if (entered) {
    std::string line = c.input.data();
    while (!line.empty() && line.back() == ' ') line.pop_back();
    if (!line.empty()) {
      c.pending.push_back(client.run_console(ui.selected_host, line));
      if (c.history.empty() || c.history.back() != line) c.history.push_back(line);
    }
    c.history_pos = -1;
    c.input.fill('\0');
    c.focus_input = true;  // keep typing
  }
}

}  // namespace firedrill::dash
