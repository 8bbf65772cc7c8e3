#include "dashboard/client/workshop_client.h"

#include <fmt/format.h>
#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "dashboard/client/http_client.h"
#include "dashboard/client/workshop_json.h"

namespace firedrill::dash {

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

constexpr size_t kMaxReplies = 32;

void set_timeouts(httplib::Client& c, std::chrono::milliseconds t) {
  const auto s = t.count() / 1000, us = (t.count() % 1000) * 1000;
  c.set_connection_timeout(s, us);
  c.set_read_timeout(s, us);
  c.set_write_timeout(s, us);
}

httplib::Headers auth_headers(const std::string& token) {
  if (token.empty()) return {};
  return {{"Authorization", "Bearer " + token}};
}

// One GET's outcome: a JSON body on 2xx, else the status (0: no answer) and why.
struct Got {
  int status = 0;
  json body;
  std::string error;
  bool ok() const { return status >= 200 && status < 300 && error.empty(); }
};

Got get_json(httplib::Client& c, const std::string& path, const std::string& token) {
  Got g;
  httplib::Result r = c.Get(path.c_str(), auth_headers(token));
  if (!r) {
    g.error = httplib::to_string(r.error());
    return g;
  }
  g.status = r->status;
  g.body = json::parse(r->body, nullptr, false);
  if (g.status < 200 || g.status >= 300) {
    const std::string why =
        g.body.is_object() && g.body.contains("error") && g.body["error"].is_string()
            ? g.body["error"].get<std::string>()
            : r->body.substr(0, 120);
    g.error = fmt::format("HTTP {}: {}", g.status, why);
  } else if (g.body.is_discarded()) {
    g.error = path + ": the answer is not JSON";
  }
  return g;
}

}  // namespace

struct HttpWorkshopClient::Worker {
  explicit Worker(WorkshopClientOptions o)
      : options(std::move(o)), base(http_base_url(options.url)) {
    state.role = options.role;
    state.connection_detail = base.empty() ? "not an http:// URL: " + options.url : base;
    publish();
    thread = std::thread([this] { run(); });
  }

  ~Worker() {
    {
      std::lock_guard lock(mutex);
      stopping = true;
      // A request in flight ends now, not at its timeout (as the drill's HTTP client).
      if (poll_client) poll_client->stop();
    }
    wake.notify_all();
    if (thread.joinable()) thread.join();
  }

  void enqueue(RequestId id, WorkshopCommand c) {
    {
      std::lock_guard lock(mutex);
      commands.emplace_back(id, std::move(c));
    }
    wake.notify_all();
  }

  std::shared_ptr<const WorkshopSnapshot> newest() {
    std::lock_guard lock(mutex);
    return published;
  }

  // ---- the worker thread ----
  Got get(httplib::Client& c, const std::string& path) {
    if (is_stopping()) {  // closing: no new request that could wait a timeout
      Got closing;
      closing.error = "the client is closing";
      return closing;
    }
    const auto started = Clock::now();
    Got g = get_json(c, path, options.token);
    slowest = std::max(slowest, Clock::now() - started);
    return g;
  }

  // One round of GETs into `state`. "" when the workshop answered, else why not.
  std::string poll(httplib::Client& c, bool* refused) {
    Got overview = get(c, "/api/v1/workshop");
    if (overview.status == 404) {  // a solo server: no workshop here
      state.role = WorkshopRole::none;
      return "";
    }
    if (!overview.ok()) {
      *refused = overview.status == 401 || overview.status == 403;
      return overview.error;
    }
    if (std::string e = parse_overview(overview.body, &state); !e.empty()) return e;

    if (state.role == WorkshopRole::instructor) {
      Got progress = get(c, "/api/v1/workshop/progress");
      if (!progress.ok()) return progress.error;
      if (std::string e = parse_progress(progress.body, &state); !e.empty()) return e;
      if (state.review_open) {
        Got reviews = get(c, "/api/v1/workshop/reviews");
        if (!reviews.ok()) return reviews.error;
        if (std::string e = parse_reviews(reviews.body, &state.reviews); !e.empty()) return e;
      }
    } else if (state.review_open) {
      // 404 (joined after the round opened) is an answer, not a lost connection.
      state.review_problem.clear();
      Got mine = get(c, "/api/v1/workshop/review");
      if (mine.ok()) {
        PeerReviewInfo r;
        if (std::string e = parse_review(mine.body, &r); !e.empty()) return e;
        state.my_review = std::move(r);
      } else if (mine.status == 404 || mine.status == 409) {
        state.review_problem = mine.error;
      } else {
        return mine.error;
      }
      Got feedback = get(c, "/api/v1/workshop/feedback");
      if (feedback.ok()) {
        PeerReviewInfo r;
        if (std::string e = parse_review(feedback.body, &r); !e.empty()) return e;
        state.feedback = std::move(r);
      } else if (feedback.status != 404 && feedback.status != 409) {
        return feedback.error;
      }
    }
    if (state.revealed && state.root_cause.empty()) {
      Got rc = get(c, "/api/v1/workshop/root-cause");
      if (rc.ok()) {
        if (std::string e = parse_root_cause(rc.body, &state); !e.empty()) return e;
      }
    }
    return "";
  }

  WorkshopReply export_to(httplib::Client& c, RequestId id, const ExportCommand& e) {
    WorkshopReply r{id, describe(e), false, ""};
    httplib::Result res = c.Get("/api/v1/workshop/export", auth_headers(options.token));
    if (!res || res->status != 200) {
      const std::string body = res ? res->body : std::string();
      return workshop_reply_of(id, e, res ? res->status : 0, body,
                               res ? std::string() : httplib::to_string(res.error()));
    }
    std::error_code ec;
    const std::filesystem::path path = std::filesystem::absolute(e.path, ec);
    const std::string shown = ec ? e.path : path.string();
    std::ofstream out(shown, std::ios::binary | std::ios::trunc);
    out.write(res->body.data(), static_cast<std::streamsize>(res->body.size()));
    out.close();
    if (!out) {
      r.message = fmt::format("cannot write {}", shown);
      return r;
    }
    r.ok = true;
    r.message = fmt::format("saved {} ({} bytes)", shown, res->body.size());
    return r;
  }

  void send_commands(httplib::Client& c, bool connected, const std::string& why) {
    std::deque<std::pair<RequestId, WorkshopCommand>> batch;
    {
      std::lock_guard lock(mutex);
      batch.swap(commands);
    }
    for (auto& [id, command] : batch) {
      WorkshopReply reply;
      if (!connected) {
        reply = {id, describe(command), false, "connection lost (" + why + ")"};
      } else if (const auto* e = std::get_if<ExportCommand>(&command)) {
        reply = export_to(c, id, *e);
      } else {
        const WorkshopCall call = workshop_call_of(command);
        httplib::Result r = c.Post(call.path.c_str(), auth_headers(options.token), call.body.dump(),
                                   "application/json");
        reply = r ? workshop_reply_of(id, command, r->status, r->body, "")
                  : workshop_reply_of(id, command, 0, "", httplib::to_string(r.error()));
        // What the command changed shows in the next round at once, not a second later.
        if (r && r->status < 300) refresh_now = true;
      }
      state.replies.push_back(std::move(reply));
      if (state.replies.size() > kMaxReplies) state.replies.erase(state.replies.begin());
    }
  }

  void run() {
    httplib::Client c(base.empty() ? std::string("http://127.0.0.1:1") : base);
    set_timeouts(c, options.timeout);
    c.set_keep_alive(true);
    {
      std::lock_guard lock(mutex);
      poll_client = &c;
    }
    auto backoff = options.backoff_min;
    Clock::time_point last_contact{};
    bool ever = false;
    while (!is_stopping()) {
      slowest = {};
      bool refused = false;
      const std::string error = base.empty() ? state.connection_detail : poll(c, &refused);
      const bool ok = error.empty();
      if (ok) {
        ever = true;
        last_contact = Clock::now();
        backoff = options.backoff_min;
        const bool slow = slowest > options.slow_after;
        state.connection = slow ? ConnectionState::slow : ConnectionState::live;
        state.connection_detail =
            slow ? fmt::format(
                       "{}: answers take {} ms", base,
                       std::chrono::duration_cast<std::chrono::milliseconds>(slowest).count())
                 : base;
      } else {
        state.connection = ConnectionState::lost;
        const std::string contact =
            ever ? fmt::format("last answer {:.0f} s ago",
                               std::chrono::duration<double>(Clock::now() - last_contact).count())
                 : std::string("never answered");
        state.connection_detail = fmt::format("{}{}: {}; {}; retrying in {:.1f} s", base,
                                              refused ? " refused the token" : "", error, contact,
                                              std::chrono::duration<double>(backoff).count());
      }
      refresh_now = false;
      send_commands(c, ok, error);
      publish();
      std::unique_lock lock(mutex);
      const auto pause = refresh_now ? std::chrono::milliseconds(0)
                         : ok        ? options.poll_every
                                     : backoff;
      if (!ok) backoff = std::min(options.backoff_max, backoff * 2);
      wake.wait_for(lock, pause, [&] { return stopping || (!commands.empty() && ok); });
    }
    {
      std::lock_guard lock(mutex);
      poll_client = nullptr;
    }
    state.connection = ConnectionState::closed;
    publish();
  }

  void publish() {
    ++state.version;
    auto copy = std::make_shared<const WorkshopSnapshot>(state);
    {
      std::lock_guard lock(mutex);
      published = std::move(copy);
    }
    published_cv.notify_all();
  }

  bool is_stopping() {
    std::lock_guard lock(mutex);
    return stopping;
  }

  const WorkshopClientOptions options;
  const std::string base;

  // Worker thread only.
  WorkshopSnapshot state;
  Clock::duration slowest{};
  bool refresh_now = false;

  // Guarded by mutex.
  std::mutex mutex;
  std::condition_variable wake;
  std::condition_variable published_cv;
  bool stopping = false;
  httplib::Client* poll_client = nullptr;  // run()'s, while it runs
  std::deque<std::pair<RequestId, WorkshopCommand>> commands;
  std::shared_ptr<const WorkshopSnapshot> published;

  std::thread thread;
};

HttpWorkshopClient::HttpWorkshopClient(WorkshopClientOptions options)
    : worker_(std::make_unique<Worker>(std::move(options))) {
  current_ = worker_->newest();
}

HttpWorkshopClient::~HttpWorkshopClient() = default;

const WorkshopSnapshot& HttpWorkshopClient::latest() {
  if (auto newest = worker_->newest(); newest && newest != current_) current_ = std::move(newest);
  return *current_;
}

RequestId HttpWorkshopClient::send(WorkshopCommand command) {
  const RequestId id = next_id_++;
  worker_->enqueue(id, std::move(command));
  return id;
}

bool HttpWorkshopClient::wait_for(const std::function<bool(const WorkshopSnapshot&)>& pred,
                                  std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (true) {
    if (pred(latest())) return true;
    if (Clock::now() >= deadline) return false;
    std::unique_lock lock(worker_->mutex);
    worker_->published_cv.wait_until(
        lock, std::min(deadline, Clock::now() + std::chrono::milliseconds(50)));
  }
}

WorkshopRole probe_workshop_role(const std::string& url, const std::string& token,
                                 std::chrono::milliseconds timeout, std::string* error) {
  const std::string base = http_base_url(url);
  if (base.empty()) {
    *error = "not an http:// URL: " + url;
    return WorkshopRole::unknown;
  }
  httplib::Client c(base);
  set_timeouts(c, timeout);
  Got g = get_json(c, "/api/v1/workshop", token);
  if (g.status == 404) return WorkshopRole::none;
  if (!g.ok()) {
    *error = g.status == 401 || g.status == 403 ? "the server refused the token (" + g.error + ")"
                                                : g.error;
    return WorkshopRole::unknown;
  }
  WorkshopSnapshot s;
  if (std::string e = parse_overview(g.body, &s); !e.empty()) {
    *error = e;
    return WorkshopRole::unknown;
  }
  return s.role;
}

}  // namespace firedrill::dash
