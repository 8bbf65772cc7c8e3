// NetworkLinks: the state of the network between two components (by name): partitioned or
// not. Symmetric. Checking costs nothing while no link is impaired, which is the common case
// on the model's hot path.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace firedrill {

class NetworkLinks {
 public:
  void set_partitioned(std::string_view a, std::string_view b, bool partitioned) {
    auto key = ordered(a, b);
    if (partitioned) {
      partitions_.insert(std::move(key));
    } else {
      partitions_.erase(key);
    }
  }
  bool partitioned(std::string_view a, std::string_view b) const {
    return !partitions_.empty() && partitions_.count(ordered(a, b)) > 0;
  }
  bool any() const { return !partitions_.empty(); }

 private:
  static std::pair<std::string, std::string> ordered(std::string_view a, std::string_view b) {
    return a < b ? std::pair{std::string(a), std::string(b)}
                 : std::pair{std::string(b), std::string(a)};
  }
  std::set<std::pair<std::string, std::string>> partitions_;
};

}  // namespace firedrill
