// Reading text: grep, head, tail, wc — GNU coreutils/grep behaviour on the host's files or on
// the previous pipeline stage. `tail -f` prints the lines so far (the console cannot follow).
#include <algorithm>

#include <fmt/format.h>

#include "sim/trainee/console_internal.h"
#include "sim/trainee/line_matcher.h"
#include "sim/trainee/text_util.h"

namespace firedrill::console_detail {
namespace {

// --- grep ---------------------------------------------------------------------------------------

struct GrepOptions {
  LineMatcher::Options match;
  bool invert = false, count = false, numbers = false, files_only = false, only_matching = false;
  bool quiet = false, recursive = false;
  int with_names = -1;  // -1: when several files; 0: -h; 1: -H
  size_t max_count = SIZE_MAX, after = 0, before = 0;
};

std::string grep_usage() {
  return "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.";
}

Output grep(CommandContext& ctx, const Args& argv) {
  Output out;
  GrepOptions o;
  std::optional<std::string> pattern;
  std::vector<std::string> names;
  bool options_done = false;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    const auto number_arg = [&](size_t& target) {
      if (i + 1 >= argv.size() || !text::parse_uint(argv[i + 1])) return false;
      target = *text::parse_uint(argv[++i]);
      return true;
    };
    if (options_done || a == "-" || !a.starts_with("-")) {
      if (!pattern)
        pattern = a;
      else
        names.push_back(a);
    } else if (a == "--") {
      options_done = true;
    } else if (a == "-e" || a == "--regexp") {
      if (i + 1 >= argv.size())
        return out.fail(2, "grep: option requires an argument -- 'e'\n" + grep_usage());
      pattern = argv[++i];
    } else if (a.size() > 2 && (a[1] == 'm' || a[1] == 'A' || a[1] == 'B' || a[1] == 'C') &&
               text::parse_uint(a.substr(2))) {
      const size_t n = *text::parse_uint(a.substr(2));
      if (a[1] == 'm') o.max_count = n;
      if (a[1] == 'A' || a[1] == 'C') o.after = n;
      if (a[1] == 'B' || a[1] == 'C') o.before = n;
    } else if (a == "-m" || a == "-A" || a == "-B" || a == "-C") {
      size_t n = 0;
      if (!number_arg(n))
        return out.fail(2, fmt::format("grep: {}: invalid context length argument",
                                       i + 1 < argv.size() ? argv[i + 1] : ""));
      if (a == "-m") o.max_count = n;
      if (a == "-A" || a == "-C") o.after = n;
      if (a == "-B" || a == "-C") o.before = n;
    } else if (a.starts_with("--")) {
      if (a == "--ignore-case")
        o.match.ignore_case = true;
      else if (a == "--invert-match")
        o.invert = true;
      else if (a == "--count")
        o.count = true;
      else if (a == "--line-number")
        o.numbers = true;
      else if (a == "--fixed-strings")
        o.match.syntax = LineMatcher::Syntax::kFixed;
      else if (a == "--extended-regexp")
        o.match.syntax = LineMatcher::Syntax::kExtended;
      else if (a == "--recursive")
        o.recursive = true;
      else if (a.starts_with("--color"))
        continue;
      else
        return out.fail(2, fmt::format("grep: unrecognized option '{}'\n{}", a, grep_usage()));
    } else {
      for (char c : a.substr(1)) {
        switch (c) {
          case 'i':
            o.match.ignore_case = true;
            break;
          case 'v':
            o.invert = true;
            break;
          case 'c':
            o.count = true;
            break;
          case 'n':
            o.numbers = true;
            break;
          case 'F':
            o.match.syntax = LineMatcher::Syntax::kFixed;
            break;
          case 'E':
            o.match.syntax = LineMatcher::Syntax::kExtended;
            break;
          case 'G':
            o.match.syntax = LineMatcher::Syntax::kBasic;
            break;
          case 'w':
            o.match.whole_word = true;
            break;
          case 'l':
            o.files_only = true;
            break;
          case 'o':
            o.only_matching = true;
            break;
          case 'q':
            o.quiet = true;
            break;
          case 'r':
          case 'R':
            o.recursive = true;
            break;
          case 'h':
            o.with_names = 0;
            break;
          case 'H':
            o.with_names = 1;
            break;
          case 's':
          case 'a':
          case 'I':
            break;
          default:
            return out.fail(2, fmt::format("grep: invalid option -- '{}'\n{}", c, grep_usage()));
        }
      }
    }
  }
  if (!pattern) return out.fail(2, grep_usage());
  std::string error;
  const LineMatcher matcher = LineMatcher::compile(*pattern, o.match, &error);
  if (!error.empty()) return out.fail(2, "grep: " + error);

  // -r: every file under the named directories (the working directory when none is named).
  if (o.recursive) {
    std::vector<std::string> expanded;
    if (names.empty()) names.push_back(".");
    for (const std::string& n : names) {
      const std::string abs = absolute_path(ctx.cwd, n);
      if (file_type(ctx, abs) != FileType::kDirectory) {
        expanded.push_back(n);
        continue;
      }
      const std::string prefix = abs == "/" ? "/" : abs + "/";
      for (const std::string& f : all_files(ctx)) {
        if (f.starts_with(prefix) && !f.starts_with("/proc/")) {
          expanded.push_back(n == "." ? f.substr(prefix.size())
                                      : (n.ends_with("/") ? n : n + "/") + f.substr(prefix.size()));
        }
      }
    }
    names = expanded;
  }
  const std::vector<InputFile> inputs = read_inputs(ctx, "grep", names, out);
  const bool show_names = o.with_names == 1 || (o.with_names == -1 && inputs.size() > 1);
  bool any = false;
  for (const InputFile& in : inputs) {
    const std::vector<std::string_view> lines = text::split_lines(in.text);
    size_t matched = 0;
    std::vector<bool> shown(lines.size(), false);
    std::vector<size_t> hits;
    for (size_t n = 0; n < lines.size() && matched < o.max_count; ++n) {
      if (matcher.matches(lines[n]) != o.invert) {
        ++matched;
        hits.push_back(n);
      }
    }
    any = any || matched > 0;
    if (o.quiet) continue;
    const std::string prefix = show_names ? in.name : std::string();
    if (o.files_only) {
      if (matched > 0) out.out += in.name + "\n";
      continue;
    }
    if (o.count) {
      out.out += (show_names ? prefix + ":" : "") + std::to_string(matched) + "\n";
      continue;
    }
    const bool context = o.after > 0 || o.before > 0;
    size_t last_printed = SIZE_MAX;
    for (size_t h : hits) {
      const size_t from = h >= o.before ? h - o.before : 0;
      const size_t to = std::min(lines.size() - 1, h + o.after);
      if (context && last_printed != SIZE_MAX && from > last_printed + 1) out.out += "--\n";
      for (size_t n = std::max(from, last_printed == SIZE_MAX ? 0 : last_printed + 1); n <= to;
           ++n) {
        const char sep = n == h || (matcher.matches(lines[n]) != o.invert) ? ':' : '-';
        std::string lead = show_names ? prefix + sep : std::string();
        if (o.numbers) lead += std::to_string(n + 1) + sep;
        if (o.only_matching && !o.invert) {
          if (n != h) continue;
          for (const std::string& m : matcher.find_all(lines[n])) out.out += lead + m + "\n";
        } else {
          out.out += lead + std::string(lines[n]) + "\n";
        }
        last_printed = n;
      }
    }
  }
  if (out.code == 2 && !(o.quiet && any)) return out;
  out.code = any ? 0 : 1;
  return out;
}

// --- head, tail
// -----------------------------------------------------------------------------------

Output head_tail(CommandContext& ctx, const Args& argv, bool tail) {
  Output out;
  const std::string tool = tail ? "tail" : "head";
  int64_t count = 10;
  bool from_start = false;  // tail -n +N
  int headers = -1;         // -q: 0, -v: 1
  std::vector<std::string> names;
  for (size_t i = 1; i < argv.size(); ++i) {
    std::string a = argv[i];
    std::string value;
    if (a == "-n" || a == "--lines") {
      if (i + 1 >= argv.size()) {
        return out.fail(1, fmt::format("{}: option requires an argument -- 'n'\nTry '{} --help' "
                                       "for more information.",
                                       tool, tool));
      }
      value = argv[++i];
    } else if (a.starts_with("--lines=")) {
      value = a.substr(8);
    } else if (a.starts_with("-n")) {
      value = a.substr(2);
    } else if (a.size() > 1 && a[0] == '-' && a[1] >= '0' && a[1] <= '9') {
      value = a.substr(1);
    } else if (a == "-f" || a == "-F" || a == "--follow") {
      continue;  // follows nothing here: prints what the file holds now
    } else if (a == "-q" || a == "--quiet" || a == "--silent") {
      headers = 0;
      continue;
    } else if (a == "-v" || a == "--verbose") {
      headers = 1;
      continue;
    } else if (a.starts_with("-") && a != "-") {
      return out.fail(1, fmt::format("{}: invalid option -- '{}'\nTry '{} --help' for more "
                                     "information.",
                                     tool, a.substr(1, 1), tool));
    } else {
      names.push_back(a);
      continue;
    }
    if (value.starts_with("+")) {
      from_start = tail;
      value = value.substr(1);
    }
    const bool negative = value.starts_with("-");
    const auto n = text::parse_uint(negative ? value.substr(1) : value);
    if (!n) return out.fail(1, fmt::format("{}: invalid number of lines: '{}'", tool, value));
    count = negative ? -static_cast<int64_t>(*n) : static_cast<int64_t>(*n);
  }
  const std::vector<InputFile> inputs = read_inputs(ctx, tool, names, out);
  const bool show = headers == 1 || (headers == -1 && names.size() > 1);
  bool first = true;
  for (const InputFile& in : inputs) {
    const std::vector<std::string_view> lines = text::split_lines(in.text);
    const auto n = static_cast<int64_t>(lines.size());
    int64_t from = 0, to = n;
    if (tail) {
      from = from_start ? std::max<int64_t>(0, count - 1) : std::max<int64_t>(0, n - count);
    } else {
      to = count >= 0 ? std::min(n, count) : std::max<int64_t>(0, n + count);
    }
    if (show) out.out += fmt::format("{}==> {} <==\n", first ? "" : "\n", in.name);
    first = false;
    for (int64_t k = from; k < to; ++k) {
      out.out += lines[static_cast<size_t>(k)];
      out.out += '\n';
    }
  }
  return out;
}

Output head(CommandContext& ctx, const Args& argv) {
  return head_tail(ctx, argv, false);
}
Output tail(CommandContext& ctx, const Args& argv) {
  return head_tail(ctx, argv, true);
}

// --- wc
// ---------------------------------------------------------------------------------------------

Output wc(CommandContext& ctx, const Args& argv) {
  Output out;
  bool lines = false, words = false, bytes = false;
  std::vector<std::string> names;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.starts_with("-") && a != "-") {
      for (char c : a.substr(1)) {
        if (c == 'l')
          lines = true;
        else if (c == 'w')
          words = true;
        else if (c == 'c' || c == 'm')
          bytes = true;
        else
          return out.fail(1, fmt::format("wc: invalid option -- '{}'\nTry 'wc --help' for more "
                                         "information.",
                                         c));
      }
    } else {
      names.push_back(a);
    }
  }
  if (!lines && !words && !bytes) lines = words = bytes = true;
  struct Counts {
    uint64_t l = 0, w = 0, c = 0;
    std::string name;
  };
  std::vector<Counts> rows;
  Counts total{0, 0, 0, "total"};
  for (const InputFile& in : read_inputs(ctx, "wc", names, out)) {
    Counts k{0, 0, in.text.size(), names.empty() ? std::string() : in.name};
    bool in_word = false;
    for (char ch : in.text) {
      if (ch == '\n') ++k.l;
      const bool blank = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
      if (!blank && !in_word) ++k.w;
      in_word = !blank;
    }
    total.l += k.l;
    total.w += k.w;
    total.c += k.c;
    rows.push_back(std::move(k));
  }
  if (rows.size() > 1) rows.push_back(total);
  const int columns = (lines ? 1 : 0) + (words ? 1 : 0) + (bytes ? 1 : 0);
  size_t width = 1;
  if (names.empty() && columns > 1) width = 7;
  if (!(columns == 1 && rows.size() == 1)) {
    for (const Counts& k : rows) {
      width = std::max({width, std::to_string(k.l).size(), std::to_string(k.c).size()});
    }
  }
  for (const Counts& k : rows) {
    std::string line;
    const auto add = [&](uint64_t v) {
      line += (line.empty() ? "" : " ") + fmt::format("{:>{}}", v, width);
    };
    if (lines) add(k.l);
    if (words) add(k.w);
    if (bytes) add(k.c);
    if (!k.name.empty()) line += " " + k.name;
    out.out += line + "\n";
  }
  return out;
}

constexpr Builtin kTextCommands[] = {
    {"grep", grep, "lines matching a pattern (-i -v -c -n -E -F -r -A/-B/-C N)"},
    {"head", head, "first lines (-n N)"},
    {"tail", tail, "last lines (-n N; -f shows the lines so far)"},
    {"wc", wc, "count lines, words, bytes (-l)"},
};

}  // namespace

std::span<const Builtin> text_commands() {
  return kTextCommands;
}

}  // namespace firedrill::console_detail
