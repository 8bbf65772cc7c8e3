// glob_match: the one shell-style matcher behind fault targets and alert selectors.
#include <catch2/catch.hpp>

#include <string>

#include "sim/core/glob_match.h"

using firedrill::glob_match;

TEST_CASE("glob: a literal pattern matches only the same name", "[glob]") {
  CHECK(glob_match("web-1", "web-1"));
  CHECK_FALSE(glob_match("web-1", "web-2"));
  CHECK_FALSE(glob_match("web-1", "web-10"));
  CHECK_FALSE(glob_match("Web-1", "web-1"));  // case matters, as in a shell
}

TEST_CASE("glob: '*' matches any run of characters, including none", "[glob]") {
  CHECK(glob_match("web-*", "web-1"));
  CHECK(glob_match("web-*", "web-12"));
  CHECK(glob_match("web-*", "web-"));
  CHECK(glob_match("db*", "db-replica"));
  CHECK(glob_match("*replica", "db-replica"));
  CHECK(glob_match("w*b*2", "web-2"));
  CHECK(glob_match("*", "anything"));
  CHECK(glob_match("**", "lb"));
  CHECK_FALSE(glob_match("web-*", "db"));
  CHECK_FALSE(glob_match("*-2", "web-1"));
}

TEST_CASE("glob: '?' matches exactly one character", "[glob]") {
  CHECK(glob_match("web-?", "web-3"));
  CHECK_FALSE(glob_match("web-?", "web-"));
  CHECK_FALSE(glob_match("web-?", "web-10"));
  CHECK(glob_match("web-??", "web-10"));
  CHECK(glob_match("?b", "lb"));
}

TEST_CASE("glob: empty patterns and names", "[glob]") {
  CHECK(glob_match("", ""));
  CHECK(glob_match("*", ""));
  CHECK_FALSE(glob_match("", "web-1"));
  CHECK_FALSE(glob_match("?", ""));
  CHECK_FALSE(glob_match("web-*", ""));
}

TEST_CASE("glob: the pattern is anchored at both ends of the name", "[glob]") {
  CHECK_FALSE(glob_match("web", "web-1"));      // no implicit trailing '*'
  CHECK_FALSE(glob_match("eb-1", "web-1"));     // no implicit leading '*'
  CHECK_FALSE(glob_match("web-1*x", "web-1"));  // what follows a '*' must be there
  CHECK(glob_match("*eb-1", "web-1"));
  CHECK(glob_match("web*", "web"));
}

TEST_CASE("glob: backtracking after a '*' finds a later match", "[glob]") {
  CHECK(glob_match("*-1", "web-1-1"));
  CHECK(glob_match("a*ab", "aaab"));
  CHECK_FALSE(glob_match("a*ab", "aaba"));
  // Many stars against a long non-matching name stay fast (no exponential blow-up).
  CHECK_FALSE(glob_match("*a*a*a*a*a*a*a*a*b", std::string(200, 'a')));
}
