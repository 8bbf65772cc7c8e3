#include "reporter/writer/stack_diagram.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace firedrill {
namespace {

constexpr int kMaxWebShown = 6;

// Mermaid node ids: letters, digits and '_'.
std::string node_id(std::string_view name) {
  std::string id = "n_";
  for (const char c : name) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    id += word ? c : '_';
  }
  return id;
}

// A node label may not hold quotes or brackets.
std::string label(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '"' || c == '[' || c == ']' || c == '(' || c == ')' || c == '{' || c == '}' ||
        c == '|' || c == '<' || c == '>') {
      continue;
    }
    out += c;
  }
  return out;
}

// "web-3" -> 3, anything else -> 0.
int web_number(std::string_view name) {
  if (!name.starts_with("web-")) return 0;
  int n = 0;
  for (const char c : name.substr(4)) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace

std::string stack_diagram(const ScenarioFacts& facts) {
  const std::set<std::string> failing(facts.root_cause_components.begin(),
                                      facts.root_cause_components.end());
  int webs = facts.stack.web_servers;
  for (const std::string& c : failing) webs = std::max(webs, web_number(c));
  if (webs <= 0) webs = 2;

  std::vector<std::string> web_names;
  for (int i = 1; i <= webs; ++i) {
    const std::string name = fmt::format("web-{}", i);
    if (webs <= kMaxWebShown || i == 1 || i == webs || failing.count(name)) {
      web_names.push_back(name);
    }
  }
  std::string out = "```mermaid\nflowchart LR\n";
  out += "  users([Users]) --> n_lb[Load balancer: lb]\n";
  std::set<std::string> drawn = {"lb", "db"};
  for (const std::string& web : web_names) {
    out += fmt::format("  n_lb --> {}[{}]\n", node_id(web), web);
    drawn.insert(web);
  }
  if (static_cast<int>(web_names.size()) < webs) {
    out += fmt::format("  n_lb --> n_web_more[{} more web servers]\n",
                       webs - static_cast<int>(web_names.size()));
  }
  for (const std::string& web : web_names) out += fmt::format("  {} --> n_db\n", node_id(web));
  out += "  n_db[(Database: db)]\n";
  if (facts.stack.replica) {
    out += "  n_db -.->|replication| n_db_replica[(Replica: db-replica)]\n";
    drawn.insert("db-replica");
  }
  if (facts.stack.cache) {
    for (const std::string& web : web_names) {
      out += fmt::format("  {} -.-> n_cache\n", node_id(web));
    }
    out += "  n_cache[(Cache: cache)]\n";
    drawn.insert("cache");
  }
  for (const std::string& c : facts.root_cause_components) {
    if (drawn.count(c)) continue;
    out += fmt::format("  n_lb -.- {}[{}]\n", node_id(c), label(c));
    drawn.insert(c);
  }
  out += "  classDef failing fill:#fde2e2,stroke:#c62828,stroke-width:3px,color:#7f0000\n";
  for (const std::string& c : failing) {
    if (drawn.count(c)) out += fmt::format("  class {} failing\n", node_id(c));
  }
  out += "```\n";
  return out;
}

}  // namespace firedrill
