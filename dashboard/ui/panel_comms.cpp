// Comms: the conversation of the incident — stakeholders and customers writing in, teams
// answering escalations, the coach's hints, and what the trainee sent (escalations, status
// updates, messages) — as one chat-like feed taken from the live timeline, with a reply box
// and an "Ask for a hint" button. A reply is a message to whoever is chosen (POST /messages),
// answering (reply_to_seq) the latest record they wrote, if any. Each line carries a label as
// well as a colour. Below, the runbook list (the API's pages per alert, or the alerts' links):
// opening one shows its link and text and records that it was read (POST /runbooks/open).
#include <fmt/format.h>

#include <algorithm>

#include "dashboard/ui/panels.h"
#include "dashboard/ui/theme.h"
#include "dashboard/ui/widgets.h"

namespace firedrill::dash {

namespace {

struct Kind {
  const char* kind;
  const char* label;
  ImVec4 color;
};

const Kind* kind_of(const TimelineEntry& e) {
  static const Kind kKinds[] = {
      {"stakeholder.message", "STAKEHOLDER", colors::kAmber},
      {"customer.report", "CUSTOMER", colors::kAmber},
      {"team.reply", "TEAM", colors::kGreen},
      {"hint.given", "HINT", colors::kBlue},
      {"trainee.escalate", "YOU: PAGE", colors::kAccent},
      {"trainee.status", "YOU: STATUS", colors::kAccent},
      {"trainee.message", "YOU: MESSAGE", colors::kAccent},
      {"trainee.hint", "YOU: HINT?", colors::kAccent},
      {"trainee.declare", "YOU: DECLARE", colors::kAccent},
  };
  for (const Kind& k : kKinds)
    if (e.kind == k.kind) return &k;
  return nullptr;
}

// Appends the conversation records the snapshot added since the last frame.
void catch_up(const Snapshot& s, CommsViewState& v) {
  const ChunkedView<TimelineEntry>& t = s.timeline;
  if (v.branch != s.session.branch) {  // rewound: the conversation after that moment is gone
    v.branch = s.session.branch;
    v.feed.clear();
    v.scanned_to = t.first_index();
  }
  uint64_t g = std::max(v.scanned_to, t.first_index());
  for (; g < t.end_index(); ++g)
    if (kind_of(t.at_global(g))) v.feed.push_back(t.at_global(g));
  v.scanned_to = g;
  constexpr size_t kKeep = 500;
  if (v.feed.size() > kKeep) v.feed.erase(v.feed.begin(), v.feed.end() - kKeep);
}

// The API's runbooks, or (no API behind the client) the distinct links of the listed alerts.
std::vector<RunbookInfo> runbooks_of(const Snapshot& s) {
  if (s.runbooks) return *s.runbooks;
  std::vector<RunbookInfo> out;
  for (const AlertInfo& a : s.alerts) {
    if (a.runbook.empty()) continue;
    if (std::none_of(out.begin(), out.end(),
                     [&](const RunbookInfo& r) { return r.alert == a.rule; }))
      out.push_back({a.rule, a.runbook, {}, {}});
  }
  return out;
}

std::string runbook_label(const RunbookInfo& r) {
  return fmt::format("{}: {}", r.alert, r.title.empty() ? r.url : r.title);
}

void draw_runbooks(const Snapshot& s, UiState& ui, DashboardClient& client) {
  CommsViewState& v = ui.comms;
  const std::vector<RunbookInfo> list = runbooks_of(s);
  ImGui::SameLine();
  if (list.empty()) {
    ImGui::TextDisabled("no runbooks");
    return;
  }
  v.runbook = std::clamp(v.runbook, 0, static_cast<int>(list.size()) - 1);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
  if (ImGui::BeginCombo("##comms_runbook",
                        runbook_label(list[static_cast<size_t>(v.runbook)]).c_str())) {
    for (size_t i = 0; i < list.size(); ++i)
      if (ImGui::Selectable(runbook_label(list[i]).c_str(), static_cast<int>(i) == v.runbook))
        v.runbook = static_cast<int>(i);
    ImGui::EndCombo();
  }
  dump_item(ui, "comms/runbook");
  for (const RunbookInfo& r : list) dump_text(ui, "runbooks", runbook_label(r));
  ImGui::SameLine();
  if (tracked_button(ui, "comms/runbook_open", "Open runbook")) {
    v.open_runbook = list[static_cast<size_t>(v.runbook)];
    const RunbookInfo& r = v.open_runbook;
    v.sent.push_back(client.send(RunbookOpenCommand{r.url.empty() ? r.title : r.url, r.alert}));
    ImGui::OpenPopup("comms_runbook_view");
  }
  if (ImGui::BeginPopup("comms_runbook_view")) {
    const RunbookInfo& r = v.open_runbook;
    ImGui::TextUnformatted((r.title.empty() ? r.alert : r.title).c_str());
    if (!r.url.empty()) colored_text(colors::kBlue, r.url);
    ImGui::Separator();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36);
    const char* page = r.text.empty() ? "(no page: follow the link)" : r.text.c_str();
    ImGui::TextUnformatted(page);
    ImGui::PopTextWrapPos();
    dump_text(ui, "runbook", fmt::format("{} {} {}", r.alert, r.url, page));
    ImGui::EndPopup();
  }
}

}  // namespace

void draw_comms(const Snapshot& s, UiState& ui, DashboardClient& client) {
  CommsViewState& v = ui.comms;
  catch_up(s, v);

  // Who can be answered: everyone who wrote in, then the usual channels.
  std::vector<std::string> people;
  for (const TimelineEntry& e : v.feed)
    if ((e.kind == "stakeholder.message" || e.kind == "customer.report") && !e.target.empty() &&
        std::find(people.begin(), people.end(), e.target) == people.end())
      people.push_back(e.target);
  for (const char* channel : {"#incident", "support", "customers"}) people.push_back(channel);

  // Replies, hints and runbooks opened are the trainee's moves (journalled): someone watching
  // their drill gets the feed alone.
  const float reply_h =
      ui.read_only ? 0 : ImGui::GetFrameHeightWithSpacing() * 3 + ImGui::GetTextLineHeight() * 2;
  if (ImGui::BeginChild("comms_feed", ImVec2(0, -reply_h), true)) {
    if (v.feed.empty()) {
      ImGui::TextDisabled("No messages yet. Stakeholders, team replies and hints appear here.");
      dump_text(ui, "comms", "no messages yet");
    }
    for (const TimelineEntry& e : v.feed) {
      const Kind* k = kind_of(e);
      ImGui::TextDisabled("%s", fmt_clock(s.session, e.t, false).c_str());
      ImGui::SameLine();
      badge(k->label, k->color, 0);
      ImGui::SameLine();
      ImGui::PushTextWrapPos(0);
      ImGui::TextUnformatted(e.text.c_str());
      ImGui::PopTextWrapPos();
      dump_text(ui, "comms", fmt::format("{} {}", k->label, e.text));
    }
    if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 4) ImGui::SetScrollHereY(1.0f);
  }
  ImGui::EndChild();
  if (ui.read_only) return;

  v.to = std::clamp(v.to, 0, static_cast<int>(people.size()) - 1);
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("reply to");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
  if (ImGui::BeginCombo("##comms_to", people[static_cast<size_t>(v.to)].c_str())) {
    for (size_t i = 0; i < people.size(); ++i)
      if (ImGui::Selectable(people[i].c_str(), static_cast<int>(i) == v.to))
        v.to = static_cast<int>(i);
    ImGui::EndCombo();
  }
  dump_item(ui, "comms/to");
  ImGui::SameLine();
  const RequestId last = v.sent.empty() ? 0 : v.sent.back();
  if (const CommandReply* r = last ? s.reply(last) : nullptr) {
    colored_text(r->ok ? colors::kGreen : colors::kRed,
                 fmt::format("{} {}", r->ok ? "SENT" : "REFUSED", r->message));
    dump_text(ui, "comms", fmt::format("reply {} {}", r->ok ? "SENT" : "REFUSED", r->message));
  } else if (last) {
    ImGui::TextDisabled("sending...");
  }
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 5);
  const bool enter = ImGui::InputText("##comms_reply", v.reply.data(), v.reply.size(),
                                      ImGuiInputTextFlags_EnterReturnsTrue);
  dump_item(ui, "comms/reply");
  ImGui::SameLine();
  if ((tracked_button(ui, "comms/send", "Send") || enter) && v.reply[0] != '\0') {
    const std::string& to = people[static_cast<size_t>(v.to)];
    MessageCommand message{to, v.reply.data(), std::nullopt};
    for (auto e = v.feed.rbegin(); e != v.feed.rend(); ++e) {
      if ((e->kind == "stakeholder.message" || e->kind == "customer.report") && e->target == to) {
        message.reply_to_seq = e->seq;
        break;
      }
    }
    v.sent.push_back(client.send(std::move(message)));
    v.reply.fill('\0');
  }
  if (tracked_button(ui, "comms/hint", "Ask for a hint"))
    v.sent.push_back(client.send(HintCommand{}));
  draw_runbooks(s, ui, client);
}

}  // namespace firedrill::dash
