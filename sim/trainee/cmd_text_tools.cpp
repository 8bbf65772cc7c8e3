// Pipeline tools for the classic log one-liners (`awk '{print $9}' access.log | sort | uniq -c
// | sort -rn`): sort (-n -r -u -k -t -f), uniq (-c -d -i), cut (-d -f, -c) and a small awk —
// one optional condition (/re/, $N op value) and print of fields and strings, with -F.
#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

#include "sim/trainee/console_internal.h"
#include "sim/trainee/line_matcher.h"
#include "sim/trainee/text_util.h"

namespace firedrill::console_detail {
namespace {

std::vector<std::string> fields_of(std::string_view line, std::optional<char> sep) {
  std::vector<std::string> out;
  if (sep) {
    size_t start = 0;
    while (true) {
      const size_t end = line.find(*sep, start);
      out.emplace_back(line.substr(start, end - start));
      if (end == std::string_view::npos) break;
      start = end + 1;
    }
    return out;
  }
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) out.emplace_back(line.substr(start, i - start));
  }
  return out;
}

double leading_number(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return std::strtod(std::string(s).c_str(), nullptr);
}

// --- sort ----------------------------------------------------------------------------------------

Output sort(CommandContext& ctx, const Args& argv) {
  Output out;
  bool numeric = false, reverse = false, unique = false, fold = false;
  size_t key = 0;  // 1-based field; 0: the whole line
  std::optional<char> sep;
  std::vector<std::string> names;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if ((a == "-k" || a == "-t") && i + 1 < argv.size()) {
      const std::string& v = argv[++i];
      if (a == "-t")
        sep = v.empty() ? ' ' : v[0];
      else
        key = text::parse_uint(v.substr(0, v.find_first_of(",.n"))).value_or(0);
    } else if (a.starts_with("-k")) {
      key = text::parse_uint(a.substr(2, a.find_first_of(",.n", 2) - 2)).value_or(0);
    } else if (a.starts_with("-t") && a.size() > 2) {
      sep = a[2];
    } else if (a.starts_with("-") && a != "-") {
      for (char c : a.substr(1)) {
        if (c == 'n' || c == 'h' || c == 'g')
          numeric = true;
        else if (c == 'r')
          reverse = true;
        else if (c == 'u')
          unique = true;
        else if (c == 'f')
          fold = true;
        else if (c != 'b' && c != 's') {
          return out.fail(2, fmt::format("sort: invalid option -- '{}'\nTry 'sort --help' for "
                                         "more information.",
                                         c));
        }
      }
    } else {
      names.push_back(a);
    }
  }
  std::vector<std::string> lines;
  for (const InputFile& in : read_inputs(ctx, "sort", names, out)) {
    for (std::string_view l : text::split_lines(in.text)) lines.emplace_back(l);
  }
  const auto key_of = [&](const std::string& l) -> std::string {
    if (key == 0) return fold ? text::to_lower(l) : l;
    const std::vector<std::string> f = fields_of(l, sep);
    std::string k = key <= f.size() ? f[key - 1] : std::string();
    return fold ? text::to_lower(k) : k;
  };
  std::stable_sort(lines.begin(), lines.end(), [&](const std::string& a, const std::string& b) {
    const std::string ka = key_of(a), kb = key_of(b);
    if (numeric) {
      const double na = leading_number(ka), nb = leading_number(kb);
      if (na != nb) return reverse ? na > nb : na < nb;
      return reverse ? a > b : a < b;  // ties: the whole line, as sort's last resort
    }
    if (ka != kb) return reverse ? ka > kb : ka < kb;
    return reverse ? a > b : a < b;
  });
  if (unique) {
    lines.erase(std::unique(lines.begin(), lines.end(),
                            [&](const std::string& a, const std::string& b) {
                              return key_of(a) == key_of(b);
                            }),
                lines.end());
  }
  out.out += text::join_lines(lines);
  return out;
}

// --- uniq ----------------------------------------------------------------------------------------

Output uniq(CommandContext& ctx, const Args& argv) {
  Output out;
  bool count = false, repeated = false, fold = false, unique_only = false;
  std::vector<std::string> names;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.starts_with("-") && a != "-") {
      for (char c : a.substr(1)) {
        if (c == 'c')
          count = true;
        else if (c == 'd')
          repeated = true;
        else if (c == 'i')
          fold = true;
        else if (c == 'u')
          unique_only = true;
        else
          return out.fail(1, fmt::format("uniq: invalid option -- '{}'", c));
      }
    } else {
      names.push_back(a);
    }
  }
  std::vector<std::string_view> lines;
  const std::vector<InputFile> inputs = read_inputs(ctx, "uniq", names, out);
  if (!inputs.empty()) lines = text::split_lines(inputs.front().text);
  for (size_t i = 0; i < lines.size();) {
    size_t j = i + 1;
    while (j < lines.size() && (fold ? text::iequals(lines[i], lines[j]) : lines[i] == lines[j]))
      ++j;
    const size_t n = j - i;
    if ((!repeated || n > 1) && (!unique_only || n == 1)) {
      out.out += count ? fmt::format("{:>7} {}\n", n, lines[i]) : std::string(lines[i]) + "\n";
    }
    i = j;
  }
  return out;
}

// --- cut -----------------------------------------------------------------------------------------

// "1,3-5,7-" -> ranges of 1-based positions.
std::optional<std::vector<std::pair<size_t, size_t>>> parse_list(const std::string& list) {
  std::vector<std::pair<size_t, size_t>> out;
  size_t start = 0;
  while (start <= list.size()) {
    const size_t comma = list.find(',', start);
    const std::string item = list.substr(start, comma == std::string::npos ? comma : comma - start);
    const size_t dash = item.find('-');
    const auto lo = dash == 0 ? std::optional<uint64_t>(1) : text::parse_uint(item.substr(0, dash));
    const auto hi = dash == std::string::npos ? lo
                    : dash + 1 == item.size() ? std::optional<uint64_t>(SIZE_MAX)
                                              : text::parse_uint(item.substr(dash + 1));
    if (!lo || !hi || *lo == 0) return std::nullopt;
    out.emplace_back(*lo, *hi);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

Output cut(CommandContext& ctx, const Args& argv) {
  Output out;
  char delim = '\t';
  std::string list;
  bool chars = false;
  std::vector<std::string> names;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    const auto value = [&](size_t skip) -> std::string {
      return a.size() > skip ? a.substr(skip) : (i + 1 < argv.size() ? argv[++i] : std::string());
    };
    if (a.starts_with("-d")) {
      const std::string d = value(2);
      delim = d.empty() ? ' ' : d[0];
    } else if (a.starts_with("-f")) {
      list = value(2);
    } else if (a.starts_with("-c")) {
      list = value(2);
      chars = true;
    } else {
      names.push_back(a);
    }
  }
  const auto ranges = parse_list(list);
  if (list.empty())
    return out.fail(1,
                    "cut: you must specify a list of bytes, characters, or fields\nTry 'cut "
                    "--help' for more information.");
  if (!ranges) return out.fail(1, fmt::format("cut: invalid field value '{}'", list));
  for (const InputFile& in : read_inputs(ctx, "cut", names, out)) {
    for (std::string_view line : text::split_lines(in.text)) {
      std::vector<std::string> parts;
      if (chars) {
        for (size_t k = 0; k < line.size(); ++k) parts.emplace_back(1, line[k]);
      } else {
        if (line.find(delim) == std::string_view::npos) {
          out.out += std::string(line) + "\n";  // a line without the delimiter is printed whole
          continue;
        }
        parts = fields_of(line, delim);
      }
      std::string joined;
      bool first = true;
      for (size_t k = 1; k <= parts.size(); ++k) {
        const bool wanted = std::any_of(ranges->begin(), ranges->end(), [&](const auto& r) {
          return k >= r.first && k <= r.second;
        });
        if (!wanted) continue;
        if (!first && !chars) joined += delim;
        joined += parts[k - 1];
        first = false;
      }
      out.out += joined + "\n";
    }
  }
  return out;
}

// --- awk -----------------------------------------------------------------------------------------

Output awk_syntax_error(std::string_view near) {
  Output out;
  return out.fail(2, fmt::format("awk: line 1: syntax error at or near {}", near));
}

Output awk(CommandContext& ctx, const Args& argv) {
  Output out;
  std::optional<char> sep;
  std::optional<std::string> program;
  std::vector<std::string> names;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.starts_with("-F")) {
      const std::string v = a.size() > 2 ? a.substr(2) : (i + 1 < argv.size() ? argv[++i] : "");
      sep = v == "\\t" ? '\t' : (v.empty() ? ' ' : v[0]);
    } else if (!program) {
      program = a;
    } else {
      names.push_back(a);
    }
  }
  if (!program)
    return out.fail(2, "usage: awk [-F value] [-v var=value] [--] 'program text' [file ...]");

  // program := [condition] [ '{' 'print' items '}' ]
  std::string p = *program;
  std::string condition, action = "print $0";
  const size_t brace = p.find('{');
  if (brace != std::string::npos) {
    if (p.find('}', brace) == std::string::npos) return awk_syntax_error("end of file");
    condition = p.substr(0, brace);
    action = p.substr(brace + 1, p.rfind('}') - brace - 1);
  } else {
    condition = p;
  }
  const auto trim = [](std::string s) {
    s.erase(0, s.find_first_not_of(" \t;"));
    s.erase(s.find_last_not_of(" \t;") + 1);
    return s;
  };
  condition = trim(condition);
  action = trim(action);
  if (action == "print") action = "print $0";
  if (!action.starts_with("print")) return awk_syntax_error(action.substr(0, action.find(' ')));
  // Items: $N, $NF, $0, "strings"; a comma prints a space.
  std::vector<std::string> items;
  std::string rest = trim(action.substr(5));
  while (!rest.empty()) {
    if (rest[0] == '"') {
      const size_t end = rest.find('"', 1);
      if (end == std::string::npos) return awk_syntax_error("end of line");
      items.push_back(rest.substr(0, end + 1));
      rest = rest.substr(end + 1);
    } else {
      const size_t end = rest.find_first_of(", \"");
      items.push_back(rest.substr(0, end));
      rest = end == std::string::npos ? std::string() : rest.substr(end);
    }
    const bool comma = rest.find_first_not_of(' ') != std::string::npos &&
                       rest[rest.find_first_not_of(' ')] == ',';
    rest = trim(rest.substr(rest.find_first_not_of(" ,") == std::string::npos
                                ? rest.size()
                                : rest.find_first_not_of(" ,")));
    if (comma) items.push_back(",");
  }
  for (const std::string& it : items) {
    if (it == "," || it.starts_with("\"") || it == "$NF" || it == "$0") continue;
    if (!it.starts_with("$") || !text::parse_uint(it.substr(1))) return awk_syntax_error(it);
  }
  // Condition: /re/, $N ~ /re/, $N !~ /re/, $N OP value.
  std::optional<LineMatcher> matcher;
  std::string cond_field, cond_op, cond_value;
  if (!condition.empty()) {
    std::string error;
    if (condition.front() == '/' && condition.back() == '/' && condition.size() >= 2) {
      matcher = LineMatcher::compile(condition.substr(1, condition.size() - 2),
                                     {LineMatcher::Syntax::kExtended, false, false}, &error);
    } else {
      const size_t op = condition.find_first_of("=!<>~");
      if (op == std::string::npos || !condition.starts_with("$"))
        return awk_syntax_error(condition);
      cond_field = trim(condition.substr(0, op));
      size_t op_end = condition.find_first_not_of("=!<>~", op);
      cond_op = condition.substr(op, op_end - op);
      cond_value = trim(condition.substr(op_end));
      if (cond_value.size() >= 2 && cond_value.front() == '"')
        cond_value = cond_value.substr(1, cond_value.size() - 2);
      if (cond_op == "~" || cond_op == "!~") {
        if (cond_value.size() < 2 || cond_value.front() != '/') return awk_syntax_error(cond_value);
        matcher = LineMatcher::compile(cond_value.substr(1, cond_value.size() - 2),
                                       {LineMatcher::Syntax::kExtended, false, false}, &error);
      }
    }
    if (!error.empty())
      return out.fail(2, "awk: line 1: regular expression compile failed (" + error + ")");
  }

  for (const InputFile& in : read_inputs(ctx, "awk", names, out)) {
    for (std::string_view line : text::split_lines(in.text)) {
      const std::vector<std::string> f = fields_of(line, sep);
      const auto field = [&](const std::string& ref) -> std::string {
        if (ref == "$0") return std::string(line);
        if (ref == "$NF") return f.empty() ? std::string() : f.back();
        const size_t n = text::parse_uint(ref.substr(1)).value_or(0);
        if (n == 0) return std::string(line);
        return n <= f.size() ? f[n - 1] : std::string();
      };
      if (!condition.empty()) {
        bool keep = false;
        if (cond_field.empty()) {
          keep = matcher->matches(line);
        } else if (matcher) {
          keep = matcher->matches(field(cond_field)) == (cond_op == "~");
        } else {
          const std::string lhs = field(cond_field);
          const bool numeric = text::parse_uint(cond_value).has_value();
          const double a = leading_number(lhs), b = leading_number(cond_value);
          const int cmp = numeric ? (a < b ? -1 : a > b ? 1 : 0) : lhs.compare(cond_value);
          keep = cond_op == "=="   ? cmp == 0
                 : cond_op == "!=" ? cmp != 0
                 : cond_op == ">"  ? cmp > 0
                 : cond_op == ">=" ? cmp >= 0
                 : cond_op == "<"  ? cmp < 0
                 : cond_op == "<=" ? cmp <= 0
                                   : false;
        }
        if (!keep) continue;
      }
      std::string printed;
      for (const std::string& it : items) {
        if (it == ",")
          printed += ' ';
        else if (it.starts_with("\""))
          printed += it.substr(1, it.size() - 2);
        else
          printed += field(it);
      }
      out.out += printed + "\n";
    }
  }
  return out;
}

constexpr Builtin kTextToolsCommands[] = {
    {"sort", sort, "sort lines (-n -r -u -k N -t SEP)"},
    {"uniq", uniq, "collapse repeated lines (-c counts)"},
    {"cut", cut, "select fields (-d SEP -f LIST) or characters (-c LIST)"},
    {"awk", awk, "print fields: awk [-F SEP] '[/re/|$N op v] {print $N, ...}'"},
};

}  // namespace

std::span<const Builtin> text_tool_commands() {
  return kTextToolsCommands;
}

}  // namespace firedrill::console_detail
