// `firedrill serve --workshop`: one scenario, a drill per trainee who joins, an instructor
// (docs/api.md, "Workshops"). cmd_serve.cpp parses the command line and calls this.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/api/bind_address.h"
#include "sim/engine/drill.h"

namespace firedrill::cli {

struct WorkshopServeOptions {
  std::string scenario;  // empty: every trainee gets `builtin`
  DrillSpec builtin;
  api::BindAddress bind;
  double speed = 1.0;
  std::string speed_text = "1";
  bool paused = false;
  std::optional<uint64_t> seed;
  std::string out;  // journals, instructor.token; empty: no files
  size_t max_trainees = 16;
};

// Serves until SIGINT or SIGTERM, then ends every drill and closes every journal. Throws
// CommandError on a problem at start (a scenario that does not load, a busy port...).
void serve_workshop(const WorkshopServeOptions& options);

}  // namespace firedrill::cli
