// SnapshotBuilder: where a client accumulates what it receives — set the small parts (session,
// hosts, alerts) in place, append the long ones (metric rows, log lines, console exchanges,
// timeline records, replies) — and publish() an immutable Snapshot of it all. The long parts
// are bounded ChunkedRings, so publishing copies chunk pointers, not lines.
// SnapshotMailbox hands published snapshots from the feeding thread to the UI thread.
// Thread rules: a builder is used by one thread (the engine thread, or an HTTP client's
// worker); snapshots it published may be read anywhere once handed over by a mailbox.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "dashboard/client/snapshot.h"

namespace firedrill::dash {

struct SnapshotLimits {
  size_t log_chunk = 1024;
  size_t log_chunks = 128;        // 131,072 lines
  int64_t metric_seconds = 7200;  // two hours of every series
  size_t timeline_records = 16384;
  size_t console_entries = 512;
  size_t replies = 64;
};

class SnapshotBuilder {
 public:
  explicit SnapshotBuilder(SnapshotLimits limits = {});
  SnapshotBuilder(const SnapshotBuilder&) = delete;
  SnapshotBuilder& operator=(const SnapshotBuilder&) = delete;

  // The small parts, edited in place; publish() copies them.
  SessionInfo& session() { return session_; }
  ConnectionInfo& connection() { return connection_; }
  std::vector<HostInfo>& hosts() { return hosts_; }
  std::vector<AlertInfo>& alerts() { return alerts_; }
  std::vector<ActionSpec>& actions() { return actions_; }
  std::vector<std::string>& teams() { return teams_; }
  std::shared_ptr<const DebriefInfo>& debrief() { return debrief_; }
  std::shared_ptr<const std::vector<RunbookInfo>>& runbooks() { return runbooks_; }
  std::shared_ptr<const std::vector<ReportedEntry>>& reported_timeline() { return reported_; }
  std::shared_ptr<const std::vector<BranchInfo>>& branches() { return branches_; }

  // Metrics. set_series once, before the first row; rows then come in second order (a gap
  // is filled with NaN rows, which charts leave blank). REQUIRES: values has series_count()
  // floats.
  void set_series(std::vector<SeriesMeta> series);
  // No series and no rows: the next metrics answer sets them afresh (a restarted server may
  // serve a drill with other hosts).
  void forget_series();
  size_t series_count() const { return series_ ? series_->size() : 0; }
  void add_metric_row(int64_t second, const float* values);
  // One past the newest second held (or the first expected one before any row).
  int64_t metrics_end_second() const { return metrics_end_; }

  // Logs: files are numbered once and for all in the order they are first seen.
  uint32_t log_file_index(std::string_view host, std::string_view path);
  void add_log_line(LogLineInfo line) { logs_.push_back(std::move(line)); }
  void note_dropped_log_lines(uint64_t n) { log_dropped_ += n; }
  size_t log_lines_held() const { return logs_.size(); }

  void add_console(ConsoleEntry entry) { console_.push_back(std::move(entry)); }
  void add_timeline(TimelineEntry entry) { timeline_.push_back(std::move(entry)); }
  void add_reply(CommandReply reply);

  // The drill's past changed (a rewind made a new branch at `branch_point`): forgets the metric
  // rows, log lines, alerts and the reporter's timeline received, to be fetched again, and the
  // journal timeline's records from `branch_point` on (the ones before it are the new branch's
  // too). Global indices of the rings go on from where they were, so a panel's cached indices
  // fall out of range rather than point at other items. Console exchanges and replies stay:
  // they are what the trainee did in this window.
  void clear_history(SimTime branch_point = SimTime{});

  // A new immutable snapshot of everything so far, with the next version number.
  std::shared_ptr<const Snapshot> publish();

 private:
  SnapshotLimits limits_;
  uint64_t version_ = 0;
  SessionInfo session_;
  ConnectionInfo connection_;
  std::vector<HostInfo> hosts_;
  std::vector<AlertInfo> alerts_;
  std::vector<ActionSpec> actions_;
  std::vector<std::string> teams_;
  std::shared_ptr<const DebriefInfo> debrief_;
  std::shared_ptr<const std::vector<RunbookInfo>> runbooks_;
  std::shared_ptr<const std::vector<ReportedEntry>> reported_;
  std::shared_ptr<const std::vector<BranchInfo>> branches_;

  std::shared_ptr<const std::vector<SeriesMeta>> series_;
  std::unique_ptr<ChunkedRing<float>> metric_values_;
  int64_t metrics_base_ = 0;
  int64_t metrics_end_ = 0;
  bool have_rows_ = false;

  std::shared_ptr<const std::vector<LogFile>> log_files_;
  ChunkedRing<LogLineInfo> logs_;
  uint64_t log_dropped_ = 0;
  ChunkedRing<ConsoleEntry> console_;
  ChunkedRing<TimelineEntry> timeline_;
  std::vector<CommandReply> replies_;
};

// One slot holding the newest snapshot; post() from the feeding thread, newest() from the UI.
class SnapshotMailbox {
 public:
  void post(std::shared_ptr<const Snapshot> snapshot) {
    std::lock_guard lock(mutex_);
    newest_ = std::move(snapshot);
  }
  std::shared_ptr<const Snapshot> newest() const {
    std::lock_guard lock(mutex_);
    return newest_;
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const Snapshot> newest_;
};

}  // namespace firedrill::dash
