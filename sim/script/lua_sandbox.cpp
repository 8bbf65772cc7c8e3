#include "sim/script/lua_sandbox.h"

// [SECTION] index
//   Helpers            chunk names in fixed buffers, message texts
//   Lifetime           constructor, destructor, protected runner, panic
//   Loading            load_string, load_file, run_*
//   Calling            call_erased, call_entry, message handler, error classification
//   Budget             the count hook
//   State              setters, print sink
//   (Callbacks and bindings: lua_sandbox_bindings.cpp.)

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <system_error>

#include "sim/script/lua_sandbox_pairs.h"
#include "sim/script/sandbox_stdlib.h"

namespace firedrill::script {

// ---- [SECTION] Helpers ------------------------------------------------------------------------

namespace {

// Copies the display name of a function's chunk ("@x.lua" -> "x.lua") into a fixed buffer;
// safe in frames Lua may longjmp over. Chunks loaded from strings keep Lua's short form.
template <size_t N>
void copy_chunk_name(char (&destination)[N], const lua_Debug& ar) {
  const char* source = ar.source;
  const bool named = source != nullptr && (source[0] == '@' || source[0] == '=');
  std::snprintf(destination, N, "%s", named ? source + 1 : ar.short_src);
}

std::string budget_message(int64_t budget) {
  return "instruction budget of " + std::to_string(budget) + " exceeded";
}

bool ends_with_out_of_memory(std::string_view message) {
  return message.ends_with("not enough memory");
}

}  // namespace

struct LuaSandbox::CallRequest {
  CallTarget target;
  PushFn push = nullptr;
  void* push_data = nullptr;
  ReadFn read = nullptr;
  void* read_data = nullptr;
  int status = LUA_OK;        // of the script call itself (the inner lua_pcall)
  bool skipped = false;       // the callback was released
  bool not_callable = false;  // the global is not a function
};

struct LuaSandbox::LoadRequest {
  const char* code = nullptr;
  size_t size = 0;
  const char* chunk_name = nullptr;
  int status = LUA_OK;
  CallbackId id;
};

// ---- [SECTION] Lifetime -----------------------------------------------------------------------

LuaSandbox::LuaSandbox(Options options)
    : limiter_(options.memory_cap),
      random_(options.random),
      print_sink_(std::move(options.print_sink)),
      budget_limit_(options.instruction_budget),
      hook_interval_(options.hook_interval) {
  assert(options.memory_cap >= kMinimumMemoryCap && "LuaSandbox: memory cap below the minimum");
  assert(budget_limit_ > 0 && "LuaSandbox: the instruction budget must be positive");
  assert(hook_interval_ > 0 && "LuaSandbox: the hook interval must be positive");
  L_ = lua_newstate(&MemoryLimiter::allocate, &limiter_);
  if (L_ == nullptr) throw std::bad_alloc();
  // Every thread copies the main thread's extra space, so from(L) works in coroutines too.
  *static_cast<LuaSandbox**>(lua_getextraspace(L_)) = this;
  lua_atpanic(L_, &panic);
  // Threads inherit the hook of the thread that creates them: set it before any script runs.
  lua_sethook(L_, &budget_hook, LUA_MASKCOUNT, hook_interval_);
  std::string message;
  if (run_protected(&setup_entry, nullptr, message) != LUA_OK) {
    lua_close(L_);
    throw std::bad_alloc();
  }
}

LuaSandbox::~LuaSandbox() {
  lua_close(L_);
}

int LuaSandbox::setup_entry(lua_State* L) noexcept {
  open_sandbox_stdlib(L);
  install_ordered_iteration(L);  // pairs/next in a defined order: runs must not differ
  lua_newtable(L);
  from(L).callbacks_ref_ = luaL_ref(L, LUA_REGISTRYINDEX);
  return 0;
}

int LuaSandbox::run_protected(lua_CFunction entry, void* request, std::string& message) {
  assert(lua_gettop(L_) == 0 && "LuaSandbox: the host stack must be empty between calls");
  lua_pushcfunction(L_, entry);  // neither push allocates: this is safe unprotected
  lua_pushlightuserdata(L_, request);
  const int status = lua_pcall(L_, 1, 1, 0);
  if (lua_type(L_, -1) == LUA_TSTRING) {
    size_t length = 0;
    const char* text = lua_tolstring(L_, -1, &length);
    message.assign(text, length);
  } else if (status != LUA_OK) {
    message = "(error object is not a string)";
  }
  lua_settop(L_, 0);
  return status;
}

int LuaSandbox::panic(lua_State* L) noexcept {
  const char* message = lua_tostring(L, -1);
  std::fprintf(stderr, "firedrill: unprotected Lua error (a sandbox bug): %s\n",
               message != nullptr ? message : "(not a string)");
  std::fflush(stderr);
  return 0;  // Lua aborts
}

// ---- [SECTION] Loading ------------------------------------------------------------------------

ScriptResult<CallbackId> LuaSandbox::load_string(std::string_view code, std::string_view name) {
  std::string file(name);
  if (in_call_) {
    return ScriptError{
        file, 0, "cannot load a chunk while a script is running", {}, ScriptErrorKind::host};
  }
  // Text mode below refuses these too; say it in the author's terms.
  if (!code.empty() && code.front() == LUA_SIGNATURE[0]) {
    return ScriptError{file,
                       0,
                       "binary (precompiled) chunks are refused: a scenario must be Lua source",
                       {},
                       ScriptErrorKind::syntax};
  }
  if (std::find(loaded_files_.begin(), loaded_files_.end(), file) == loaded_files_.end()) {
    loaded_files_.push_back(file);
  }
  const std::string chunk_name = "@" + file;
  LoadRequest request;
  request.code = code.data();
  request.size = code.size();
  request.chunk_name = chunk_name.c_str();
  std::string message;
  const int status = run_protected(&load_entry, &request, message);
  if (status == LUA_OK && request.status == LUA_OK) return request.id;
  if (status == LUA_ERRMEM || request.status == LUA_ERRMEM) return memory_error(file, 0);
  ScriptError error = parse_lua_error(message, ScriptErrorKind::syntax, loaded_files_);
  if (error.file.empty()) error.file = file;
  return error;
}

int LuaSandbox::load_entry(lua_State* L) noexcept {
  auto* request = static_cast<LoadRequest*>(lua_touserdata(L, 1));
  lua_settop(L, 0);
  request->status = luaL_loadbufferx(L, request->code, request->size, request->chunk_name, "t");
  if (request->status != LUA_OK) return 1;  // the message
  request->id = from(L).hold_callback(L, 1);
  return 0;
}

ScriptResult<CallbackId> LuaSandbox::load_file(const std::filesystem::path& path) {
  const std::string file = path.string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return ScriptError{
        file, 0, "cannot read the scenario: it is a directory", {}, ScriptErrorKind::io};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return ScriptError{file,
                       0,
                       std::string("cannot open the scenario: ") + std::strerror(errno),
                       {},
                       ScriptErrorKind::io};
  }
  std::string code((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    return ScriptError{file, 0, "cannot read the scenario", {}, ScriptErrorKind::io};
  }
  return load_string(code, file);
}

std::optional<ScriptError> LuaSandbox::run_string(std::string_view code, std::string_view name) {
  const ScriptResult<CallbackId> chunk = load_string(code, name);
  if (!chunk) return chunk.error();
  std::optional<ScriptError> error = call(chunk.value());
  release_callback(chunk.value());
  return error;
}

std::optional<ScriptError> LuaSandbox::run_file(const std::filesystem::path& path) {
  const ScriptResult<CallbackId> chunk = load_file(path);
  if (!chunk) return chunk.error();
  std::optional<ScriptError> error = call(chunk.value());
  release_callback(chunk.value());
  return error;
}

// ---- [SECTION] Calling ------------------------------------------------------------------------

std::optional<ScriptError> LuaSandbox::call_erased(CallTarget target, PushFn push, void* push_data,
                                                   ReadFn read, void* read_data) {
  if (in_call_) {
    return ScriptError{{},
                       0,
                       "re-entrant call into the Lua sandbox (call scripts from host code)",
                       {},
                       ScriptErrorKind::host};
  }
  CallRequest request;
  request.target = target;
  request.push = push;
  request.push_data = push_data;
  request.read = read;
  request.read_data = read_data;

  in_call_ = true;
  budget_used_ = 0;
  budget_tripped_ = false;
  trip_file_[0] = error_file_[0] = call_file_[0] = '\0';
  trip_line_ = error_line_ = 0;
  lua_sethook(L_, &budget_hook, LUA_MASKCOUNT, hook_interval_);  // restarts the count
  const size_t refusals_before = limiter_.refusals();
  std::string message;
  const int outer_status = run_protected(&call_entry, &request, message);
  limiter_.set_error_headroom(false);
  in_call_ = false;

  if (request.skipped) return std::nullopt;
  const int status = outer_status != LUA_OK ? outer_status : request.status;
  if (status == LUA_OK && !budget_tripped_) return std::nullopt;
  if (request.not_callable) return ScriptError{{}, 0, message, {}, ScriptErrorKind::host};
  ScriptError error = error_from_call(status, message, refusals_before);
  if (error.kind == ScriptErrorKind::memory) lua_gc(L_, LUA_GCCOLLECT);  // drop the bomb now
  return error;
}

int LuaSandbox::call_entry(lua_State* L) noexcept {
  auto* request = static_cast<CallRequest*>(lua_touserdata(L, 1));
  LuaSandbox& self = from(L);
  lua_settop(L, 0);
  lua_pushcfunction(L, message_handler);  // index 1
  if (request->target.id) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, self.callbacks_ref_);
    lua_rawgeti(L, -1, request->target.id.value);
    lua_remove(L, -2);
    if (lua_isnil(L, 2)) {
      request->skipped = true;
      return 0;
    }
  } else {
    const std::string_view name = request->target.global_name;
    lua_pushglobaltable(L);
    lua_pushlstring(L, name.data(), name.size());
    lua_gettable(L, -2);
    lua_remove(L, -2);
    if (lua_type(L, 2) != LUA_TFUNCTION) {
      request->not_callable = true;
      lua_pushlstring(L, name.data(), name.size());
      lua_pushfstring(L, "global '%s' is not a function (a %s value)", lua_tostring(L, -1),
                      luaL_typename(L, 2));
      return lua_error(L);
    }
  }  // index 2: the function
  lua_Debug ar;
  lua_pushvalue(L, 2);
  if (lua_getinfo(L, ">S", &ar) != 0) copy_chunk_name(self.call_file_, ar);
  const int argument_count = request->push != nullptr ? request->push(L, request->push_data) : 0;
  request->status = lua_pcall(L, argument_count, LUA_MULTRET, 1);
  if (request->status != LUA_OK) return 1;  // the message, with its traceback
  if (request->read != nullptr) request->read(L, 2, lua_gettop(L) - 1, request->read_data);
  return 0;
}

// lua.c's msghandler, plus: remembers the first Lua frame (for errors without a position) and
// lets the traceback use the limiter's headroom when the script filled its memory.
int LuaSandbox::message_handler(lua_State* L) noexcept {
  LuaSandbox& self = from(L);
  self.limiter_.set_error_headroom(true);
  lua_Debug ar;
  for (int level = 1; lua_getstack(L, level, &ar) != 0; ++level) {
    if (lua_getinfo(L, "Sl", &ar) != 0 && ar.currentline > 0) {
      copy_chunk_name(self.error_file_, ar);
      self.error_line_ = ar.currentline;
      break;
    }
  }
  const char* message = lua_tostring(L, 1);
  if (message == nullptr) {
    // Once the budget is spent, run no more script code (__tostring) while reporting.
    if (!self.budget_tripped_ && luaL_callmeta(L, 1, "__tostring") != 0 &&
        lua_type(L, -1) == LUA_TSTRING) {
      message = lua_tostring(L, -1);
    } else {
      message = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
  }
  luaL_traceback(L, L, message, 1);
  return 1;
}

ScriptError LuaSandbox::memory_error(std::string file, int line) const {
  return ScriptError{std::move(file),
                     line,
                     "scenario exceeded its memory cap of " + format_byte_size(limiter_.cap()),
                     {},
                     ScriptErrorKind::memory};
}

// Budget first (it is sticky and explains whatever error followed), then memory (also when a
// script caught "not enough memory" and raised it again), then the error as Lua reported it.
ScriptError LuaSandbox::error_from_call(int status, const std::string& raw,
                                        size_t refusals_before) const {
  if (budget_tripped_) {
    ScriptError error{
        trip_file_, trip_line_, budget_message(budget_limit_), {}, ScriptErrorKind::budget};
    if (status != LUA_OK) error.traceback = parse_lua_error(raw, error.kind).traceback;
    if (error.file.empty()) error.file = call_file_;
    return error;
  }
  ScriptError error = parse_lua_error(raw, ScriptErrorKind::runtime, loaded_files_);
  const bool refused = limiter_.refusals() != refusals_before;
  if (status == LUA_ERRMEM || (refused && ends_with_out_of_memory(error.message))) {
    ScriptError memory = memory_error(error.file, error.line);
    memory.traceback = std::move(error.traceback);
    error = std::move(memory);
  }
  if (error.file.empty()) {
    if (error_file_[0] != '\0') {
      error.file = error_file_;
      error.line = error_line_;
    } else {
      error.file = call_file_;
      error.line = 0;
    }
  }
  return error;
}

// ---- [SECTION] Budget -------------------------------------------------------------------------

// Runs every hook_interval VM instructions, in whichever thread is running. Once the budget is
// spent it raises on every instruction of every thread until the host's call returns, so a
// script's pcall can catch the error but cannot keep running.
void LuaSandbox::budget_hook(lua_State* L, lua_Debug* ar) noexcept {
  LuaSandbox& self = from(L);
  const int count = lua_gethookcount(L);
  if (!self.budget_tripped_) {
    self.budget_used_ += count;
    if (count != self.hook_interval_) {
      lua_sethook(L, &budget_hook, LUA_MASKCOUNT, self.hook_interval_);  // left over from a trip
    }
    if (self.budget_used_ <= self.budget_limit_) return;
    self.budget_tripped_ = true;
    if (lua_getinfo(L, "Sl", ar) != 0) {
      copy_chunk_name(self.trip_file_, *ar);
      self.trip_line_ = ar->currentline > 0 ? ar->currentline : 0;
    }
  }
  if (count != 1) lua_sethook(L, &budget_hook, LUA_MASKCOUNT, 1);
  const auto budget = static_cast<LUAI_UACINT>(self.budget_limit_);
  if (lua_getinfo(L, "Sl", ar) != 0 && ar->currentline > 0) {
    lua_pushfstring(L, "%s:%d: instruction budget of %I exceeded", ar->short_src, ar->currentline,
                    budget);
  } else {
    lua_pushfstring(L, "instruction budget of %I exceeded", budget);
  }
  lua_error(L);
}

// ---- [SECTION] State --------------------------------------------------------------------------

void LuaSandbox::set_instruction_budget(int64_t budget) {
  assert(budget > 0 && "LuaSandbox: the instruction budget must be positive");
  budget_limit_ = budget;
}

bool LuaSandbox::send_to_print_sink(std::string_view line) noexcept {
  if (!print_sink_) return true;
  try {
    print_sink_(line);
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace firedrill::script
