#include "reporter/timeline/timeline_bullets.h"

#include <catch2/catch.hpp>

#include "reporter/timeline/markdown_text.h"
#include "tests/reporter/timeline/timeline_test_support.h"

namespace firedrill {
namespace {

using testing::at_min;
using testing::classify;
using testing::JournalBuilder;
using testing::standard_drill;

const TimelineBullet& bullet_at(const std::vector<TimelineBullet>& bullets, SimTime t, Category c) {
  for (const TimelineBullet& b : bullets) {
    if (b.t == t && b.category == c) return b;
  }
  FAIL("no bullet");
  return bullets.front();
}

TEST_CASE("timeline bullets: consecutive commands on one host become one bullet", "[bullets]") {
  const auto bullets = summarize_timeline(classify(standard_drill()).timeline);
  const TimelineBullet& web2 = bullet_at(bullets, at_min(14, 20), Category::investigation);
  CHECK(web2.markdown ==
        "Investigated web-2 (http, fds, logs) with `curl -I http://web-2/`, `ulimit -n` and 1 "
        "more command.");
  CHECK(web2.seqs.size() == 3);
  const TimelineBullet& web1 = bullet_at(bullets, at_min(13, 20), Category::misleading);
  CHECK(web1.markdown ==
        "Investigated web-1 (cpu, disk) with `top` and `df -h`: a misleading path, as web-1 had "
        "nothing to do with the cause.");
}

TEST_CASE("timeline bullets: a note between commands on one host splits the group", "[bullets]") {
  JournalBuilder b;
  b.header().meta().traffic(0, 600, 0, 100).traffic(600, 900, 300, 100);
  b.alert(at_min(10, 10), "HighErrorRate");
  b.command(at_min(11), "web-2", "top", "", "cpu");
  b.note(at_min(11, 10), "nginx looks stuck", true);
  b.command(at_min(11, 20), "web-2", "ss -s", "", "network");
  const auto bullets = summarize_timeline(classify(b).timeline);
  int investigations = 0;
  for (const TimelineBullet& x : bullets) investigations += x.category == Category::investigation;
  CHECK(investigations == 3);
}

TEST_CASE("timeline bullets: a burst of commands hopping between hosts becomes one bullet",
          "[bullets]") {
  JournalBuilder b;
  b.header().meta().traffic(0, 600, 0, 100).traffic(600, 900, 300, 100);
  b.alert(at_min(10, 10), "HighErrorRate");
  const char* hosts[] = {"web-1", "web-3", "db", "web-1"};
  for (int i = 0; i < 4; ++i) b.command(at_min(11, i * 5), hosts[i], "uptime", "", "cpu");
  const auto bullets = summarize_timeline(classify(b).timeline);
  const TimelineBullet& burst = bullet_at(bullets, at_min(11), Category::misleading);
  CHECK(burst.markdown ==
        "Investigated web-1, web-3 and db (cpu) with 4 commands, among them `uptime`: misleading "
        "paths, as none of them had anything to do with the cause.");
  CHECK(burst.seqs.size() == 4);
}

TEST_CASE("timeline bullets: the first of each required point is priority 0", "[bullets]") {
  const auto bullets = summarize_timeline(classify(standard_drill()).timeline);
  CHECK(bullet_at(bullets, at_min(12), Category::detection).priority == 0);
  CHECK(bullet_at(bullets, at_min(13), Category::detection).priority == 1);  // the ack
  CHECK(bullet_at(bullets, at_min(13, 50), Category::investigation).priority == 0);
  CHECK(bullet_at(bullets, at_min(15), Category::escalation).priority == 0);
  CHECK(bullet_at(bullets, at_min(16), Category::escalation).priority == 1);  // the reply
  CHECK(bullet_at(bullets, at_min(16, 40), Category::communication).priority == 2);
  CHECK(bullet_at(bullets, at_min(9, 55), Category::context).priority == 3);
  CHECK(bullet_at(bullets, at_min(19), Category::resolution).priority == 0);
}

TEST_CASE("timeline bullets: hidden events are left out", "[bullets]") {
  JournalBuilder b = standard_drill();
  uint64_t status = 0;
  for (const JournalRecord& r : b.records()) {
    if (r.kind == "trainee.status") status = r.seq;
  }
  b.edit(at_min(25), {{"op", "hide"}, {"target_seq", status}});
  for (const TimelineBullet& x : summarize_timeline(classify(b).timeline)) {
    CHECK(x.category != Category::communication);
  }
}

TEST_CASE("timeline bullets: a long note is shortened to the format's limit, quotes kept",
          "[bullets]") {
  JournalBuilder b = standard_drill();
  std::string rambling;
  for (int i = 0; i < 30; ++i) rambling += "The database might be slow again. ";
  b.note(at_min(17), rambling, true);
  const auto bullets = summarize_timeline(classify(b).timeline);
  const TimelineBullet& x = bullet_at(bullets, at_min(17), Category::investigation);
  CHECK(md_words(x.markdown) <= 40);
  CHECK(md_sentences(x.markdown) <= 2);
  CHECK(x.markdown.starts_with("Hypothesis: \u201cThe database might be slow again."));
  CHECK(x.markdown.ends_with("\u2026\u201d."));
}

TEST_CASE("timeline bullets: a trainee's Markdown is escaped", "[bullets]") {
  JournalBuilder b = standard_drill();
  b.note(at_min(17), "<!-- check [this](x) _now_ https://status.example.com", false);
  const auto bullets = summarize_timeline(classify(b).timeline);
  const TimelineBullet& x = bullet_at(bullets, at_min(17), Category::investigation);
  CHECK(x.markdown ==
        "Note: \u201c\\<!-- check \\[this\\](x) \\_now\\_ `https://status.example.com`\u201d.");
}

}  // namespace
}  // namespace firedrill
