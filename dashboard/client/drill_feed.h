// DrillFeed: the in-process side of the dashboard's client. On the thread that owns a Drill it
// copies what the drill shows into a SnapshotBuilder — the series and the action catalog once,
// metric rows and log lines as they appear, hosts, alerts and the clock before each publish —
// and carries out the dashboard's commands on the drill, journalling each as the trainee's
// move. It is also the JournalSink the drill writes to: every record goes on to the next sink
// (a journal file, or none) and into the live timeline.
// Thread rules: every call on the Drill's owner thread (before the engine starts, the thread
// that creates the drill; then the engine thread). The builder and next sink must outlive it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dashboard/client/dashboard_client.h"
#include "dashboard/client/drill_console.h"
#include "dashboard/client/snapshot_builder.h"
#include "reporter/journal/journal_sink.h"
#include "sim/observe/metric_series.h"

namespace firedrill {
class Drill;
}

namespace firedrill::dash {

class DrillFeed final : public JournalSink {
 public:
  DrillFeed(SnapshotBuilder& builder, JournalSink* next);
  ~DrillFeed() override;

  JournalStatus append(const JournalRecord& record) override;

  // Once, right after Drill::create: series, catalog, the session's fixed parts.
  void attach(Drill& drill);
  // New metric seconds and log lines since the last call; cheap when there are none.
  void ingest(Drill& drill);
  // Hosts, alerts and the clock, as of now (before publishing).
  void refresh(Drill& drill);
  // Carries out one command (any but ClockCommand, which is the engine's) and records its
  // reply.
  void apply(Drill& drill, RequestId id, const Command& command);
  void reply(RequestId id, std::string what, bool ok, std::string message, SimTime t);

 private:
  void refresh_hosts(Drill& drill);
  void refresh_alerts(Drill& drill);

  SnapshotBuilder& builder_;
  JournalSink* next_;
  std::unique_ptr<DrillConsole> console_;
  std::vector<SeriesId> series_ids_;
  std::vector<float> row_;
  uint64_t log_cursor_ = 0;
};

}  // namespace firedrill::dash
