#include "reporter/lint/timeline_rules.h"

#include <fmt/format.h>

#include <string>

#include "reporter/lint/markdown_inline.h"
#include "reporter/lint/text_patterns.h"

namespace firedrill::lint {
namespace {

struct Entry {
  const ListItem* item;
  std::string what;  // the text after "TIME - ", or the whole bullet when it has no such prefix
};

// Lines in the Timeline that start with a time but are not a bullet of their own.
void check_stray_entries(const MarkdownOutline& outline, const SectionSpan& span,
                         std::vector<LintFinding>& findings) {
  for (int n = span.first_line; n <= span.last_line; ++n) {
    const OutlineLine& line = outline.line(n);
    if (line.kind != LineKind::prose && line.kind != LineKind::continuation) continue;
    if (!parse_timeline_entry(line.text).starts_with_time) continue;
    findings.push_back(
        {n, Rule::timeline_list,
         line.kind == LineKind::continuation
             ? "this line starts with a time but continues the bullet above; start it with '- ' "
               "to make it an entry of its own"
             : "this line starts with a time but is not a bullet; start it with '- '"});
  }
}

// Checks one bullet's shape and returns the text that tells what happened.
std::string check_entry(const ListItem& item, std::vector<LintFinding>& findings) {
  const TimelineEntry entry = parse_timeline_entry(item.text);
  if (!entry.starts_with_time) {
    findings.push_back({item.line, Rule::timeline_time,
                        "this timeline bullet does not start with a time; begin it with when it "
                        "happened, e.g. '- 14:07 EST - Monitoring alert fired'"});
    return item.text;
  }
  if (!entry.has_dash) {
    findings.push_back({item.line, Rule::timeline_dash,
                        "put a dash between the time and what happened, e.g. '- 14:07 EST - "
                        "Monitoring alert fired'"});
    return item.text;
  }
  if (entry.what.empty()) {
    findings.push_back({item.line, Rule::timeline_dash,
                        "this timeline bullet says nothing after the dash; add what happened "
                        "in one or two short sentences"});
    return entry.what;
  }
  const int sentences = count_sentences(entry.what);
  const int words = count_words(entry.what);
  if (sentences > kMaxTimelineSentences) {
    findings.push_back({item.line, Rule::timeline_short,
                        fmt::format("this timeline bullet has {} sentences; keep it to {} short "
                                    "ones and move the detail to Root cause and resolution",
                                    sentences, kMaxTimelineSentences)});
  } else if (words > kMaxTimelineWords) {
    findings.push_back({item.line, Rule::timeline_short,
                        fmt::format("this timeline bullet has {} words; keep it under {} and "
                                    "move the detail to Root cause and resolution",
                                    words, kMaxTimelineWords)});
  }
  return entry.what;
}

bool any_entry_mentions(const std::vector<Entry>& entries, Rule rule) {
  for (const Entry& e : entries) {
    if (mentions_any(e.what, rule_info(rule).keywords)) return true;
  }
  return false;
}

// "escalat*" (the first verb) is enough; another verb needs a team or role beside it.
bool mentions_escalation(std::string_view text) {
  const RuleInfo& info = rule_info(Rule::timeline_escalation);
  const std::string_view verb = find_keyword(text, info.keywords);
  return !verb.empty() && (verb == info.keywords.front() || mentions_any(text, info.more_keywords));
}

void check_detection(const std::vector<Entry>& entries, int heading_line,
                     std::vector<LintFinding>& findings) {
  if (any_entry_mentions(entries, Rule::timeline_detection)) return;
  for (const Entry& e : entries) {
    if (mentions_any(e.what, rule_info(Rule::timeline_detection).more_keywords)) {
      findings.push_back({e.item->line, Rule::timeline_detection,
                          "this bullet says the issue was detected but not how; name the "
                          "monitoring alert, the engineer who noticed or the customer who "
                          "complained"});
      return;
    }
  }
  findings.push_back({heading_line, Rule::timeline_detection,
                      "Timeline does not say when and how the issue was detected; add e.g. "
                      "'- 14:07 EST - Monitoring alert HighErrorRate fired'"});
}

struct CoverageRule {
  Rule rule;
  std::string_view message;
};

constexpr CoverageRule kCoverage[] = {
    {Rule::timeline_actions,
     "Timeline does not say what was investigated or done; add which part of the system was "
     "checked, e.g. '- 14:12 EST - Checked the load balancer logs'"},
    {Rule::timeline_assumption,
     "Timeline does not say what the responders assumed the cause was; add e.g. '- 14:12 EST - "
     "Suspected a traffic spike and checked the load balancer'"},
    {Rule::timeline_misleading,
     "Timeline names no misleading path; add the lead that turned out wrong, e.g. '- 14:20 EST "
     "- Restarted nginx, which did not help: a red herring'"},
    {Rule::timeline_resolution,
     "Timeline does not say how the incident was resolved; add e.g. '- 15:10 EST - Config "
     "rolled back; error rate back to normal, incident resolved'"},
};

}  // namespace

void check_timeline(const MarkdownOutline& outline, const SectionSpan& span,
                    std::vector<LintFinding>& findings) {
  const std::vector<const ListItem*> items = section_items(outline, span);
  if (items.empty()) {
    findings.push_back({span.heading_line, Rule::timeline_list,
                        "Timeline has no bullet list; write one bullet per event, e.g. "
                        "'- 14:07 EST - Monitoring alert fired'"});
    return;
  }
  check_stray_entries(outline, span, findings);

  std::vector<Entry> entries;
  for (const ListItem* item : items) entries.push_back({item, check_entry(*item, findings)});

  check_detection(entries, span.heading_line, findings);
  for (const CoverageRule& c : kCoverage) {
    if (!any_entry_mentions(entries, c.rule)) {
      findings.push_back({span.heading_line, c.rule, std::string(c.message)});
    }
  }
  bool escalated = false;
  for (const Entry& e : entries) escalated = escalated || mentions_escalation(e.what);
  if (!escalated) {
    findings.push_back({span.heading_line, Rule::timeline_escalation,
                        "Timeline does not say to whom the incident was escalated; add e.g. "
                        "'- 14:38 EST - Escalated to the database team (Bo)'"});
  }
}

}  // namespace firedrill::lint
