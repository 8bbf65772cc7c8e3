// ChunkedRing: views share the writer's chunks, stay as they were taken, and the ring drops
// whole chunks from the front once full.
#include <catch2/catch.hpp>

#include <string>

#include "dashboard/client/chunked_ring.h"

using namespace firedrill::dash;

TEST_CASE("chunked ring: a view holds what was appended before it, in order", "[dashboard]") {
  ChunkedRing<int> ring(4, 8);
  for (int i = 0; i < 10; ++i) ring.push_back(i);
  const ChunkedView<int> v = ring.view();
  REQUIRE(v.size() == 10);
  CHECK(v.first_index() == 0);
  CHECK(v.end_index() == 10);
  for (size_t i = 0; i < v.size(); ++i) CHECK(v[i] == static_cast<int>(i));
  CHECK(v.back() == 9);
}

TEST_CASE("chunked ring: appends after a view was taken do not change it", "[dashboard]") {
  ChunkedRing<std::string> ring(3, 4);
  ring.push_back("a");
  ring.push_back("b");
  const ChunkedView<std::string> before = ring.view();
  ring.push_back("c");
  ring.push_back("d");
  CHECK(before.size() == 2);
  CHECK(before.back() == "b");
  CHECK(ring.view().size() == 4);
  CHECK(ring.view().back() == "d");
}

TEST_CASE("chunked ring: when full it drops the oldest chunk and counts it in first_index",
          "[dashboard]") {
  ChunkedRing<int> ring(4, 3);  // holds up to 12
  for (int i = 0; i < 13; ++i) ring.push_back(i);
  const ChunkedView<int> v = ring.view();
  CHECK(v.first_index() == 4);  // one chunk of 4 dropped
  CHECK(v.size() == 9);
  CHECK(v[0] == 4);
  CHECK(v.at_global(12) == 12);
  CHECK(ring.size() <= ring.capacity());
}

TEST_CASE("chunked ring: a view keeps dropped chunks alive", "[dashboard]") {
  ChunkedRing<std::string> ring(2, 2);
  ring.push_back("old-1");
  ring.push_back("old-2");
  const ChunkedView<std::string> old = ring.view();
  for (int i = 0; i < 10; ++i) ring.push_back("new");
  CHECK(old[0] == "old-1");
  CHECK(ring.view().first_index() > 0);
}
