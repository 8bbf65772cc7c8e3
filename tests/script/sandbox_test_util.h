// Helpers for the sandbox tests: a sandbox whose print() lines are captured, and a runner that
// fails the test with the script's own FILE:LINE message when a snippet errors.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "sim/script/lua_sandbox.h"

namespace firedrill::script::testing {

struct CapturedSandbox {
  std::shared_ptr<std::vector<std::string>> lines = std::make_shared<std::vector<std::string>>();
  std::unique_ptr<LuaSandbox> sandbox;

  explicit CapturedSandbox(LuaSandbox::Options options = {}) {
    auto sink = lines;
    options.print_sink = [sink](std::string_view line) { sink->emplace_back(line); };
    sandbox = std::make_unique<LuaSandbox>(std::move(options));
  }
  LuaSandbox& operator*() { return *sandbox; }
  LuaSandbox* operator->() { return sandbox.get(); }

  // Runs a snippet that must succeed and returns what it printed.
  std::vector<std::string> run(std::string_view code, std::string_view name = "test.lua") {
    lines->clear();
    const auto error = sandbox->run_string(code, name);
    INFO((error ? error->formatted() + "\n" + error->traceback : std::string()));
    REQUIRE_FALSE(error.has_value());
    return *lines;
  }
  // The single line a snippet printed.
  std::string print_of(std::string_view code) {
    const auto printed = run(code);
    REQUIRE(printed.size() == 1);
    return printed.front();
  }
};

}  // namespace firedrill::script::testing
