#include "dashboard/ui/headless.h"

namespace firedrill::dash {

HeadlessImGui::HeadlessImGui(ImVec2 display, float scale) : ctx_(ImGui::CreateContext()) {
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  io.DisplaySize = display;
  for (int k = 0; k < ImGuiKey_COUNT; ++k) io.KeyMap[k] = k;
  fonts_ = load_fonts(io, scale);
  apply_theme(scale);
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  io.Fonts->SetTexID(nullptr);
}

HeadlessImGui::~HeadlessImGui() {
  ImGui::DestroyContext(ctx_);
}

void HeadlessImGui::new_frame(float dt) {
  ImGui::GetIO().DeltaTime = dt;
  ImGui::NewFrame();
}

int HeadlessImGui::render() {
  ImGui::Render();
  const ImDrawData* d = ImGui::GetDrawData();
  return d ? d->TotalVtxCount : 0;
}

}  // namespace firedrill::dash
