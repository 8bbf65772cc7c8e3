// The timeline panel on the reporter's timeline (what GET /timeline gives an HTTP client), with
// the fake client: hidden entries greyed and labelled, derived ones not editable, and the edit
// bar's buttons queuing the TimelineEditCommand the API's POST /timeline/edits takes.
#include <cstring>

#include "dashboard/ui/time_input.h"
#include "panel_harness.h"

using namespace firedrill;
using namespace firedrill::dash;
using firedrill::dash::testing::PanelHarness;
using Op = TimelineEditCommand::Op;

namespace {

// The canned drill (13:50 EST start, now 14:20) with a reporter's timeline of four entries.
std::shared_ptr<Snapshot> with_reported_timeline() {
  auto s = std::make_shared<Snapshot>(*canned_snapshot());
  std::vector<ReportedEntry> list;
  list.push_back({std::nullopt, SimTime::minutes(19), "incident.start", "impact", "",
                  "Errors began", false, false});
  list.push_back({2, SimTime::minutes(20), "alert.firing", "detection", "web-3",
                  "BackendDown fired on web-3", false, false});
  list.push_back({4, SimTime::minutes(25), "trainee.command", "investigation", "web-3",
                  "Checked nginx on web-3", false, false});
  list.push_back({9, SimTime::minutes(27), "trainee.action", "misleading", "web-1",
                  "Restarted web-1", true, false});
  s->reported_timeline = std::make_shared<const std::vector<ReportedEntry>>(std::move(list));
  return s;
}

struct EditBench {
  PanelHarness h;
  EditBench() {
    h.client.serve(with_reported_timeline());
    h.play("click tab/timeline\nwait 2");
  }
  const TimelineEditCommand& last() {
    const auto* e = h.last_sent<TimelineEditCommand>();
    REQUIRE(e != nullptr);
    return *e;
  }
};

}  // namespace

TEST_CASE("timeline edits: the reporter's timeline is listed, hidden entries greyed and labelled",
          "[dashboard][timeline]") {
  EditBench b;
  CHECK(b.h.shows("timeline", "4 entries, 1 hidden"));
  CHECK(b.h.shows("timeline", "14:10:00 detection BackendDown fired on web-3"));
  CHECK(b.h.shows("timeline", "14:17:00 misleading Restarted web-1 [hidden]"));
  CHECK_FALSE(b.h.shows("timeline", "Checked nginx on web-3 [hidden]"));
  CHECK(b.h.dump.find_item("timeline/row/4"));
  CHECK_FALSE(b.h.dump.find_item("timeline/row/0"));       // the derived entry has no record
  CHECK(b.h.shows("timeline", "Pick an entry") == false);  // (a hint, not dumped)
  CHECK(b.h.client.sent().empty());
}

TEST_CASE("timeline edits: a picked entry can be reworded and marked misleading",
          "[dashboard][timeline]") {
  EditBench b;
  b.h.play("click timeline/row/4\nwait 1\nexpect picked #4 Checked nginx on web-3");
  CHECK(std::string(b.h.ui.timeline.edit_text.data()) == "Checked nginx on web-3");
  // The rewording box starts with the entry's text; replace it (the box is not being typed in).
  const std::string words = "Read nginx's status on web-3: stopped";
  b.h.ui.timeline.edit_text.fill('\0');
  std::memcpy(b.h.ui.timeline.edit_text.data(), words.data(), words.size());
  b.h.play("click timeline/reword\nwait 1");
  CHECK(b.last().op == Op::reword);
  CHECK(b.last().target_seq == 4);
  CHECK(b.last().text == words);

  b.h.play("click timeline/misleading\nwait 1");
  CHECK(b.last().op == Op::mark_misleading);
  CHECK(b.last().target_seq == 4);
  CHECK(b.h.client.sent().size() == 2);
}

TEST_CASE("timeline edits: a hidden misleading entry offers Show and Not misleading",
          "[dashboard][timeline]") {
  EditBench b;
  b.h.play("click timeline/row/9\nwait 1\nclick timeline/hide\nwait 1");
  CHECK(b.last().op == Op::show);
  CHECK(b.last().target_seq == 9);
  b.h.play("click timeline/misleading\nwait 1");
  CHECK(b.last().op == Op::unmark_misleading);
  b.h.play("click timeline/row/2\nwait 1\nclick timeline/hide\nwait 1");
  CHECK(b.last().op == Op::hide);
  CHECK(b.last().target_seq == 2);
}

TEST_CASE("timeline edits: a missed moment is added at the typed time with its category",
          "[dashboard][timeline]") {
  EditBench b;
  b.h.play(
      "click timeline/add_time\ntype 14:05\nclick timeline/add_text\n"
      "type Called the DBA on the phone\nclick timeline/add\nwait 1");
  CHECK(b.last().op == Op::add);
  CHECK(b.last().at == SimTime::minutes(15));  // 14:05 on a drill that began at 13:50
  CHECK(b.last().text == "Called the DBA on the phone");
  CHECK(b.last().category == "investigation");
  CHECK(b.h.ui.timeline.add_text[0] == '\0');  // cleared for the next one
}

TEST_CASE("timeline edits: without a typed time an entry is added at the drill's now",
          "[dashboard][timeline]") {
  EditBench b;
  b.h.play("click timeline/add_text\ntype Paged myself\nclick timeline/add\nwait 1");
  CHECK(b.last().at == SimTime::minutes(30));
}

TEST_CASE("timeline edits: a time that is not one is refused with a reason, nothing sent",
          "[dashboard][timeline]") {
  EditBench b;
  b.h.play(
      "click timeline/add_time\ntype 25:99\nclick timeline/add_text\ntype x\n"
      "click timeline/add\nwait 1\nexpect add refused: \"25:99\" is not a time");
  CHECK(b.h.client.sent().empty());
}

TEST_CASE("timeline edits: the edit's answer is shown", "[dashboard][timeline]") {
  EditBench b;
  b.h.play("click timeline/row/2\nwait 1\nclick timeline/hide\nwait 1");
  auto answered = with_reported_timeline();
  answered->replies.push_back(
      {b.h.client.sent().back().first, "timeline: hide #2", false, "no record 2", {}});
  b.h.client.serve(answered);
  b.h.frame();
  CHECK(b.h.shows("timeline", "edit REFUSED no record 2"));
}

TEST_CASE("clock input: HH:MM[:SS] on the drill's clock becomes drill time", "[dashboard]") {
  SessionInfo s = canned_snapshot()->session;  // 13:50:00 start, now 14:20:00
  std::string error;
  CHECK(parse_clock_time(s, "14:05", &error) == SimTime::minutes(15));
  CHECK(parse_clock_time(s, " 14:05:30 ", &error) == SimTime::seconds(930));
  CHECK(parse_clock_time(s, "14:20", &error) == SimTime::minutes(30));
  CHECK(error.empty());
  CHECK_FALSE(parse_clock_time(s, "13:49", &error));
  CHECK(error.find("before the drill began") != std::string::npos);
  for (const char* bad :
       {"", "14", "14:", "1405", "24:00", "14:60", "14:05:61", "2:3:4:5", "ab:cd", "14:005"}) {
    error.clear();
    CHECK_FALSE(parse_clock_time(s, bad, &error));
    CHECK_FALSE(error.empty());
  }
  // A drill that crossed midnight: 00:10 is after 23:50, not before the start.
  s.start_unix_s += 10 * 3600;  // 23:50 start, now 00:20 the next day
  CHECK(parse_clock_time(s, "00:10", &error) == SimTime::minutes(20));
  CHECK(parse_clock_time(s, "23:55", &error) == SimTime::minutes(5));
}
