// Screenshots and the UI dump file. save_back_buffer_png reads the current GL context's back
// buffer (call after rendering, before glfwSwapBuffers) with glReadPixels and writes it as a
// PNG, rows flipped (OpenGL's origin is the bottom-left). snapshot_summary condenses a
// Snapshot into JSON for the dump (the tests read replies and timeline kinds from it).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "dashboard/client/snapshot.h"

namespace firedrill::dash {

// Returns "" on success, else why not.
std::string save_back_buffer_png(const std::string& path, int width, int height);
nlohmann::json snapshot_summary(const Snapshot& s);
// Writes `value` pretty-printed; returns "" on success, else why not.
std::string write_json_file(const std::string& path, const nlohmann::json& value);

}  // namespace firedrill::dash
