#include "reporter/writer/postmortem_draft.h"

#include <fmt/format.h>

#include <algorithm>

#include "reporter/lint/rule_catalog.h"
#include "reporter/timeline/markdown_text.h"
#include "reporter/writer/draft_format.h"
#include "reporter/writer/postmortem_parts.h"

namespace firedrill {
namespace {

using draft::Block;
using draft::Bullet;
using draft::kRequired;
using draft::Parts;

constexpr std::string_view kImage =
    "![Error rate and p99 latency over the incident, with detection, escalation, mitigation and "
    "resolution marked](outage.svg)";

std::string heading_text(std::string title) {
  while (!title.empty() && std::string_view(".,;:!? ").find(title.back()) != std::string::npos) {
    title.pop_back();
  }
  return md_escape(title);
}

void render_blocks(const std::vector<Block>& blocks, std::string& out) {
  for (const Block& b : blocks) {
    if (b.markdown.empty()) continue;
    out += b.markdown;
    if (out.back() != '\n') out += '\n';
    out += '\n';
  }
}

std::string render(const Parts& p, const ScenarioClock& clock, SimTime day) {
  std::string out = "# Postmortem: " + p.title + "\n\n" + std::string(kImage) + "\n\n";
  out += "## Issue Summary\n\n";
  for (const Block& b : p.summary) {
    if (!b.markdown.empty()) out += b.markdown + "\n";
  }
  out += "\n## Timeline\n\n";
  for (const Bullet& b : p.timeline) {
    if (!b.markdown.empty()) {
      out += fmt::format("- {} - {}\n", bullet_time(clock, b.t, day), b.markdown);
    }
  }
  out += "\n## Root cause and resolution\n\n";
  render_blocks(p.root_cause, out);
  out += "## Corrective and preventative measures\n\n";
  render_blocks(p.measures, out);
  for (const std::string& task : p.tasks) out += "- " + task + "\n";
  out += "\n";
  render_blocks(p.closing, out);
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') {
    out.pop_back();
  }
  return out;
}

// Something the fitting may drop: a block or bullet, cleared when dropped.
struct Droppable {
  int rank;
  SimTime t;  // later bullets go first
  std::string* markdown;
  int words;  // what dropping it saves, counted as the linter counts
};

std::vector<Droppable> droppables(Parts& p, const ScenarioClock& clock, SimTime day) {
  std::vector<Droppable> out;
  auto add_blocks = [&](std::vector<Block>& blocks) {
    for (Block& b : blocks) {
      if (b.drop_rank != kRequired) {
        out.push_back({b.drop_rank, SimTime{}, &b.markdown, md_words(b.markdown)});
      }
    }
  };
  add_blocks(p.summary);
  add_blocks(p.root_cause);
  add_blocks(p.measures);
  add_blocks(p.closing);
  for (Bullet& b : p.timeline) {
    if (b.drop_rank != kRequired) {
      const std::string line = fmt::format("{} - {}", bullet_time(clock, b.t, day), b.markdown);
      out.push_back({b.drop_rank, b.t, &b.markdown, md_words(line)});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Droppable& a, const Droppable& b) {
    return a.rank != b.rank ? a.rank < b.rank : a.t > b.t;
  });
  return out;
}

}  // namespace

PostmortemDraft write_postmortem(const Debrief& debrief) {
  Parts parts;
  parts.title = heading_text(debrief.facts.title);
  draft::add_summary(debrief, parts);
  draft::add_timeline(debrief, parts);
  draft::add_root_cause(debrief, parts);
  draft::add_measures(debrief, parts);
  draft::add_padding(parts);

  const ScenarioClock& clock = debrief.facts.clock();
  const SimTime day =
      debrief.outage ? debrief.outage->start : debrief.figures.impact_start.value_or(SimTime{});
  PostmortemDraft draft;
  draft.markdown = render(parts, clock, day);
  draft.lint = lint::lint_postmortem(draft.markdown);
  auto update = [&] {
    draft.markdown = render(parts, clock, day);
    draft.lint = lint::lint_postmortem(draft.markdown);
  };
  // Drop by the estimate first (one lint pass for the lot), then one at a time if needed.
  const std::vector<Droppable> drops = droppables(parts, clock, day);
  std::size_t next = 0;
  for (int words = draft.lint.words; next < drops.size() && words > lint::kMaxWords; ++next) {
    words -= drops[next].words;
    drops[next].markdown->clear();
  }
  if (next > 0) update();
  for (; next < drops.size() && draft.lint.words > lint::kMaxWords; ++next) {
    drops[next].markdown->clear();
    update();
  }
  for (std::vector<Block>* blocks : {&parts.root_cause, &parts.measures}) {
    for (Block& b : *blocks) {
      if (draft.lint.words >= lint::kMinWords) return draft;
      if (b.padding.empty()) continue;
      b.markdown = b.padding;
      update();
    }
  }
  return draft;
}

}  // namespace firedrill
