#include "sim/trainee/text_util.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

namespace firedrill::text {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> kWeekdays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};

// Days since 1970-01-01 of a civil date, and back (H. Hinnant's algorithms).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Civil {
  int64_t year;
  unsigned month, day;
};
Civil civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

}  // namespace

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) {
    out += l;
    out += '\n';
  }
  return out;
}

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && to_lower(a) == to_lower(b);
}

std::optional<uint64_t> parse_uint(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

std::string align_columns(const std::vector<std::vector<std::string>>& rows,
                          const std::vector<bool>& right) {
  std::vector<size_t> width;
  for (const auto& row : rows) {
    if (width.size() < row.size()) width.resize(row.size(), 0);
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line += ' ';
      const size_t pad = width[i] - row[i].size();
      const bool r = i < right.size() && right[i];
      if (r) line.append(pad, ' ');
      line += row[i];
      if (!r && i + 1 < row.size()) line.append(pad, ' ');
    }
    out += line;
    out += '\n';
  }
  return out;
}

std::string human_size(double bytes) {
  static constexpr std::string_view kUnits = "KMGTPE";
  if (bytes < 1) return "0";
  if (bytes < 1024) return fmt::format("{}", static_cast<uint64_t>(std::ceil(bytes)));
  double v = bytes;
  for (char unit : kUnits) {
    v /= 1024.0;
    if (v < 10) {
      double r = std::ceil(v * 10 - 1e-9) / 10;
      if (r < 10) return fmt::format("{:.1f}{}", r, unit);
      return fmt::format("10{}", unit);
    }
    const double r = std::ceil(v - 1e-9);
    if (r < 1024) return fmt::format("{}{}", static_cast<uint64_t>(r), unit);
  }
  return fmt::format("{:.0f}E", v);
}

std::string free_human(double mib) {
  if (mib <= 0) return "0B";
  if (mib < 1) return fmt::format("{}Ki", static_cast<uint64_t>(mib * 1024));
  if (mib < 1024) return fmt::format("{}Mi", static_cast<uint64_t>(std::lround(mib)));
  const double gib = mib / 1024.0;
  if (gib < 1024) return fmt::format("{:.1f}Gi", gib);
  return fmt::format("{:.1f}Ti", gib / 1024.0);
}

std::string systemd_bytes(double bytes) {
  static constexpr std::array<std::pair<char, double>, 4> kUnits = {
      {{'T', 1099511627776.0}, {'G', 1073741824.0}, {'M', 1048576.0}, {'K', 1024.0}}};
  for (const auto& [suffix, factor] : kUnits) {
    if (bytes >= factor)
      return fmt::format("{:.1f}{}", std::floor(bytes / factor * 10) / 10, suffix);
  }
  return fmt::format("{}B", static_cast<uint64_t>(std::max(0.0, bytes)));
}

std::string systemd_relative(SimTime d) {
  const int64_t us = d.us();
  constexpr int64_t kSec = 1'000'000, kMin = 60 * kSec, kHour = 60 * kMin, kDay = 24 * kHour,
                    kWeek = 7 * kDay, kMonth = 2'629'800 * kSec, kYear = 31'557'600 * kSec;
  const auto plural = [](int64_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
  };
  if (us >= kYear) {
    return plural(us / kYear, "year", "years") + " " +
           plural(us % kYear / kMonth, "month", "months");
  }
  if (us >= kMonth) {
    return plural(us / kMonth, "month", "months") + " " + plural(us % kMonth / kDay, "day", "days");
  }
  if (us >= kWeek) {
    return plural(us / kWeek, "week", "weeks") + " " + plural(us % kWeek / kDay, "day", "days");
  }
  if (us >= 2 * kDay) return fmt::format("{} days", us / kDay);
  if (us >= 25 * kHour) return fmt::format("1 day {}h", (us - kDay) / kHour);
  if (us >= 6 * kHour) return fmt::format("{}h", us / kHour);
  if (us >= kHour) return fmt::format("{}h {}min", us / kHour, us % kHour / kMin);
  if (us >= 5 * kMin) return fmt::format("{}min", us / kMin);
  if (us >= kMin) return fmt::format("{}min {}s", us / kMin, us % kMin / kSec);
  if (us >= kSec) return fmt::format("{}s", us / kSec);
  if (us >= 1000) return fmt::format("{}ms", us / 1000);
  if (us > 0) return fmt::format("{}us", us);
  return "now";
}

std::string systemd_timespan(SimTime d) {
  int64_t ms = std::max<int64_t>(0, d.us() / 1000);
  if (ms < 1000) return fmt::format("{}ms", ms);
  std::string out;
  const auto part = [&](int64_t unit_ms, std::string_view suffix) {
    if (ms >= unit_ms) {
      if (!out.empty()) out += ' ';
      out += fmt::format("{}{}", ms / unit_ms, suffix);
      ms %= unit_ms;
    }
  };
  part(31'557'600'000, "y");
  part(2'629'800'000, "month");
  part(604'800'000, "w");
  part(86'400'000, "d");
  part(3'600'000, "h");
  part(60'000, "min");
  if (ms > 0) {
    if (!out.empty()) out += ' ';
    std::string s = fmt::format("{}.{:03}", ms / 1000, ms % 1000);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    out += s + "s";
  }
  return out;
}

std::string ps_cputime(SimTime d) {
  const int64_t s = std::max<int64_t>(0, d.us() / 1'000'000);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

std::string top_cputime(SimTime d) {
  const int64_t cs = std::max<int64_t>(0, d.us() / 10'000);
  return fmt::format("{}:{:02}.{:02}", cs / 6000, cs / 100 % 60, cs % 100);
}

std::string_view weekday(const LocalDateTime& t) {
  const int64_t days = days_from_civil(t.year, t.month, t.day);
  return kWeekdays[static_cast<size_t>(((days % 7) + 11) % 7)];  // 1970-01-01 was a Thursday
}

std::string_view month_abbrev(unsigned month) {
  return kMonths[(month + 11) % 12];
}

std::string systemd_timestamp(const ScenarioClock& clock, SimTime t) {
  const LocalDateTime lt = clock.local(t);
  return fmt::format("{} {:04}-{:02}-{:02} {:02}:{:02}:{:02} {}", weekday(lt), lt.year, lt.month,
                     lt.day, lt.hour, lt.minute, lt.second, lt.abbrev);
}

std::string ps_start(const ScenarioClock& clock, SimTime start, SimTime now) {
  const LocalDateTime s = clock.local(start);
  const LocalDateTime n = clock.local(now);
  if (now - start < SimTime::seconds(86400) && s.day == n.day) {
    return fmt::format("{:02}:{:02}", s.hour, s.minute);
  }
  if (s.year == n.year) return fmt::format("{}{:02}", month_abbrev(s.month), s.day);
  return fmt::format("{}", s.year);
}

std::string http_date(const ScenarioClock& clock, SimTime t) {
  const int64_t secs = floor_div(clock.unix_micros(t), 1'000'000);
  const int64_t days = floor_div(secs, 86400);
  const int64_t tod = secs - days * 86400;
  const Civil c = civil_from_days(days);
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
                     kWeekdays[static_cast<size_t>(((days % 7) + 11) % 7)], c.day,
                     month_abbrev(c.month), c.year, tod / 3600, tod / 60 % 60, tod % 60);
}

std::string date_output(const ScenarioClock& clock, SimTime t) {
  const LocalDateTime lt = clock.local(t);
  return fmt::format("{} {} {:2} {:02}:{:02}:{:02} {} {}", weekday(lt), month_abbrev(lt.month),
                     lt.day, lt.hour, lt.minute, lt.second, lt.abbrev, lt.year);
}

std::string utc_date_output(const ScenarioClock& clock, SimTime t) {
  const int64_t secs = floor_div(clock.unix_micros(t), 1'000'000);
  const int64_t days = floor_div(secs, 86400);
  const int64_t tod = secs - days * 86400;
  const Civil c = civil_from_days(days);
  return fmt::format("{} {} {:2} {:02}:{:02}:{:02} UTC {}",
                     kWeekdays[static_cast<size_t>(((days % 7) + 11) % 7)], month_abbrev(c.month),
                     c.day, tod / 3600, tod / 60 % 60, tod % 60, c.year);
}

std::string ctime_local(const ScenarioClock& clock, SimTime t) {
  const LocalDateTime lt = clock.local(t);
  return fmt::format("{} {} {:2} {:02}:{:02}:{:02} {}", weekday(lt), month_abbrev(lt.month), lt.day,
                     lt.hour, lt.minute, lt.second, lt.year);
}

SimTime local_instant(const ScenarioClock& clock, SimTime base, const LocalDateTime& at) {
  const LocalDateTime b = clock.local(base);
  const auto seconds_of = [](const LocalDateTime& l) {
    return days_from_civil(l.year, l.month, l.day) * 86400 + static_cast<int64_t>(l.hour) * 3600 +
           l.minute * 60 + l.second;
  };
  return base - SimTime::micros(b.microsecond) + SimTime::seconds(seconds_of(at) - seconds_of(b));
}

LocalDateTime local_date_plus(const ScenarioClock& clock, SimTime t, int64_t days) {
  const LocalDateTime l = clock.local(t);
  const Civil c = civil_from_days(days_from_civil(l.year, l.month, l.day) + days);
  LocalDateTime out;
  out.year = static_cast<int>(c.year);
  out.month = c.month;
  out.day = c.day;
  return out;
}

std::string pg_timestamp(const ScenarioClock& clock, SimTime t) {
  const LocalDateTime lt = clock.local(t);
  const int off = lt.utc_offset_seconds;
  const int mag = std::abs(off);
  std::string zone = fmt::format("{}{:02}", off < 0 ? '-' : '+', mag / 3600);
  if (mag % 3600 != 0) zone += fmt::format(":{:02}", mag / 60 % 60);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:06}{}", lt.year, lt.month, lt.day,
                     lt.hour, lt.minute, lt.second, lt.microsecond, zone);
}

std::string pg_interval(SimTime d) {
  const bool negative = d.us() < 0;
  const int64_t us = std::abs(d.us());
  const int64_t s = us / 1'000'000;
  std::string out =
      fmt::format("{}{:02}:{:02}:{:02}", negative ? "-" : "", s / 3600, s / 60 % 60, s % 60);
  if (us % 1'000'000 != 0) out += fmt::format(".{:06}", us % 1'000'000);
  return out;
}

}  // namespace firedrill::text
