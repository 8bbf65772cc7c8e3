#include "prometheus_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>

namespace firedrill::api::test {

const ParsedFamily* ParsedExposition::family(std::string_view name) const {
  for (const ParsedFamily& f : families)
    if (f.name == name) return &f;
  return nullptr;
}

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool name_char(char c, bool first, bool colon) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':') ||
         (!first && c >= '0' && c <= '9');
}

bool valid_name(std::string_view s, bool colon) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i)
    if (!name_char(s[i], i == 0, colon)) return false;
  return true;
}

// Go's strconv.ParseFloat as the text format uses it, minus hex and underscores.
bool parse_float(std::string_view s, double* out) {
  if (s == "NaN" || s == "nan") return *out = NAN, true;
  if (s == "+Inf" || s == "Inf" || s == "inf" || s == "+inf") return *out = INFINITY, true;
  if (s == "-Inf" || s == "-inf") return *out = -INFINITY, true;
  if (s.empty() || s.find_first_not_of("0123456789+-.eE") != std::string_view::npos) return false;
  const std::string copy(s);
  char* end = nullptr;
  *out = std::strtod(copy.c_str(), &end);
  return end == copy.c_str() + copy.size();
}

// Unescapes \\, \n (and \" when quote) ; false on any other escape.
bool unescape(std::string_view s, bool quote, std::string* out) {
  out->clear();
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      *out += s[i];
      continue;
    }
    if (++i == s.size()) return false;
    if (s[i] == '\\') {
      *out += '\\';
    } else if (s[i] == 'n') {
      *out += '\n';
    } else if (quote && s[i] == '"') {
      *out += '"';
    } else {
      return false;
    }
  }
  return true;
}

struct LineReader {
  std::string_view s;
  size_t i = 0;
  void blanks() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  }
  std::string_view token() {
    blanks();
    const size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    return s.substr(start, i - start);
  }
  std::string_view rest() {
    blanks();
    return s.substr(i);
  }
};

// Parses `name{labels} value [timestamp]`; returns an error message or "".
std::string parse_sample(std::string_view line, ParsedSample* out) {
  size_t i = 0;
  while (i < line.size() && name_char(line[i], i == 0, true)) ++i;
  out->name = std::string(line.substr(0, i));
  if (out->name.empty()) return "a sample line does not start with a metric name";
  if (i < line.size() && line[i] == '{') {
    ++i;
    while (true) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      if (i < line.size() && line[i] == '}') {
        ++i;
        break;
      }
      const size_t start = i;
      while (i < line.size() && name_char(line[i], i == start, false)) ++i;
      const std::string label(line.substr(start, i - start));
      if (label.empty()) return "invalid label name";
      if (i >= line.size() || line[i] != '=') return fmt::format("no '=' after label {}", label);
      if (++i >= line.size() || line[i] != '"')
        return fmt::format("expected '\"' at start of label value of {}", label);
      const size_t value_start = ++i;
      while (i < line.size() && line[i] != '"') i += line[i] == '\\' ? 2 : 1;
      if (i >= line.size()) return fmt::format("unterminated value of label {}", label);
      std::string value;
      if (!unescape(line.substr(value_start, i - value_start), true, &value))
        return fmt::format("invalid escape sequence in label {}", label);
      out->labels.emplace_back(label, value);
      ++i;  // closing quote
      if (i < line.size() && line[i] == ',') ++i;
    }
  }
  LineReader r{line, i};
  if (i < line.size() && line[i] != ' ' && line[i] != '\t')
    return "no blank between the metric and its value";
  if (!parse_float(r.token(), &out->value)) return "expected float as value";
  const std::string_view timestamp = r.token();
  if (!timestamp.empty() && timestamp.find_first_not_of("-0123456789") != std::string_view::npos)
    return "expected integer as timestamp";
  if (!r.rest().empty()) return "spurious string after timestamp";
  return {};
}

void check_names(const ParsedFamily& f, const std::function<void(std::string)>& err) {
  if (f.name.find(':') != std::string::npos) err("metric names should not contain ':'");
  for (char c : f.name)
    if (c >= 'A' && c <= 'Z') err("metric names should be written in 'snake_case'");
  const bool total = ends_with(f.name, "_total");
  if (f.type == "counter" && !total) err("counter metrics should have \"_total\" suffix");
  if (f.type != "counter" && f.type != "untyped" && total)
    err("non-counter metrics should not have \"_total\" suffix");
  if (f.type != "histogram" && ends_with(f.name, "_bucket"))
    err("non-histogram metrics should not have \"_bucket\" suffix");
  if (f.type != "histogram" && f.type != "summary" &&
      (ends_with(f.name, "_count") || ends_with(f.name, "_sum")))
    err("non-histogram and non-summary metrics should not have \"_count\"/\"_sum\" suffix");
  static const std::set<std::string, std::less<>> abbreviated = {
      "s", "ms", "us", "ns", "sec", "b", "kb", "mb", "gb", "tb", "pb", "m", "h", "d"};
  static const std::set<std::string, std::less<>> non_base = {
      "milliseconds", "microseconds", "nanoseconds", "minutes", "hours",   "days",   "weeks",
      "kilobytes",    "megabytes",    "gigabytes",   "bits",    "percent", "celsius"};
  static const std::set<std::string, std::less<>> types = {"counter", "gauge", "histogram",
                                                           "summary"};
  size_t start = 0;
  while (start <= f.name.size()) {
    size_t end = f.name.find('_', start);
    if (end == std::string::npos) end = f.name.size();
    const std::string part = f.name.substr(start, end - start);
    if (abbreviated.count(part))
      err(fmt::format("metric names should not contain abbreviated units ({})", part));
    if (non_base.count(part)) err(fmt::format("use base units instead of \"{}\"", part));
    if (types.count(part)) err(fmt::format("metric name should not include type '{}'", part));
    start = end + 1;
  }
  for (const ParsedSample& s : f.samples) {
    std::set<std::string> seen;
    for (const auto& [label, value] : s.labels) {
      if (!valid_name(label, false) || label.rfind("__", 0) == 0)
        err(fmt::format("invalid or reserved label name {}", label));
      if (!seen.insert(label).second) err(fmt::format("label {} given twice", label));
      if (label == "le" && f.type != "histogram")
        err("non-histogram metrics should not have \"le\" label");
      if (label == "quantile" && f.type != "summary")
        err("non-summary metrics should not have \"quantile\" label");
    }
    if (f.type == "counter" && !(s.value >= 0)) err("a counter is negative or NaN");
  }
}

void check_histogram(const ParsedFamily& f, const std::function<void(std::string)>& err) {
  struct Group {
    std::vector<std::pair<double, double>> buckets;  // (le, value)
    bool has_sum = false;
    bool has_count = false;
    double count = 0;
  };
  std::map<std::string, Group> groups;
  for (const ParsedSample& s : f.samples) {
    std::string key;
    std::string le;
    bool has_le = false;
    for (const auto& [label, value] : s.labels) {
      if (label == "le") {
        le = value;
        has_le = true;
      } else {
        key += label + "=" + value + ",";
      }
    }
    Group& g = groups[key];
    if (s.name == f.name + "_bucket") {
      double bound = 0;
      if (!has_le || !parse_float(le, &bound)) {
        err("expected float as value for 'le' label");
        continue;
      }
      if (!g.buckets.empty() && bound <= g.buckets.back().first)
        err(fmt::format("histogram {{{}}}: buckets not in increasing order of le", key));
      if (!g.buckets.empty() && s.value < g.buckets.back().second)
        err(fmt::format("histogram {{{}}}: buckets are not cumulative", key));
      g.buckets.emplace_back(bound, s.value);
    } else if (s.name == f.name + "_sum") {
      g.has_sum = true;
    } else if (s.name == f.name + "_count") {
      g.has_count = true;
      g.count = s.value;
    } else {
      err(fmt::format("histogram sample {} is not _bucket, _sum or _count", s.name));
    }
  }
  for (const auto& [key, g] : groups) {
    if (g.buckets.empty() || !std::isinf(g.buckets.back().first))
      err(fmt::format("histogram {{{}}}: no le=\"+Inf\" bucket", key));
    else if (!g.has_count || g.buckets.back().second != g.count)
      err(fmt::format("histogram {{{}}}: the +Inf bucket does not equal _count", key));
    if (!g.has_sum) err(fmt::format("histogram {{{}}}: no _sum", key));
    if (!g.has_count) err(fmt::format("histogram {{{}}}: no _count", key));
  }
}

}  // namespace

ParsedExposition parse_prometheus(std::string_view text) {
  ParsedExposition out;
  int line_no = 0;
  auto err = [&](int line, const std::string& message) {
    out.errors.push_back(fmt::format("line {}: {}", line, message));
  };
  std::map<std::string, size_t, std::less<>> index;
  std::string current;
  std::set<std::string> closed;
  std::set<std::string> series;
  auto touch = [&](const std::string& family) -> ParsedFamily& {
    if (family != current) {
      if (!current.empty()) closed.insert(current);
      if (closed.count(family))
        err(line_no, fmt::format("family {} is split into more than one group", family));
      current = family;
    }
    auto [it, fresh] = index.try_emplace(family, out.families.size());
    if (fresh) out.families.push_back({family, "", "untyped", false, false, {}});
    return out.families[it->second];
  };

  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) {
      err(line_no + 1, "the last line does not end with a newline (unexpected end of input)");
      end = text.size();
    }
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    LineReader r{line};
    r.blanks();
    if (r.i == line.size()) continue;
    if (line[r.i] == '#') {
      ++r.i;
      const std::string_view keyword = r.token();
      if (keyword != "HELP" && keyword != "TYPE") continue;  // a plain comment
      const std::string name(r.token());
      if (!valid_name(name, true)) {
        err(line_no, "invalid metric name in comment");
        continue;
      }
      ParsedFamily& f = touch(name);
      if (keyword == "HELP") {
        if (f.has_help) err(line_no, fmt::format("second HELP line for metric name {}", name));
        f.has_help = true;
        if (!unescape(r.rest(), false, &f.help)) err(line_no, "invalid escape sequence in HELP");
      } else {
        if (f.has_type || !f.samples.empty())
          err(line_no, fmt::format("second TYPE line for metric name {}, or TYPE reported after "
                                   "samples",
                                   name));
        f.has_type = true;
        f.type = std::string(r.token());
        static const std::set<std::string, std::less<>> kinds = {"counter", "gauge", "histogram",
                                                                 "summary", "untyped"};
        if (!kinds.count(f.type)) err(line_no, "unknown metric type");
        if (!r.rest().empty()) err(line_no, "spurious text after TYPE");
      }
      continue;
    }
    ParsedSample sample;
    sample.line = line_no;
    const std::string problem = parse_sample(line.substr(r.i), &sample);
    if (!problem.empty()) {
      err(line_no, problem);
      continue;
    }
    std::string family = sample.name;
    for (std::string_view suffix : {"_bucket", "_sum", "_count"}) {
      if (!ends_with(sample.name, suffix)) continue;
      const std::string base = sample.name.substr(0, sample.name.size() - suffix.size());
      auto it = index.find(base);
      if (it != index.end() &&
          (out.families[it->second].type == "histogram" ||
           (suffix != "_bucket" && out.families[it->second].type == "summary")))
        family = base;
    }
    auto sorted = sample.labels;
    std::sort(sorted.begin(), sorted.end());
    std::string key = sample.name + "{";
    for (const auto& [k, v] : sorted) key += k + "=\"" + v + "\",";
    if (!series.insert(key + "}").second) err(line_no, fmt::format("duplicate series {}}}", key));
    touch(family).samples.push_back(std::move(sample));
  }

  for (const ParsedFamily& f : out.families) {
    const int line = f.samples.empty() ? 0 : f.samples.front().line;
    auto family_err = [&](std::string message) { err(line, f.name + ": " + message); };
    if (!f.has_help) family_err("no help text");
    if (!f.has_type) family_err("no TYPE line");
    check_names(f, family_err);
    if (f.type == "histogram") check_histogram(f, family_err);
  }
  return out;
}

}  // namespace firedrill::api::test
