#include "reporter/writer/postmortem_draft.h"

#include <catch2/catch.hpp>

#include "tests/reporter/writer/writer_test_support.h"

namespace firedrill {
namespace {

using testing::at_min;
using testing::debrief_of;
using testing::JournalBuilder;
using testing::require_good_draft;
using testing::section;
using testing::standard_drill;

// A responder who goes straight to web-2, fixes it, and never escalates.
JournalBuilder clean_drill() {
  JournalBuilder b;
  b.header().meta();
  b.traffic(0, 600, 0, 100).traffic(600, 900, 200, 2500, 10).traffic(900, 1200, 0, 100);
  b.alert(at_min(11), "HighErrorRate");
  b.add(at_min(11, 30), "trainee", "trainee.ack", {{"rule", "HighErrorRate"}});
  b.command(at_min(12), "web-2", "tail /var/log/nginx/error.log", "", "logs");
  b.note(at_min(12, 20), "nginx hits its open files limit", true);
  b.action(at_min(13), "raise_fd_limit", "web-2");
  return b;
}

TEST_CASE("postmortem draft: the standard drill gives a lint-clean draft in the format",
          "[draft]") {
  const auto draft = require_good_draft(debrief_of(standard_drill()));
  const std::string& md = draft.markdown;
  CHECK(md.starts_with("# Postmortem: Too many open files on web-2\n"));
  const std::string summary = section(md, "Issue Summary");
  CHECK(summary.find("On 2024-02-16, from 13:50 EST (UTC-05:00) to 14:00 EST (UTC-05:00), the "
                     "web shop service was degraded for 10 minutes.") != std::string::npos);
  CHECK(summary.find("60% of users (600 of 1,000) saw at least one failed or too-slow "
                     "request.") != std::string::npos);
  CHECK(summary.find("Root cause: nginx on web-2 was capped at 1024 open files") !=
        std::string::npos);
  const std::string timeline = section(md, "Timeline");
  CHECK(timeline.find("- 13:52 EST - Monitoring alert HighErrorRate fired on lb (page)") !=
        std::string::npos);
  CHECK(timeline.find("- 13:53 EST - Hypothesis: \u201cA traffic spike is overloading "
                      "web-1\u201d.") != std::string::npos);
  CHECK(timeline.find("a misleading path") != std::string::npos);
  CHECK(timeline.find("- 13:55 EST - Escalated to the web platform team") != std::string::npos);
  CHECK(timeline.find("- 13:59 EST - Action raise fd limit on web-2 succeeded") !=
        std::string::npos);
  const std::string cause = section(md, "Root cause and resolution");
  CHECK(cause.find("It was fixed at 13:59 EST by raise fd limit on web-2.") != std::string::npos);
  CHECK(cause.find("class n_web_2 failing") != std::string::npos);
  const std::string measures = section(md, "Corrective and preventative measures");
  CHECK(measures.find("- [ ] Set worker\\_rlimit\\_nofile to 65536") != std::string::npos);
  CHECK(measures.find("- [ ] Add a runbook step that checks web-2 before anything else.") !=
        std::string::npos);
}

TEST_CASE("postmortem draft: without escalation or misleading path it says so honestly",
          "[draft]") {
  const auto draft = require_good_draft(debrief_of(clean_drill()));
  const std::string timeline = section(draft.markdown, "Timeline");
  CHECK(timeline.find("No misleading path was taken: every command and action during the "
                      "incident concerned web-2.") != std::string::npos);
  CHECK(timeline.find("No escalation: the responder handled the incident alone.") !=
        std::string::npos);
}

TEST_CASE("postmortem draft: a drill nobody worked on still passes, and says what is missing",
          "[draft]") {
  JournalBuilder b;
  b.header().meta();
  b.traffic(0, 600, 0, 100).traffic(600, 900, 200, 2500, 10).traffic(900, 1200, 0, 100);
  b.alert(at_min(12), "HighErrorRate");
  b.alert(at_min(16), "HighErrorRate", "resolved");
  const auto draft = require_good_draft(debrief_of(b));
  const std::string timeline = section(draft.markdown, "Timeline");
  CHECK(timeline.find("No one investigated") != std::string::npos);
  CHECK(timeline.find("No hypothesis was written down") != std::string::npos);
  CHECK(timeline.find("No misleading path was taken: the responder ran no command or action.") !=
        std::string::npos);
  CHECK(section(draft.markdown, "Root cause and resolution")
            .find("No fix was applied: the impact ended on its own at 13:55 EST.") !=
        std::string::npos);
}

TEST_CASE("postmortem draft: a customer report and an outage still going at the end", "[draft]") {
  JournalBuilder b;
  b.header().meta();
  b.traffic(0, 600, 0, 100).traffic(600, 1500, 100, 1800, 5);
  b.add(at_min(12), "scenario", "customer.report",
        {{"from", "a customer"}, {"channel", "support chat"}, {"text", "I cannot pay"}});
  b.command(at_min(14), "db", "psql -c 'select 1'", "db", "database");
  b.escalate(at_min(20), "database", "Is the DB fine?");
  const auto draft = require_good_draft(debrief_of(b));
  const std::string summary = section(draft.markdown, "Issue Summary");
  CHECK(summary.find("to at least 14:05 EST (UTC-05:00)") != std::string::npos);
  CHECK(summary.find("still breached") != std::string::npos);
  const std::string timeline = section(draft.markdown, "Timeline");
  CHECK(timeline.find("- 13:52 EST - A customer reported a problem via support chat") !=
        std::string::npos);
  CHECK(timeline.find("The incident was not resolved before the journal ends") !=
        std::string::npos);
  CHECK(draft.markdown.find("Users noticed before our monitoring did") != std::string::npos);
}

TEST_CASE("postmortem draft: a busy responder's timeline is cut to fit 600 words", "[draft]") {
  JournalBuilder b = standard_drill();
  const char* hosts[] = {"web-1", "web-3", "web-4", "db", "lb", "cache"};
  for (int i = 0; i < 60; ++i) {
    b.command(at_min(16) + SimTime::seconds(i * 4), hosts[i % 6], "cat /etc/nginx/nginx.conf", "",
              "config");
    if (i % 10 == 0) {
      b.note(at_min(16) + SimTime::seconds(i * 4 + 1),
             "Still nothing obvious here, the configuration looks the same as on the other "
             "servers and the logs are quiet",
             false);
    }
  }
  const auto draft = require_good_draft(debrief_of(b));
  CHECK(draft.lint.words >= 570);  // cut to fit, not far below the limit
  // The required points survive the cut.
  const std::string timeline = section(draft.markdown, "Timeline");
  CHECK(timeline.find("Monitoring alert HighErrorRate") != std::string::npos);
  CHECK(timeline.find("Escalated to") != std::string::npos);
  CHECK(timeline.find("Hypothesis:") != std::string::npos);
}

TEST_CASE("postmortem draft: timeline edits show up, and hidden points get honest lines",
          "[draft]") {
  JournalBuilder b = standard_drill();
  for (const JournalRecord& r : b.records()) {
    if (r.kind == "trainee.command" && r.fields["host"] == "web-1") {
      b.edit(at_min(25), {{"op", "hide"}, {"target_seq", r.seq}});
    }
    if (r.kind == "trainee.action" && r.fields["target"] == "web-1") {
      b.edit(at_min(25), {{"op", "hide"}, {"target_seq", r.seq}});
    }
    if (r.kind == "trainee.status") {
      b.edit(at_min(25),
             {{"op", "reword"}, {"target_seq", r.seq}, {"text", "Told support: fix underway."}});
    }
  }
  b.edit(at_min(26), {{"op", "add"},
                      {"at_us", at_min(11).us()},
                      {"text", "Support saw a spike of payment complaints."},
                      {"category", "communication"}});
  const auto draft = require_good_draft(debrief_of(b));
  const std::string timeline = section(draft.markdown, "Timeline");
  CHECK(timeline.find("- 13:51 EST - Support saw a spike of payment complaints.") !=
        std::string::npos);
  CHECK(timeline.find("- 13:56 EST - Told support: fix underway.") != std::string::npos);
  CHECK(timeline.find("No misleading path is shown in this edited timeline.") != std::string::npos);
}

TEST_CASE("postmortem draft: times use the zone's own offset, also across midnight", "[draft]") {
  JournalBuilder b;
  b.header("Midnight certificate expiry", "America/Sao_Paulo", "2024-03-14 23:50:00")
      .meta({{"time_zone", "America/Sao_Paulo"}});
  b.traffic(0, 300, 0, 100).traffic(300, 1200, 900, 100, 1).traffic(1200, 1500, 0, 100);
  b.alert(at_min(6), "HighErrorRate");
  b.escalate(at_min(12), "security", "The certificate expired");
  b.action(at_min(19), "raise_fd_limit", "web-2");
  const auto draft = require_good_draft(debrief_of(b));
  const std::string summary = section(draft.markdown, "Issue Summary");
  // Sao Paulo's abbreviation is "-03", which no reader knows: the offset stands alone.
  CHECK(summary.find("On 2024-03-14, from 23:55 (UTC-03:00) to 2024-03-15 00:10 (UTC-03:00)") !=
        std::string::npos);
  CHECK(summary.find("was down for 15 minutes") != std::string::npos);
  const std::string timeline = section(draft.markdown, "Timeline");
  CHECK(timeline.find("- 23:56 UTC-03:00 - Monitoring alert") != std::string::npos);
  CHECK(timeline.find("- 2024-03-15 00:02 UTC-03:00 - Escalated to the security team") !=
        std::string::npos);
}

TEST_CASE("postmortem draft: an empty journal still gives a draft that passes lint", "[draft]") {
  require_good_draft(build_debrief({}));
}

TEST_CASE("postmortem draft: a journal without scenario facts says the cause is unknown",
          "[draft]") {
  JournalBuilder b;
  b.header();
  b.traffic(0, 600, 0, 100).traffic(600, 900, 200, 100, 10).traffic(900, 1200, 0, 100);
  b.alert(at_min(11), "HighErrorRate");
  b.command(at_min(12), "web-3", "top", "", "cpu");
  const auto draft = require_good_draft(debrief_of(b));
  CHECK(draft.markdown.find("The root cause is not in the journal") != std::string::npos);
  CHECK(draft.markdown.find("No path is called misleading here") != std::string::npos);
}

TEST_CASE("postmortem draft: the engine's real journal gives a lint-clean draft", "[draft]") {
  const JournalReadResult read =
      JournalReader::read_file(FIREDRILL_SOURCE_DIR "/tests/reporter/data/builtin_spike.jsonl");
  REQUIRE(read.ok());
  const Debrief d = build_debrief(read.records);
  const auto draft = require_good_draft(d);
  CHECK(section(draft.markdown, "Issue Summary")
            .find("On 2024-02-16, from 14:15 UTC (UTC+00:00) to 14:21 UTC (UTC+00:00)") !=
        std::string::npos);
}

TEST_CASE("postmortem draft: the scenario autopilot's journal tells the story in the format",
          "[draft]") {
  const JournalReadResult read = JournalReader::read_file(
      FIREDRILL_SOURCE_DIR "/tests/reporter/data/nginx_open_files_autopilot.jsonl");
  REQUIRE(read.ok());
  const auto draft = require_good_draft(build_debrief(read.records));
  CHECK(section(draft.markdown, "Issue Summary")
            .find("On 2024-03-04, from 08:55 CET (UTC+01:00) to 09:05 CET (UTC+01:00)") !=
        std::string::npos);
  const std::string timeline = section(draft.markdown, "Timeline");
  CHECK(timeline.find("- 08:57 CET - Monitoring alert HighErrorRate fired") != std::string::npos);
  CHECK(timeline.find("\u2014 it turned out wrong.") != std::string::npos);
  CHECK(timeline.find("- 09:05 CET - Action set config (key=nofile, value=65536) on web-1, web-2, "
                      "web-3 and web-4 succeeded.") != std::string::npos);
}

TEST_CASE("postmortem draft: the same journal gives the same text", "[draft]") {
  const Debrief d = debrief_of(standard_drill());
  CHECK(write_postmortem(d).markdown == write_postmortem(d).markdown);
}

}  // namespace
}  // namespace firedrill
