#include "dashboard/client/http_client.h"

#include <fmt/format.h>
#include <httplib.h>

#include <atomic>
#include <vector>

#include <nlohmann/json.hpp>

#include "dashboard/client/api_json.h"
#include "dashboard/client/journal_summary.h"
#include "dashboard/client/sse_parser.h"
#include "reporter/journal/journal_record.h"

namespace firedrill::dash {

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

void set_timeouts(httplib::Client& c, std::chrono::milliseconds connect,
                  std::chrono::milliseconds read) {
  c.set_connection_timeout(connect.count() / 1000, (connect.count() % 1000) * 1000);
  c.set_read_timeout(read.count() / 1000, (read.count() % 1000) * 1000);
  c.set_write_timeout(connect.count() / 1000, (connect.count() % 1000) * 1000);
}

// One GET's outcome: a JSON body on 2xx, else why not.
struct Fetched {
  bool ok = false;
  bool refused = false;  // 401/403: the token
  json body;
  std::string error;
};

std::string error_of(const httplib::Result& r) {
  if (!r) return httplib::to_string(r.error());
  const json j = json::parse(r->body, nullptr, false);
  const std::string why = j.is_object() && j.contains("error") && j["error"].is_string()
                              ? j["error"].get<std::string>()
                              : r->body.substr(0, 120);
  return fmt::format("HTTP {}: {}", r->status, why);
}

// A time field in µs, or 0 when missing or not a whole number (the answer is not trusted).
SimTime micros_of(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? SimTime::micros(it->get<int64_t>()) : SimTime{};
}

const json& object_or_empty(const json& j, const char* key) {
  static const json kEmpty = json::object();
  const auto it = j.find(key);
  return it != j.end() && it->is_object() ? *it : kEmpty;
}

}  // namespace

std::string http_base_url(const std::string& url) {
  if (url.rfind("http://", 0) != 0) return "";
  std::string base = url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  const std::string suffix = "/api/v1";
  if (base.size() > suffix.size() &&
      base.compare(base.size() - suffix.size(), suffix.size(), suffix) == 0)
    base.resize(base.size() - suffix.size());
  return base;
}

std::string api_base_error(const std::string& api_base) {
  if (api_base.empty() || api_base.front() != '/')
    return fmt::format("the API base path must start with '/', not \"{}\"", api_base);
  for (const char ch : api_base)
    if (ch == '?' || ch == '#' || static_cast<unsigned char>(ch) <= ' ' || ch == 0x7f)
      return fmt::format("the API base path \"{}\" holds a '?', '#', space or control character",
                         api_base);
  return "";
}

std::string rebase_api_path(const std::string& api_base, const std::string& v1_path) {
  constexpr std::string_view kV1 = "/api/v1";
  if (v1_path.compare(0, kV1.size(), kV1) != 0) return v1_path;
  const std::string rest = v1_path.substr(kV1.size());
  if (!rest.empty() && rest.front() != '/' && rest.front() != '?') return v1_path;  // "/api/v10"
  return api_base + rest;
}

namespace {

std::string without_trailing_slashes(std::string path) {
  while (!path.empty() && path.back() == '/') path.pop_back();  // "/" alone: the server's root
  return path;
}

// Why the client cannot ask anything at all ("" when it can).
std::string unusable_because(const HttpClientOptions& o, const std::string& base) {
  if (base.empty()) return "not an http:// URL: " + o.url;
  return api_base_error(o.api_base);
}

}  // namespace

struct HttpClient::Worker {
  explicit Worker(const HttpClientOptions& o)
      : options(o),
        base(http_base_url(o.url)),
        api_base(without_trailing_slashes(o.api_base)),
        // The default base is not worth repeating in every detail; another one is.
        where(api_base == "/api/v1" ? base : base + api_base),
        unusable(unusable_because(o, base)),
        builder(o.limits) {
    ConnectionInfo& c = builder.connection();
    c.state = ConnectionState::connecting;
    c.endpoint = base.empty() ? o.url : where;
    c.received = Clock::now();
    mailbox.post(builder.publish());
    poller = std::thread([this] { run(); });
    if (o.follow_events && unusable.empty()) events = std::thread([this] { follow_events(); });
  }

  ~Worker() {
    {
      std::lock_guard lock(mutex);
      stopping = true;
      // Requests in flight end now, not at their timeout: leaving a watched drill ("Back")
      // or closing the window must not wait for a server that does not answer.
      if (sse_client) sse_client->stop();
      if (poll_client) poll_client->stop();
    }
    wake.notify_all();
    if (poller.joinable()) poller.join();
    if (events.joinable()) events.join();
  }

  // ---- UI thread ----
  void enqueue(RequestId id, Command command) {
    {
      std::lock_guard lock(mutex);
      commands.emplace_back(id, std::move(command));
    }
    wake.notify_all();
  }

  // ---- the poller ----
  httplib::Headers auth() const {
    if (options.token.empty()) return {};
    return {{"Authorization", "Bearer " + options.token}};
  }

  Fetched get(httplib::Client& c, const std::string& path) {
    Fetched f;
    if (is_stopping()) {  // the client is going: no new request that could wait a timeout
      f.error = "the client is closing";
      return f;
    }
    const auto started = Clock::now();
    httplib::Result r = c.Get(rebase_api_path(api_base, path).c_str(), auth());
    slowest = std::max(slowest, Clock::now() - started);
    if (r && r->status >= 200 && r->status < 300) {
      f.body = json::parse(r->body, nullptr, false);
      f.ok = !f.body.is_discarded();
      if (!f.ok) f.error = "the answer is not JSON";
      return f;
    }
    f.refused = r && (r->status == 401 || r->status == 403);
    f.error = error_of(r);
    return f;
  }

  // One round of GETs. False (with `error`) at the first that fails.
  bool poll(httplib::Client& c, std::string* error, bool* refused) {
    auto fetch = [&](const std::string& path, json* out) {
      Fetched f = get(c, path);
      if (!f.ok) {
        *error = f.error;
        *refused = f.refused;
        return false;
      }
      *out = std::move(f.body);
      return true;
    };
    json body;
    if (!fetch("/api/v1/session", &body)) return false;
    on_instance(instance_of(body));
    apply_session(body, builder);
    // The branch is in the clock object (as in each SSE clock event), or beside it.
    // The branch point is not in /session: the new branch stands paused there, so its now is
    // as close as this can tell (a rewind's answer and the stream's branch event tell exactly).
    const uint32_t b = branch_of(object_or_empty(body, "clock"));
    on_branch(b ? b : branch_of(body), builder.session().now);
    if (builder.actions().empty()) {
      if (!fetch("/api/v1/actions/catalog", &body)) return false;
      apply_catalog(body, builder);
    }
    if (!builder.runbooks()) {
      // Fixed for the drill: once. A server without the route (404) is not a lost connection.
      Fetched runbooks = get(c, "/api/v1/runbooks");
      if (runbooks.ok) apply_runbooks(runbooks.body, builder);
    }
    if (!fetch("/api/v1/alerts", &body)) return false;
    apply_alerts(body, builder);
    if (!fetch("/api/v1/topology", &body)) return false;
    apply_topology(body, builder);

    const std::string metrics_path =
        metrics_next < 0 ? std::string("/api/v1/metrics?limit=3600")
                         : fmt::format("/api/v1/metrics?since={}&limit=3600", metrics_next);
    if (!fetch(metrics_path, &body)) return false;
    metrics_next = apply_metrics(body, builder);

    // The debrief runs the reporter over the whole journal: every few seconds is plenty. A
    // failure here is not a lost connection (the drill answered); the last debrief stays.
    if (Clock::now() - debrief_fetched > std::chrono::seconds(3)) {
      debrief_fetched = Clock::now();
      Fetched debrief = get(c, "/api/v1/debrief");
      Fetched postmortem = debrief.ok ? get(c, "/api/v1/postmortem") : Fetched{};
      if (debrief.ok && postmortem.ok)
        builder.debrief() = debrief_of(debrief.body, postmortem.body, builder.session().now);
    }

    // The reporter's timeline (edits applied) and the branches: a failure here (a server
    // without the route answers 404) is not a lost connection either.
    if (timeline_due || Clock::now() - timeline_fetched > std::chrono::seconds(2)) {
      timeline_due = false;
      timeline_fetched = Clock::now();
      Fetched timeline = get(c, "/api/v1/timeline");
      if (timeline.ok) apply_reported_timeline(timeline.body, builder);
    }
    if (branches_due || Clock::now() - branches_fetched > std::chrono::seconds(5)) {
      branches_due = false;
      branches_fetched = Clock::now();
      Fetched branches = get(c, "/api/v1/branches");
      if (branches.ok) apply_branches(branches.body, builder);
    }

    for (int page = 0; page < 16; ++page) {  // at most 32k lines a round: the UI keeps moving
      if (!fetch(fmt::format("/api/v1/logs?since={}&limit=2000", log_cursor), &body)) return false;
      log_cursor = apply_logs(body, log_cursor, builder);
      const auto truncated = body.find("truncated");  // (value() would throw on a non-bool)
      if (truncated == body.end() || !truncated->is_boolean() || !truncated->get<bool>()) break;
    }
    return true;
  }

  void send_commands(httplib::Client& c, bool connected, const std::string& why) {
    std::deque<std::pair<RequestId, Command>> batch;
    {
      std::lock_guard lock(mutex);
      batch.swap(commands);
    }
    for (auto& [id, command] : batch) {
      if (!connected) {
        apply_answer(id, command, 0, "", "connection lost (" + why + ")", builder);
        continue;
      }
      const ApiCall call = api_call_of(command);
      const auto started = Clock::now();
      const std::string path = rebase_api_path(api_base, call.path);
      httplib::Result r = c.Post(path.c_str(), auth(), call.body.dump(), "application/json");
      slowest = std::max(slowest, Clock::now() - started);
      if (!r) {
        apply_answer(id, command, 0, "", httplib::to_string(r.error()), builder);
        continue;
      }
      apply_answer(id, command, r->status, r->body, "", builder);
      if (r->status < 200 || r->status >= 300) continue;
      if (std::holds_alternative<TimelineEditCommand>(command)) timeline_due = true;
      if (std::holds_alternative<RewindCommand>(command)) {
        // The answer names the new branch: forget the old past now, not at the next poll.
        const json answer = json::parse(r->body, nullptr, false);
        if (answer.is_object()) {
          const uint32_t b = branch_of(answer);
          on_branch(b, micros_of(answer, "at_us"));
          if (b) builder.session().branch = b;
        }
        branches_due = true;
      }
    }
  }

  // The branch the server says the drill is on. A new one means its past changed from
  // `branch_point` on: what was received of it (metrics, logs, alerts, the reporter's timeline,
  // the journal's records from then on) is dropped and fetched again from cursor 0. The event
  // stream goes on: journal seqs keep growing across branches, and the server's "branch" event
  // marks where the new branch's records begin (take_events skips the old one's before it).
  void on_branch(uint32_t b, SimTime branch_point) {
    if (b == 0) return;  // a server from before rewinding
    if (branch != 0 && b != branch) {
      builder.clear_history(branch_point);
      metrics_next = 0;
      log_cursor = 0;
      timeline_due = branches_due = true;
      debrief_fetched = {};
    }
    branch = b;
  }

  // The server's session instance: a new one means the server restarted and serves a new
  // drill (perhaps another scenario). Everything received of the old one is dropped, cursors
  // start from 0, and the event stream reconnects from its start (journal seqs start again).
  void on_instance(const std::string& now_serving) {
    if (now_serving.empty()) return;  // a server from before instances
    if (!instance.empty() && now_serving != instance) {
      builder.clear_history();
      builder.forget_series();
      builder.actions().clear();
      builder.runbooks().reset();
      builder.debrief().reset();
      builder.branches().reset();
      metrics_next = -1;
      log_cursor = 0;
      have_journal = false;
      journal_seq = 0;
      branch = stream_branch = 0;
      timeline_due = branches_due = true;
      debrief_fetched = {};
      std::lock_guard lock(mutex);
      received_events.clear();
      last_event_id = 0;
      ++stream_epoch;
      if (sse_client) sse_client->stop();
    }
    instance = now_serving;
  }

  void take_events() {
    std::vector<SseEvent> batch;
    {
      std::lock_guard lock(mutex);
      batch.swap(received_events);
    }
    for (const SseEvent& e : batch) {
      if (e.type == "journal") {
        // Sent before the server's branch event: the old branch's, no longer the drill's past.
        if (stream_branch != 0 && branch != 0 && stream_branch < branch) continue;
        JournalRecord record;
        if (!parse_journal_line(e.data, &record).ok()) continue;
        if (have_journal && record.seq <= journal_seq) continue;  // seen before a reconnect
        have_journal = true;
        journal_seq = record.seq;
        if (is_timeline_record(record)) builder.add_timeline(summarize_record(record));
      } else if (e.type == "clock") {
        const json clock = json::parse(e.data, nullptr, false);
        if (!clock.is_object()) continue;
        const uint32_t b = branch_of(clock);
        if (b) stream_branch = b;
        if (b != 0 && branch != 0 && b < branch) continue;  // the old branch's, still in flight
        on_branch(b, micros_of(clock, "t_us"));  // (the branch event, if missed, said exactly)
        apply_clock(clock, builder.session());
      } else if (e.type == "branch") {  // {"branch", "parent", "at_us", "by"}: a rewind
        const json info = json::parse(e.data, nullptr, false);
        if (!info.is_object() || !branch_of(info)) continue;
        stream_branch = branch_of(info);
        if (stream_branch > branch) on_branch(stream_branch, micros_of(info, "at_us"));
      }
    }
  }

  void run() {
    if (!unusable.empty()) {
      builder.connection().state = ConnectionState::lost;
      builder.connection().detail = unusable;
      publish();
    }
    httplib::Client c(base.empty() ? std::string("http://127.0.0.1:1") : base);
    set_timeouts(c, options.timeout, options.timeout);
    c.set_keep_alive(true);
    {
      std::lock_guard lock(mutex);
      poll_client = &c;
    }
    std::chrono::milliseconds backoff = options.backoff_min;
    while (!is_stopping()) {
      std::string error;
      bool refused = false;
      slowest = {};
      const bool ok = unusable.empty() && poll(c, &error, &refused);
      ConnectionInfo& info = builder.connection();
      if (ok) {
        last_contact = Clock::now();
        ever_connected = true;
        backoff = options.backoff_min;
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(slowest).count();
        if (slowest > options.slow_after) {
          info.state = ConnectionState::slow;
          info.detail = fmt::format("{}: answers take {} ms", where, ms);
        } else {
          info.state = ConnectionState::live;
          info.detail.clear();
        }
      } else if (unusable.empty()) {
        info.state = ConnectionState::lost;
        const std::string contact =
            ever_connected ? fmt::format("last answer {:.0f} s ago", seconds_since(last_contact))
                           : std::string("never answered");
        info.detail = fmt::format("{}{}: {}; {}; retrying in {:.1f} s", where,
                                  refused ? " refused the token" : "", error, contact,
                                  std::chrono::duration<double>(backoff).count());
      }
      take_events();
      send_commands(c, ok, error);
      publish();
      std::unique_lock lock(mutex);
      const auto pause = ok ? options.poll_every : backoff;
      if (!ok) backoff = std::min(options.backoff_max, backoff * 2);
      wake.wait_for(lock, pause, [&] { return stopping || (!commands.empty() && ok); });
    }
    {
      std::lock_guard lock(mutex);
      poll_client = nullptr;
    }
    builder.connection().state = ConnectionState::closed;
    publish();
  }

  void publish() {
    builder.connection().received = Clock::now();
    ++builder.connection().updates;
    mailbox.post(builder.publish());
    published.notify_all();
  }

  bool is_stopping() {
    std::lock_guard lock(mutex);
    return stopping;
  }

  // ---- the event follower ----
  void follow_events() {
    std::chrono::milliseconds backoff = options.backoff_min;
    while (!is_stopping()) {
      auto sse = std::make_shared<httplib::Client>(base);
      // The server sends a heartbeat every 5 s: twice that without a byte means it is gone.
      set_timeouts(*sse, options.timeout, std::chrono::milliseconds(10000));
      {
        std::lock_guard lock(mutex);
        if (stopping) break;
        sse_client = sse;
      }
      SseParser parser;
      bool got_any = false;
      uint64_t epoch = 0;
      std::string path;
      {
        std::lock_guard lock(mutex);
        epoch = stream_epoch;
        path = rebase_api_path(api_base, fmt::format("/api/v1/events?since={}", last_event_id));
      }
      sse->Get(path.c_str(), auth(), [&](const char* data, size_t n) {
        std::vector<SseEvent> done = parser.feed(std::string_view(data, n));
        std::lock_guard lock(mutex);
        if (epoch != stream_epoch) return false;  // the server restarted: not its drill's
        for (SseEvent& e : done) {
          got_any = true;
          if (e.id) last_event_id = e.id;
          received_events.push_back(std::move(e));
        }
        return !stopping;
      });
      {
        std::lock_guard lock(mutex);
        sse_client.reset();
      }
      backoff = got_any ? options.backoff_min : std::min(options.backoff_max, backoff * 2);
      std::unique_lock lock(mutex);
      wake.wait_for(lock, backoff, [&] { return stopping; });
    }
  }

  const HttpClientOptions options;
  const std::string base;      // "http://127.0.0.1:8470"
  const std::string api_base;  // "/api/v1", or "/api/v1/trainees/alice"
  const std::string where;     // what the connection's detail names
  const std::string unusable;  // why nothing can be asked ("" when it can)

  // Poller thread only.
  SnapshotBuilder builder;
  int64_t metrics_next = -1;
  uint64_t log_cursor = 0;
  bool have_journal = false;
  uint64_t journal_seq = 0;
  Clock::duration slowest{};
  Clock::time_point debrief_fetched{};
  Clock::time_point timeline_fetched{};
  Clock::time_point branches_fetched{};
  bool timeline_due = false;  // a timeline edit was made: fetch the timeline at once
  bool branches_due = false;
  uint32_t branch = 0;         // the drill's branch as last seen; 0: not known yet
  uint32_t stream_branch = 0;  // the branch the event stream is on (its clock/branch events)
  std::string instance;        // the server's session instance as last seen ("": not known)
  Clock::time_point last_contact{};
  bool ever_connected = false;

  SnapshotMailbox mailbox;
  std::mutex published_mutex;
  std::condition_variable published;

  // Guarded by mutex.
  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;
  std::deque<std::pair<RequestId, Command>> commands;
  std::vector<SseEvent> received_events;
  uint64_t last_event_id = 0;
  uint64_t stream_epoch = 0;  // bumped when the server restarted: the stream starts over
  std::shared_ptr<httplib::Client> sse_client;
  httplib::Client* poll_client = nullptr;  // run()'s, while it runs

  std::thread poller;
  std::thread events;
};

HttpClient::HttpClient(HttpClientOptions options)
    : options_(std::move(options)), worker_(std::make_unique<Worker>(options_)) {
  current_ = worker_->mailbox.newest();
}

HttpClient::~HttpClient() = default;

const Snapshot& HttpClient::latest() {
  if (auto newest = worker_->mailbox.newest(); newest && newest != current_)
    current_ = std::move(newest);
  return *current_;
}

RequestId HttpClient::send(Command command) {
  const RequestId id = next_id_++;
  worker_->enqueue(id, std::move(command));
  return id;
}

bool HttpClient::wait_for(const std::function<bool(const Snapshot&)>& pred,
                          std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  std::unique_lock lock(worker_->published_mutex);
  while (true) {
    if (pred(latest())) return true;
    if (Clock::now() >= deadline) return false;
    worker_->published.wait_until(lock,
                                  std::min(deadline, Clock::now() + std::chrono::milliseconds(50)));
  }
}

}  // namespace firedrill::dash
