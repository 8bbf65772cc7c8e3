#include "reporter/writer/outage_chart.h"

#include <catch2/catch.hpp>

#include "tests/reporter/writer/writer_test_support.h"

namespace firedrill {
namespace {

using testing::debrief_of;
using testing::standard_drill;

int count(const std::string& text, std::string_view needle) {
  int n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

TEST_CASE("outage chart: two panels with SLO lines, the outage band and the markers", "[chart]") {
  const std::string svg = outage_chart_svg(debrief_of(standard_drill()));
  CHECK(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  CHECK(svg.ends_with("</svg>\n"));
  CHECK(count(svg, "<polyline") == 2);
  CHECK(count(svg, "stroke-dasharray=\"6 4\"") == 2);  // the SLO lines
  CHECK(svg.find(">outage</text>") != std::string::npos);
  CHECK(svg.find("detected (HighErrorRate) 13:52 EST</text>") != std::string::npos);
  CHECK(svg.find("escalated 13:55 EST</text>") != std::string::npos);
  // Two markers in the same minute share a label.
  CHECK(svg.find(">mitigated, resolved 14:00 EST</text>") != std::string::npos);
  // The window runs from 5 minutes before the outage to 5 after the last marker: 13:45-14:05,
  // with a tick every 2 minutes.
  CHECK(svg.find(">13:46</text>") != std::string::npos);
  CHECK(svg.find(">14:04</text>") != std::string::npos);
  CHECK(svg.find(">14:06</text>") == std::string::npos);
  CHECK(svg.find(">SLO 1%</text>") != std::string::npos);
  CHECK(svg.find(">SLO 1000 ms</text>") != std::string::npos);
}

TEST_CASE("outage chart: the value axes use round steps above the peak", "[chart]") {
  const std::string svg = outage_chart_svg(debrief_of(standard_drill()));
  for (const char* tick : {">5</text>", ">25</text>", ">1000</text>", ">3000</text>"}) {
    CHECK(svg.find(tick) != std::string::npos);
  }
  CHECK(svg.find(">30</text>") == std::string::npos);  // 20% peak: the axis stops at 25
}

TEST_CASE("outage chart: the same debrief gives the same bytes", "[chart]") {
  const Debrief d = debrief_of(standard_drill());
  CHECK(outage_chart_svg(d) == outage_chart_svg(d));
}

TEST_CASE("outage chart: text is escaped for XML", "[chart]") {
  testing::JournalBuilder b = standard_drill();
  b.add(SimTime{}, "engine", "run.header", {{"title", "Q&A <beta>"}});
  Debrief d = debrief_of(b);
  d.facts.title = "Q&A <beta>";
  const std::string svg = outage_chart_svg(d);
  CHECK(svg.find("Q&amp;A &lt;beta&gt;") != std::string::npos);
}

TEST_CASE("outage chart: a long title is cut to fit the width", "[chart]") {
  Debrief d = debrief_of(standard_drill());
  d.facts.title = std::string(70, 'x');
  const std::string svg = outage_chart_svg(d);
  CHECK(svg.find(std::string(60, 'x') + "\u2026: error rate") != std::string::npos);
}

TEST_CASE("outage chart: an empty journal still gives a valid chart", "[chart]") {
  const std::string svg = outage_chart_svg(build_debrief({}));
  CHECK(svg.find("</svg>") != std::string::npos);
  CHECK(svg.find("<polyline") == std::string::npos);
}

}  // namespace
}  // namespace firedrill
