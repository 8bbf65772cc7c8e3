// ScriptPlayer: what a script may say, and how its failures read.
#include <catch2/catch.hpp>

#include "dashboard/ui/chart.h"
#include "dashboard/ui/headless.h"
#include "dashboard/ui/script_player.h"

using namespace firedrill::dash;

TEST_CASE("script player: mistakes in a script name their line", "[dashboard]") {
  std::string error;
  ScriptPlayer::parse("# comment\n\nclik actions/drain\n", &error);
  CHECK(error == "line 3: unknown command 'clik'");
  ScriptPlayer::parse("wait soon\n", &error);
  CHECK(error == "line 1: wait takes a number of frames");
  ScriptPlayer::parse("key Space\n", &error);
  CHECK(error.find("line 1: unknown key 'Space'") == 0);
  error.clear();
  const ScriptPlayer ok = ScriptPlayer::parse(
      "wait 2\nwait_for reply OK 30\nclick a/b\ntype hello world\nkey Enter\n", &error);
  CHECK(error.empty());
  CHECK(ok.size() == 5);
}

TEST_CASE("script player: a wait_for that times out and a click on nothing are failures",
          "[dashboard]") {
  HeadlessImGui imgui;
  std::string error;
  ScriptPlayer p = ScriptPlayer::parse("wait_for never shown 3\nclick not/there\n", &error);
  REQUIRE(error.empty());
  UiDump dump;
  for (int i = 0; i < 10 && !p.done(); ++i) {
    p.before_frame(ImGui::GetIO(), dump);
    dump.begin_frame(static_cast<uint64_t>(i));
    dump.end_frame();
    p.end_frame(dump);
  }
  CHECK(p.done());
  REQUIRE(p.failures().size() == 2);
  CHECK(p.failures()[0] == "script line 1 (wait_for never shown): not seen within 3 frames");
  CHECK(p.failures()[1] == "script line 2 (click not/there): no such item on screen");
}

TEST_CASE("chart: the y axis ends on 1, 2 or 5 times a power of ten", "[dashboard]") {
  CHECK(nice_ceiling(0) == 1);
  CHECK(nice_ceiling(0.7) == 1);
  CHECK(nice_ceiling(1.3) == 2);
  CHECK(nice_ceiling(420) == 500);
  CHECK(nice_ceiling(5000) == 5000);
  CHECK(nice_ceiling(5001) == 10000);
}
