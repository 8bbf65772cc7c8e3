#include "dashboard/ui/chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "dashboard/ui/theme.h"
#include "dashboard/ui/widgets.h"

namespace firedrill::dash {

double nice_ceiling(double v) {
  if (!(v > 0)) return 1;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (v <= m * p * 1.0000001) return m * p;
  return 10 * p;
}

namespace {

// Seconds between x-axis ticks for a window, so that there are at most ~6.
int64_t tick_step(int64_t window_s) {
  for (int64_t step : {10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200})
    if (window_s / step <= 6) return step;
  return 14400;
}

std::string axis_label(double v, const std::string& unit) {
  if (unit == "ratio") return fmt::format("{:.0f}%", 100 * v);
  if (v >= 10000) return fmt::format("{:.0f}k", v / 1000);
  if (v >= 10 || v == 0) return fmt::format("{:.0f}", v);
  return fmt::format("{:.1f}", v);
}

}  // namespace

std::string draw_time_chart(const ChartSpec& spec) {
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const ImVec2 p1(p0.x + spec.size.x, p0.y + spec.size.y);
  ImGui::InvisibleButton(spec.title.c_str(), spec.size);
  const bool hovered = ImGui::IsItemHovered();
  if (!ImGui::IsItemVisible()) return {};

  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, p1, to_u32(colors::kCanvas), 3);
  dl->AddRect(p0, p1, to_u32(ImVec4(0.2f, 0.22f, 0.26f, 1)), 3);

  const MetricWindow& m = *spec.metrics;
  const int64_t from = spec.from_second, to = std::max(spec.to_second, spec.from_second + 1);
  const int64_t have_from = std::max(from, m.first_second());
  const int64_t have_to = std::min(to, m.end_second());

  // Latest value and the y range over what is visible.
  double vmax = 0;
  float latest = std::numeric_limits<float>::quiet_NaN();
  for (int64_t sec = have_from; sec < have_to; ++sec) {
    const float v = m.value(spec.series, sec);
    if (std::isnan(v)) continue;
    vmax = std::max(vmax, static_cast<double>(v));
    latest = v;
  }
  if (spec.unit == "ratio" || spec.unit == "bool")
    vmax = std::min(1.0, nice_ceiling(vmax));
  else
    vmax = nice_ceiling(vmax * 1.05);
  const std::string latest_text = fmt_value(latest, spec.unit);

  const float line = ImGui::GetTextLineHeight();
  const float left = ImGui::CalcTextSize("0000k").x + 6;
  const ImVec2 a(p0.x + left, p0.y + line + 4);  // plot area
  const ImVec2 b(p1.x - 6, p1.y - line - 4);
  const float w = std::max(1.0f, b.x - a.x), h = std::max(1.0f, b.y - a.y);
  auto x_of = [&](double sec) {
    return a.x +
           static_cast<float>((sec - static_cast<double>(from)) / static_cast<double>(to - from)) *
               w;
  };
  auto y_of = [&](double v) { return b.y - static_cast<float>(v / vmax) * h; };

  dl->AddText(ImVec2(p0.x + 6, p0.y + 2), to_u32(colors::kText), spec.title.c_str());
  const ImVec2 lt = ImGui::CalcTextSize(latest_text.c_str());
  dl->AddText(ImVec2(p1.x - lt.x - 6, p0.y + 2), to_u32(spec.color), latest_text.c_str());

  // Grid and axes.
  const ImU32 grid = to_u32(ImVec4(1, 1, 1, 0.07f)), label = to_u32(colors::kDim);
  for (double f : {0.0, 0.5, 1.0}) {
    const float y = y_of(vmax * f);
    dl->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), grid);
    const std::string t = axis_label(vmax * f, spec.unit);
    const ImVec2 ts = ImGui::CalcTextSize(t.c_str());
    dl->AddText(ImVec2(a.x - ts.x - 4, y - line / 2), label, t.c_str());
  }
  const int64_t step = tick_step(to - from);
  const int64_t sod0 = local_seconds_of_day(*spec.session, SimTime::seconds(from));
  for (int64_t sec = from + (step - sod0 % step) % step; sec < to; sec += step) {
    const float x = x_of(static_cast<double>(sec));
    dl->AddLine(ImVec2(x, a.y), ImVec2(x, b.y), grid);
    const std::string t = fmt_clock(*spec.session, SimTime::seconds(sec), step < 60);
    const float half = ImGui::CalcTextSize(t.c_str()).x / 2;
    if (x + half <= p1.x - 2) dl->AddText(ImVec2(x - half, b.y + 2), label, t.c_str());
  }

  // The series: a mean line, and the min..max band where columns hold several seconds.
  dl->PushClipRect(a, ImVec2(b.x + 1, b.y + 1), true);
  const int columns = std::max(1, static_cast<int>(w));
  const double per_col = static_cast<double>(to - from) / columns;
  const ImU32 stroke = to_u32(spec.color), band = to_u32(with_alpha(spec.color, 0.22f));
  ImVec2 prev;
  bool have_prev = false;
  if (per_col <= 1.0) {
    for (int64_t sec = have_from; sec < have_to; ++sec) {
      const float v = m.value(spec.series, sec);
      if (std::isnan(v)) {
        have_prev = false;
        continue;
      }
      const ImVec2 pt(x_of(static_cast<double>(sec) + 0.5), y_of(v));
      if (have_prev) dl->AddLine(prev, pt, stroke, 1.5f);
      prev = pt;
      have_prev = true;
    }
  } else {
    for (int c = 0; c < columns; ++c) {
      const int64_t s0 = std::max(have_from, from + static_cast<int64_t>(c * per_col));
      const int64_t s1 = std::min(have_to, from + static_cast<int64_t>((c + 1) * per_col));
      double lo = 1e300, hi = -1e300, sum = 0;
      int n = 0;
      for (int64_t sec = s0; sec < s1; ++sec) {
        const float v = m.value(spec.series, sec);
        if (std::isnan(v)) continue;
        lo = std::min(lo, static_cast<double>(v));
        hi = std::max(hi, static_cast<double>(v));
        sum += v;
        ++n;
      }
      if (n == 0) {
        have_prev = false;
        continue;
      }
      const float x = a.x + static_cast<float>(c) + 0.5f;
      if (hi > lo) dl->AddRectFilled(ImVec2(x - 0.5f, y_of(hi)), ImVec2(x + 0.5f, y_of(lo)), band);
      const ImVec2 pt(x, y_of(sum / n));
      if (have_prev) dl->AddLine(prev, pt, stroke, 1.5f);
      prev = pt;
      have_prev = true;
    }
  }

  // Markers.
  if (spec.markers)
    for (const ChartMarker& mk : *spec.markers) {
      const double sec = mk.t.to_seconds();
      if (sec < static_cast<double>(from) || sec >= static_cast<double>(to)) continue;
      const float x = x_of(sec);
      dl->AddLine(ImVec2(x, a.y), ImVec2(x, b.y), to_u32(with_alpha(mk.color, 0.75f)), 1.2f);
      dl->AddTriangleFilled(ImVec2(x - 4, a.y), ImVec2(x + 4, a.y), ImVec2(x, a.y + 6),
                            to_u32(mk.color));
    }
  // The view time: after it the chart is shaded, so what was known then stands out.
  if (spec.cursor) {
    const double sec = spec.cursor->to_seconds();
    if (sec >= static_cast<double>(from) && sec <= static_cast<double>(to)) {
      const float x = x_of(sec);
      dl->AddRectFilled(ImVec2(x, a.y), ImVec2(b.x + 1, b.y + 1),
                        to_u32(with_alpha(colors::kCanvas, 0.6f)));
      dl->AddLine(ImVec2(x, a.y), ImVec2(x, b.y), to_u32(colors::kAmber), 1.5f);
    }
  }
  dl->PopClipRect();

  // Hover read-out.
  if (hovered) {
    const float mx = ImGui::GetIO().MousePos.x;
    if (mx >= a.x && mx <= b.x) {
      const auto sec = static_cast<int64_t>(
          std::floor(static_cast<double>(from) + (mx - a.x) / w * static_cast<double>(to - from)));
      dl->AddLine(ImVec2(mx, a.y), ImVec2(mx, b.y), to_u32(ImVec4(1, 1, 1, 0.35f)));
      ImGui::BeginTooltip();
      ImGui::Text("%s %s", fmt_clock(*spec.session, SimTime::seconds(sec)).c_str(),
                  spec.session->zone_abbrev.c_str());
      if (sec >= m.first_second() && sec < m.end_second()) {
        const float v = m.value(spec.series, sec);
        if (!std::isnan(v)) {
          dl->AddCircleFilled(ImVec2(mx, y_of(v)), 3.5f, stroke);
          ImGui::Text("%s: %s", spec.title.c_str(), fmt_value(v, spec.unit).c_str());
        }
      }
      if (spec.markers) {
        const double tol = 5.0 / w * static_cast<double>(to - from);
        for (const ChartMarker& mk : *spec.markers)
          if (std::fabs(mk.t.to_seconds() - static_cast<double>(sec)) <= tol)
            colored_text(mk.color, mk.label);
      }
      ImGui::EndTooltip();
    }
  }
  return latest_text;
}

}  // namespace firedrill::dash
