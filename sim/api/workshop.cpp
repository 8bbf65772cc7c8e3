#include "sim/api/workshop.h"

#include "sim/api/debrief_cache.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <system_error>
#include <variant>

#include "reporter/debrief/debrief.h"
#include "reporter/journal/journal_file_writer.h"
#include "reporter/writer/postmortem_draft.h"
#include "sim/api/workshop_redact.h"
#include "sim/api/workshop_tokens.h"
#include "sim/faults/fault_catalog.h"

namespace firedrill::api {

struct Workshop::InjectedFaults {
  std::shared_ptr<void> scenario;  // what the factory's attach returned
  // Destroyed first (declared last), while the drill still stands.
  std::vector<std::unique_ptr<Fault>> faults;
};

Workshop::Trainee::~Trainee() = default;

namespace {

constexpr size_t kMaxName = 32;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::string> name_problem(const std::string& name) {
  if (name.empty() || name.size() > kMaxName)
    return fmt::format("a name has 1 to {} characters", kMaxName);
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-')
      return "a name may hold only letters, digits, '.', '_' and '-'";
  }
  if (name == "." || name == "..") return "a name cannot be \".\" or \"..\"";
  return std::nullopt;
}

// A JSON parameter as the fault library takes it; nullopt for arrays, objects and null.
std::optional<FaultValue> fault_value(const nlohmann::json& v) {
  if (v.is_boolean()) return FaultValue(v.get<bool>());
  if (v.is_number()) return FaultValue(v.get<double>());
  if (v.is_string()) return FaultValue(v.get<std::string>());
  return std::nullopt;
}

nlohmann::json params_json(const FaultParams& params) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, value] : params)
    std::visit([&out, &key = key](const auto& v) { out[key] = v; }, value);
  return out;
}

}  // namespace

// Makes and injects a library fault on the engine thread and journals it with what a rewind
// needs to do it again (the kind, the resolved targets, the parameters). {field, message} of
// a refusal; {"", ""} when done.
std::pair<std::string, std::string> Workshop::inject_instructor_fault(
    Drill& d, InjectedFaults& faults, const std::string& kind,
    const std::vector<std::string>& targets, const FaultParams& given) {
  FaultResult<std::unique_ptr<Fault>> made = make_fault(d.stack(), kind, targets, given);
  if (!made) return {made.error().field, made.error().message};
  std::unique_ptr<Fault> fault = std::move(made.value());
  if (std::optional<FaultError> refused = fault->inject(d.stack()))
    return {refused->field, refused->message};
  nlohmann::json fields = {{"id", "instructor-" + std::to_string(faults.faults.size() + 1)},
                           {"fault", kind},
                           {"targets", fault->resolved_targets()},
                           {"params", params_json(given)},
                           {"summary", fault->summary()}};
  d.journal().write("instructor", "fault.injected", std::move(fields));
  faults.faults.push_back(std::move(fault));
  return {"", ""};
}

bool Workshop::replay_instructor_record(
    Drill& d, InjectedFaults& faults,
    const std::function<std::string(void*, const std::string&, bool&)>& inject_scenario,
    const JournalRecord& r) {
  if (r.source != "instructor") return false;
  if (r.kind == "instructor.inject") {
    d.journal().write_at(r.t, r.source, r.kind, r.fields);
    bool changed = false;
    if (inject_scenario)
      inject_scenario(faults.scenario.get(), r.fields.value("fault", ""), changed);
    return true;
  }
  if (r.kind == "fault.injected") {
    std::string field, error;
    const std::optional<FaultParams> given =
        fault_params_of(r.fields.value("params", nlohmann::json::object()), &field, &error);
    inject_instructor_fault(d, faults, r.fields.value("fault", ""),
                            r.fields.value("targets", std::vector<std::string>{}),
                            given.value_or(FaultParams{}));
    return true;
  }
  return false;
}

std::optional<FaultParams> fault_params_of(const nlohmann::json& params, std::string* field,
                                           std::string* error) {
  FaultParams given;
  for (const auto& [key, value] : params.items()) {
    std::optional<FaultValue> v = fault_value(value);
    if (!v) {
      *field = "params." + key;
      *error = fmt::format("parameter \"{}\" must be a number, a string or a boolean", key);
      return std::nullopt;
    }
    given.emplace(key, std::move(*v));
  }
  return given;
}

Workshop::Workshop(WorkshopOptions options)
    : options_(std::move(options)),
      instructor_token_(options_.instructor_token.empty() ? new_token()
                                                          : options_.instructor_token),
      revealed_(std::make_shared<std::atomic<bool>>(false)) {}

Workshop::~Workshop() {
  shutdown();
}

Workshop::Caller Workshop::identify(std::string_view token) const {
  Caller caller;
  if (token.empty()) return caller;
  // Every token is compared in full, whichever matches, so timing tells nothing.
  if (tokens_equal(token, instructor_token_)) caller.role = Role::instructor;
  std::lock_guard lock(mutex_);
  for (const auto& t : trainees_) {
    if (tokens_equal(token, t->token) && caller.role == Role::none) {
      caller.role = Role::trainee;
      caller.trainee = t.get();
    }
  }
  return caller;
}

Workshop::JoinResult Workshop::join(const std::string& name) {
  if (std::optional<std::string> problem = name_problem(name)) return {nullptr, 400, *problem};
  {
    std::lock_guard lock(mutex_);
    if (shut_down_) return {nullptr, 409, "the workshop has ended"};
    const std::string key = lower(name);
    bool taken = std::any_of(joining_.begin(), joining_.end(),
                             [&](const std::string& n) { return lower(n) == key; });
    for (const auto& t : trainees_) taken = taken || lower(t->name) == key;
    if (taken) return {nullptr, 409, fmt::format("the name \"{}\" is taken", name)};
    if (trainees_.size() + joining_.size() >= options_.max_trainees)
      return {nullptr, 409,
              fmt::format("the workshop is full ({} trainees)", options_.max_trainees)};
    joining_.push_back(name);
  }
  auto unreserve = [this, &name] {
    std::lock_guard lock(mutex_);
    joining_.erase(std::find(joining_.begin(), joining_.end(), name));
  };

  auto trainee = std::make_unique<Trainee>();
  trainee->name = name;
  std::string error;
  std::optional<TraineeDrill> drill = options_.make_drill(&error);
  if (!drill) {
    unreserve();
    return {nullptr, 500, "cannot build a drill: " + error};
  }
  trainee->keep_alive = std::move(drill->keep_alive);
  trainee->inject_scenario_fault = std::move(drill->inject_scenario_fault);
  if (!options_.out_dir.empty()) {
    const std::filesystem::path dir = options_.out_dir / "trainees" / name;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    const JournalStatus opened =
        ec ? JournalStatus{}
           : JournalFileWriter::open((dir / "journal.jsonl").string(), &trainee->writer);
    if (ec || !opened.ok()) {
      unreserve();
      return {nullptr, 500, ec ? ec.message() : opened.message()};
    }
  }
  // The scenario's attachment and the instructor's faults live together, and go together
  // before the drill (Session destroys its attachment first).
  SessionConfig config = std::move(drill->config);
  config.attach = [inner = std::move(config.attach)](Drill& d,
                                                     Console* console) -> std::shared_ptr<void> {
    auto holder = std::make_shared<InjectedFaults>();
    if (inner) holder->scenario = inner(d, console);
    return holder;
  };
  config.redact = [revealed = revealed_](JournalRecord& r) {
    return redact_for_trainee(r, revealed->load());
  };
  config.replay = [inject = trainee->inject_scenario_fault](Drill& d, void* attachment,
                                                            const JournalRecord& r) {
    return replay_instructor_record(d, *static_cast<InjectedFaults*>(attachment), inject, r);
  };
  trainee->session = Session::create(drill->spec, trainee->writer.get(), std::move(config), &error);
  if (!trainee->session) {
    unreserve();
    return {nullptr, 500, "cannot build a drill: " + error};
  }
  trainee->token = new_token();
  trainee->session->start();

  std::lock_guard lock(mutex_);
  joining_.erase(std::find(joining_.begin(), joining_.end(), name));
  trainees_.push_back(std::move(trainee));
  return {trainees_.back().get(), 201, ""};
}

void Workshop::reveal() {
  revealed_->store(true);
  // What a trainee's view may show changed without a journal record: drop the cached debriefs.
  for (Trainee* t : trainees())
    if (t->session) t->session->debrief_cache().clear();
}

std::vector<Workshop::Trainee*> Workshop::trainees() const {
  std::lock_guard lock(mutex_);
  std::vector<Trainee*> out;
  for (const auto& t : trainees_) out.push_back(t.get());
  return out;
}

Workshop::Trainee* Workshop::find(std::string_view name) const {
  std::lock_guard lock(mutex_);
  for (const auto& t : trainees_)
    if (t->name == name) return t.get();
  return nullptr;
}

std::optional<std::string> Workshop::inject_library_fault(Trainee& t, const std::string& kind,
                                                          const std::vector<std::string>& targets,
                                                          const FaultParams& given,
                                                          std::string* field) {
  Session* session = t.session.get();  // outlives the call: sessions stop before they go
  using Outcome = std::pair<std::string, std::string>;  // field, message ("" when done)
  auto outcome = session->call([session, kind, targets, given](Drill& d) -> Outcome {
    auto* faults = static_cast<InjectedFaults*>(session->attachment());
    return inject_instructor_fault(d, *faults, kind, targets, given);
  });
  if (!outcome) return std::nullopt;
  *field = outcome->first;
  return outcome->second;
}

std::optional<std::string> Workshop::inject_scenario_fault(Trainee& t, const std::string& id,
                                                           bool* changed) {
  if (!t.inject_scenario_fault) return "this drill has no scenario faults";
  Session* session = t.session.get();
  auto inject = t.inject_scenario_fault;
  auto done = session->call([session, inject, id](Drill& d) {
    d.journal().write("instructor", "instructor.inject", {{"fault", id}});
    auto* faults = static_cast<InjectedFaults*>(session->attachment());
    bool was_changed = false;
    std::string why = inject(faults->scenario.get(), id, was_changed);
    return std::make_pair(why, was_changed);
  });
  if (!done) return std::nullopt;
  if (changed) *changed = done->second;
  return done->first;
}

std::optional<std::string> Workshop::draft_of(Trainee& t, bool* submitted) {
  {
    std::lock_guard lock(mutex_);
    for (const PeerReview& r : reviews_) {
      if (r.author != t.name) continue;
      if (submitted) *submitted = r.draft_submitted;
      return r.draft;  // frozen when the round opened
    }
    if (auto own = submitted_.find(t.name); own != submitted_.end()) {
      if (submitted) *submitted = true;
      return own->second;
    }
  }
  if (submitted) *submitted = false;
  Session* session = t.session.get();
  auto records = session->call([session](Drill&) { return session->trainee_records(); });
  if (!records) return std::nullopt;
  return write_postmortem(build_debrief(*records)).markdown;
}

bool Workshop::submit_draft(Trainee& t, std::string markdown) {
  std::lock_guard lock(mutex_);
  if (review_open_) return false;
  submitted_[t.name] = std::move(markdown);
  return true;
}

std::optional<std::pair<int, std::string>> Workshop::open_review_round() {
  const std::vector<Trainee*> all = trainees();
  {
    std::lock_guard lock(mutex_);
    if (review_open_) return std::pair<int, std::string>{409, "the review round is open already"};
  }
  if (all.size() < 2)
    return std::pair<int, std::string>{
        409, fmt::format("a review round needs two trainees or more; {} joined", all.size())};
  // The drills stand still while their drafts are reviewed.
  for (Trainee* t : all) t->session->pause();
  std::vector<PeerReview> reviews;
  const std::vector<size_t> reviewer = review_derangement(all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    PeerReview r;
    r.author = all[i]->name;
    r.reviewer = all[reviewer[i]]->name;
    std::optional<std::string> draft = draft_of(*all[i], &r.draft_submitted);
    if (!draft)
      return std::pair<int, std::string>{
          503, fmt::format("the drill of {} did not answer; try again", all[i]->name)};
    r.draft = std::move(*draft);
    r.rubric = prefilled_rubric(r.draft);
    reviews.push_back(std::move(r));
  }
  std::lock_guard lock(mutex_);
  if (review_open_) return std::pair<int, std::string>{409, "the review round is open already"};
  review_open_ = true;
  reviews_ = std::move(reviews);
  return std::nullopt;
}

bool Workshop::review_open() const {
  std::lock_guard lock(mutex_);
  return review_open_;
}

std::vector<PeerReview> Workshop::reviews() const {
  std::lock_guard lock(mutex_);
  return reviews_;
}

std::optional<PeerReview> Workshop::review_by(const std::string& reviewer) const {
  std::lock_guard lock(mutex_);
  for (const PeerReview& r : reviews_)
    if (r.reviewer == reviewer) return r;
  return std::nullopt;
}

std::optional<PeerReview> Workshop::review_of(const std::string& author) const {
  std::lock_guard lock(mutex_);
  for (const PeerReview& r : reviews_)
    if (r.author == author) return r;
  return std::nullopt;
}

std::optional<std::pair<std::string, std::string>> Workshop::save_review(
    const std::string& reviewer, const nlohmann::json* rubric, const std::string* comments) {
  std::lock_guard lock(mutex_);
  for (PeerReview& r : reviews_) {
    if (r.reviewer != reviewer) continue;
    if (rubric) {
      if (auto problem = apply_rubric(r.rubric, *rubric)) return problem;
    }
    if (comments) r.comments = *comments;
    r.submitted = true;
    return std::nullopt;
  }
  return std::pair<std::string, std::string>{"", "no review is assigned to you"};
}

void Workshop::close_streams() {
  for (Trainee* t : trainees()) t->session->events().close();
}

std::vector<std::string> Workshop::shutdown() {
  std::vector<std::string> problems;
  {
    std::lock_guard lock(mutex_);
    if (shut_down_) return problems;
    shut_down_ = true;
  }
  for (Trainee* t : trainees()) {
    Session& s = *t->session;
    s.pause();  // so that run.end is each journal's last record
    s.call([](Drill& d) {
      d.journal().write("engine", "run.end",
                        {{"reason", "quit"}, {"events", d.sim().events_processed()}});
      return true;
    });
    const auto journal_error = s.call([](Drill& d) { return d.journal().error(); });
    s.stop();
    if (journal_error && *journal_error)
      problems.push_back(fmt::format("{}: journal: {}", t->name, **journal_error));
    if (t->writer) {
      const JournalStatus closed = t->writer->close();
      if (!closed.ok()) problems.push_back(fmt::format("{}: {}", t->name, closed.message()));
    }
  }
  return problems;
}

}  // namespace firedrill::api
