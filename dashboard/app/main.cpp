// firedrill-dashboard: the trainee's window. `firedrill-dashboard SCENARIO.lua` serves the
// scenario's drill from this process on a free loopback port and watches it through the HTTP
// client, so solo and workshop use the same path; `--connect URL --token T` joins a running
// `firedrill serve` (solo or --workshop: an instructor's token opens the instructor view, from
// which they can watch a trainee's drill through a second HttpClient under
// /api/v1/trainees/NAME; a trainee's adds the review round); without either, the built-in
// drill runs in process.
// Test and benchmark switches: --frames, --screenshot, --script, --dump-ui, --bench-frames
// (see dashboard/README.md).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "dashboard/app/frame_bench.h"
#include "dashboard/app/window_loop.h"
#include "dashboard/client/builtin_drill.h"
#include "dashboard/client/fake_client.h"
#include "dashboard/client/http_client.h"
#include "dashboard/client/in_process_client.h"
#include "dashboard/client/workshop_client.h"
#include "dashboard/server/local_server.h"

namespace {

using namespace firedrill;
using namespace firedrill::dash;

struct Options {
  std::string scenario;
  std::string connect;
  std::string token;
  BuiltinDrillOptions drill;
  double speed = 1.0;
  double warmup_minutes = 0;
  bool paused = false;
  bool fake = false;
  std::string journal;
  WindowOptions window;
  std::string script_path;
  int bench_frames = 0;
  bool seed_given = false;
};

bool read_file(const std::string& path, std::string* out) {
  std::ifstream in(path);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  *out = s.str();
  return true;
}

int run(Options& o) {
  if (!o.connect.empty() && !o.scenario.empty()) {
    std::fprintf(stderr, "firedrill-dashboard: give SCENARIO.lua or --connect URL, not both\n");
    return 2;
  }
  if (!o.connect.empty() && http_base_url(o.connect).empty()) {
    std::fprintf(stderr, "firedrill-dashboard: --connect needs an http:// URL, not \"%s\"\n",
                 o.connect.c_str());
    return 2;
  }
  if (!o.script_path.empty() && !read_file(o.script_path, &o.window.script)) {
    std::fprintf(stderr, "firedrill-dashboard: cannot read script %s\n", o.script_path.c_str());
    return 2;
  }

  std::unique_ptr<LocalServer> server;  // declared first: it outlives the client
  std::unique_ptr<DashboardClient> client;
  std::unique_ptr<WorkshopClient> workshop;
  if (!o.scenario.empty()) {
    LocalServerOptions so;
    so.scenario_path = o.scenario;
    if (o.seed_given) so.seed = o.drill.seed;
    so.speed = o.speed;
    so.start_paused = o.paused;
    so.journal_path = o.journal;
    std::string error;
    server = LocalServer::start(so, &error);
    if (!server) {
      std::fprintf(stderr, "%s\n", error.c_str());  // FILE:LINE: message
      return 1;
    }
    std::fprintf(stderr, "firedrill-dashboard: %s, served on %s/api/v1\n", server->title().c_str(),
                 server->url().c_str());
    HttpClientOptions ho;
    ho.url = server->url();
    client = std::make_unique<HttpClient>(ho);
  } else if (!o.connect.empty()) {
    // A token may be a workshop's: its role decides the window. The instructor has no drill
    // of their own, so they get the workshop view and no drill client polling in vain.
    WorkshopRole role = WorkshopRole::unknown;
    if (!o.token.empty()) {
      std::string why;
      role = probe_workshop_role(o.connect, o.token, std::chrono::seconds(3), &why);
      if (role == WorkshopRole::unknown)
        std::fprintf(stderr, "firedrill-dashboard: no workshop role yet: %s\n", why.c_str());
      else if (role != WorkshopRole::none)
        std::fprintf(stderr, "firedrill-dashboard: workshop %s\n", workshop_role_name(role));
    }
    if (role == WorkshopRole::instructor) {
      client = std::make_unique<FakeClient>(std::make_shared<const Snapshot>());
      // What they watch: a trainee's drill through the same client, under that trainee's
      // routes, as the instructor (the server records their rewinds and clock as theirs).
      o.window.open_trainee_drill = [url = o.connect, token = o.token](const std::string& name) {
        HttpClientOptions ho;
        ho.url = url;
        ho.token = token;
        ho.api_base = "/api/v1/trainees/" + name;
        return std::unique_ptr<DashboardClient>(std::make_unique<HttpClient>(ho));
      };
    } else {
      HttpClientOptions ho;
      ho.url = o.connect;
      ho.token = o.token;
      client = std::make_unique<HttpClient>(ho);
    }
    if (!o.token.empty() && role != WorkshopRole::none) {
      WorkshopClientOptions wo;
      wo.url = o.connect;
      wo.token = o.token;
      wo.role = role;
      workshop = std::make_unique<HttpWorkshopClient>(wo);
      o.window.workshop = workshop.get();
    }
  } else if (o.fake) {
    client = std::make_unique<FakeClient>();
  } else {
    if (o.bench_frames > 0) {
      // The long, busy drill of the frame benchmark: 16 web servers, 2,000 req/s, an hour
      // already run with a spike in it, so the logs ring is full and every chart has data.
      o.drill.web_servers = 16;
      o.drill.rps = 2000;
      o.drill.minutes = 75;
      o.drill.spike = 6;
      o.drill.spike_at_minute = 40;
      o.drill.spike_minutes = 10;
      o.warmup_minutes = 60;
    }
    InProcessOptions io;
    io.spec = builtin_drill(o.drill);
    io.speed = o.speed;
    io.prerun = SimTime::from_seconds(o.warmup_minutes * 60);
    io.start_paused = o.paused;
    io.journal_path = o.journal;
    if (io.prerun.us() > 0)
      std::fprintf(stderr, "firedrill-dashboard: running the first %.0f simulated minutes...\n",
                   o.warmup_minutes);
    std::string error;
    auto in_process = InProcessClient::start(io, &error);
    if (!in_process) {
      std::fprintf(stderr, "firedrill-dashboard: %s\n", error.c_str());
      return 1;
    }
    client = std::move(in_process);
  }

  if (o.bench_frames > 0) return run_frame_bench(*client, o.bench_frames);
  return run_window(o.window, *client);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"firedrill-dashboard: the trainee's window on a drill"};
  app.add_option("scenario", o.scenario,
                 "SCENARIO.lua: serve it from this process and open it (without it, the built-in "
                 "drill runs)")
      ->check(CLI::ExistingFile);
  auto* connect = app.add_option("--connect", o.connect,
                                 "join a running `firedrill serve` at URL (http://HOST:PORT)");
  app.add_option("--token", o.token, "the workshop token (Authorization: Bearer)")->needs(connect);
  auto* seed = app.add_option("--seed", o.drill.seed, "seed (default: the scenario's, or 1)")
                   ->capture_default_str();
  app.add_option("--minutes", o.drill.minutes, "built-in drill: simulated length")
      ->check(CLI::Range(1, 24 * 60))
      ->capture_default_str();
  app.add_option("--webs", o.drill.web_servers, "built-in drill: web servers")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--rps", o.drill.rps, "built-in drill: base request rate")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--speed", o.speed, "simulated seconds per wall second (0: as fast as possible)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--warmup", o.warmup_minutes, "simulated minutes to run before the window opens")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("--paused", o.paused, "start with the clock paused");
  app.add_option("--journal", o.journal, "write the drill's journal (JSON Lines) to FILE");
  app.add_flag("--fake", o.fake, "show canned data instead of running a drill (UI work)");
  app.add_option("--width", o.window.width, "window width")->check(CLI::Range(640, 7680));
  app.add_option("--height", o.window.height, "window height")->check(CLI::Range(400, 4320));
  app.add_option("--frames", o.window.frames, "stop after N frames (and after the script)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--screenshot", o.window.screenshot, "save the last frame as a PNG");
  app.add_option("--script", o.script_path, "play a UI script (dashboard/README.md)");
  app.add_option("--dump-ui", o.window.dump_path, "write what the panels showed as JSON");
  app.add_option("--bench-frames", o.bench_frames,
                 "time N frames (CPU, headless) with a long, busy drill loaded")
      ->check(CLI::PositiveNumber);
  CLI11_PARSE(app, argc, argv);
  o.seed_given = seed->count() > 0;
  return run(o);
}
