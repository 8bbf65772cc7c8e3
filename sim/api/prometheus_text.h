// Prometheus text exposition format 0.0.4: metric families as values, and the renderer that
// writes them — HELP and TYPE before each family's samples, each family in one uninterrupted
// group, label values and help text escaped, NaN/+Inf/-Inf spelt as Prometheus reads them,
// a final newline. Keeping a family's samples inside one PromFamily is what makes the groups
// uninterrupted; the renderer asserts that names are unique. Plain values, pure functions.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace firedrill::api {

inline constexpr std::string_view kPrometheusContentType = "text/plain; version=0.0.4";

enum class PromType { counter, gauge, histogram };
const char* to_string(PromType type);

using PromLabels = std::vector<std::pair<std::string, std::string>>;

struct PromSample {
  std::string suffix;  // "" for counters and gauges; "_bucket", "_sum", "_count" in histograms
  PromLabels labels;   // in the order written; histogram buckets carry "le" last
  double value = 0;
};

struct PromFamily {
  std::string name;  // [a-zA-Z_][a-zA-Z0-9_]*; counters end in _total
  std::string help;
  PromType type = PromType::gauge;
  std::vector<PromSample> samples;
};

// Upper bounds of a histogram, ascending; +Inf is implied.
struct PromHistogram {
  std::vector<double> bounds;
  std::vector<uint64_t> counts;  // per bucket (not cumulative), bounds.size() + 1 with +Inf
  double sum = 0;
  uint64_t count = 0;

  explicit PromHistogram(std::vector<double> upper_bounds = {});
  void observe(double value);
};
// Appends the _bucket (cumulative, le ascending, +Inf last), _sum and _count samples.
void append_histogram(PromFamily& family, const PromLabels& labels, const PromHistogram& h);

// `\` -> `\\`, `"` -> `\"`, newline -> `\n` (label values).
std::string escape_label_value(std::string_view value);
// `\` -> `\\`, newline -> `\n` (HELP text).
std::string escape_help(std::string_view help);
// A value as Prometheus parses it: integers without exponent, "NaN", "+Inf", "-Inf".
std::string format_prom_value(double value);
// Whether `name` is a valid metric (or label) name without colons.
bool valid_prom_name(std::string_view name);

// The exposition text of every family, in the given order.
std::string render_prometheus(const std::vector<PromFamily>& families);

}  // namespace firedrill::api
