#include "dashboard/client/workshop_json.h"
#include "dashboard/client/overloaded.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace firedrill::dash {

namespace {

using nlohmann::json;

constexpr double kMaxCount = 1e15;  // above any count or µs time a drill reaches

bool in_range(double v, double lo, double hi) {
  return std::isfinite(v) && v >= lo && v <= hi;
}
std::string range_text(double lo, double hi) {
  return fmt::format("must be a number from {:g} to {:g}", lo, hi);
}

// Reads one JSON object's fields, remembering the first problem with its full path
// ("trainees[1].clock.t_us"). Every getter returns a harmless value after a problem, so a
// parser reads straight through and checks ok() once.
class Fields {
 public:
  Fields(const json& j, std::string path, std::string* error)
      : j_(j), path_(std::move(path)), error_(error) {
    if (!j_.is_object()) fail("", "must be an object");
  }

  bool ok() const { return error_->empty(); }

  std::string str(const char* key, bool required = true) {
    const json* v = get(key, required);
    if (!v) return "";
    if (!v->is_string()) return fail(key, "must be a string"), "";
    return v->get<std::string>();
  }
  bool boolean(const char* key, bool required = true) {
    const json* v = get(key, required);
    if (!v) return false;
    if (!v->is_boolean()) return fail(key, "must be true or false"), false;
    return v->get<bool>();
  }
  double number(const char* key, bool required = true) {
    const json* v = get(key, required);
    if (!v) return 0;
    if (!v->is_number()) return fail(key, "must be a number"), 0;
    return v->get<double>();
  }
  // A count or a time: a number within [lo, hi] (a cast of anything else would be undefined).
  int64_t integer(const char* key, bool required = true, double lo = 0, double hi = kMaxCount) {
    const double v = number(key, required);
    if (!in_range(v, lo, hi)) return fail(key, range_text(lo, hi)), 0;
    return static_cast<int64_t>(std::llround(v));
  }
  std::optional<int64_t> maybe_integer(const char* key, double lo = 0, double hi = kMaxCount) {
    const std::optional<double> v = maybe_number(key);
    if (!v) return std::nullopt;
    if (!in_range(*v, lo, hi)) return fail(key, range_text(lo, hi)), std::nullopt;
    return static_cast<int64_t>(std::llround(*v));
  }
  // Missing or null: nullopt (the server writes null for "not yet").
  std::optional<double> maybe_number(const char* key) {
    const json* v = get(key, false);
    if (!v || v->is_null()) return std::nullopt;
    if (!v->is_number()) return fail(key, "must be a number or null"), std::nullopt;
    return v->get<double>();
  }
  const json* object(const char* key, bool required = true) {
    const json* v = get(key, required);
    if (v && !v->is_object()) return fail(key, "must be an object"), nullptr;
    return v;
  }
  const json* array(const char* key, bool required = true) {
    const json* v = get(key, required);
    if (v && !v->is_array()) return fail(key, "must be an array"), nullptr;
    return v;
  }
  std::vector<std::string> strings(const char* key, bool required = true) {
    std::vector<std::string> out;
    const json* a = array(key, required);
    if (!a) return out;
    for (size_t i = 0; i < a->size(); ++i) {
      if (!(*a)[i].is_string())
        return fail(fmt::format("{}[{}]", key, i), "must be a string"), std::vector<std::string>{};
      out.push_back((*a)[i].get<std::string>());
    }
    return out;
  }

  std::string path(const std::string& key) const {
    if (path_.empty()) return key;
    if (key.empty()) return path_;
    return path_ + "." + key;
  }
  void fail(const std::string& key, const std::string& why) {
    if (error_->empty())
      *error_ = fmt::format("{} {}", path(key).empty() ? "the answer" : path(key), why);
  }

 private:
  const json* get(const char* key, bool required) {
    if (!ok() || !j_.is_object()) return nullptr;
    const auto it = j_.find(key);
    if (it == j_.end()) {
      if (required) fail(key, "is missing");
      return nullptr;
    }
    return &*it;
  }

  const json& j_;
  std::string path_;
  std::string* error_;
};

std::string prefixed(const char* route, const std::string& error) {
  return error.empty() ? error : fmt::format("{}: {}", route, error);
}

void read_scenario(Fields& f, std::string* error, std::string* id, std::string* title) {
  const json* s = f.object("scenario");
  if (!s) return;
  Fields sf(*s, f.path("scenario"), error);
  *id = sf.str("id");
  *title = sf.str("title");
}

bool parse_row(const json& j, const std::string& path, TraineeProgress* out, std::string* error) {
  Fields f(j, path, error);
  TraineeProgress p;
  p.name = f.str("name");
  if (const json* clock = f.object("clock")) {
    Fields c(*clock, f.path("clock"), error);
    p.t = SimTime::micros(c.integer("t_us"));
    p.paused = c.boolean("paused");
    p.speed = c.number("speed");
    p.finished = c.boolean("finished", false);
  }
  p.detected = f.boolean("detected");
  p.acknowledged = f.boolean("acknowledged", false);
  p.escalated = f.boolean("escalated");
  p.mitigated = f.boolean("mitigated");
  p.resolved = f.boolean("resolved");
  if (const json* figures = f.object("figures")) {
    Fields g(*figures, f.path("figures"), error);
    p.error_rate_now = g.maybe_number("error_rate_now");
    p.requests_total = g.number("requests_total");
    p.requests_failed = g.number("requests_failed");
    p.users_affected = g.number("users_affected", false);
    p.users_affected_share = g.maybe_number("users_affected_share");
    p.misleading_paths = static_cast<int>(g.integer("misleading_paths", false, 0, 1e6));
    p.misleading_targets = g.strings("misleading_targets", false);
    p.escalations = static_cast<int>(g.integer("escalations", false, 0, 1e6));
    p.time_to_detect_s = g.maybe_integer("time_to_detect_s");
    p.time_to_acknowledge_s = g.maybe_integer("time_to_acknowledge_s");
    p.time_to_mitigate_s = g.maybe_integer("time_to_mitigate_s");
    p.time_to_resolve_s = g.maybe_integer("time_to_resolve_s");
  }
  if (!error->empty()) return false;
  *out = std::move(p);
  return true;
}

bool parse_review_at(const json& j, const std::string& path, PeerReviewInfo* out,
                     std::string* error) {
  Fields f(j, path, error);
  PeerReviewInfo r;
  r.author = f.str("author");
  r.reviewer = f.str("reviewer");
  r.draft = f.str("draft", false);
  r.draft_submitted = f.boolean("draft_submitted", false);
  if (const json* items = f.array("rubric")) {
    for (size_t i = 0; i < items->size() && error->empty(); ++i) {
      Fields item((*items)[i], f.path(fmt::format("rubric[{}]", i)), error);
      RubricEntry e;
      e.rule = item.str("rule");
      e.requirement = item.str("requirement", false);
      e.met = item.boolean("met");
      e.linter_met = item.boolean("linter_met", false);
      e.finding = item.str("finding", false);
      r.rubric.push_back(std::move(e));
    }
  }
  r.met = static_cast<int>(f.integer("met", false, 0, 1e6));
  r.items = static_cast<int>(f.integer("items", false, 0, 1e6));
  r.comments = f.str("comments", false);
  r.submitted = f.boolean("submitted", false);
  if (!error->empty()) return false;
  if (r.items == 0) r.items = static_cast<int>(r.rubric.size());
  *out = std::move(r);
  return true;
}

std::string error_text(const std::string& body) {
  const json j = json::parse(body, nullptr, false);
  if (j.is_object() && j.contains("error") && j["error"].is_string()) {
    std::string why = j["error"].get<std::string>();
    if (j.contains("field") && j["field"].is_string() && !j["field"].get<std::string>().empty() &&
        why.find(j["field"].get<std::string>()) == std::string::npos)
      why = j["field"].get<std::string>() + ": " + why;
    return why;
  }
  return body.substr(0, 160);
}

// "alice ok, bob: no trainee" from an inject's per-trainee results.
std::string inject_results(const json& j) {
  if (!j.is_object() || !j.contains("results") || !j["results"].is_array()) return "";
  std::string out;
  for (const json& r : j["results"]) {
    if (!r.is_object()) continue;
    const std::string name = r.value("trainee", std::string("?"));
    std::string one = r.value("ok", false) ? name + " ok"
                                           : name + ": " + r.value("error", std::string("refused"));
    if (r.contains("changed") && r["changed"].is_boolean() && !r["changed"].get<bool>())
      one += " (already active)";
    out += (out.empty() ? "" : ", ") + one;
  }
  return out;
}

std::string clock_results(const json& j) {
  if (!j.is_object() || !j.contains("results") || !j["results"].is_array()) return "";
  std::string out;
  for (const json& r : j["results"]) {
    if (!r.is_object()) continue;
    const bool paused = r.value("paused", false);
    const double speed =
        r.contains("speed") && r["speed"].is_number() ? r["speed"].get<double>() : 0;
    out += fmt::format("{}{} {} {:g}x", out.empty() ? "" : ", ",
                       r.value("trainee", std::string("?")), paused ? "PAUSED" : "RUNNING", speed);
  }
  return out;
}

}  // namespace

std::string parse_overview(const json& j, WorkshopSnapshot* out) {
  std::string error;
  Fields f(j, "", &error);
  WorkshopSnapshot w = *out;
  const std::string role = f.str("role");
  if (f.ok() && role != "instructor" && role != "trainee")
    f.fail("role", fmt::format("must be \"instructor\" or \"trainee\", not \"{}\"", role));
  w.role = role == "instructor" ? WorkshopRole::instructor : WorkshopRole::trainee;
  read_scenario(f, &error, &w.scenario_id, &w.scenario_title);
  w.revealed = f.boolean("revealed");
  w.review_open = f.boolean("review_open");
  if (w.role == WorkshopRole::trainee) {
    w.name = f.str("name");
  } else {
    w.trainees = f.strings("trainees");
    w.max_trainees = static_cast<int>(f.integer("max_trainees", false, 0, 1e6));
    w.scenario_faults = f.strings("scenario_faults", false);
  }
  if (!error.empty()) return prefixed("workshop", error);
  *out = std::move(w);
  return "";
}

std::string parse_progress(const json& j, WorkshopSnapshot* out) {
  std::string error;
  Fields f(j, "", &error);
  const bool revealed = f.boolean("revealed", false);
  const bool review_open = f.boolean("review_open", false);
  std::vector<TraineeProgress> rows;
  if (const json* trainees = f.array("trainees")) {
    for (size_t i = 0; i < trainees->size() && error.empty(); ++i) {
      TraineeProgress p;
      if (parse_row((*trainees)[i], fmt::format("trainees[{}]", i), &p, &error))
        rows.push_back(std::move(p));
    }
  }
  if (!error.empty()) return prefixed("progress", error);
  out->progress = std::move(rows);
  if (j.contains("revealed")) out->revealed = revealed;
  if (j.contains("review_open")) out->review_open = review_open;
  return "";
}

std::string parse_review(const json& j, PeerReviewInfo* out) {
  std::string error;
  PeerReviewInfo r;
  if (!parse_review_at(j, "", &r, &error)) return prefixed("review", error);
  *out = std::move(r);
  return "";
}

std::string parse_reviews(const json& j, std::vector<PeerReviewInfo>* out) {
  std::string error;
  Fields f(j, "", &error);
  std::vector<PeerReviewInfo> reviews;
  if (const json* list = f.array("reviews")) {
    for (size_t i = 0; i < list->size() && error.empty(); ++i) {
      PeerReviewInfo r;
      if (parse_review_at((*list)[i], fmt::format("reviews[{}]", i), &r, &error))
        reviews.push_back(std::move(r));
    }
  }
  if (!error.empty()) return prefixed("reviews", error);
  *out = std::move(reviews);
  return "";
}

std::string parse_root_cause(const json& j, WorkshopSnapshot* out) {
  std::string error;
  Fields f(j, "", &error);
  const bool revealed = f.boolean("revealed", false);
  std::string root_cause = f.str("root_cause");
  std::string resolution = f.str("resolution", false);
  if (!error.empty()) return prefixed("root-cause", error);
  if (revealed) out->revealed = true;
  out->root_cause = std::move(root_cause);
  out->resolution = std::move(resolution);
  return "";
}

json param_value(const std::string& text) {
  if (text == "true") return true;
  if (text == "false") return false;
  double v = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (!text.empty() && ec == std::errc() && ptr == end && std::isfinite(v)) return v;
  return text;
}

WorkshopCall workshop_call_of(const WorkshopCommand& c) {
  return std::visit(
      Overloaded{
          [](const InjectCommand& i) {
            json body = json::object();
            if (!i.trainee.empty()) body["trainee"] = i.trainee;
            if (!i.fault.empty()) {
              body["fault"] = i.fault;
            } else {
              body["kind"] = i.kind;
              if (!i.targets.empty()) body["targets"] = i.targets;
              if (!i.params.empty()) {
                json params = json::object();
                for (const auto& [k, v] : i.params) params[k] = param_value(v);
                body["params"] = std::move(params);
              }
            }
            return WorkshopCall{"POST", "/api/v1/workshop/inject", std::move(body)};
          },
          [](const WorkshopClockCommand& k) {
            json body = json::object();
            if (!k.trainee.empty()) body["trainee"] = k.trainee;
            switch (k.op) {
              case WorkshopClockCommand::Op::pause:
                body["pause"] = true;
                break;
              case WorkshopClockCommand::Op::resume:
                body["resume"] = true;
                break;
              case WorkshopClockCommand::Op::set_speed:
                body["speed"] = k.speed;
                break;
            }
            return WorkshopCall{"POST", "/api/v1/workshop/clock", std::move(body)};
          },
          [](const RevealCommand&) {
            return WorkshopCall{"POST", "/api/v1/workshop/reveal", json::object()};
          },
          [](const ReviewRoundCommand&) {
            return WorkshopCall{"POST", "/api/v1/workshop/review-round", json::object()};
          },
          [](const ExportCommand&) {
            return WorkshopCall{"GET", "/api/v1/workshop/export", json()};
          },
          [](const SaveReviewCommand& s) {
            json rubric = json::object();
            for (const auto& [rule, met] : s.rubric) rubric[rule] = met;
            return WorkshopCall{"POST",
                                "/api/v1/workshop/review",
                                {{"rubric", std::move(rubric)}, {"comments", s.comments}}};
          },
      },
      c);
}

WorkshopReply workshop_reply_of(RequestId id, const WorkshopCommand& c, int status,
                                const std::string& body, const std::string& transport_error) {
  WorkshopReply r{id, describe(c), false, ""};
  if (status == 0) {
    r.message = "no answer: " + transport_error;
    return r;
  }
  if (status < 200 || status >= 300) {
    r.message = fmt::format("HTTP {}: {}", status, error_text(body));
    return r;
  }
  const json j = json::parse(body, nullptr, false);
  r.ok = true;
  std::visit(Overloaded{
                 [&](const InjectCommand&) {
                   r.ok = j.is_object() && j.value("ok", false);
                   r.message = inject_results(j);
                 },
                 [&](const WorkshopClockCommand&) { r.message = clock_results(j); },
                 [&](const RevealCommand&) { r.message = "root cause revealed to every trainee"; },
                 [&](const ReviewRoundCommand&) {
                   std::string pairs;
                   if (j.is_object() && j.contains("assignments") && j["assignments"].is_array())
                     for (const json& a : j["assignments"])
                       if (a.is_object())
                         pairs += fmt::format("{}{} reviews {}", pairs.empty() ? "" : ", ",
                                              a.value("reviewer", std::string("?")),
                                              a.value("author", std::string("?")));
                   r.message = "review round open: " + pairs;
                 },
                 [&](const ExportCommand&) { r.message = fmt::format("{} bytes", body.size()); },
                 [&](const SaveReviewCommand&) {
                   PeerReviewInfo saved;
                   if (parse_review(j, &saved).empty())
                     r.message = fmt::format("saved: {} of {} met", saved.met, saved.items);
                   else
                     r.message = "saved";
                 },
             },
             c);
  return r;
}

}  // namespace firedrill::dash
