// write_postmortem: the postmortem draft (postmortem.md) in the format of
// ../shared/postmortem-format.md, from a Debrief: Issue Summary with the measured outage,
// Timeline bullets in the scenario's zone, Root cause and resolution with a Mermaid diagram of
// the stack (failing component highlighted), Corrective and preventative measures with a TODO
// list, and a link to outage.svg. The draft is fitted to 400-600 words by dropping optional
// blocks (context bullets first, see postmortem_parts.h) or, when short, adding guidance for
// the responder, and checked with lint_postmortem.
// Pure; the same Debrief gives the same text.
#pragma once

#include <string>

#include "reporter/debrief/debrief.h"
#include "reporter/lint/postmortem_lint.h"

namespace firedrill {

struct PostmortemDraft {
  std::string markdown;
  lint::LintResult lint;  // the linter's verdict on `markdown` (clean() for every journal)
};

PostmortemDraft write_postmortem(const Debrief& debrief);

}  // namespace firedrill
