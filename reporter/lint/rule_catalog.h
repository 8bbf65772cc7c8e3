// The postmortem linter's rules, in one place: every rule's id, the plain sentence saying what
// satisfies it, and the keyword lists its heuristic looks for. The checks read their keywords and
// limits from here and nowhere else, and `firedrill lint --rules` prints this table, so a user can
// see exactly which words satisfy a rule. Entries are static: the views never dangle.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace firedrill::lint {

// One value per rule; the order is the order `--rules` prints them in.
enum class Rule {
  // The four sections (postmortem-format.md "Sections, in this order").
  section_missing,
  section_order,
  section_duplicate,
  // Issue Summary.
  summary_duration,
  summary_start_time,
  summary_end_time,
  summary_date,
  summary_impact,
  summary_percent,
  summary_root_cause,
  // Timeline.
  timeline_list,
  timeline_time,
  timeline_dash,
  timeline_short,
  timeline_detection,
  timeline_actions,
  timeline_assumption,
  timeline_misleading,
  timeline_escalation,
  timeline_resolution,
  // Root cause and resolution.
  cause_explained,
  fix_explained,
  cause_length,
  // Corrective and preventative measures.
  measures_broad,
  measures_tasks,
  measures_task_concrete,
  // Length.
  word_count,
  // Markdown a host renders as intended (markdownlint's id in brackets in the requirement).
  md_unclosed_fence,
  md_unclosed_comment,
  md_heading_space,
  md_heading_increment,
  md_single_title,
  md_duplicate_heading,
  md_heading_punctuation,
  md_blanks_around_headings,
  md_blanks_around_fences,
  md_blanks_around_lists,
  md_fence_language,
  md_image_alt,
  md_emphasis_heading,
  md_list_marker,
  md_bare_url,
  md_trailing_spaces,
  md_hard_tabs,
  md_blank_lines,
  md_final_newline,
};

// Keyword syntax: matched case-insensitively against whole words of the rendered text, where
// punctuation and dashes separate words and apostrophes are dropped ("didn't" is "didnt",
// "on-call" is "on call"). An entry ending in '*' matches any word starting with it
// ("investigat*" matches "investigated"); other entries must match whole words or phrases.
struct RuleInfo {
  Rule rule;
  std::string_view id;           // stable, printed after each finding: "timeline-time"
  std::string_view requirement;  // what satisfies the rule, in plain words
  std::span<const std::string_view> keywords;       // empty when the rule is not keyword based
  std::span<const std::string_view> more_keywords;  // a second list, when the requirement says so
};

// The four sections, in the order the format requires.
enum class Section { summary, timeline, root_cause, measures };
inline constexpr std::size_t kSectionCount = 4;

struct SectionInfo {
  Section section;
  std::string_view title;     // as the format names it: "Root cause and resolution"
  std::string_view contents;  // what the section must hold, for "add a section" messages
  // A heading opens the section when its words contain one of these (keyword syntax above).
  // Headings are matched against the sections from the last to the first, so "Root cause
  // summary" opens Root cause and resolution, not Issue Summary.
  std::span<const std::string_view> heading_words;
};

std::span<const SectionInfo> section_catalog();  // in document order
const SectionInfo& section_info(Section section);

// Every rule, in enum order.
std::span<const RuleInfo> rule_catalog();
const RuleInfo& rule_info(Rule rule);
inline std::string_view rule_id(Rule rule) {
  return rule_info(rule).id;
}

// The upper-case time zone names a clock time may carry (besides offsets and IANA names).
std::span<const std::string_view> time_zone_abbreviations();

// Numeric limits quoted by the requirements above.
inline constexpr int kMinWords = 400;             // word_count
inline constexpr int kMaxWords = 600;             // word_count
inline constexpr int kMaxTimelineSentences = 2;   // timeline_short
inline constexpr int kMaxTimelineWords = 40;      // timeline_short, text after the dash
inline constexpr int kMinRootCauseWords = 50;     // cause_length
inline constexpr int kMinBroadMeasureWords = 10;  // measures_broad
inline constexpr int kMinTasks = 2;               // measures_tasks
inline constexpr int kMinTaskWords = 2;           // measures_task_concrete
inline constexpr int kVagueTaskWordsBelow = 5;    // measures_task_concrete

}  // namespace firedrill::lint
