// summarize_timeline: the timeline as the postmortem's bullets — hidden events dropped,
// consecutive commands on one host in one category merged into a single "Investigated web-1
// (cpu, logs) with `top` and 2 more commands" bullet (and a burst of 3 or more such host groups
// in a row into one "Investigated web-1, web-3 and db ..." bullet), everything else one bullet
// each, every
// bullet at most 2 sentences and lint's word limit (the trainee's quoted words are shortened,
// never our framing). Each bullet has a priority so the writer can drop the least important
// first when the draft runs long: 0 = a required point of the format (first detection,
// investigation, hypothesis, misleading path, escalation; impact; resolution), 1 = the
// trainee's own words and later key moves, 2 = further investigation and communication,
// 3 = context. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "reporter/timeline/timeline_event.h"

namespace firedrill {

struct TimelineBullet {
  SimTime t;
  Category category = Category::context;
  std::string markdown;        // what happened (inline Markdown, no time, no leading "- ")
  int priority = 0;            // 0 (keep) .. 3 (drop first)
  std::vector<uint64_t> seqs;  // the records it summarises (empty for derived entries)
  bool hypothesis = false;     // it quotes a trainee hypothesis
  bool edited = false;         // the trainee's own words (reworded or added)
};

std::vector<TimelineBullet> summarize_timeline(const Timeline& timeline);

}  // namespace firedrill
