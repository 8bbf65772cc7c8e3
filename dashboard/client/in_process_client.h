// InProcessClient: the solo mode's DashboardClient — it owns a LiveEngine running a Drill in
// this process. After each engine slice a DrillFeed copies the new metric seconds and log lines
// into a SnapshotBuilder, and at most `publish_hz` times a second (at once after a command) it
// publishes a Snapshot to a mailbox; latest() picks the newest one up under a short lock.
// Commands are posted to the engine thread and applied between slices; clock commands go to
// the engine's pacing. Panels cannot tell it from the HTTP client.
// Thread rules: latest(), send() and sync() from one UI thread; everything else happens on the
// engine thread. Destroying the client stops the engine and closes the journal.
#pragma once

#include <atomic>
#include <future>
#include <memory>
#include <string>

#include "dashboard/client/dashboard_client.h"
#include "dashboard/client/drill_feed.h"
#include "dashboard/client/snapshot_builder.h"
#include "reporter/journal/journal_file_writer.h"
#include "sim/engine/drill.h"
#include "sim/engine/live_engine.h"

namespace firedrill::dash {

struct InProcessOptions {
  DrillSpec spec;
  double speed = 1.0;  // 0: as fast as possible
  SimTime prerun;      // simulated before the window opens (runs on the caller's thread)
  bool start_paused = false;
  std::string journal_path;  // "" for none
  SnapshotLimits limits;
  double publish_hz = 20;
};

class InProcessClient final : public DashboardClient {
 public:
  // Builds the drill, runs the prerun and starts the engine. On error returns null and says
  // why in `error` (a bad spec, a journal that cannot be opened).
  static std::unique_ptr<InProcessClient> start(const InProcessOptions& options,
                                                std::string* error);
  ~InProcessClient() override;

  const Snapshot& latest() override;
  RequestId send(Command command) override;

  // Ready once every command sent so far has been applied and a snapshot showing it was
  // published (tests and tools; the UI never waits on it).
  std::future<void> sync();
  // Stops the engine (joins its thread) and closes the journal; latest() keeps working.
  void stop();

 private:
  explicit InProcessClient(const InProcessOptions& options);
  void on_slice(Drill& drill);
  void publish(Drill& drill);

  InProcessOptions options_;
  SnapshotBuilder builder_;
  std::unique_ptr<JournalFileWriter> journal_file_;
  std::unique_ptr<DrillFeed> feed_;  // the drill's journal sink: outlives the engine
  std::unique_ptr<LiveEngine> engine_;
  SnapshotMailbox mailbox_;
  std::shared_ptr<const Snapshot> current_;
  RequestId next_id_ = 1;

  // Engine thread only.
  std::chrono::steady_clock::time_point last_publish_{};
  bool dirty_ = true;
};

}  // namespace firedrill::dash
