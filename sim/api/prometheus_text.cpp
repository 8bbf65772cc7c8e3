#include "sim/api/prometheus_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <set>

namespace firedrill::api {

const char* to_string(PromType type) {
  switch (type) {
    case PromType::counter:
      return "counter";
    case PromType::gauge:
      return "gauge";
    case PromType::histogram:
      return "histogram";
  }
  return "untyped";
}

PromHistogram::PromHistogram(std::vector<double> upper_bounds)
    : bounds(std::move(upper_bounds)), counts(bounds.size() + 1, 0) {
  assert(std::is_sorted(bounds.begin(), bounds.end()) && "histogram bounds must ascend");
}

void PromHistogram::observe(double value) {
  const size_t i = static_cast<size_t>(std::lower_bound(bounds.begin(), bounds.end(), value) -
                                       bounds.begin());  // le: v <= bound
  ++counts[i];
  sum += value;
  ++count;
}

void append_histogram(PromFamily& family, const PromLabels& labels, const PromHistogram& h) {
  uint64_t cumulative = 0;
  for (size_t i = 0; i <= h.bounds.size(); ++i) {
    cumulative += h.counts[i];
    PromLabels with_le = labels;
    with_le.emplace_back("le", i < h.bounds.size() ? format_prom_value(h.bounds[i]) : "+Inf");
    family.samples.push_back({"_bucket", std::move(with_le), static_cast<double>(cumulative)});
  }
  family.samples.push_back({"_sum", labels, h.sum});
  family.samples.push_back({"_count", labels, static_cast<double>(h.count)});
}

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string escape_help(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string format_prom_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == std::trunc(value) && std::fabs(value) < 1e15)
    return fmt::format("{}", static_cast<int64_t>(value));
  return fmt::format("{}", value);  // shortest text that reads back exactly
}

bool valid_prom_name(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
                    (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

std::string render_prometheus(const std::vector<PromFamily>& families) {
  std::string out;
  std::set<std::string, std::less<>> seen;
  for (const PromFamily& f : families) {
    assert(valid_prom_name(f.name) && "invalid metric name");
    [[maybe_unused]] const bool fresh = seen.insert(f.name).second;
    assert(fresh && "a metric family is rendered twice: its group would be split");
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", f.name, escape_help(f.help), f.name,
                       to_string(f.type));
    for (const PromSample& s : f.samples) {
      out += f.name;
      out += s.suffix;
      if (!s.labels.empty()) {
        out += '{';
        for (size_t i = 0; i < s.labels.size(); ++i) {
          if (i) out += ',';
          out +=
              fmt::format("{}=\"{}\"", s.labels[i].first, escape_label_value(s.labels[i].second));
        }
        out += '}';
      }
      out += ' ';
      out += format_prom_value(s.value);
      out += '\n';
    }
  }
  return out;
}

}  // namespace firedrill::api
