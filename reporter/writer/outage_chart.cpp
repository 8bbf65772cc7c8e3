#include "reporter/writer/outage_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "reporter/writer/draft_format.h"

namespace firedrill {
namespace {

// [SECTION] Layout (SVG user units)
constexpr double kWidth = 880, kHeight = 470;
constexpr double kLeft = 72, kRight = 24;
constexpr double kPlotWidth = kWidth - kLeft - kRight;
constexpr double kPanelHeight = 130;
constexpr double kTop1 = 118, kTop2 = kTop1 + kPanelHeight + 46;  // error rate, then p99
constexpr double kAxisY = kTop2 + kPanelHeight;
constexpr double kLabelRowHeight = 13, kFirstLabelY = 60;
constexpr std::size_t kLabelRows = 4;
constexpr double kCharWidth = 6.6;  // an estimate for 12 px Helvetica
constexpr SimTime kMargin = SimTime::minutes(5);

constexpr std::size_t kMaxTitleChars = 60;  // so the title fits the width at 16 px

// At most `n` characters (UTF-8 aware), with "…" when cut.
std::string clip_chars(const std::string& text, std::size_t n) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (chars++ == n) return text.substr(0, i) + "\u2026";
  }
  return text;
}

std::string xml(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A value axis from 0: a round step (1, 2, 2.5 or 5 times a power of ten) and at most 5 steps
// that reach past `peak` (> 0).
struct Axis {
  double step = 1;
  int steps = 1;
  double top() const { return step * steps; }
};
Axis value_axis(double peak) {
  const double power = std::pow(10.0, std::floor(std::log10(peak / 5.0)));
  for (const double base : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    const double step = base * power;
    const int steps = std::max(1, static_cast<int>(std::ceil(peak / step - 1e-9)));
    if (steps <= 5) return {step, steps};
  }
  return {10 * power, 5};
}

std::string number(double v) {
  return v == std::floor(v) ? fmt::format("{:.0f}", v) : fmt::format("{:g}", v);
}

struct Window {
  SimTime begin, end;
};

Window chart_window(const Debrief& d) {
  const DebriefFigures& f = d.figures;
  const SimTime data_begin = d.samples.empty() ? SimTime{} : d.samples.front().begin();
  const SimTime data_end = std::max(f.data_end, data_begin + SimTime::minutes(1));
  if (!f.impact_start) return {data_begin, data_end};
  SimTime last = f.outage ? f.outage->end : *f.impact_start;
  for (const auto& t : {f.mitigated_at, f.resolved_at, f.first_escalation_at}) {
    if (t) last = std::max(last, *t);
  }
  if (f.detection) last = std::max(last, f.detection->at);
  const SimTime begin = std::max(data_begin, *f.impact_start - kMargin);
  const SimTime end = std::min(data_end, last + kMargin);
  return {begin, std::max(end, begin + SimTime::minutes(1))};
}

struct Marker {
  SimTime at;
  std::string text;
  const char* color;
};

class Chart {
 public:
  Chart(const Debrief& d, Window w) : d_(d), w_(w) {}

  std::string render() {
    out_ = fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
        "viewBox=\"0 0 {0} {1}\" font-family=\"Helvetica, Arial, sans-serif\" "
        "font-size=\"12\">\n",
        kWidth, kHeight);
    out_ += fmt::format("<rect width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n", kWidth, kHeight);
    out_ += fmt::format(
        "<text x=\"{}\" y=\"24\" font-size=\"16\" font-weight=\"bold\">{}</text>\n", kLeft,
        xml(clip_chars(d_.facts.title, kMaxTitleChars) + ": error rate and p99 latency"));
    out_ += fmt::format("<text x=\"{}\" y=\"42\" fill=\"#555555\">{} ({}), {} to {}</text>\n",
                        kLeft, date_text(clock(), w_.begin), xml(d_.facts.time_zone),
                        xml(summary_time(clock(), w_.begin)), xml(summary_time(clock(), w_.end)));
    outage_band();
    panel(kTop1, "error rate (%)", d_.facts.slo.error_ratio * 100.0, "%", "#c62828",
          [](const MetricSample& s) { return s.error_ratio() * 100.0; });
    panel(kTop2, "p99 latency (ms)", d_.facts.slo.latency_ms, " ms", "#1565c0",
          [](const MetricSample& s) { return s.p99_ms; });
    time_axis();
    markers();
    out_ += "</svg>\n";
    return std::move(out_);
  }

 private:
  const ScenarioClock& clock() const { return d_.facts.clock(); }

  double x_of(SimTime t) const {
    const double span = static_cast<double>((w_.end - w_.begin).us());
    const double at = static_cast<double>((std::clamp(t, w_.begin, w_.end) - w_.begin).us());
    return kLeft + kPlotWidth * at / span;
  }

  void outage_band() {
    if (!d_.outage) return;
    const double x0 = x_of(d_.outage->start), x1 = x_of(d_.outage->end);
    out_ += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"#fdecea\"/>\n", x0,
        kTop1, std::max(0.0, x1 - x0), kAxisY - kTop1);
    out_ += fmt::format("<text x=\"{:.1f}\" y=\"{}\" fill=\"#c62828\">outage</text>\n", x0 + 4,
                        kTop1 + 14);
  }

  template <typename Value>
  void panel(double top, const char* title, double slo, const char* unit, const char* color,
             Value value) {
    double peak = slo;
    std::string points;
    for (const MetricSample& s : d_.samples) {
      const SimTime mid = SimTime::micros((s.begin().us() + s.end().us()) / 2);
      if (mid < w_.begin || mid > w_.end) continue;
      peak = std::max(peak, value(s));
    }
    const Axis axis = value_axis(peak > 0 ? peak * 1.05 : 1.0);
    auto y_of = [&](double v) { return top + kPanelHeight * (1.0 - v / axis.top()); };
    for (const MetricSample& s : d_.samples) {
      const SimTime mid = SimTime::micros((s.begin().us() + s.end().us()) / 2);
      if (mid < w_.begin || mid > w_.end) continue;
      points +=
          fmt::format("{}{:.1f},{:.1f}", points.empty() ? "" : " ", x_of(mid), y_of(value(s)));
    }
    out_ += fmt::format("<text x=\"{}\" y=\"{}\" font-weight=\"bold\">{}</text>\n", kLeft, top - 8,
                        title);
    for (int i = 0; i <= axis.steps; ++i) {
      const double v = axis.step * i;
      const double y = y_of(v);
      out_ += fmt::format(
          "<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#e0e0e0\"/>\n", kLeft, y,
          kLeft + kPlotWidth, y);
      out_ += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n", kLeft - 6,
                          y + 4, number(v));
    }
    const double slo_y = y_of(slo);
    out_ += fmt::format(
        "<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#444444\" "
        "stroke-dasharray=\"6 4\"/>\n",
        kLeft, slo_y, kLeft + kPlotWidth, slo_y);
    out_ += fmt::format(
        "<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" fill=\"#444444\">SLO {}{}</text>\n",
        kLeft + kPlotWidth, slo_y - 4, number(slo), unit);
    if (!points.empty()) {
      out_ +=
          fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>\n",
                      points, color);
    }
  }

  void time_axis() {
    out_ += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#444444\"/>\n",
                        kLeft, kAxisY, kLeft + kPlotWidth, kAxisY);
    const int64_t minutes = std::max<int64_t>(1, (w_.end - w_.begin).whole_seconds() / 60);
    int64_t step = 1;
    for (const int64_t s : {1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440}) {
      step = s;
      if (minutes / s <= 10) break;
    }
    // Ticks on the scenario clock's whole minutes.
    const LocalDateTime first = clock().local(w_.begin);
    SimTime t = w_.begin + SimTime::micros(first.second == 0 && first.microsecond == 0
                                               ? 0
                                               : (60 - first.second) * 1'000'000LL -
                                                     static_cast<int64_t>(first.microsecond));
    for (; t <= w_.end; t += SimTime::minutes(1)) {
      const LocalDateTime lt = clock().local(t);
      if ((lt.hour * 60 + lt.minute) % step != 0) continue;
      const double x = x_of(t);
      out_ += fmt::format(
          "<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#444444\"/>\n", x,
          kAxisY, kAxisY + 5);
      out_ += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{:02}:{:02}</text>\n",
                          x, kAxisY + 19, lt.hour, lt.minute);
    }
  }

  void markers() {
    const DebriefFigures& f = d_.figures;
    std::vector<Marker> list;
    if (f.detection) {
      const std::string how = f.detection->how == DetectionHow::alert    ? f.detection->by
                              : f.detection->how == DetectionHow::report ? "reported"
                                                                         : "noticed";
      list.push_back({f.detection->at, "detected (" + how + ")", "#6a1b9a"});
    }
    if (f.first_escalation_at) list.push_back({*f.first_escalation_at, "escalated", "#ef6c00"});
    if (f.mitigated_at) list.push_back({*f.mitigated_at, "mitigated", "#2e7d32"});
    if (f.resolved_at) list.push_back({*f.resolved_at, "resolved", "#1b5e20"});
    std::stable_sort(list.begin(), list.end(),
                     [](const Marker& a, const Marker& b) { return a.at < b.at; });
    // Markers at the same minute share one line and one label: "mitigated, resolved 14:00".
    std::vector<Marker> merged;
    for (const Marker& m : list) {
      if (!merged.empty() &&
          clock().postmortem_time(merged.back().at) == clock().postmortem_time(m.at)) {
        merged.back().text += ", " + m.text;
      } else {
        merged.push_back(m);
      }
    }
    // Each label takes the first row where it overlaps no other label.
    std::vector<std::vector<std::pair<double, double>>> rows(kLabelRows);
    for (const Marker& m : merged) {
      const double x = x_of(m.at);
      const std::string label = m.text + " " + bullet_time(clock(), m.at, w_.begin);
      const double width = kCharWidth * static_cast<double>(label.size());
      const bool leftward = x + width > kWidth - 4;
      const double x0 = leftward ? x - 3 - width : x + 3, x1 = leftward ? x - 3 : x + 3 + width;
      std::size_t row = 0;
      for (; row + 1 < rows.size(); ++row) {
        const bool free = std::none_of(rows[row].begin(), rows[row].end(), [&](const auto& r) {
          return x0 < r.second + 8 && r.first < x1 + 8;
        });
        if (free) break;
      }
      rows[row].push_back({x0, x1});
      const double label_y = kFirstLabelY + kLabelRowHeight * static_cast<double>(row);
      out_ += fmt::format(
          "<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"{3}\" "
          "stroke-width=\"1.5\" stroke-dasharray=\"3 3\"/>\n",
          x, label_y + 4, kAxisY, m.color);
      out_ += fmt::format("<text x=\"{:.1f}\" y=\"{}\" fill=\"{}\" text-anchor=\"{}\">{}</text>\n",
                          leftward ? x - 3 : x + 3, label_y, m.color, leftward ? "end" : "start",
                          xml(label));
    }
  }

  const Debrief& d_;
  Window w_;
  std::string out_;
};

}  // namespace

std::string outage_chart_svg(const Debrief& debrief) {
  return Chart(debrief, chart_window(debrief)).render();
}

}  // namespace firedrill
