// FakeClient: a DashboardClient for tests that serves canned snapshots and records every
// command it is sent (nothing is applied). canned_snapshot() is a small drill's worth of
// plausible data — six hosts (one down, one degraded), firing/pending/resolved alerts, half an
// hour of metrics, two thousand log lines, a console exchange, a timeline — built through a
// SnapshotBuilder exactly as the real clients build theirs. Single-threaded.
#pragma once

#include <memory>
#include <utility>
#include <vector>

#include "dashboard/client/dashboard_client.h"

namespace firedrill::dash {

std::shared_ptr<const Snapshot> canned_snapshot();

class FakeClient final : public DashboardClient {
 public:
  explicit FakeClient(std::shared_ptr<const Snapshot> snapshot = canned_snapshot())
      : snapshot_(std::move(snapshot)) {}

  // The snapshot latest() returns from now on.
  void serve(std::shared_ptr<const Snapshot> snapshot) { snapshot_ = std::move(snapshot); }

  const Snapshot& latest() override { return *snapshot_; }
  RequestId send(Command command) override {
    sent_.emplace_back(next_id_, std::move(command));
    return next_id_++;
  }

  const std::vector<std::pair<RequestId, Command>>& sent() const { return sent_; }
  void clear_sent() { sent_.clear(); }

 private:
  std::shared_ptr<const Snapshot> snapshot_;
  std::vector<std::pair<RequestId, Command>> sent_;
  RequestId next_id_ = 1;
};

}  // namespace firedrill::dash
