// Workshop peer review and export: the derangement, the rubric prefilled from the linter,
// a reviewer's verdicts and comments reaching the author, drafts the trainees submit, and the
// instructor's archive (read back with libarchive, the library that wrote it).
#include <archive.h>
#include <archive_entry.h>

#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "reporter/lint/rule_catalog.h"
#include "sim/api/tar_gz.h"
#include "sim/api/workshop_redact.h"
#include "sim/api/workshop_tokens.h"
#include "workshop_test_util.h"

using namespace firedrill;
using namespace firedrill::api;
using namespace firedrill::api::test;

namespace {

// Every entry of a .tar.gz: path -> content.
std::map<std::string, std::string> read_tar_gz(const std::string& bytes) {
  std::map<std::string, std::string> files;
  struct archive* a = archive_read_new();
  archive_read_support_filter_gzip(a);
  archive_read_support_format_tar(a);
  REQUIRE(archive_read_open_memory(a, bytes.data(), bytes.size()) == ARCHIVE_OK);
  struct archive_entry* entry = nullptr;
  while (archive_read_next_header(a, &entry) == ARCHIVE_OK) {
    std::string content(static_cast<size_t>(archive_entry_size(entry)), '\0');
    if (!content.empty())
      CHECK(archive_read_data(a, content.data(), content.size()) ==
            static_cast<la_ssize_t>(content.size()));
    files[archive_entry_pathname(entry)] = content;
  }
  archive_read_free(a);
  return files;
}

const std::string kOwnDraft = "# My postmortem\n\nIt was the database.\n";

}  // namespace

TEST_CASE("workshop tokens: 64 hex digits from the system's CSPRNG, never the same twice",
          "[api][workshop]") {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    const std::string t = new_token();
    CHECK(t.size() == 64);
    CHECK(t.find_first_not_of("0123456789abcdef") == std::string::npos);
    seen.insert(t);
  }
  CHECK(seen.size() == 50);
  CHECK(tokens_equal("abc", "abc"));
  CHECK_FALSE(tokens_equal("abc", "abd"));
  CHECK_FALSE(tokens_equal("abc", "abcd"));
  CHECK_FALSE(tokens_equal("", "a"));
}

TEST_CASE("review derangement: nobody reviews their own draft and everyone reviews one",
          "[api][workshop]") {
  for (size_t n = 2; n <= 9; ++n) {
    const std::vector<size_t> reviewer = review_derangement(n);
    REQUIRE(reviewer.size() == n);
    std::set<size_t> reviewers(reviewer.begin(), reviewer.end());
    CHECK(reviewers.size() == n);
    for (size_t i = 0; i < n; ++i) CHECK(reviewer[i] != i);
    CHECK(review_derangement(n) == reviewer);  // deterministic
  }
}

TEST_CASE("trainee redaction: the ground truth goes, the rest of the record stays",
          "[api][workshop]") {
  JournalRecord meta{SimTime{},
                     3,
                     "scenario",
                     "scenario.meta",
                     {{"id", "x"},
                      {"root_cause", "secret"},
                      {"resolution", "fix"},
                      {"faults", nlohmann::json::array()},
                      {"fix_actions", nlohmann::json::array()},
                      {"corrective_measures", {"raise nofile"}},
                      {"tags", {"red-herring"}},
                      {"autopilot", false},
                      {"slo", {{"error_ratio", 0.01}}}}};
  JournalRecord hidden = meta;
  CHECK(redact_for_trainee(hidden, false));
  CHECK(hidden.fields == nlohmann::json({{"id", "x"}, {"slo", {{"error_ratio", 0.01}}}}));
  JournalRecord shown = meta;
  CHECK(redact_for_trainee(shown, true));
  CHECK(shown.fields.value("root_cause", "") == "secret");
  CHECK_FALSE(shown.fields.contains("autopilot"));
  JournalRecord fault{SimTime{}, 4, "scenario", "fault.injected", {{"fault", "crash"}}};
  CHECK_FALSE(redact_for_trainee(fault, false));
  CHECK(redact_for_trainee(fault, true));
  JournalRecord error{SimTime{}, 5, "scenario", "scenario.error", {{"file", "x.lua"}}};
  CHECK_FALSE(redact_for_trainee(error, true));
  JournalRecord autopilot{SimTime{}, 6, "trainee", "trainee.note", {{"autopilot", true}}};
  CHECK_FALSE(redact_for_trainee(autopilot, true));
}

TEST_CASE("workshop: the rubric is the lint checklist, prefilled from the linter's findings",
          "[api][workshop]") {
  const std::vector<RubricItem> rubric = prefilled_rubric(kOwnDraft);
  REQUIRE(rubric.size() == lint::rule_catalog().size());
  std::map<std::string, bool> met;
  for (const RubricItem& i : rubric) {
    met[i.rule] = i.met;
    CHECK(i.met == i.linter_met);
    CHECK(i.finding.empty() == i.met);
    CHECK_FALSE(i.requirement.empty());
  }
  CHECK(met.at(std::string(lint::rule_id(lint::Rule::section_missing))) == false);
  CHECK(met.at(std::string(lint::rule_id(lint::Rule::md_final_newline))) == true);
}

TEST_CASE("workshop: a review round hands each draft to another trainee with the rubric",
          "[api][workshop]") {
  WorkshopFixture w;
  const std::string t = w.instructor();
  std::map<std::string, std::string> token;
  for (const char* name : {"alice", "bob", "carol"}) token[name] = w.join(name);
  step(w.session("alice"), SimTime::minutes(10));
  // Before the round: nothing to review, and the round needs the instructor.
  check_error(w.get("/api/v1/workshop/review", token["alice"]), 409);
  check_error(w.get("/api/v1/workshop/feedback", token["alice"]), 409);
  // Bob writes his own draft; the others keep the reporter's.
  REQUIRE(w.post("/api/v1/workshop/draft", {{"markdown", kOwnDraft}}, token["bob"]).status == 200);
  const nlohmann::json bob_draft = json_of(w.get("/api/v1/workshop/draft", token["bob"]));
  CHECK(bob_draft["submitted"] == true);
  CHECK(bob_draft["markdown"] == kOwnDraft);
  CHECK(bob_draft["lint_clean"] == false);
  const nlohmann::json alice_draft = json_of(w.get("/api/v1/workshop/draft", token["alice"]));
  CHECK(alice_draft["submitted"] == false);
  CHECK(alice_draft["markdown"].get<std::string>().rfind("# Postmortem", 0) == 0);

  ApiResponse r = w.post("/api/v1/workshop/review-round", nlohmann::json::object(), t);
  INFO(r.body);
  REQUIRE(r.status == 201);
  CHECK(json_of(r)["assignments"] == nlohmann::json::parse(R"([
      {"author": "alice", "reviewer": "bob"},
      {"author": "bob", "reviewer": "carol"},
      {"author": "carol", "reviewer": "alice"}])"));
  check_error(w.post("/api/v1/workshop/review-round", nlohmann::json::object(), t), 409);
  CHECK(w.session("alice").pacing().paused);
  // Drafts are frozen now.
  check_error(w.post("/api/v1/workshop/draft", {{"markdown", "late"}}, token["alice"]), 409,
              "markdown");

  // Carol reviews Bob's draft, beside the rubric the linter prefilled.
  const nlohmann::json assigned = json_of(w.get("/api/v1/workshop/review", token["carol"]));
  CHECK(assigned["author"] == "bob");
  CHECK(assigned["draft"] == kOwnDraft);
  CHECK(assigned["submitted"] == false);
  REQUIRE(assigned["rubric"].size() == lint::rule_catalog().size());
  const std::string summary_rule(lint::rule_id(lint::Rule::section_missing));
  bool prefilled_unmet = false;
  for (const auto& item : assigned["rubric"])
    if (item["rule"] == summary_rule) prefilled_unmet = item["met"] == false;
  CHECK(prefilled_unmet);
  // She disagrees with the linter on one item and comments.
  r = w.post("/api/v1/workshop/review",
             {{"rubric", {{summary_rule, true}}}, {"comments", "Name the cause, not a guess."}},
             token["carol"]);
  INFO(r.body);
  REQUIRE(r.status == 200);
  check_error(
      w.post("/api/v1/workshop/review", {{"rubric", {{"no-such-rule", true}}}}, token["carol"]),
      400, "rubric");
  check_error(
      w.post("/api/v1/workshop/review", {{"rubric", {{summary_rule, "yes"}}}}, token["carol"]), 400,
      "rubric." + summary_rule);
  check_error(w.post("/api/v1/workshop/review", nlohmann::json::object(), token["carol"]), 400,
              "body");

  // Bob reads the review of his draft.
  const nlohmann::json feedback = json_of(w.get("/api/v1/workshop/feedback", token["bob"]));
  CHECK(feedback["reviewer"] == "carol");
  CHECK(feedback["submitted"] == true);
  CHECK(feedback["comments"] == "Name the cause, not a guess.");
  for (const auto& item : feedback["rubric"]) {
    if (item["rule"] != summary_rule) continue;
    CHECK(item["met"] == true);
    CHECK(item["linter_met"] == false);
  }
  // Alice's draft went to Bob, who has not reviewed yet.
  CHECK(json_of(w.get("/api/v1/workshop/feedback", token["alice"]))["submitted"] == false);

  // The instructor sees every review.
  const nlohmann::json all = json_of(w.get("/api/v1/workshop/reviews", t));
  CHECK(all["open"] == true);
  CHECK(all["reviews"].size() == 3);
}

TEST_CASE("workshop: a review round needs two trainees", "[api][workshop]") {
  WorkshopFixture w;
  w.join("alice");
  check_error(w.post("/api/v1/workshop/review-round", nlohmann::json::object(), w.instructor()),
              409);
  CHECK_FALSE(w.workshop.review_open());
}

TEST_CASE("workshop: the export is one .tar.gz of every draft, review and the progress table",
          "[api][workshop]") {
  WorkshopFixture w;
  const std::string t = w.instructor();
  const std::string alice = w.join("alice");
  const std::string bob = w.join("bob");
  REQUIRE(w.post("/api/v1/workshop/draft", {{"markdown", kOwnDraft}}, bob).status == 200);
  REQUIRE(w.post("/api/v1/workshop/review-round", nlohmann::json::object(), t).status == 201);
  REQUIRE(w.post("/api/v1/workshop/review", {{"comments", "Good start."}}, alice).status == 200);

  const ApiResponse r = w.get("/api/v1/workshop/export", t);
  REQUIRE(r.status == 200);
  CHECK(r.content_type == "application/gzip");
  CHECK(r.headers.at(0).second.find("workshop-nginx-open-files.tar.gz") != std::string::npos);
  const std::map<std::string, std::string> files = read_tar_gz(r.body);
  std::set<std::string> names;
  for (const auto& [name, content] : files) names.insert(name);
  CHECK(names == std::set<std::string>{"workshop/manifest.json", "workshop/progress.json",
                                       "workshop/drafts/alice.md", "workshop/drafts/bob.md",
                                       "workshop/reviews/alice.json", "workshop/reviews/bob.json"});
  CHECK(files.at("workshop/drafts/bob.md") == kOwnDraft);
  CHECK(files.at("workshop/drafts/alice.md").rfind("# Postmortem", 0) == 0);
  const nlohmann::json review_of_bob = nlohmann::json::parse(files.at("workshop/reviews/bob.json"));
  CHECK(review_of_bob["reviewer"] == "alice");
  CHECK(review_of_bob["comments"] == "Good start.");
  CHECK(review_of_bob["rubric"].size() == lint::rule_catalog().size());
  const nlohmann::json manifest = nlohmann::json::parse(files.at("workshop/manifest.json"));
  CHECK(manifest["trainees"][1]["draft_submitted"] == true);
  const nlohmann::json progress = nlohmann::json::parse(files.at("workshop/progress.json"));
  CHECK(progress.size() == 2);
}

TEST_CASE("tar.gz writer: entries and their bytes come back as written", "[api][workshop]") {
  const std::string binary("\0\x01\xff zero", 8);
  const std::string bytes =
      write_tar_gz({{"a.txt", "hello\n"}, {"dir/b.bin", binary}, {"empty", ""}});
  CHECK(bytes.substr(0, 2) == "\x1f\x8b");  // gzip magic
  const auto files = read_tar_gz(bytes);
  CHECK(files == std::map<std::string, std::string>{
                     {"a.txt", "hello\n"}, {"dir/b.bin", binary}, {"empty", ""}});
}
