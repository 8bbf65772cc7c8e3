#include "sim/cli/serve_workshop.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>

#include "sim/api/http_server.h"
#include "sim/api/workshop.h"
#include "sim/api/workshop_routes.h"
#include "sim/cli/commands.h"
#include "sim/script/scenario_drill.h"

namespace firedrill::cli {

namespace {

// Each event stream holds a server thread: two per trainee (a dashboard and a spare).
constexpr size_t kStreamsPerTrainee = 2;

std::unique_ptr<script::Scenario> load(const WorkshopServeOptions& o, std::string* error) {
  script::ScenarioLoadOptions load;
  load.seed = o.seed;
  script::ScriptError failed;
  std::unique_ptr<script::Scenario> scenario =
      script::Scenario::load_file(o.scenario, load, &failed);
  if (!scenario) *error = failed.formatted();
  return scenario;
}

api::TraineeDrillFactory drill_factory(const WorkshopServeOptions& o) {
  return [o](std::string* error) -> std::optional<api::TraineeDrill> {
    api::TraineeDrill drill;
    drill.config.speed = o.speed;
    drill.config.start_paused = o.paused;
    drill.config.max_event_clients = kStreamsPerTrainee;
    if (o.scenario.empty()) {
      drill.spec = o.builtin;
      return drill;
    }
    // Read for the drill's facts; every drill of the trainee loads its own copy (attach).
    const std::unique_ptr<script::Scenario> scenario = load(o, error);
    if (!scenario) return std::nullopt;
    const script::ScenarioDefinition& def = scenario->definition();
    drill.spec = scenario->drill_spec();
    if (!def.meta.briefing.empty()) drill.config.briefing = def.meta.briefing;
    for (const script::TeamDecl& team : def.teams) drill.config.teams.push_back(team.id);
    for (const script::RunbookDecl& r : def.runbooks)
      drill.config.runbooks.push_back({r.alert, r.title, r.text});
    script::ScenarioLoadOptions attach_load;
    attach_load.seed = o.seed;
    drill.config.attach = script::scenario_attacher(o.scenario, attach_load);
    drill.inject_scenario_fault = [](void* attached, const std::string& id,
                                     bool& changed) -> std::string {
      auto* runtime = static_cast<script::ScenarioRuntime*>(attached);
      std::string why;
      if (!runtime->inject(id, why, changed))
        return why.empty() ? fmt::format("fault \"{}\" was refused", id) : why;
      return {};
    };
    return drill;
  };
}

// OUT/instructor.token, readable by its owner only (the token controls every drill).
void write_token_file(const std::filesystem::path& path, const std::string& token) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw CommandError(fmt::format("serve: cannot write {}", path.string()));
  ::fchmod(fd, 0600);  // an existing file keeps its mode otherwise
  const std::string line = token + "\n";
  const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::close(fd);
  if (!ok) throw CommandError(fmt::format("serve: cannot write {}", path.string()));
}

}  // namespace

void serve_workshop(const WorkshopServeOptions& o) {
  api::WorkshopOptions options;
  options.make_drill = drill_factory(o);
  options.max_trainees = o.max_trainees;
  if (o.scenario.empty()) {
    options.scenario_id = o.builtin.id;
    options.title = o.builtin.title;
  } else {
    // Loaded once here to fail early and to learn the ground truth and the fault ids.
    std::string error;
    std::unique_ptr<script::Scenario> scenario = load(o, &error);
    if (!scenario) throw CommandError(error);
    const script::ScenarioDefinition& def = scenario->definition();
    options.scenario_id = def.drill.id;
    options.title = def.drill.title;
    options.root_cause = def.meta.root_cause;
    options.resolution = def.meta.resolution;
    for (const script::FaultDecl& f : def.faults) options.scenario_faults.push_back(f.id);
  }
  if (!o.out.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(o.out, ec);
    if (ec) throw CommandError(fmt::format("serve: cannot create {}: {}", o.out, ec.message()));
    options.out_dir = o.out;
  }

  // Block the stop signals before any thread starts, so every thread inherits the mask and
  // only the sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  api::Workshop workshop(std::move(options));
  if (!o.out.empty())
    write_token_file(std::filesystem::path(o.out) / "instructor.token",
                     workshop.instructor_token());
  api::ApiStats stats;
  api::WorkshopRoutes routes(workshop, &stats);
  api::HttpServerOptions server_options;
  server_options.bind = o.bind;
  // Every trainee's streams can be open at once and still leave threads for requests.
  server_options.event_clients = kStreamsPerTrainee * o.max_trainees;
  server_options.spare_threads = 8;
  server_options.close_streams = [&workshop] { workshop.close_streams(); };
  api::HttpServer server(routes, &stats, server_options);
  const std::string failed = server.start();
  if (!failed.empty()) throw CommandError("serve: " + failed);

  std::printf("firedrill serve --workshop: %s (up to %zu trainees, speed %s%s)\n",
              workshop.options().title.c_str(), o.max_trainees,
              o.speed == 0 ? "max" : o.speed_text.c_str(), o.paused ? ", paused" : "");
  if (!o.bind.loopback())
    std::printf("warning: listening beyond loopback: anyone with a token can reach %s\n",
                o.bind.host.c_str());
  std::printf("instructor token: %s%s\n", workshop.instructor_token().c_str(),
              o.out.empty() ? "" : fmt::format(" (also in {}/instructor.token)", o.out).c_str());
  std::printf(
      "trainees join with: curl -X POST %s/api/v1/workshop/join -d '{\"name\": \"NAME\"}'\n",
      server.url().c_str());
  std::printf("listening on %s/api/v1 (Ctrl-C to stop)\n", server.url().c_str());
  std::fflush(stdout);

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  std::printf("\nfiredrill serve: %s, stopping\n", signal_number == SIGINT ? "SIGINT" : "SIGTERM");
  server.stop();
  const std::vector<std::string> problems = workshop.shutdown();
  std::printf("%zu trainee drill(s) ended\n", workshop.trainees().size());
  if (!problems.empty()) throw CommandError("serve: " + problems.front());
}

}  // namespace firedrill::cli
