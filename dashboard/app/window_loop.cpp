#include "dashboard/app/window_loop.h"

#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <GLFW/glfw3.h>

#include <chrono>
#include <cstdio>
#include <optional>

#include "dashboard/app/screenshot.h"
#include "dashboard/ui/dashboard_frame.h"
#include "dashboard/ui/script_player.h"
#include "dashboard/ui/theme.h"
#include "dashboard/ui/ui_dump.h"

namespace firedrill::dash {

namespace {

void glfw_error(int code, const char* what) {
  std::fprintf(stderr, "firedrill-dashboard: GLFW error %d: %s\n", code, what);
}

// A script that never finishes still ends the run this many frames after `frames`.
constexpr int kScriptGraceFrames = 3000;

}  // namespace

int run_window(const WindowOptions& o, DashboardClient& client) {
  std::optional<ScriptPlayer> script;
  if (!o.script.empty()) {
    std::string error;
    script = ScriptPlayer::parse(o.script, &error);
    if (!error.empty()) {
      std::fprintf(stderr, "firedrill-dashboard: script: %s\n", error.c_str());
      return 2;
    }
  }

  glfwSetErrorCallback(glfw_error);
  if (!glfwInit()) {
    std::fprintf(stderr, "firedrill-dashboard: cannot initialise GLFW (is DISPLAY set?)\n");
    return kNoDisplay;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);  // HiDPI: the window grows with the fonts
  GLFWwindow* window = glfwCreateWindow(o.width, o.height, "firedrill", nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "firedrill-dashboard: cannot open a %dx%d OpenGL 3.3 window\n", o.width,
                 o.height);
    glfwTerminate();
    return kNoDisplay;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(o.frames > 0 ? 0 : 1);  // scripted runs go as fast as they can

  float xs = 1, ys = 1;
  glfwGetWindowContentScale(window, &xs, &ys);
  const float scale = std::max(1.0f, std::max(xs, ys));

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  const Fonts fonts = load_fonts(io, scale);
  apply_theme(scale);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330");

  UiState ui;
  ui.fonts = &fonts;
  WorkshopView workshop;
  workshop.client = o.workshop;
  workshop.open_drill = o.open_trainee_drill;
  UiDump dump;
  const bool recording = script || !o.dump_path.empty();
  if (recording) ui.dump = &dump;

  int status = 0;
  int frame = 0;
  while (!glfwWindowShouldClose(window)) {
    glfwPollEvents();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    if (script) script->before_frame(io, dump);
    if (recording) dump.begin_frame(static_cast<uint64_t>(frame));
    ui.frame = static_cast<uint64_t>(frame);
    const Snapshot& snapshot = client.latest();
    ImGui::NewFrame();
    draw_dashboard(snapshot, ui, client, o.workshop ? &workshop : nullptr);
    ImGui::Render();

    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(window, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    glClearColor(0.06f, 0.07f, 0.08f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (recording) dump.end_frame();
    if (script) script->end_frame(dump);
    ++frame;

    const bool script_busy = script && !script->done();
    const bool last = o.frames > 0 && ((frame >= o.frames && !script_busy) ||
                                       frame >= o.frames + kScriptGraceFrames);
    if (last && !o.screenshot.empty()) {
      const std::string error = save_back_buffer_png(o.screenshot, fb_w, fb_h);
      if (!error.empty()) {
        std::fprintf(stderr, "firedrill-dashboard: screenshot: %s\n", error.c_str());
        status = 1;
      }
    }
    glfwSwapBuffers(window);
    if (last) break;
  }

  if (script) {
    if (!script->done())
      std::fprintf(stderr, "firedrill-dashboard: script stopped at line %zu of %zu\n",
                   script->position() + 1, script->size());
    for (const std::string& f : script->failures())
      std::fprintf(stderr, "firedrill-dashboard: %s\n", f.c_str());
    if ((script->failed() || !script->done()) && status == 0) status = 3;
  }
  if (!o.dump_path.empty()) {
    nlohmann::json out = {
        {"frames", frame}, {"ui", dump.to_json()}, {"snapshot", snapshot_summary(client.latest())}};
    if (o.workshop) out["workshop"] = workshop_summary(o.workshop->latest());
    if (workshop.watch.client)
      out["watching"] = {{"trainee", workshop.watch.trainee},
                         {"snapshot", snapshot_summary(workshop.watch.client->latest())}};
    if (script) out["script"] = {{"done", script->done()}, {"failures", script->failures()}};
    const std::string error = write_json_file(o.dump_path, out);
    if (!error.empty()) {
      std::fprintf(stderr, "firedrill-dashboard: dump: %s\n", error.c_str());
      status = 1;
    }
  }

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return status;
}

}  // namespace firedrill::dash
