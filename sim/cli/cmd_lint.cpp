// `firedrill lint POSTMORTEM.md`: checks a postmortem against postmortem-format.md and prints
// one "FILE:LINE: message [rule-id]" line per failed rule (exit code 1), or "ok: N words"
// (exit code 0). `firedrill lint --rules` prints every rule and the words that satisfy it.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <span>
#include <sstream>
#include <string>

#include "reporter/lint/postmortem_lint.h"
#include "reporter/lint/rule_catalog.h"
#include "sim/cli/commands.h"

namespace firedrill::cli {

namespace {

struct LintOptions {
  std::string file;
  bool rules = false;
};

std::string read_postmortem(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw CommandError(fmt::format("lint: {} is a directory, not a postmortem file", path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CommandError(fmt::format("lint: cannot read {}: {}", path, std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw CommandError(fmt::format("lint: error while reading {}", path));
  return text.str();
}

// `text` wrapped at word boundaries, each line under `indent` spaces.
void print_wrapped(std::string_view text, std::size_t indent) {
  constexpr std::size_t kWidth = 100;
  std::string line;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(start, end - start);
    if (!line.empty() && indent + line.size() + 1 + word.size() > kWidth) {
      fmt::print("{:{}}{}\n", "", indent, line);
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
    start = end + 1;
  }
  if (!line.empty()) fmt::print("{:{}}{}\n", "", indent, line);
}

void print_words(std::span<const std::string_view> words) {
  print_wrapped(fmt::format("{}", fmt::join(words, ", ")), 6);
}

void print_rules() {
  fmt::print(
      "Keywords match whole words in any case; a trailing * matches any word starting so.\n\n"
      "sections (a heading opens a section when it contains one of its words):\n");
  for (const lint::SectionInfo& section : lint::section_catalog()) {
    fmt::print("  {}\n", section.title);
    print_words(section.heading_words);
  }
  fmt::print("\nrules:\n");
  for (const lint::RuleInfo& rule : lint::rule_catalog()) {
    fmt::print("  {}\n", rule.id);
    print_wrapped(rule.requirement, 4);
    if (!rule.keywords.empty()) print_words(rule.keywords);
    if (!rule.more_keywords.empty()) print_words(rule.more_keywords);
  }
}

void run_lint(const LintOptions& o) {
  if (o.rules) {
    print_rules();
    return;
  }
  if (o.file.empty()) {
    throw CommandError("lint: name the postmortem to check, e.g. `firedrill lint postmortem.md`");
  }
  const lint::LintResult result = lint::lint_postmortem(read_postmortem(o.file));
  for (const lint::LintFinding& finding : result.findings) {
    fmt::print("{}\n", lint::format_finding(o.file, finding));
  }
  if (result.clean()) {
    fmt::print("ok: {} words\n", result.words);
  } else {
    exit_code() = 1;
  }
}

}  // namespace

void register_lint_command(CLI::App& app) {
  auto* lint = app.add_subcommand(
      "lint",
      "Check a postmortem against the firedrill format: one FILE:LINE line per failed rule");
  auto opts = std::make_shared<LintOptions>();
  lint->add_option("postmortem", opts->file, "the Markdown postmortem to check, e.g. Blog_Post.md");
  lint->add_flag("--rules", opts->rules, "print every rule and the words that satisfy it");
  lint->callback([opts] { run_lint(*opts); });
}

}  // namespace firedrill::cli
