// The postmortem draft in parts, before it is fitted to 400-600 words: the Issue Summary's
// sentences, the Timeline's bullets (the debrief's bullets plus an honest line for every point
// of the format the drill did not produce, e.g. "No escalation: ..."), Root cause and
// resolution, and the Corrective and preventative measures with their task list. Every block
// carries a drop rank: the writer drops optional blocks, lowest rank first, while the draft is
// too long. Internal to the writer (postmortem_draft.h is the public entry). Pure.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "reporter/debrief/debrief.h"

namespace firedrill::draft {

inline constexpr int kRequired = 1000;  // never dropped

// Drop ranks of the optional blocks (lower goes first).
enum DropRank : int {
  kContextBullet = 0,
  kClosingLine = 1,
  kFiguresParagraph = 2,  // the same figures are in summary.json
  kDetailBullet = 3,
  kUnfoldParagraph = 4,
  kKeyBullet = 5,
  kStackParagraph = 6,
  kBudgetSentence = 7,
};

struct Block {
  Block(std::string text = {}, int rank = kRequired, std::string padding_text = {})
      : markdown(std::move(text)), drop_rank(rank), padding(std::move(padding_text)) {}

  std::string markdown;
  int drop_rank = kRequired;
  // Padding: text that goes into `markdown` (empty until then) only while the draft is under
  // 400 words — guidance for the responder, useful in a sparse drill.
  std::string padding;
};

struct Bullet {
  SimTime t;
  int order = 0;         // among bullets at the same time (honest lines after real ones)
  std::string markdown;  // after "TIME - "
  int drop_rank = kRequired;
};

struct Parts {
  std::string title;               // heading text, Markdown
  std::vector<Block> summary;      // sentences of the Issue Summary paragraph
  std::vector<Bullet> timeline;    // in time order
  std::vector<Block> root_cause;   // paragraphs and the Mermaid block
  std::vector<Block> measures;     // paragraphs before the task list
  std::vector<std::string> tasks;  // the TODO list, Markdown
  std::vector<Block> closing;      // after the task list
};

// Issue Summary, Root cause and resolution, measures (postmortem_parts.cpp).
void add_summary(const Debrief& d, Parts& parts);
void add_root_cause(const Debrief& d, Parts& parts);
void add_measures(const Debrief& d, Parts& parts);
// Timeline bullets with the honest lines (postmortem_timeline.cpp).
void add_timeline(const Debrief& d, Parts& parts);

// Padding blocks, in the order they are used (postmortem_parts.cpp).
void add_padding(Parts& parts);

// Helpers shared by both files.
std::string service_phrase(const ScenarioFacts& facts);       // "the web shop service"
std::string components_phrase(const ScenarioFacts& facts);    // "web-2 and db"; "" if none
std::string expected_fix_phrase(const ScenarioFacts& facts);  // "restart service on web-2"

}  // namespace firedrill::draft
