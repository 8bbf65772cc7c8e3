#include "dashboard/ui/script_player.h"

#include <fmt/format.h>

#include <charconv>
#include <sstream>

namespace firedrill::dash {

namespace {

std::string trim(std::string s) {
  const size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  const size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

bool to_int(const std::string& s, int* out) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size() && *out >= 0;
}

int key_index(const ImGuiIO& io, const std::string& name) {
  static const std::pair<const char*, ImGuiKey> keys[] = {
      {"Enter", ImGuiKey_Enter}, {"Escape", ImGuiKey_Escape},  {"Tab", ImGuiKey_Tab},
      {"Up", ImGuiKey_UpArrow},  {"Down", ImGuiKey_DownArrow}, {"Backspace", ImGuiKey_Backspace}};
  for (const auto& [n, k] : keys)
    if (name == n) return io.KeyMap[k];
  return -1;
}

bool known_key(const std::string& name) {
  for (const char* n : {"Enter", "Escape", "Tab", "Up", "Down", "Backspace"})
    if (name == n) return true;
  return false;
}

}  // namespace

ScriptPlayer ScriptPlayer::parse(const std::string& text, std::string* error) {
  ScriptPlayer p;
  std::istringstream in(text);
  int number = 0;
  for (std::string raw; std::getline(in, raw);) {
    ++number;
    std::string line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    ScriptLine l;
    l.number = number;
    const size_t sp = line.find(' ');
    l.op = line.substr(0, sp);
    l.arg = sp == std::string::npos ? std::string() : trim(line.substr(sp + 1));
    auto bad = [&](const std::string& why) {
      *error = fmt::format("line {}: {}", number, why);
      return ScriptPlayer{};
    };
    if (l.op == "wait") {
      if (!to_int(l.arg, &l.count)) return bad("wait takes a number of frames");
    } else if (l.op == "wait_for") {
      l.count = 600;
      const size_t last = l.arg.rfind(' ');
      int n = 0;
      if (last != std::string::npos && to_int(l.arg.substr(last + 1), &n)) {
        l.count = n;
        l.arg = trim(l.arg.substr(0, last));
      }
      if (l.arg.empty()) return bad("wait_for needs a text");
    } else if (l.op == "click" || l.op == "expect") {
      if (l.arg.empty()) return bad(l.op + " needs an argument");
    } else if (l.op == "type") {
      // the rest of the line, verbatim (may be empty)
    } else if (l.op == "key") {
      if (!known_key(l.arg))
        return bad(
            fmt::format("unknown key '{}' (Enter, Escape, Tab, Up, Down, Backspace)", l.arg));
    } else {
      return bad(fmt::format("unknown command '{}'", l.op));
    }
    p.lines_.push_back(std::move(l));
  }
  return p;
}

void ScriptPlayer::fail(const ScriptLine& line, const std::string& why) {
  failures_.push_back(
      fmt::format("script line {} ({} {}): {}", line.number, line.op, line.arg, why));
}

void ScriptPlayer::before_frame(ImGuiIO& io, const UiDump& dump) {
  if (have_mouse_) io.MousePos = mouse_;
  if (done()) {
    if (have_mouse_) io.MouseDown[0] = false;
    return;
  }
  const ScriptLine& l = lines_[next_];
  if (l.op == "click") {
    if (phase_ == 0) {
      const DumpItem* item = dump.find_item(l.arg);
      if (!item) {
        fail(l, "no such item on screen");
        phase_ = 2;  // end_frame() moves on to the next line
        io.MouseDown[0] = false;
        return;
      }
      mouse_ = ImVec2((item->x0 + item->x1) / 2, (item->y0 + item->y1) / 2);
      have_mouse_ = true;
      io.MousePos = mouse_;
    }
    io.MouseDown[0] = phase_ == 1;
  } else if (have_mouse_) {
    io.MouseDown[0] = false;
  }
  if (l.op == "key") {
    const int k = key_index(io, l.arg);
    if (k >= 0 && k < static_cast<int>(IM_ARRAYSIZE(io.KeysDown))) io.KeysDown[k] = phase_ == 0;
  }
  if (l.op == "type" && phase_ == 0) io.AddInputCharactersUTF8(l.arg.c_str());
}

void ScriptPlayer::end_frame(const UiDump& dump) {
  if (done()) return;
  const ScriptLine& l = lines_[next_];
  ++phase_;
  bool advance = false;
  if (l.op == "wait") {
    advance = phase_ >= l.count;
  } else if (l.op == "wait_for") {
    if (dump.contains(l.arg)) {
      advance = true;
    } else if (phase_ >= l.count) {
      fail(l, fmt::format("not seen within {} frames", l.count));
      advance = true;
    }
  } else if (l.op == "click") {
    advance = phase_ >= 3;
  } else if (l.op == "key") {
    advance = phase_ >= 2;
  } else if (l.op == "type") {
    advance = true;
  } else if (l.op == "expect") {
    if (!dump.contains(l.arg)) fail(l, "not on screen");
    advance = true;
  }
  if (advance) {
    ++next_;
    phase_ = 0;
  }
}

}  // namespace firedrill::dash
