#include "dashboard/client/workshop_snapshot.h"
#include "dashboard/client/overloaded.h"

#include <fmt/format.h>

#include <sstream>

namespace firedrill::dash {

namespace {

std::string who(const std::string& trainee) {
  return trainee.empty() || trainee == "*" ? std::string("all trainees") : trainee;
}

}  // namespace

const char* workshop_role_name(WorkshopRole r) {
  switch (r) {
    case WorkshopRole::instructor:
      return "instructor";
    case WorkshopRole::trainee:
      return "trainee";
    case WorkshopRole::none:
      return "none";
    case WorkshopRole::unknown:
      break;
  }
  return "unknown";
}

const WorkshopReply* WorkshopSnapshot::reply(RequestId id) const {
  for (const WorkshopReply& r : replies)
    if (r.id == id) return &r;
  return nullptr;
}

const TraineeProgress* WorkshopSnapshot::trainee(const std::string& n) const {
  for (const TraineeProgress& p : progress)
    if (p.name == n) return &p;
  return nullptr;
}

std::string parse_params_text(const std::string& text, std::map<std::string, std::string>* out) {
  std::map<std::string, std::string> params;
  std::istringstream in(text);
  std::string word;
  while (in >> word) {
    const size_t eq = word.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == word.size())
      return fmt::format("params: \"{}\" is not NAME=VALUE", word);
    params[word.substr(0, eq)] = word.substr(eq + 1);
  }
  *out = std::move(params);
  return "";
}

std::string describe(const WorkshopCommand& c) {
  return std::visit(
      Overloaded{
          [](const InjectCommand& i) {
            const std::string what = !i.fault.empty() ? i.fault : i.kind;
            std::string targets;
            for (const std::string& t : i.targets) targets += (targets.empty() ? " on " : ",") + t;
            return fmt::format("inject {}{} into {}", what, targets, who(i.trainee));
          },
          [](const WorkshopClockCommand& k) {
            switch (k.op) {
              case WorkshopClockCommand::Op::pause:
                return fmt::format("pause {}", who(k.trainee));
              case WorkshopClockCommand::Op::resume:
                return fmt::format("resume {}", who(k.trainee));
              case WorkshopClockCommand::Op::set_speed:
                break;
            }
            return fmt::format("speed {:g}x for {}", k.speed, who(k.trainee));
          },
          [](const RevealCommand&) { return std::string("reveal the root cause"); },
          [](const ReviewRoundCommand&) { return std::string("open the review round"); },
          [](const ExportCommand& e) { return fmt::format("export to {}", e.path); },
          [](const SaveReviewCommand& s) {
            size_t met = 0;
            for (const auto& [rule, ok] : s.rubric) met += ok ? 1 : 0;
            return fmt::format("save review ({} of {} met)", met, s.rubric.size());
          },
      },
      c);
}

}  // namespace firedrill::dash
