// Review: the trainee's side of the workshop's peer-review round. The Incident window's
// Review tab says whose draft I review and what my own draft's reviewer found, and opens the
// wide review window: the peer's draft in a scrollable read-only pane beside the rubric — one
// checkbox per linter rule, prefilled from the linter, which the reviewer may overrule — and a
// comments box; Submit saves it (again and again, until the workshop ends). A second tab shows
// the feedback on my own draft. Met / NOT MET are written out; colour only repeats them.
#include <fmt/format.h>

#include <cstring>

#include "dashboard/ui/panels.h"
#include "dashboard/ui/theme.h"
#include "dashboard/ui/widgets.h"
#include "dashboard/ui/workshop_view.h"

namespace firedrill::dash {

namespace {

// The edits start from what the server holds, once per assigned draft: a poll must not
// overwrite what the reviewer is typing.
void load_edits(const PeerReviewInfo& r, ReviewViewState& v) {
  if (v.loaded == r.author) return;
  v.loaded = r.author;
  v.rubric.clear();
  for (const RubricEntry& e : r.rubric) v.rubric[e.rule] = e.met;
  std::memset(v.comments.data(), 0, v.comments.size());
  std::strncpy(v.comments.data(), r.comments.c_str(), v.comments.size() - 1);
}

void met_label(bool met) {
  badge(met ? "MET" : "NOT MET", met ? colors::kGreen : colors::kAmber, 70);
}

void feedback_summary(const WorkshopSnapshot& w, UiState& ui) {
  if (!w.feedback) {
    ImGui::TextDisabled("No review of your draft in this round.");
    return;
  }
  const PeerReviewInfo& f = *w.feedback;
  badge(f.submitted ? "SAVED" : "NOT YET SAVED", f.submitted ? colors::kGreen : colors::kGrey);
  ImGui::SameLine();
  ImGui::TextWrapped("%s reviewed your draft: %d of %d met", f.reviewer.c_str(), f.met, f.items);
  dump_text(ui, "review",
            fmt::format("feedback by {} {} of {} met {}", f.reviewer, f.met, f.items,
                        f.submitted ? "SAVED" : "NOT YET SAVED"));
}

void feedback_detail(const WorkshopSnapshot& w, UiState& ui) {
  feedback_summary(w, ui);
  if (!w.feedback) return;
  const PeerReviewInfo& f = *w.feedback;
  if (!f.comments.empty()) {
    ImGui::Spacing();
    ImGui::TextDisabled("Comments");
    ImGui::TextWrapped("%s", f.comments.c_str());
    dump_text(ui, "review", "feedback comments " + f.comments.substr(0, 80));
  }
  ImGui::Spacing();
  for (const RubricEntry& e : f.rubric) {
    met_label(e.met);
    ImGui::SameLine();
    ImGui::TextUnformatted(e.rule.c_str());
    if (!e.met && !e.finding.empty()) colored_text(colors::kDim, "  " + e.finding);
  }
}

void rubric_checklist(const PeerReviewInfo& r, UiState& ui, ReviewViewState& v) {
  int met = 0;
  for (const auto& [rule, ok] : v.rubric) met += ok ? 1 : 0;
  ImGui::Text("Rubric: %d of %zu met", met, v.rubric.size());
  dump_text(ui, "review", fmt::format("rubric {} of {} met", met, v.rubric.size()));
  for (const RubricEntry& e : r.rubric) {
    bool& checked = v.rubric[e.rule];
    ImGui::PushID(e.rule.c_str());
    ImGui::Checkbox("##met", &checked);
    dump_item(ui, "review/rubric/" + e.rule);
    ImGui::PopID();
    ImGui::SameLine();
    ImGui::TextUnformatted(checked ? "met" : "NOT MET");
    ImGui::SameLine();
    ImGui::TextUnformatted(e.rule.c_str());
    if (ImGui::IsItemHovered() && !e.requirement.empty())
      ImGui::SetTooltip("%s", e.requirement.c_str());
    if (checked != e.linter_met) {
      ImGui::SameLine();
      ImGui::TextDisabled("(linter: %s)", e.linter_met ? "met" : "not met");
    }
    if (!e.linter_met && !e.finding.empty()) {
      ImGui::Indent();
      colored_text(colors::kDim, e.finding);
      ImGui::Unindent();
    }
  }
}

void write_review(const WorkshopSnapshot& w, UiState& ui, WorkshopView& view) {
  ReviewViewState& v = view.review;
  if (!w.my_review) {
    ImGui::TextWrapped("%s", w.review_problem.empty() ? "Waiting for the draft to review..."
                                                      : w.review_problem.c_str());
    dump_text(ui, "review", "no draft to review " + w.review_problem);
    return;
  }
  const PeerReviewInfo& r = *w.my_review;
  load_edits(r, v);
  dump_text(ui, "review", fmt::format("reviewing {}'s draft", r.author));

  const float draft_w = ImGui::GetContentRegionAvail().x * 0.55f;
  if (ImGui::BeginChild("review_draft", ImVec2(draft_w, 0), true)) {
    ScopedFont mono(mono_font(ui));
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(r.draft.c_str(), r.draft.c_str() + r.draft.size());
    ImGui::PopTextWrapPos();
  }
  ImGui::EndChild();
  ImGui::SameLine();
  if (ImGui::BeginChild("review_rubric", ImVec2(0, 0), true)) {
    const float comments_h = ImGui::GetFontSize() * 9;
    if (ImGui::BeginChild("review_items", ImVec2(0, -comments_h), false))
      rubric_checklist(r, ui, v);
    ImGui::EndChild();
    ImGui::TextDisabled("Comments for %s", r.author.c_str());
    ImGui::InputTextMultiline("##comments", v.comments.data(), v.comments.size(),
                              ImVec2(-1, ImGui::GetFontSize() * 5));
    dump_item(ui, "review/comments");
    if (tracked_button(ui, "review/submit", "Submit review"))
      v.sent.push_back(view.client->send(SaveReviewCommand{v.rubric, v.comments.data()}));
    ImGui::SameLine();
    if (!v.sent.empty()) {
      if (const WorkshopReply* reply = w.reply(v.sent.back())) {
        badge(reply->ok ? "OK" : "FAILED", reply->ok ? colors::kGreen : colors::kRed);
        ImGui::SameLine();
        ImGui::TextWrapped("%s", reply->message.c_str());
        dump_text(ui, "review",
                  fmt::format("reply {} {}", reply->ok ? "OK" : "FAILED", reply->message));
      } else {
        ImGui::TextDisabled("sending...");
        dump_text(ui, "review", "reply SENT");
      }
    } else {
      ImGui::TextDisabled(r.submitted ? "saved before" : "not saved yet");
    }
  }
  ImGui::EndChild();
}

}  // namespace

void draw_review_tab(const WorkshopSnapshot& w, UiState& ui, WorkshopView& view) {
  badge("REVIEW ROUND OPEN", colors::kBlue);
  dump_text(ui, "review", "review round open");
  if (w.my_review) {
    const PeerReviewInfo& r = *w.my_review;
    ImGui::TextWrapped("You review %s's draft (%d of %d rubric items met, %s).", r.author.c_str(),
                       r.met, r.items, r.submitted ? "saved" : "not saved yet");
    dump_text(ui, "review", fmt::format("you review {}'s draft", r.author));
  } else if (!w.review_problem.empty()) {
    ImGui::TextWrapped("%s", w.review_problem.c_str());
  }
  if (tracked_button(ui, "review/open", "Open the review")) view.review.wide = true;
  ImGui::Separator();
  feedback_summary(w, ui);
}

void draw_review(const WorkshopSnapshot& w, UiState& ui, WorkshopView& view) {
  if (tracked_button(ui, "review/back", "Back to the drill")) view.review.wide = false;
  ImGui::SameLine();
  colored_text(colors::kDim,
               "Every drill is paused for the review round. Tick what the draft meets; say why "
               "in the comments.");
  if (ImGui::BeginTabBar("review_tabs")) {
    const std::string author = w.my_review ? w.my_review->author + "'s draft" : "the draft";
    if (tracked_tab(ui, "review/tab/write", ("Review " + author + "###write").c_str())) {
      write_review(w, ui, view);
      ImGui::EndTabItem();
    }
    if (tracked_tab(ui, "review/tab/feedback", "Feedback on my draft")) {
      feedback_detail(w, ui);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
}

}  // namespace firedrill::dash
