#include "reporter/journal/journal_branches.h"

#include <fmt/format.h>

#include <algorithm>

namespace firedrill {

namespace {

std::optional<int> int_field(const nlohmann::json& fields, const char* key) {
  auto it = fields.find(key);
  if (it == fields.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int>();
}

std::optional<int64_t> int64_field(const nlohmann::json& fields, const char* key) {
  auto it = fields.find(key);
  if (it == fields.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int64_t>();
}

}  // namespace

JournalBranches split_journal_branches(std::span<const JournalRecord> records) {
  JournalBranches out;
  out.branches.push_back(JournalBranch{});
  std::vector<SimTime> left_at(1);
  JournalBranch* current = &out.branches.back();
  for (const JournalRecord& r : records) {
    if (r.kind == kBranchKind && r.source == "engine") {
      const std::optional<int> id = int_field(r.fields, "branch");
      const std::optional<int> parent = int_field(r.fields, "parent");
      const std::optional<int64_t> at = int64_field(r.fields, "at_us");
      std::string problem;
      if (!id || !parent || !at) {
        problem = "fields branch, parent and at_us must be integers";
      } else if (*id != static_cast<int>(out.branches.size()) + 1) {
        problem = fmt::format("branch {} should be {}", *id, out.branches.size() + 1);
      } else if (*parent < 1 || *parent > static_cast<int>(out.branches.size())) {
        problem = fmt::format("parent {} is not an earlier branch", *parent);
      } else if (*at < 0 || SimTime::micros(*at) != r.t) {
        problem = fmt::format("at_us {} differs from the record's t {}", *at, r.t.us());
      }
      if (!problem.empty()) {
        out.warnings.push_back(
            fmt::format("record seq {}: drill.branch ignored: {}", r.seq, problem));
        current->records.push_back(r);
        continue;
      }
      // The branch left behind reached where the drill was when it was rewound.
      if (const std::optional<int64_t> left = int64_field(r.fields, "left_at_us"))
        left_at[*parent - 1] = std::max(left_at[*parent - 1], SimTime::micros(*left));
      JournalBranch next;
      next.id = *id;
      next.parent = *parent;
      next.at = r.t;
      if (auto it = r.fields.find("by"); it != r.fields.end() && it->is_string())
        next.by = it->get<std::string>();
      // The records the rewound drill wrote again: `shared_records` of them (the parent's
      // records before `at_us`, and those made with the drill at 0), else those before at_us.
      const std::vector<JournalRecord>& from = out.branches[*parent - 1].records;
      if (const std::optional<int64_t> shared = int64_field(r.fields, "shared_records");
          shared && *shared >= 0 && static_cast<size_t>(*shared) <= from.size()) {
        next.records.assign(from.begin(), from.begin() + *shared);
      } else {
        for (const JournalRecord& record : from)
          if (record.t < r.t) next.records.push_back(record);
      }
      out.branches.push_back(std::move(next));
      left_at.emplace_back();
      current = &out.branches.back();
    }
    current->records.push_back(r);
  }
  for (size_t i = 0; i < out.branches.size(); ++i) {
    JournalBranch& b = out.branches[i];
    b.until = std::max(b.at, left_at[i]);
    for (const JournalRecord& r : b.records) b.until = std::max(b.until, r.t);
  }
  return out;
}

bool has_branches(std::span<const JournalRecord> records) {
  for (const JournalRecord& r : records)
    if (r.kind == kBranchKind) return true;
  return false;
}

std::vector<JournalRecord> final_branch_view(std::span<const JournalRecord> records) {
  if (!has_branches(records)) return {records.begin(), records.end()};
  JournalBranches split = split_journal_branches(records);
  return std::move(split.branches.back().records);
}

}  // namespace firedrill
