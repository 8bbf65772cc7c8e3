#include "reporter/timeline/timeline_event.h"

#include <array>
#include <utility>

namespace firedrill {
namespace {

constexpr std::array<std::pair<Category, std::string_view>, 9> kNames = {{
    {Category::detection, "detection"},
    {Category::investigation, "investigation"},
    {Category::misleading, "misleading"},
    {Category::escalation, "escalation"},
    {Category::mitigation, "mitigation"},
    {Category::resolution, "resolution"},
    {Category::communication, "communication"},
    {Category::impact, "impact"},
    {Category::context, "context"},
}};

}  // namespace

std::string_view category_name(Category c) {
  for (const auto& [category, name] : kNames) {
    if (category == c) return name;
  }
  return "context";
}

std::optional<Category> category_from_name(std::string_view name) {
  for (const auto& [category, n] : kNames) {
    if (n == name) return category;
  }
  return std::nullopt;
}

std::string_view detection_how_name(DetectionHow how) {
  switch (how) {
    case DetectionHow::alert:
      return "alert";
    case DetectionHow::report:
      return "report";
    case DetectionHow::engineer:
      return "engineer";
  }
  return "alert";
}

}  // namespace firedrill
