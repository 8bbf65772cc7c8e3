#include "reporter/timeline/timeline_edits.h"

#include <fmt/format.h>

#include "reporter/incident/journal_kinds.h"
#include "reporter/incident/json_fields.h"
#include "reporter/timeline/timeline_classify.h"

namespace firedrill {
namespace {

TimelineEvent* find_event(Timeline& tl, uint64_t seq) {
  for (TimelineEvent& e : tl.events) {
    if (!e.derived && e.seq == seq) return &e;
  }
  return nullptr;
}

std::string trimmed(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const std::size_t last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

// Applies one edit; returns an error sentence, or "" when it applied.
std::string apply(const JournalRecord& r, Timeline& tl) {
  const std::string op = fields::text(r.fields, "op");
  const std::string text = trimmed(fields::text(r.fields, "text"));
  if (op == "add") {
    if (text.empty()) return "op add needs a non-empty text";
    const int64_t at = fields::integer(r.fields, "at_us", r.t.us());
    if (at < 0) return "op add needs at_us >= 0";
    TimelineEvent e;
    e.t = SimTime::micros(at);
    e.seq = r.seq;
    e.kind = std::string(kinds::timeline_edit);
    const std::string name = fields::text(r.fields, "category", "investigation");
    const std::optional<Category> category = category_from_name(name);
    if (!category) return fmt::format("unknown category \"{}\"", name);
    e.category = e.classified = *category;
    e.text = text;
    e.edited = true;
    tl.events.push_back(std::move(e));
    sort_timeline(tl.events);
    return {};
  }
  const int64_t target = fields::integer(r.fields, "target_seq", -1);
  TimelineEvent* e = target >= 0 ? find_event(tl, static_cast<uint64_t>(target)) : nullptr;
  if (!e) return fmt::format("no timeline event has seq {}", target);
  if (op == "reword") {
    if (text.empty()) return "op reword needs a non-empty text";
    e->text = text;
    e->edited = true;
  } else if (op == "mark_misleading") {
    e->category = Category::misleading;
  } else if (op == "unmark_misleading") {
    if (e->category == Category::misleading) {
      e->category = e->classified == Category::misleading ? Category::investigation : e->classified;
    }
  } else if (op == "hide") {
    e->hidden = true;
  } else if (op == "show") {
    e->hidden = false;
  } else {
    return fmt::format("unknown op \"{}\"", op);
  }
  return {};
}

}  // namespace

void apply_timeline_edits(std::span<const JournalRecord> records, Timeline& timeline) {
  for (const JournalRecord& r : records) {
    if (r.kind != kinds::timeline_edit) continue;
    const std::string error = apply(r, timeline);
    if (!error.empty()) {
      timeline.warnings.push_back(fmt::format("timeline.edit seq {} ignored: {}", r.seq, error));
    }
  }
}

}  // namespace firedrill
