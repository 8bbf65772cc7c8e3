#include "reporter/lint/text_patterns.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <regex>

#include "reporter/lint/markdown_line_shapes.h"
#include "reporter/lint/rule_catalog.h"

namespace firedrill::lint {
namespace {

// Month names, first letter in either case (the zone names keep the regexes case-sensitive).
constexpr std::string_view kMonth =
    "(?:[Jj]an(?:uary)?|[Ff]eb(?:ruary)?|[Mm]ar(?:ch)?|[Aa]pr(?:il)?|[Mm]ay|[Jj]une?|[Jj]uly?|"
    "[Aa]ug(?:ust)?|[Ss]ep(?:t(?:ember)?)?|[Oo]ct(?:ober)?|[Nn]ov(?:ember)?|[Dd]ec(?:ember)?)";

// "UTC-05:00", "GMT+1", "UTC−5" (with a Unicode minus).
constexpr std::string_view kOffset = R"((?:UTC|GMT) ?(?:[+-]|\xE2\x88\x92) ?\d{1,2}(?::?\d{2})?)";

// A zone right after a time: an offset, an abbreviation optionally followed by "(offset)",
// "(offset)" alone, a bare "+0100", or an IANA name.
std::string zone_pattern() {
  std::string names;
  for (const std::string_view zone : time_zone_abbreviations()) {
    if (!names.empty()) names += '|';
    names += zone;
  }
  const std::string offset(kOffset);
  return "(?:" + offset + "|(?:" + names + ")(?![A-Za-z])(?: ?\\( ?" + offset + " ?\\))?|\\( ?" +
         offset + " ?\\)|[+-](?:0\\d|1[0-4]):?[0-5]\\d(?!\\d)|[A-Z][a-z]+/[A-Z][A-Za-z_]+)";
}

// 12-hour times first, so "2:03 PM" is not read as "2:03" followed by a stray "PM".
constexpr std::string_view kTime =
    R"((?:(?:1[0-2]|0?[1-9])(?::[0-5]\d(?::[0-5]\d)?)? ?[AaPp]\.?[Mm]\.?(?![A-Za-z])|)"
    R"((?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?!\d)))";

const std::regex& clock_time_regex() {
  static const std::regex re("(" + std::string(kTime) + ")(?: ?(" + zone_pattern() + "))?");
  return re;
}

// "[DATE] TIME[ ZONE][ - TIME[ ZONE]]" at the start of a timeline bullet.
const std::regex& timeline_prefix_regex() {
  static const std::regex re = [] {
    const std::string month(kMonth);
    const std::string date =
        R"((?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?|)" + month +
        R"(\.? \d{1,2}(?:st|nd|rd|th)?(?:,? \d{4})?|\d{1,2}(?:st|nd|rd|th)? )" + month +
        R"((?: \d{4})?)(?:T|,? ?))";
    const std::string stamp = std::string(kTime) + "(?: ?" + zone_pattern() + ")?";
    return std::regex("^\\s*(?:" + date + ")?" + stamp + "(?:\\s*(?:-|to|\xE2\x80\x93)\\s*" +
                      stamp + ")?");
  }();
  return re;
}

bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// A time glued to a word or number ("v2:30", "1:2:30") is not a clock time, nor is the offset
// in "UTC-05:00"; "T14:03" is (ISO).
bool time_boundary_ok(std::string_view text, std::size_t offset) {
  const std::string_view before = text.substr(0, offset);
  if (before.empty()) return true;
  if (before.back() == 'T') {
    return before.size() >= 2 && before[before.size() - 2] >= '0' &&
           before[before.size() - 2] <= '9';
  }
  for (const std::string_view sign : {"+", "-", "\xE2\x88\x92"}) {
    if (before.ends_with(sign)) {
      const std::string_view zone = before.substr(0, before.size() - sign.size());
      return zone.empty() || !std::isalpha(static_cast<unsigned char>(zone.back()));
    }
  }
  return !is_ascii_alnum(before.back()) && before.back() != ':' && before.back() != '.';
}

// Lower-case words separated by single blanks, with a blank at both ends; apostrophes are
// dropped and every other punctuation mark (dashes and curly quotes too) separates words.
std::string normalize_words(std::string_view text) {
  std::string out = " ";
  auto separate = [&out] {
    if (out.back() != ' ') out += ' ';
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (is_ascii_alnum(static_cast<char>(c))) {
      out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    } else if (c == '\'') {
      // dropped: "didn't" -> "didnt"
    } else if (c == 0xE2 && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0x80) {
      const auto third = static_cast<unsigned char>(text[i + 2]);
      if (third != 0x98 && third != 0x99) separate();  // curly apostrophes are dropped
      i += 2;
    } else if (c >= 0x80) {
      out += static_cast<char>(c);  // part of a non-ASCII letter
    } else {
      separate();
    }
  }
  separate();
  return out;
}

// " word " for a whole-word keyword, " stem" for a "stem*" one, in normalize_words' form.
std::string keyword_needle(std::string_view keyword) {
  const bool stem = keyword.ends_with('*');
  std::string needle = normalize_words(stem ? keyword.substr(0, keyword.size() - 1) : keyword);
  if (stem) needle.pop_back();
  return needle;
}

}  // namespace

std::vector<ClockTime> find_clock_times(std::string_view text) {
  std::vector<ClockTime> out;
  const std::string s(text);
  for (auto it = std::sregex_iterator(s.begin(), s.end(), clock_time_regex());
       it != std::sregex_iterator(); ++it) {
    const auto offset = static_cast<std::size_t>(it->position(0));
    if (!time_boundary_ok(text, offset)) continue;
    out.push_back({offset, it->str(1), it->str(2)});
  }
  return out;
}

TimelineEntry parse_timeline_entry(std::string_view text) {
  // A date, a time range and their zones fit well within this; std::regex recurses per
  // character, so it never sees a whole long line.
  constexpr std::size_t kMaxPrefix = 120;
  TimelineEntry entry;
  const std::string s(text.substr(0, kMaxPrefix));
  std::smatch m;
  if (!std::regex_search(s, m, timeline_prefix_regex())) return entry;
  entry.starts_with_time = true;
  std::string_view rest = trim_blanks(text.substr(static_cast<std::size_t>(m.length(0))));
  for (const std::string_view dash : {"--", "-", "\xE2\x80\x93", "\xE2\x80\x94"}) {
    if (rest.starts_with(dash)) {
      entry.has_dash = true;
      entry.what = std::string(trim_blanks(rest.substr(dash.size())));
      break;
    }
  }
  return entry;
}

bool mentions_date(std::string_view text) {
  static const std::regex numeric(
      R"((?:^|[^\d])(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}\.\d{1,2}\.\d{4})(?!\d))");
  static const std::regex named = [] {
    const std::string month(kMonth);
    return std::regex("\\b(?:" + month + "\\.? \\d{1,2}(?:st|nd|rd|th)?\\b|\\d{1,2}" +
                      "(?:st|nd|rd|th)? (?:of )?" + month + "\\b|" + month + "\\.?,? \\d{4}\\b)");
  }();
  const std::string s(text);
  return std::regex_search(s, numeric) || std::regex_search(s, named);
}

bool mentions_duration(std::string_view text) {
  static const std::regex number(
      R"((?:^|[^\w.:])\d+(?:[.,]\d+)?[ -]?(?:h|hrs?|hours?|m|mins?|minutes?|secs?|seconds?|d|days?)(?![a-z]))",
      std::regex::icase);
  static const std::regex words(
      R"(\b(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|)"
      R"(twenty|thirty|forty|forty-five|fifty|sixty|ninety|several|a few|half an?) )"
      R"((?:full )?(?:hours?|minutes?|days?)\b|\b(?:hour|minute|day)-long\b)",
      std::regex::icase);
  const std::string s(text);
  return std::regex_search(s, number) || std::regex_search(s, words);
}

bool mentions_percentage(std::string_view text) {
  static const std::regex percent(R"(\d(?:[.,]\d+)? ?%)");
  const std::string s(text);
  return std::regex_search(s, percent);
}

int count_sentences(std::string_view text) {
  static constexpr std::array<std::string_view, 14> kAbbreviations{
      "e.g", "i.e", "etc", "vs", "approx", "ca",  "mr",
      "mrs", "ms",  "dr",  "no", "fig",    "a.m", "p.m"};
  int sentences = 0;
  bool has_content = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (is_ascii_alnum(c) || static_cast<unsigned char>(c) >= 0x80) has_content = true;
    if ((c != '.' && c != '!' && c != '?') || !has_content) continue;
    std::size_t end = i;  // the last of a run like `?!` or `."`
    while (end + 1 < text.size() &&
           std::string_view(".!?\"')").find(text[end + 1]) != std::string_view::npos) {
      ++end;
    }
    const bool at_break = end + 1 == text.size() || text[end + 1] == ' ' || text[end + 1] == '\t';
    if (at_break) {
      const std::size_t word_start = text.find_last_of(" \t(", i) + 1;  // npos + 1 == 0
      std::string word(text.substr(word_start, i - word_start));
      std::transform(word.begin(), word.end(), word.begin(), [](char ch) {
        return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch + 32) : ch;
      });
      const bool abbreviation = c == '.' && std::find(kAbbreviations.begin(), kAbbreviations.end(),
                                                      word) != kAbbreviations.end();
      if (!abbreviation) {
        ++sentences;
        has_content = false;
      }
    }
    i = end;
  }
  return sentences + (has_content ? 1 : 0);
}

std::string_view find_keyword(std::string_view text, std::span<const std::string_view> keywords) {
  const std::string haystack = normalize_words(text);
  for (const std::string_view keyword : keywords) {
    if (haystack.find(keyword_needle(keyword)) != std::string::npos) return keyword;
  }
  return {};
}

std::string_view find_leading_keyword(std::string_view text,
                                      std::span<const std::string_view> keywords) {
  const std::string haystack = normalize_words(text);
  for (const std::string_view keyword : keywords) {
    if (haystack.starts_with(keyword_needle(keyword))) return keyword;
  }
  return {};
}

}  // namespace firedrill::lint
