#include <catch2/catch.hpp>

#include "reporter/journal/journal_branches.h"

namespace firedrill {
namespace {

JournalRecord rec(int64_t t_s, uint64_t seq, std::string kind,
                  nlohmann::json fields = nlohmann::json::object(),
                  std::string source = "trainee") {
  return {SimTime::seconds(t_s), seq, std::move(source), std::move(kind), std::move(fields)};
}

JournalRecord branch(int64_t t_s, uint64_t seq, int id, int parent, int64_t left_s = -1) {
  nlohmann::json fields = {
      {"branch", id}, {"parent", parent}, {"at_us", SimTime::seconds(t_s).us()}, {"by", "trainee"}};
  if (left_s >= 0) fields["left_at_us"] = SimTime::seconds(left_s).us();
  return rec(t_s, seq, "drill.branch", std::move(fields), "engine");
}

std::vector<uint64_t> seqs(const std::vector<JournalRecord>& records) {
  std::vector<uint64_t> out;
  for (const JournalRecord& r : records) out.push_back(r.seq);
  return out;
}

}  // namespace

TEST_CASE("a journal without branches is one branch holding every record", "[journal][branches]") {
  std::vector<JournalRecord> records = {rec(0, 0, "run.header", {}, "engine"),
                                        rec(5, 1, "trainee.note"), rec(9, 2, "trainee.note")};
  JournalBranches split = split_journal_branches(records);
  REQUIRE(split.branches.size() == 1);
  CHECK(split.branches[0].id == 1);
  CHECK_FALSE(split.branches[0].parent);
  CHECK(split.branches[0].records == records);
  CHECK(split.branches[0].until == SimTime::seconds(9));
  CHECK(final_branch_view(records) == records);
}

TEST_CASE("a branch shares its parent's records before the rewind point", "[journal][branches]") {
  // Branch 1 runs to 30 s; branch 2 rewinds to 20 s; branch 3 rewinds branch 2 to 25 s;
  // branch 4 goes back to branch 1 at 10 s.
  std::vector<JournalRecord> records = {rec(0, 0, "run.header", {}, "engine"),
                                        rec(10, 1, "trainee.note"),
                                        rec(20, 2, "trainee.note"),
                                        rec(30, 3, "trainee.note"),
                                        branch(20, 4, 2, 1, 35),
                                        rec(22, 5, "trainee.action"),
                                        rec(28, 6, "trainee.note"),
                                        branch(25, 7, 3, 2),
                                        rec(26, 8, "trainee.declare"),
                                        branch(10, 9, 4, 1),
                                        rec(12, 10, "trainee.note")};
  JournalBranches split = split_journal_branches(records);
  CHECK(split.warnings.empty());
  REQUIRE(split.branches.size() == 4);
  CHECK(seqs(split.branches[0].records) == std::vector<uint64_t>{0, 1, 2, 3});
  // Records at exactly the rewind point belong to the parent only.
  CHECK(seqs(split.branches[1].records) == std::vector<uint64_t>{0, 1, 4, 5, 6});
  CHECK(seqs(split.branches[2].records) == std::vector<uint64_t>{0, 1, 4, 5, 7, 8});
  CHECK(seqs(split.branches[3].records) == std::vector<uint64_t>{0, 9, 10});
  CHECK(split.branches[2].parent == 2);
  CHECK(split.branches[2].at == SimTime::seconds(25));
  CHECK(split.branches[2].by == "trainee");
  CHECK(split.branches[1].until == SimTime::seconds(28));
  CHECK(split.branches[0].until == SimTime::seconds(35));  // where it was left, past its records
  CHECK(seqs(final_branch_view(records)) == std::vector<uint64_t>{0, 9, 10});
}

TEST_CASE("a branch point after 36 minutes (past 2^31 µs) is read whole", "[journal][branches]") {
  const int64_t late = 50 * 60;  // 3,000,000,000 µs
  std::vector<JournalRecord> records = {
      rec(0, 0, "run.header", {}, "engine"), rec(late - 60, 1, "trainee.note"),
      rec(late + 60, 2, "trainee.note"), branch(late, 3, 2, 1, late + 60)};
  const JournalBranches split = split_journal_branches(records);
  CHECK(split.warnings.empty());
  REQUIRE(split.branches.size() == 2);
  CHECK(split.branches[1].at == SimTime::seconds(late));
  CHECK(seqs(split.branches[1].records) == std::vector<uint64_t>{0, 1, 3});
}

TEST_CASE("a broken drill.branch is ignored with a warning naming its seq", "[journal][branches]") {
  std::vector<JournalRecord> records = {rec(0, 0, "run.header", {}, "engine"),
                                        rec(10, 1, "trainee.note"), branch(5, 2, 3, 1),
                                        rec(12, 3, "trainee.note")};
  JournalBranches split = split_journal_branches(records);
  REQUIRE(split.branches.size() == 1);
  REQUIRE(split.warnings.size() == 1);
  CHECK(split.warnings[0] == "record seq 2: drill.branch ignored: branch 3 should be 2");
  CHECK(split.branches[0].records.size() == 4);

  records[2] = branch(5, 2, 2, 7);
  split = split_journal_branches(records);
  REQUIRE(split.warnings.size() == 1);
  CHECK(split.warnings[0] ==
        "record seq 2: drill.branch ignored: parent 7 is not an earlier branch");

  records[2] = rec(5, 2, "drill.branch", {{"branch", "two"}}, "engine");
  split = split_journal_branches(records);
  REQUIRE(split.warnings.size() == 1);
  CHECK(split.warnings[0].find("must be integers") != std::string::npos);
}

}  // namespace firedrill
