#include "reporter/writer/stack_diagram.h"

#include <catch2/catch.hpp>

namespace firedrill {
namespace {

ScenarioFacts facts(int webs, std::vector<std::string> failing, bool replica, bool cache) {
  ScenarioFacts f;
  f.stack = {webs, replica, cache};
  f.root_cause_components = std::move(failing);
  return f;
}

TEST_CASE("stack diagram: draws users, load balancer, web servers and database", "[diagram]") {
  const std::string d = stack_diagram(facts(2, {"web-2"}, false, false));
  CHECK(d ==
        "```mermaid\n"
        "flowchart LR\n"
        "  users([Users]) --> n_lb[Load balancer: lb]\n"
        "  n_lb --> n_web_1[web-1]\n"
        "  n_lb --> n_web_2[web-2]\n"
        "  n_web_1 --> n_db\n"
        "  n_web_2 --> n_db\n"
        "  n_db[(Database: db)]\n"
        "  classDef failing fill:#fde2e2,stroke:#c62828,stroke-width:3px,color:#7f0000\n"
        "  class n_web_2 failing\n"
        "```\n");
}

TEST_CASE("stack diagram: replica and cache appear when the stack has them", "[diagram]") {
  const std::string d = stack_diagram(facts(1, {"db-replica"}, true, true));
  CHECK(d.find("n_db -.->|replication| n_db_replica[(Replica: db-replica)]") != std::string::npos);
  CHECK(d.find("n_cache[(Cache: cache)]") != std::string::npos);
  CHECK(d.find("class n_db_replica failing") != std::string::npos);
}

TEST_CASE("stack diagram: many web servers are folded, the failing ones kept", "[diagram]") {
  const std::string d = stack_diagram(facts(20, {"web-7"}, false, false));
  CHECK(d.find("n_web_7[web-7]") != std::string::npos);
  CHECK(d.find("n_web_more[17 more web servers]") != std::string::npos);
  CHECK(d.find("n_web_3[") == std::string::npos);
}

TEST_CASE("stack diagram: a component outside the stack gets its own highlighted node",
          "[diagram]") {
  const std::string d = stack_diagram(facts(2, {"dns"}, false, false));
  CHECK(d.find("n_lb -.- n_dns[dns]") != std::string::npos);
  CHECK(d.find("class n_dns failing") != std::string::npos);
}

}  // namespace
}  // namespace firedrill
