#include "reporter/lint/rule_catalog.h"

#include <array>
#include <cassert>

namespace firedrill::lint {
namespace {

using Words = std::string_view;

// Time zones a clock time may carry (upper case, as written). Offsets such as "UTC-05:00",
// "(UTC+01:00)", "+0100" and IANA names such as "Europe/Paris" are recognised as well.
constexpr Words kTimeZones[] = {
    "UTC",  "GMT",  "Z",   "EST", "EDT",  "CST",  "CDT",  "MST",  "MDT",  "PST",  "PDT",  "AKST",
    "AKDT", "HST",  "AST", "ADT", "NST",  "NDT",  "BST",  "IST",  "WET",  "WEST", "CET",  "CEST",
    "EET",  "EEST", "MSK", "WAT", "CAT",  "EAT",  "SAST", "GST",  "PKT",  "ICT",  "WIB",  "SGT",
    "HKT",  "PHT",  "JST", "KST", "AWST", "ACST", "ACDT", "AEST", "AEDT", "NZST", "NZDT", "BRT",
    "ART",  "CLT",  "COT", "PET", "ET",   "CT",   "MT",   "PT"};

// What users experienced (summary_impact).
constexpr Words kImpact[] = {
    "down",     "outage*",  "unavailab*", "unreachable", "slow*",  "latenc*",  "error*",
    "5xx",      "500",      "502",        "503",         "504",    "timeout*", "timed out",
    "time out", "fail*",    "could not",  "couldnt",     "cannot", "cant",     "unable",
    "degraded", "broken",   "lost",       "hang*",       "stuck",  "crash*",   "blank page",
    "not load", "rejected", "dropped"};

// A root cause sentence (summary_root_cause).
constexpr Words kRootCause[] = {"root cause*", "caused by",     "cause was",    "was caused",
                                "because",     "due to",        "triggered by", "stemmed from",
                                "result of",   "resulted from", "the cause"};

// How the issue was detected (timeline_detection): a monitoring alert, an engineer noticing,
// a customer complaining.
constexpr Words kDetectionHow[] = {
    "alert*",       "alarm*",          "page",      "paged",      "pagerduty",     "opsgenie",
    "monitor*",     "dashboard*",      "grafana",   "prometheus", "datadog",       "nagios",
    "zabbix",       "pingdom",         "new relic", "sentry",     "health check*", "uptime check*",
    "synthetic*",   "noticed",         "spotted",   "saw",        "observed",      "customer*",
    "complain*",    "support ticket*", "ticket*",   "tweet*",     "reported",      "user report*",
    "users report*"};
// Words saying that the issue was detected, without saying how (timeline_detection hint).
constexpr Words kDetectedOnly[] = {"detect*", "identified", "discovered"};

// Actions taken and parts of the system investigated (timeline_actions).
constexpr Words kActions[] = {
    "investigat*", "check",    "checks",  "checked",     "checking",     "inspect*", "look*",
    "examin*",     "review*",  "ssh*",    "ran",         "run*",         "quer*",    "grep*",
    "tail*",       "restart*", "reboot*", "rolled back", "rolling back", "revert*",  "profil*",
    "debug*",      "trace*",   "tracing", "diagnos*",    "test*",        "scal*",    "analy*",
    "searched",    "compared", "killed",  "flush*",      "drain*",       "enabl*",   "disabl*",
    "tried",       "dug"};

// What the responders assumed the root cause was (timeline_assumption).
constexpr Words kAssumption[] = {"assum*",     "suspect*",    "suspicion", "thought", "think*",
                                 "believ*",    "hypothes*",   "theory",    "guess*",  "seemed",
                                 "appeared",   "likely",      "probably",  "maybe",   "might",
                                 "expected",   "blamed",      "presum*",   "suppos*", "convinced",
                                 "pointed to", "looked like", "suggest*"};

// A misleading investigation or debugging path (timeline_misleading).
constexpr Words kMisleading[] = {
    "mislead*",        "misled",          "red herring", "dead end",    "wrong",
    "false lead",      "false alarm",     "turned out",  "ruled out",   "not the cause",
    "not the problem", "not the culprit", "wasnt the",   "was not the", "no effect",
    "did not help",    "didnt help",      "did not fix", "didnt fix",   "no change",
    "no difference",   "no improvement",  "did nothing", "unrelated",   "rabbit hole",
    "wild goose",      "incorrect*",      "mistaken*",   "ineffective", "in vain",
    "nothing changed", "distract*",       "wasted",      "detour"};

// An escalation (timeline_escalation): "escalat*", or one of these verbs together with one of
// the team/role words below in the same bullet.
constexpr Words kEscalationVerbs[] = {
    "escalat*", "paged",    "called in", "brought in", "looped in",   "pulled in", "roped in",
    "handed",   "hand off", "handoff",   "hand over",  "reached out", "notified",  "contacted",
    "woke",     "called",   "involved",  "engaged",    "joined",      "asked"};
constexpr Words kEscalationTargets[] = {
    "team*",   "dba*",    "sre*",       "lead*",   "manager*", "engineer*",         "developer*",
    "dev",     "devs",    "on call",    "oncall",  "owner*",   "vendor*",           "provider*",
    "support", "expert*", "colleague*", "squad",   "cto",      "head of",           "architect*",
    "admin*",  "ops",     "devops",     "network", "security", "incident commander"};

// How the incident was resolved (timeline_resolution).
constexpr Words kResolution[] = {"resolv*",        "resolution",         "restor*",
                                 "recover*",       "mitigat*",           "fixed",
                                 "fix deployed",   "deployed the fix",   "deployed a fix",
                                 "back to normal", "returned to normal", "back online",
                                 "back up",        "stabili*",           "all clear",
                                 "closed",         "incident ended",     "outage ended"};

// What caused the issue (cause_explained).
constexpr Words kCause[] = {"cause*",   "because",   "due to",    "led to",      "lead to",
                            "leads to", "triggered", "result of", "resulted in", "resulting in",
                            "stemm*",   "root",      "why",       "reason*"};

// How it was fixed (fix_explained).
constexpr Words kFix[] = {"fix*",           "resolv*",     "restor*",
                          "roll back",      "rolled back", "rolling back",
                          "rolled it back", "revert*",     "patch*",
                          "redeploy*",      "restart*",    "replac*",
                          "remov*",         "mitigat*",    "correct*",
                          "reconfigur*",    "rebuil*",     "recover*",
                          "upgrad*",        "set it back", "changed it back",
                          "put back",       "raised",      "increased the",
                          "disabled",       "re enabled"};

// Openings of vague tasks (measures_task_concrete): a task starting with one of these is too
// vague unless it names what to do in at least kVagueTaskWordsBelow words.
constexpr Words kVagueTaskOpenings[] = {
    "improve", "improving", "better", "be",       "try",  "consider", "maybe",
    "perhaps", "possibly",  "think",  "more",     "less", "general*", "stuff",
    "things",  "etc",       "learn",  "remember", "keep", "continue", "look into"};

constexpr std::span<const Words> kNone{};

// Heading words of each section (section_missing).
constexpr Words kSummaryHeading[] = {"summary"};
constexpr Words kTimelineHeading[] = {"timeline", "time line", "chronology"};
constexpr Words kRootCauseHeading[] = {"cause", "causes"};
constexpr Words kMeasuresHeading[] = {"corrective", "preventive", "preventative",
                                      "prevention", "measures",   "action items"};

constexpr auto kSections = std::to_array<SectionInfo>({
    {Section::summary, "Issue Summary",
     "the outage's duration, its start and end times with time zone, the date, the impact with "
     "the % of users affected, and the root cause in a sentence",
     kSummaryHeading},
    {Section::timeline, "Timeline",
     "one \"- TIME - what happened\" bullet per event: detection, investigation, misleading "
     "paths, escalation, resolution",
     kTimelineHeading},
    {Section::root_cause, "Root cause and resolution",
     "a detailed explanation of what caused the issue and how it was fixed", kRootCauseHeading},
    {Section::measures, "Corrective and preventative measures",
     "what can be improved broadly, then a list of concrete tasks", kMeasuresHeading},
});

constexpr auto kCatalog = std::to_array<RuleInfo>({
    {Rule::section_missing, "section-missing",
     "Each of the four sections is a Markdown heading (any level, any case) containing one of "
     "its heading words (listed with --rules under \"sections\"). Bold text on its own line "
     "is not a heading.",
     kNone, kNone},
    {Rule::section_order, "section-order",
     "The sections come in the order Issue Summary, Timeline, Root cause and resolution, "
     "Corrective and preventative measures.",
     kNone, kNone},
    {Rule::section_duplicate, "section-duplicate",
     "Each of the four sections appears once; the first heading is the one checked.", kNone, kNone},
    {Rule::summary_duration, "summary-duration",
     "The Issue Summary states how long the outage lasted: a number or number word followed by "
     "a unit (\"67 minutes\", \"1h 7m\", \"2-hour\", \"an hour\").",
     kNone, kNone},
    {Rule::summary_start_time, "summary-start-time",
     "The first clock time in the Issue Summary (the start) carries a time zone: \"14:03 EST "
     "(UTC-05:00)\", \"14:03 UTC\", \"2:03 PM PST\", \"14:03Z\". Zones (upper case):",
     kTimeZones, kNone},
    {Rule::summary_end_time, "summary-end-time",
     "The Issue Summary gives a second clock time (the end), also with a time zone, as for "
     "summary-start-time.",
     kNone, kNone},
    {Rule::summary_date, "summary-date",
     "The Issue Summary gives the date: \"2024-03-14\", \"3/14/2024\", \"March 14\", "
     "\"14 March 2024\" or \"Mar 2024\".",
     kNone, kNone},
    {Rule::summary_impact, "summary-impact",
     "The Issue Summary says what users experienced, using one of these words:", kImpact, kNone},
    {Rule::summary_percent, "summary-percent",
     "The Issue Summary gives the share of users affected as a number with %: \"38%\".", kNone,
     kNone},
    {Rule::summary_root_cause, "summary-root-cause",
     "The Issue Summary has a root cause sentence, using one of these phrases:", kRootCause, kNone},
    {Rule::timeline_list, "timeline-list",
     "The Timeline is a bullet list (\"- \", \"* \", \"+ \" or \"1. \"); a line that starts "
     "with a time but is not its own bullet is reported.",
     kNone, kNone},
    {Rule::timeline_time, "timeline-time",
     "Every timeline bullet starts with a clock time (\"14:07\", \"14:07 EST\", \"2:07 PM\"), "
     "optionally after a date.",
     kNone, kNone},
    {Rule::timeline_dash, "timeline-dash",
     "After the time comes a dash (-, --, en dash or em dash), then what happened: "
     "\"- 14:07 EST - Alert fired.\"",
     kNone, kNone},
    {Rule::timeline_short, "timeline-short",
     "Each timeline bullet says what happened in one or two sentences of at most 40 words.", kNone,
     kNone},
    {Rule::timeline_detection, "timeline-detection",
     "A timeline bullet says how the issue was detected, using one of these words (a bullet "
     "with only a word of the second list says when but not how, and is pointed out):",
     kDetectionHow, kDetectedOnly},
    {Rule::timeline_actions, "timeline-actions",
     "A timeline bullet says what was investigated or done, using one of these words:", kActions,
     kNone},
    {Rule::timeline_assumption, "timeline-assumption",
     "A timeline bullet says what the responders assumed the cause was, using one of these "
     "words:",
     kAssumption, kNone},
    {Rule::timeline_misleading, "timeline-misleading",
     "A timeline bullet names a misleading path, using one of these words:", kMisleading, kNone},
    {Rule::timeline_escalation, "timeline-escalation",
     "A timeline bullet says to whom the incident was escalated: \"escalat*\", or one of these "
     "verbs together with one of the team or role words in the second list:",
     kEscalationVerbs, kEscalationTargets},
    {Rule::timeline_resolution, "timeline-resolution",
     "A timeline bullet says how the incident was resolved, using one of these words:", kResolution,
     kNone},
    {Rule::cause_explained, "cause-explained",
     "Root cause and resolution explains what caused the issue, using one of these words:", kCause,
     kNone},
    {Rule::fix_explained, "fix-explained",
     "Root cause and resolution explains how it was fixed, using one of these words:", kFix, kNone},
    {Rule::cause_length, "cause-length",
     "Root cause and resolution has at least 50 words: it explains in detail.", kNone, kNone},
    {Rule::measures_broad, "measures-broad",
     "Corrective and preventative measures says what can be improved broadly in at least 10 "
     "words before its task list (a paragraph, or an earlier list).",
     kNone, kNone},
    {Rule::measures_tasks, "measures-tasks",
     "Corrective and preventative measures ends with a task list of at least 2 items "
     "(\"- [ ] patch nginx\" or \"- patch nginx\").",
     kNone, kNone},
    {Rule::measures_task_concrete, "measures-task-concrete",
     "Each task has at least 2 words and, if it starts with one of these vague words, at least "
     "5 words saying what exactly to do:",
     kVagueTaskOpenings, kNone},
    {Rule::word_count, "word-count",
     "400 to 600 words, counted like `wc -w` on the rendered text: code blocks (also Mermaid "
     "source), HTML comments and tags, URLs, list markers and checkboxes are not counted; link "
     "text, image alt text and headings are.",
     kNone, kNone},
    {Rule::md_unclosed_fence, "md-unclosed-fence",
     "Every ``` or ~~~ code block is closed; otherwise the rest of the page renders as code.",
     kNone, kNone},
    {Rule::md_unclosed_comment, "md-unclosed-comment",
     "Every <!-- comment is closed with -->; otherwise the rest of the page is hidden.", kNone,
     kNone},
    {Rule::md_heading_space, "md-heading-space",
     "A heading has a space after its #s: \"## Timeline\", not \"##Timeline\" [MD018].", kNone,
     kNone},
    {Rule::md_heading_increment, "md-heading-increment",
     "Heading levels go down one at a time: no ### straight after a # [MD001].", kNone, kNone},
    {Rule::md_single_title, "md-single-title",
     "When the first line is a # title, no other heading is a # heading [MD025].", kNone, kNone},
    {Rule::md_duplicate_heading, "md-duplicate-heading",
     "No two headings have the same text [MD024].", kNone, kNone},
    {Rule::md_heading_punctuation, "md-heading-punctuation",
     "A heading does not end with . , ; : or ! [MD026].", kNone, kNone},
    {Rule::md_blanks_around_headings, "md-blanks-around-headings",
     "A heading has a blank line before and after it [MD022].", kNone, kNone},
    {Rule::md_blanks_around_fences, "md-blanks-around-fences",
     "A code block has a blank line before and after it [MD031].", kNone, kNone},
    {Rule::md_blanks_around_lists, "md-blanks-around-lists",
     "A list has a blank line before and after it [MD032].", kNone, kNone},
    {Rule::md_fence_language, "md-fence-language",
     "A code block names its language after the opening fence: ```mermaid, ```text [MD040].", kNone,
     kNone},
    {Rule::md_image_alt, "md-image-alt",
     "An image has alt text: ![Error rate during the outage](outage.svg) [MD045].", kNone, kNone},
    {Rule::md_emphasis_heading, "md-emphasis-heading",
     "A line of only bold or italic text is not used as a heading [MD036].", kNone, kNone},
    {Rule::md_list_marker, "md-list-marker",
     "All bullet lists use the same marker as the first one (-, * or +) [MD004].", kNone, kNone},
    {Rule::md_bare_url, "md-bare-url",
     "A URL is written as a link or in angle brackets: <https://example.com> [MD034].", kNone,
     kNone},
    {Rule::md_trailing_spaces, "md-trailing-spaces",
     "No line ends in spaces, except exactly two for a line break [MD009].", kNone, kNone},
    {Rule::md_hard_tabs, "md-hard-tabs", "Lines are indented with spaces, not tabs [MD010].", kNone,
     kNone},
    {Rule::md_blank_lines, "md-blank-lines",
     "No two blank lines in a row outside code blocks [MD012].", kNone, kNone},
    {Rule::md_final_newline, "md-final-newline", "The file ends with a newline [MD047].", kNone,
     kNone},
});

constexpr bool catalog_in_enum_order() {
  for (std::size_t i = 0; i < kCatalog.size(); ++i) {
    if (static_cast<std::size_t>(kCatalog[i].rule) != i) return false;
  }
  return true;
}
static_assert(catalog_in_enum_order(), "rule_catalog: entries must follow the Rule enum order");
static_assert(kCatalog.back().rule == Rule::md_final_newline,
              "rule_catalog: every Rule needs an entry");
static_assert(kSections.size() == kSectionCount && kSections.back().section == Section::measures,
              "rule_catalog: one entry per Section, in order");

}  // namespace

std::span<const RuleInfo> rule_catalog() {
  return kCatalog;
}

std::span<const std::string_view> time_zone_abbreviations() {
  return kTimeZones;
}

std::span<const SectionInfo> section_catalog() {
  return kSections;
}

const SectionInfo& section_info(Section section) {
  return kSections[static_cast<std::size_t>(section)];
}

const RuleInfo& rule_info(Rule rule) {
  const auto index = static_cast<std::size_t>(rule);
  assert(index < kCatalog.size() && "rule_info: Rule value outside the catalog");
  return kCatalog[index];
}

}  // namespace firedrill::lint
