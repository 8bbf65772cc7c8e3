// FakeWorkshopClient: a WorkshopClient for tests that serves the snapshot it is given and
// records every command it is sent (nothing is applied, no reply comes unless the test
// serves one). Single-threaded.
#pragma once

#include <utility>
#include <vector>

#include "dashboard/client/workshop_snapshot.h"

namespace firedrill::dash {

class FakeWorkshopClient final : public WorkshopClient {
 public:
  explicit FakeWorkshopClient(WorkshopSnapshot snapshot = {}) : snapshot_(std::move(snapshot)) {}

  // The snapshot latest() returns from now on.
  void serve(WorkshopSnapshot snapshot) { snapshot_ = std::move(snapshot); }
  WorkshopSnapshot& snapshot() { return snapshot_; }

  const WorkshopSnapshot& latest() override { return snapshot_; }
  RequestId send(WorkshopCommand command) override {
    sent_.emplace_back(next_id_, std::move(command));
    return next_id_++;
  }

  const std::vector<std::pair<RequestId, WorkshopCommand>>& sent() const { return sent_; }
  void clear_sent() { sent_.clear(); }

 private:
  WorkshopSnapshot snapshot_;
  std::vector<std::pair<RequestId, WorkshopCommand>> sent_;
  RequestId next_id_ = 1;
};

}  // namespace firedrill::dash
