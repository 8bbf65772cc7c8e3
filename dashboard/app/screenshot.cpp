#include "dashboard/app/screenshot.h"

#include <GL/gl.h>
#include <stb_image_write.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <vector>

namespace firedrill::dash {

std::string save_back_buffer_png(const std::string& path, int width, int height) {
  if (width <= 0 || height <= 0) return "empty framebuffer";
  std::vector<unsigned char> pixels(static_cast<size_t>(width) * static_cast<size_t>(height) * 4);
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  if (const GLenum e = glGetError(); e != GL_NO_ERROR)
    return "glReadPixels failed (GL error " + std::to_string(e) + ")";
  // Opaque: the window's alpha is whatever the last draw left, image viewers show it.
  for (size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;
  stbi_flip_vertically_on_write(1);
  if (!stbi_write_png(path.c_str(), width, height, 4, pixels.data(), width * 4))
    return "cannot write " + path;
  return {};
}

nlohmann::json snapshot_summary(const Snapshot& s) {
  nlohmann::json hosts = nlohmann::json::object();
  for (const HostInfo& h : s.hosts) hosts[h.name] = std::string(health_name(h.health));
  nlohmann::json alerts = nlohmann::json::array();
  for (const AlertInfo& a : s.alerts)
    alerts.push_back(std::string(alert_phase_name(a.phase)) + " " + a.rule + " " + a.component);
  nlohmann::json replies = nlohmann::json::array();
  for (const CommandReply& r : s.replies)
    replies.push_back({{"id", r.id}, {"what", r.what}, {"ok", r.ok}, {"message", r.message}});
  std::map<std::string, int> kinds;
  for (size_t i = 0; i < s.timeline.size(); ++i) ++kinds[s.timeline[i].kind];
  nlohmann::json console = nlohmann::json::array();
  for (size_t i = s.console.size() > 5 ? s.console.size() - 5 : 0; i < s.console.size(); ++i)
    console.push_back({{"host", s.console[i].host},
                       {"command", s.console[i].command},
                       {"exit_code", s.console[i].exit_code}});
  return {{"version", s.version},
          {"scenario", s.session.scenario_id},
          {"now_s", s.session.now.whole_seconds()},
          {"connection", std::string(connection_name(s.connection.state))},
          {"hosts", hosts},
          {"alerts", alerts},
          {"replies", replies},
          {"timeline_kinds", kinds},
          {"console", console},
          {"log_lines", s.logs.size()},
          {"metric_seconds", s.metrics.end_second() - s.metrics.first_second()}};
}

std::string write_json_file(const std::string& path, const nlohmann::json& value) {
  std::ofstream out(path);
  if (!out) return "cannot write " + path + ": " + std::strerror(errno);
  out << value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  return out ? std::string() : "cannot write " + path;
}

}  // namespace firedrill::dash
