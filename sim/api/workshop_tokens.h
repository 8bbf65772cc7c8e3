// Bearer tokens for workshop mode: 32 bytes from the operating system's CSPRNG
// (std::random_device reading /dev/urandom) as 64 lower-case hex digits, and a comparison
// whose time does not depend on where two tokens differ. Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace firedrill::api {

// Throws std::runtime_error when the system's random source cannot be opened.
std::string new_token();

// a == b, looking at every byte of both whatever they hold (the time depends on the lengths
// only, and tokens all have the same length).
bool tokens_equal(std::string_view a, std::string_view b);

}  // namespace firedrill::api
