#include "sim/api/alert_webhook.h"

#include <httplib.h>

#include <cinttypes>
#include <cstdio>
#include <ctime>

namespace firedrill::api {

std::string rfc3339_utc(int64_t unix_us) {
  int64_t secs = unix_us / 1'000'000;
  int64_t frac_us = unix_us % 1'000'000;
  if (frac_us < 0) {
    frac_us += 1'000'000;
    --secs;
  }
  const auto t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[48];
  const size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out(buf, n);
  if (frac_us != 0) {
    std::snprintf(buf, sizeof buf, ".%03d", static_cast<int>(frac_us / 1000));
    out += buf;
  }
  return out + "Z";
}

std::string label_fingerprint(const std::map<std::string, std::string>& labels) {
  uint64_t h = 14695981039346656037ULL;  // FNV-1a 64 offset basis
  auto mix = [&h](unsigned char c) {
    h ^= c;
    h *= 1099511628211ULL;
  };
  for (const auto& [name, value] : labels) {  // std::map: sorted by name
    for (unsigned char c : name) mix(c);
    mix(0xff);
    for (unsigned char c : value) mix(c);
    mix(0xff);
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016" PRIx64, h);
  return buf;
}

namespace {

std::map<std::string, std::string> alert_labels(const AlertTransition& t) {
  std::map<std::string, std::string> labels = t.labels;
  labels.emplace("alertname", t.rule);
  if (!t.component.empty()) labels.emplace("component", t.component);
  labels.emplace("severity", to_string(t.severity));
  return labels;
}

nlohmann::json annotations(const AlertTransition& t) {
  nlohmann::json a = nlohmann::json::object();
  if (!t.summary.empty()) a["summary"] = t.summary;
  if (!t.description.empty()) a["description"] = t.description;
  if (!t.runbook_url.empty()) a["runbook_url"] = t.runbook_url;
  return a;
}

std::string escape_label_value(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::optional<nlohmann::json> AlertPayloadBuilder::on_transition(const AlertTransition& t) {
  const bool firing = t.to == AlertState::firing && t.from != AlertState::firing;
  const bool resolved = t.from == AlertState::firing && t.to != AlertState::firing;
  if (!firing && !resolved) return std::nullopt;

  const std::map<std::string, std::string> labels = alert_labels(t);
  const std::string fingerprint = label_fingerprint(labels);
  SimTime starts = t.at;
  if (firing) {
    firing_since_[fingerprint] = t.at;
  } else if (auto it = firing_since_.find(fingerprint); it != firing_since_.end()) {
    starts = it->second;
    firing_since_.erase(it);
  }
  const std::string status = firing ? "firing" : "resolved";
  const nlohmann::json label_json(labels);
  const nlohmann::json annotation_json = annotations(t);
  const int64_t start_us = options_.start_unix_us;
  nlohmann::json alert = {
      {"status", status},
      {"labels", label_json},
      {"annotations", annotation_json},
      {"startsAt", rfc3339_utc(start_us + starts.us())},
      // Alertmanager's zero time while an alert fires.
      {"endsAt", firing ? "0001-01-01T00:00:00Z" : rfc3339_utc(start_us + t.at.us())},
      {"generatorURL", options_.external_url + "/api/v1/alerts"},
      {"fingerprint", fingerprint}};
  return nlohmann::json{{"version", "4"},
                        {"receiver", options_.receiver},
                        {"status", status},
                        {"alerts", nlohmann::json::array({std::move(alert)})},
                        {"groupLabels", {{"alertname", t.rule}}},
                        {"commonLabels", label_json},
                        {"commonAnnotations", annotation_json},
                        {"externalURL", options_.external_url},
                        {"groupKey", "{}:{alertname=\"" + escape_label_value(t.rule) + "\"}"},
                        {"truncatedAlerts", 0}};
}

std::optional<ParsedUrl> parse_webhook_url(const std::string& url, std::string* error) {
  auto bad = [&](const std::string& why) -> std::optional<ParsedUrl> {
    *error = "bad webhook URL \"" + url + "\": " + why;
    return std::nullopt;
  };
  const std::string scheme = "http://";
  if (url.rfind("https://", 0) == 0) return bad("https is not supported, use http://");
  if (url.rfind(scheme, 0) != 0) return bad("expected http://HOST[:PORT][/PATH]");
  const std::string rest = url.substr(scheme.size());
  const size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  ParsedUrl out;
  out.path = slash == std::string::npos ? "/" : rest.substr(slash);
  if (authority.empty()) return bad("no host");
  size_t colon = std::string::npos;
  if (authority.front() == '[') {  // [::1]:9093
    const size_t close = authority.find(']');
    if (close == std::string::npos) return bad("unclosed [");
    out.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return bad("expected :PORT after ]");
      colon = close + 1;
    }
  } else {
    colon = authority.rfind(':');
    out.host = authority.substr(0, colon);
  }
  if (colon != std::string::npos) {
    const std::string port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string::npos)
      return bad("bad port");
    out.port = std::stoi(port);
    if (out.port < 1 || out.port > 65535) return bad("port out of range");
  }
  if (out.host.empty()) return bad("no host");
  return out;
}

AlertWebhook::AlertWebhook(AlertWebhookOptions options)
    : options_(std::move(options)), builder_(options_.payload) {
  std::string error;
  if (auto parsed = parse_webhook_url(options_.url, &error)) url_ = *parsed;
  thread_ = std::thread([this] { run(); });
}

AlertWebhook::~AlertWebhook() {
  stop();
}

bool AlertWebhook::enqueue(const AlertTransition& t) {
  std::optional<nlohmann::json> payload = builder_.on_transition(t);
  if (!payload) return true;
  std::string body = payload->dump();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return false;
    if (queue_.size() >= options_.queue_capacity) {
      ++counts_.dropped;
    } else {
      queue_.push_back(std::move(body));
      cv_.notify_all();
      return true;
    }
  }
  log("queue full (" + std::to_string(options_.queue_capacity) + "), dropped " + t.rule + " " +
      to_string(t.to));
  return false;
}

void AlertWebhook::stop() {
  size_t left = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    left = queue_.size();
    counts_.dropped += left;
    queue_.clear();
  }
  if (left > 0) log(std::to_string(left) + " notification(s) not sent: stopping");
}

AlertWebhook::Counts AlertWebhook::counts() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return counts_;
}

void AlertWebhook::run() {
  for (;;) {
    std::string body;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      body = std::move(queue_.front());
      queue_.pop_front();
    }
    bool ok = false;
    std::chrono::milliseconds backoff = options_.backoff;
    for (int attempt = 1; attempt <= options_.max_attempts; ++attempt) {
      if (post(body)) {
        ok = true;
        break;
      }
      if (attempt == options_.max_attempts) break;
      std::unique_lock<std::mutex> lock(mutex_);
      if (cv_.wait_for(lock, backoff, [this] { return stopping_; })) break;
      backoff *= 2;
    }
    if (!ok) {
      log("giving up on a notification to " + options_.url + " after " +
          std::to_string(options_.max_attempts) + " attempt(s)");
    }
    std::lock_guard<std::mutex> lock(mutex_);
    ++(ok ? counts_.sent : counts_.failed);
  }
}

bool AlertWebhook::post(const std::string& body) {
  httplib::Client client(url_.host, url_.port);
  const auto secs = options_.timeout.count() / 1000;
  const auto usecs = (options_.timeout.count() % 1000) * 1000;
  client.set_connection_timeout(secs, usecs);
  client.set_read_timeout(secs, usecs);
  client.set_write_timeout(secs, usecs);
  httplib::Result res = client.Post(url_.path.c_str(), body, "application/json");
  if (!res) {
    log("POST " + options_.url + ": " + httplib::to_string(res.error()));
    return false;
  }
  if (res->status < 200 || res->status >= 300) {
    log("POST " + options_.url + ": HTTP " + std::to_string(res->status));
    return false;
  }
  return true;
}

void AlertWebhook::log(const std::string& line) const {
  if (options_.log) {
    options_.log(line);
  } else {
    std::fprintf(stderr, "alert webhook: %s\n", line.c_str());
  }
}

}  // namespace firedrill::api
