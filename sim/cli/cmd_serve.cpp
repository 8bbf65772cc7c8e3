// `firedrill serve [SCENARIO.lua]`: a drill on its live engine behind the HTTP API
// (docs/api.md), for dashboards and scripts. With a scenario file it serves that scenario (its
// runtime attached to the drill, its commands on the console); without one, the built-in
// stack with its standard alerts and a traffic spike half-way, like `firedrill run`. Prints
// the URL it listens on; SIGINT or SIGTERM stop it cleanly: the server first (no new
// commands), then the engine, then the journal (DIR/journal.jsonl with --out) is closed.
#include <fmt/format.h>
#include <pthread.h>
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "reporter/journal/journal_file_writer.h"
#include "sim/api/alert_webhook.h"
#include "sim/api/api_routes.h"
#include "sim/api/http_server.h"
#include "sim/api/session.h"
#include "sim/cli/commands.h"
#include "sim/cli/serve_workshop.h"
#include "sim/script/scenario_drill.h"

namespace firedrill::cli {

namespace {

struct ServeOptions {
  std::string scenario;  // empty: the built-in drill
  std::string bind = "127.0.0.1:8470";
  std::string speed = "1";
  bool paused = false;
  std::optional<uint64_t> seed;    // default: the scenario's, or 1
  std::optional<int64_t> minutes;  // the built-in drill only (default 60)
  std::string out;
  bool workshop = false;  // a drill per trainee who joins (serve_workshop.h)
  size_t max_trainees = 16;
  std::string alert_webhook;  // http:// URL for Alertmanager-style notifications (alert_webhook.h)
};

double parse_speed(const std::string& text) {
  if (text == "max") return 0.0;
  try {
    size_t used = 0;
    const double v = std::stod(text, &used);
    if (used == text.size() && v >= 0 && v <= 1000) return v;
  } catch (const std::exception&) {
  }
  throw CommandError(
      fmt::format("serve: --speed must be a number from 0 to 1000 or \"max\", not \"{}\"", text));
}

DrillSpec builtin_spec(const ServeOptions& o) {
  const int64_t minutes = o.minutes.value_or(60);
  DrillSpec spec;
  spec.id = "builtin-spike";
  spec.title = "Built-in stack with a traffic spike";
  spec.seed = o.seed.value_or(1);
  spec.stack.traffic.base_rps = 400.0;
  spec.length = SimTime::minutes(minutes);
  spec.stack.traffic.spikes.push_back({SimTime::minutes(minutes / 2), SimTime::minutes(5), 12.0});
  spec.alerts = standard_alert_rules();
  return spec;
}

void serve(const ServeOptions& o) {
  const api::BindAddressResult bind = api::parse_bind_address(o.bind);
  if (!bind.address) throw CommandError("serve: --bind: " + bind.error);
  const double speed = parse_speed(o.speed);
  std::string webhook_error;
  if (!o.alert_webhook.empty() && !api::parse_webhook_url(o.alert_webhook, &webhook_error))
    throw CommandError("serve: --alert-webhook: " + webhook_error);
  if (o.workshop) {
    serve_workshop({o.scenario, builtin_spec(o), *bind.address, speed, o.speed, o.paused, o.seed,
                    o.out, o.max_trainees});
    return;
  }

  std::unique_ptr<JournalFileWriter> writer;
  if (!o.out.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(o.out, ec);
    if (ec) throw CommandError(fmt::format("serve: cannot create {}: {}", o.out, ec.message()));
    const JournalStatus opened =
        JournalFileWriter::open((std::filesystem::path(o.out) / "journal.jsonl").string(), &writer);
    if (!opened.ok()) throw CommandError("serve: " + opened.message());
  }

  // Block the stop signals before any thread starts, so every thread inherits the mask and
  // only the sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  api::SessionConfig config;
  config.speed = speed;
  config.start_paused = o.paused;
  std::unique_ptr<script::Scenario> scenario;  // the facts; each drill loads its own copy
  DrillSpec spec;
  if (o.scenario.empty()) {
    spec = builtin_spec(o);
  } else {
    script::ScenarioLoadOptions load;
    load.seed = o.seed;
    script::ScriptError failed;
    scenario = script::Scenario::load_file(o.scenario, load, &failed);
    if (!scenario) throw CommandError(failed.formatted());
    const script::ScenarioDefinition& def = scenario->definition();
    spec = scenario->drill_spec();
    if (!def.meta.briefing.empty()) config.briefing = def.meta.briefing;
    for (const script::TeamDecl& team : def.teams) config.teams.push_back(team.id);
    for (const script::RunbookDecl& r : def.runbooks)
      config.runbooks.push_back({r.alert, r.title, r.text});
    config.attach = script::scenario_attacher(o.scenario, load);
  }
  // The webhook outlives the session (declared first): the engine's alert listener reaches it.
  // It is created once the server's URL is known, before the engine thread starts.
  std::unique_ptr<api::AlertWebhook> webhook;
  if (!o.alert_webhook.empty()) {
    config.watch = [&webhook](Drill& drill) {
      drill.alerts().add_listener([&webhook](const AlertTransition& t) {
        if (webhook) webhook->enqueue(t);
      });
    };
  }
  std::string error;
  std::unique_ptr<api::Session> session =
      api::Session::create(spec, writer.get(), std::move(config), &error);
  if (!session) throw CommandError("serve: " + error);

  api::ApiStats stats;
  api::ApiRoutes routes(api::single_session(*session), &stats);
  api::HttpServerOptions server_options;
  server_options.bind = *bind.address;
  server_options.event_clients = session->config().max_event_clients;
  server_options.close_streams = [&session] { session->events().close(); };
  api::HttpServer server(routes, &stats, server_options);
  const std::string failed = server.start();
  if (!failed.empty()) throw CommandError("serve: " + failed);
  if (!o.alert_webhook.empty()) {
    api::AlertWebhookOptions hook;
    hook.url = o.alert_webhook;
    hook.payload.external_url = server.url();
    hook.payload.start_unix_us = session->clock().unix_micros(SimTime::seconds(0));
    webhook = std::make_unique<api::AlertWebhook>(std::move(hook));
  }
  session->start();

  std::printf("firedrill serve: %s (seed %llu, %lld simulated minutes, speed %s%s)\n",
              spec.title.c_str(), static_cast<unsigned long long>(spec.seed),
              static_cast<long long>(spec.length.whole_seconds() / 60),
              speed == 0 ? "max" : o.speed.c_str(), o.paused ? ", paused" : "");
  if (!bind.address->loopback())
    std::printf("warning: listening beyond loopback: anyone who can reach %s controls the drill\n",
                bind.address->host.c_str());
  std::printf("listening on %s/api/v1 (Ctrl-C to stop)\n", server.url().c_str());
  std::fflush(stdout);

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  std::printf("\nfiredrill serve: %s, stopping\n", signal_number == SIGINT ? "SIGINT" : "SIGTERM");

  server.stop();
  session->pause();  // so that run.end is the journal's last record
  const auto records = session->call([](Drill& d) {
    d.journal().write("engine", "run.end",
                      {{"reason", "quit"}, {"events", d.sim().events_processed()}});
    return d.journal().records_written();
  });
  const auto journal_error = session->call([](Drill& d) { return d.journal().error(); });
  session->stop();
  if (webhook) webhook->stop();
  if (writer) {
    const JournalStatus closed = writer->close();
    if (journal_error && *journal_error) throw CommandError("serve: journal: " + **journal_error);
    if (!closed.ok()) throw CommandError("serve: " + closed.message());
    std::printf("journal: %s (%llu records)\n", writer->path().c_str(),
                static_cast<unsigned long long>(records.value_or(0)));
  }
}

}  // namespace

void register_serve_command(CLI::App& app) {
  auto opts = std::make_shared<ServeOptions>();
  auto* cmd = app.add_subcommand(
      "serve", "Run a drill on its live engine behind the HTTP API (docs/api.md)");
  cmd->add_option("scenario", opts->scenario,
                  "scenario file (.lua); without one, the built-in drill")
      ->check(CLI::ExistingFile);
  cmd->add_option("--bind", opts->bind, "ADDR:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  cmd->add_option("--speed", opts->speed,
                  "simulated seconds per wall second, or \"max\" (the API can change it)")
      ->capture_default_str();
  cmd->add_flag("--paused", opts->paused, "start with the clock paused");
  cmd->add_option("--seed", opts->seed, "run seed (default: the scenario's, or 1)");
  cmd->add_option("--minutes", opts->minutes, "simulated minutes of the built-in drill (60)")
      ->check(CLI::Range(1, 24 * 60));
  cmd->add_option("--out", opts->out,
                  "directory for journal.jsonl (workshop: trainees/NAME/journal.jsonl and "
                  "instructor.token)");
  cmd->add_flag("--workshop", opts->workshop,
                "workshop mode: trainees join with a name and get a drill each; prints the "
                "instructor's token");
  cmd->add_option("--max-trainees", opts->max_trainees, "workshop: how many may join (16)")
      ->check(CLI::Range(2, 64));
  cmd->add_option("--alert-webhook", opts->alert_webhook,
                  "POST firing and resolved alerts to this Alertmanager-style webhook "
                  "(http://HOST:PORT/PATH)");
  cmd->callback([opts] {
    if (!opts->alert_webhook.empty() && opts->workshop)
      throw CommandError("serve: --alert-webhook is for a single drill, not --workshop");
    if (opts->max_trainees != 16 && !opts->workshop)
      throw CommandError("serve: --max-trainees is for --workshop");
    if (!opts->scenario.empty() && opts->minutes)
      throw CommandError("serve: --minutes is for the built-in drill; a scenario sets its length");
    serve(*opts);
  });
}

}  // namespace firedrill::cli
