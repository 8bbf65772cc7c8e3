#include "sim/cli/run_progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <string>

#include "sim/cli/format.h"

namespace firedrill::cli {

namespace {

constexpr auto kEvery = std::chrono::milliseconds(200);  // at most ~5 redraws a second

std::string progress_text(Drill& drill, SimTime length) {
  const SimTime now = drill.now();
  const LocalDateTime local = drill.clock().local(now);
  std::string firing;
  for (const AlertInstance& a : drill.alerts().alerts()) {
    if (a.state != AlertState::firing) continue;
    firing += (firing.empty() ? "" : ", ") + a.rule;
  }
  // The users' error rate over the last 10 complete metric seconds.
  const MetricsRegistry& m = drill.stack().metrics();
  const auto ok = m.find("users", "ok"), failed = m.find("users", "failed");
  double good = 0, bad = 0;
  const int64_t to = std::min(now.whole_seconds(), m.end_second());
  for (int64_t s = std::max(to - 10, m.first_second()); ok && failed && s < to; ++s) {
    good += m.value(*ok, s);
    bad += m.value(*failed, s);
  }
  const double rate = good + bad > 0 ? 100.0 * bad / (good + bad) : 0.0;
  return fmt::format("{:02}:{:02}:{:02} {}  +{}/{}  errors {:.1f}%  requests {}  alerts: {}",
                     local.hour, local.minute, local.second, local.abbrev, fmt_elapsed(now),
                     fmt_elapsed(length), rate, drill.stack().client().user_requests(),
                     firing.empty() ? "none firing" : firing);
}

}  // namespace

bool progress_wanted(std::optional<bool> forced, std::FILE* stream) {
  if (forced) return *forced;
  return isatty(fileno(stream)) != 0;
}

ProgressLine::ProgressLine(SimTime length, bool enabled, std::FILE* stream)
    : enabled_(enabled), stream_(stream), length_(length) {}

ProgressLine::~ProgressLine() {
  clear();
}

void ProgressLine::update(Drill& drill, bool force) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  // Throttled also after a clear(): a run that prints many lines must not redraw for each.
  if (!force && draws_ > 0 && now - last_ < kEvery) return;
  last_ = now;
  // "\r" back to the start, the text, then erase what a longer previous line left.
  std::fprintf(stream_, "\r%s\033[K", progress_text(drill, length_).c_str());
  std::fflush(stream_);
  drawn_ = true;
  ++draws_;
}

void ProgressLine::clear() {
  if (!enabled_ || !drawn_) return;
  std::fputs("\r\033[K", stream_);
  std::fflush(stream_);
  drawn_ = false;
}

}  // namespace firedrill::cli
