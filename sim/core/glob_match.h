// glob_match: shell-style matching of a name against a pattern, as fault targets ("web-*"),
// alert selectors ("web-*.healthy") and scenario host filters use it. '*' matches any run of
// characters (also none), '?' exactly one; every other character matches itself (no classes,
// no escapes). The whole name must match: "web" does not match "web-1". Pure, allocation-free.
#pragma once

#include <string_view>

namespace firedrill {

bool glob_match(std::string_view pattern, std::string_view name);

}  // namespace firedrill
