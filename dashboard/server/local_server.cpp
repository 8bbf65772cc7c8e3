#include "dashboard/server/local_server.h"

#include <fmt/format.h>

#include "reporter/journal/journal_file_writer.h"
#include "sim/api/api_routes.h"
#include "sim/api/api_stats.h"
#include "sim/api/http_server.h"
#include "sim/api/session.h"
#include "sim/script/scenario_drill.h"

namespace firedrill::dash {

struct LocalServer::Impl {
  // Declaration order is destruction order reversed: the server goes first, the scenario
  // (whose callbacks the runtime holds) last.
  std::unique_ptr<JournalFileWriter> writer;
  std::unique_ptr<script::Scenario> scenario;
  std::unique_ptr<api::Session> session;
  api::ApiStats stats;
  std::unique_ptr<api::ApiRoutes> routes;
  std::unique_ptr<api::HttpServer> server;
  std::string title;
  int port = 0;

  std::string serve(int at_port) {
    api::HttpServerOptions o;
    o.bind = {"127.0.0.1", at_port};
    o.event_clients = session->config().max_event_clients;
    o.close_streams = [s = session.get()] { s->events().close(); };
    server = std::make_unique<api::HttpServer>(*routes, &stats, o);
    std::string failed = server->start();
    if (failed.empty()) port = server->port();
    return failed;
  }

  ~Impl() {
    if (server) server->stop();
    if (!session) return;
    session->pause();  // so that run.end is the journal's last record
    session->call([](Drill& d) {
      d.journal().write("engine", "run.end",
                        {{"reason", "quit"}, {"events", d.sim().events_processed()}});
      return true;
    });
    session->stop();
    if (writer) (void)writer->close();  // nothing to tell: the window is closing
  }
};

LocalServer::LocalServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LocalServer::~LocalServer() = default;

std::unique_ptr<LocalServer> LocalServer::start(const LocalServerOptions& options,
                                                std::string* error) {
  auto impl = std::make_unique<Impl>();
  if (!options.journal_path.empty()) {
    const JournalStatus opened = JournalFileWriter::open(options.journal_path, &impl->writer);
    if (!opened.ok()) {
      *error = opened.message();
      return nullptr;
    }
  }
  api::SessionConfig config;
  config.speed = options.speed;
  config.start_paused = options.start_paused;
  DrillSpec spec = options.spec;
  if (!options.scenario_path.empty()) {
    script::ScenarioLoadOptions load;
    load.seed = options.seed;
    script::ScriptError failed;
    impl->scenario = script::Scenario::load_file(options.scenario_path, load, &failed);
    if (!impl->scenario) {
      *error = failed.formatted();
      return nullptr;
    }
    const script::ScenarioDefinition& def = impl->scenario->definition();
    spec = impl->scenario->drill_spec();
    if (!def.meta.briefing.empty()) config.briefing = def.meta.briefing;
    for (const script::RunbookDecl& r : def.runbooks)
      config.runbooks.push_back({r.alert, r.title, r.text});
    for (const script::TeamDecl& team : def.teams) config.teams.push_back(team.id);
    config.attach = script::scenario_attacher(options.scenario_path, load);
  } else if (options.seed) {
    spec.seed = *options.seed;
  }
  impl->title = spec.title;
  impl->session = api::Session::create(spec, impl->writer.get(), std::move(config), error);
  if (!impl->session) return nullptr;
  impl->routes =
      std::make_unique<api::ApiRoutes>(api::single_session(*impl->session), &impl->stats);
  const std::string failed = impl->serve(options.port);
  if (!failed.empty()) {
    *error = failed;
    return nullptr;
  }
  impl->session->start();
  return std::unique_ptr<LocalServer>(new LocalServer(std::move(impl)));
}

std::string LocalServer::url() const {
  return fmt::format("http://127.0.0.1:{}", impl_->port);
}
int LocalServer::port() const {
  return impl_->port;
}
std::string LocalServer::title() const {
  return impl_->title;
}

void LocalServer::stop_serving() {
  if (impl_->server) impl_->server->stop();
  impl_->server.reset();
  // The hub was closed with the streams; a new server needs an open one. Sessions do not
  // reopen hubs, so a restarted server serves requests and refuses event streams: clients
  // must fall back to polling, which is what they do for everything but the journal.
}

std::string LocalServer::restart_serving() {
  if (impl_->server) return "";
  return impl_->serve(impl_->port);
}

}  // namespace firedrill::dash
