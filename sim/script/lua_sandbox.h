// LuaSandbox: one lua_State that runs untrusted scenario scripts. Only base, table, string,
// math, utf8 and coroutine are opened (no io, os, require, debug, binary chunks); memory is
// capped by the allocator; every host->Lua call has an instruction budget; math.random draws
// from the RandomStream the host passes in. Every script problem comes back as a ScriptError
// value. Single-threaded; the sandbox owns its state and is neither copyable nor movable.
//
// THE LONGJMP RULE (Debian's Lua is compiled as C): a Lua error longjmps straight past C++
// frames without running destructors. In any C function called by Lua, and in the pushers and
// readers given to call_with: check arguments first, keep objects with non-trivial destructors
// (std::string, std::vector, locks...) in an inner scope that has ended, and only then call
// anything that can raise (luaL_check*, luaL_error, lua_push* of strings, lua_newtable...).
// Never let a C++ exception escape into Lua: catch it, leave the scope, then luaL_error.
// Host code never raises on the bare state: an error outside lua_pcall aborts the process.
//
// What a script sees: print goes to the host sink; load is text-only, its env defaults to the
// sandbox globals (another table may be given); collectgarbage only answers "count";
// math.randomseed raises an error (math.random is seeded from the run seed, and a reseed would
// silently break replay); setmetatable refuses __gc (finalizers run with hooks off, where no
// budget can stop them); the string metatable is protected; string.dump and warn are gone;
// string.rep and table.move refuse the few arguments that would spin in C; pairs and next visit
// keys in a defined order (lua_sandbox_pairs.h), so a run never depends on the hash seed. The
// budget error is sticky: a script's pcall/xpcall may catch it but the script cannot keep running,
// and a coroutine the budget stopped is never closed (its __close handlers would run with hooks
// off). Known limit: the budget counts Lua instructions only, so a pathological pattern given to
// string.find/match/gmatch/gsub can still run long inside C.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <lua.hpp>

#include "sim/core/random.h"
#include "sim/script/lua_push.h"
#include "sim/script/memory_limiter.h"
#include "sim/script/script_error.h"

namespace firedrill::script {

// A Lua function held by the sandbox (a loaded chunk or a callback a script handed over).
// Ids are never reused, so a released id stays dead.
struct CallbackId {
  int64_t value = 0;
  explicit operator bool() const { return value != 0; }
  friend bool operator==(CallbackId, CallbackId) = default;
};

class LuaSandbox {
 public:
  struct Options {
    size_t memory_cap = size_t{64} << 20;     // bytes the lua_State may hold
    int64_t instruction_budget = 10'000'000;  // Lua VM instructions per host->Lua call
    int hook_interval = 1000;                 // instructions between two budget checks
    RandomStream random{0};                   // backs math.random; copied into the sandbox
    std::function<void(std::string_view line)> print_sink;  // receives print(); null discards
  };
  static constexpr size_t kMinimumMemoryCap = size_t{256} << 10;

  // REQUIRES: memory_cap >= kMinimumMemoryCap, instruction_budget > 0, hook_interval > 0.
  // Throws std::bad_alloc only if the process itself is out of memory.
  explicit LuaSandbox(Options options);
  LuaSandbox() : LuaSandbox(Options{}) {}
  ~LuaSandbox();
  LuaSandbox(const LuaSandbox&) = delete;
  LuaSandbox& operator=(const LuaSandbox&) = delete;

  // ---- Loading and running (host side only) ------------------------------------------------
  // Compiles Lua source text (binary chunks are refused) with the chunk name "@"+name, so errors
  // read "name:LINE: message". The compiled chunk is held until released.
  ScriptResult<CallbackId> load_string(std::string_view code, std::string_view name);
  ScriptResult<CallbackId> load_file(const std::filesystem::path& path);
  // Load, run once under the budget, release.
  std::optional<ScriptError> run_string(std::string_view code, std::string_view name);
  std::optional<ScriptError> run_file(const std::filesystem::path& path);

  // ---- Calling (host side only; not re-entrant) ---------------------------------------------
  // Calls a held function with C++ arguments (see lua_push.h). Returns nullopt on success, and
  // also when the callback was released: a disabled callback is skipped, the drill goes on.
  template <class... Args>
  std::optional<ScriptError> call(CallbackId function, const Args&... args) {
    return call_with(
        function, [&](lua_State* L) { return push_values(L, args...); },
        [](lua_State*, int, int) {});
  }
  // Calls the global function `name`; an error if it is not a function.
  template <class... Args>
  std::optional<ScriptError> call_global(std::string_view name, const Args&... args) {
    auto push = [&](lua_State* L) { return push_values(L, args...); };
    auto read = [](lua_State*, int, int) {};
    return call_erased({CallbackId{}, name}, &invoke_push<decltype(push)>, &push,
                       &invoke_read<decltype(read)>, &read);
  }
  // General form. `push(L) -> int` pushes the arguments and returns their count; after a
  // successful call `read(L, first, count)` sees the results at stack indices
  // first..first+count-1. Both run inside Lua's protection: they may raise Lua errors (which
  // become the returned ScriptError) and must follow the longjmp rule above.
  template <class Push, class Read>
  std::optional<ScriptError> call_with(CallbackId function, Push&& push, Read&& read) {
    using P = std::remove_reference_t<Push>;
    using R = std::remove_reference_t<Read>;
    return call_erased({function, {}}, &invoke_push<P>, erase(push), &invoke_read<R>, erase(read));
  }

  // ---- Callbacks handed over by scripts ------------------------------------------------------
  // From a C function called by Lua: holds the function at `index` of L's stack (raises
  // "bad argument" if it is not a function) and returns its id.
  CallbackId hold_callback(lua_State* L, int index);
  // Disables a callback: later calls to it are skipped. Safe on unknown or released ids. Pass
  // the running L when called from a C function; the host passes nothing.
  void release_callback(CallbackId function, lua_State* L = nullptr);
  bool is_held(CallbackId function, lua_State* L = nullptr) const;

  // ---- Bindings (host side, before running scripts; throw std::bad_alloc if memory is out) --
  // A global table `name` of functions; each gets `context` as upvalue 1 (upvalue_context<T>).
  void register_library(const char* name, const luaL_Reg* functions, void* context = nullptr);
  void register_function(const char* name, lua_CFunction function, void* context = nullptr);
  // A userdata type for identity objects: metatable `type_name` (luaL_newmetatable) whose
  // "__"-prefixed entries become metamethods and the others methods (via __index); scripts
  // cannot read or replace it (__metatable). Each function gets `context` as upvalue 1.
  void register_type(const char* type_name, const luaL_Reg* functions, void* context = nullptr);

  // Creates a full userdata holding `value` with the metatable of `type_name` (registered
  // first). T must be trivially destructible: Lua frees the block without running destructors.
  template <class T>
  static T* new_object(lua_State* L, const char* type_name, const T& value) {
    static_assert(std::is_trivially_destructible_v<T>, "Lua never runs C++ destructors");
    void* block = lua_newuserdatauv(L, sizeof(T), 0);
    T* object = ::new (block) T(value);
    luaL_setmetatable(L, type_name);
    return object;
  }
  // The object at `index`, or a "bad argument" Lua error naming `type_name`.
  template <class T>
  static T* check_object(lua_State* L, int index, const char* type_name) {
    return static_cast<T*>(luaL_checkudata(L, index, type_name));
  }

  // In a C function registered with a context: that context.
  template <class T>
  static T* upvalue_context(lua_State* L) {
    return static_cast<T*>(lua_touserdata(L, lua_upvalueindex(1)));
  }
  // The sandbox that owns L (any coroutine of it). REQUIRES: L belongs to a LuaSandbox.
  static LuaSandbox& from(lua_State* L) {
    return **static_cast<LuaSandbox**>(lua_getextraspace(L));
  }
  // One host pointer per sandbox, for bindings that were registered without a context.
  void set_host_context(void* context) { host_context_ = context; }
  void* host_context() const { return host_context_; }

  // ---- State -----------------------------------------------------------------------------------
  // The raw state, for bindings and tests. Host code must not raise errors on it outside a
  // protected call (an unprotected error aborts the process).
  lua_State* state() const { return L_; }
  size_t memory_in_use() const { return limiter_.in_use(); }
  size_t memory_cap() const { return limiter_.cap(); }
  int64_t instruction_budget() const { return budget_limit_; }
  // REQUIRES: budget > 0. Applies from the next host->Lua call.
  void set_instruction_budget(int64_t budget);
  // Instructions counted in the current or last call (in hook_interval steps).
  int64_t instructions_used() const { return budget_used_; }
  // True once the current or last call ran out of budget, even if a script pcall caught it.
  bool budget_exceeded() const { return budget_tripped_; }
  RandomStream& random() { return random_; }
  // Hands one line to the print sink. False if the sink threw (the exception is swallowed).
  bool send_to_print_sink(std::string_view line) noexcept;

 private:
  struct CallTarget {
    CallbackId id;
    std::string_view global_name;  // used when id is empty
  };
  struct CallRequest;
  struct LoadRequest;
  struct RegisterRequest;
  using PushFn = int (*)(lua_State*, void*);
  using ReadFn = void (*)(lua_State*, int, int, void*);

  template <class P>
  static int invoke_push(lua_State* L, void* push) {
    return (*static_cast<P*>(push))(L);
  }
  template <class R>
  static void invoke_read(lua_State* L, int first, int count, void* read) {
    (*static_cast<R*>(read))(L, first, count);
  }
  template <class T>
  static void* erase(T& object) {
    return const_cast<void*>(static_cast<const void*>(std::addressof(object)));
  }

  std::optional<ScriptError> call_erased(CallTarget target, PushFn push, void* push_data,
                                         ReadFn read, void* read_data);
  // Runs `entry(L)` with a light userdata `request` as its argument under lua_pcall. Returns the
  // status; on error `message` receives the error string.
  int run_protected(lua_CFunction entry, void* request, std::string& message);
  void register_entry_checked(RegisterRequest& request);
  ScriptError error_from_call(int status, const std::string& raw, size_t refusals_before) const;
  ScriptError memory_error(std::string file, int line) const;

  static int setup_entry(lua_State* L) noexcept;
  static int load_entry(lua_State* L) noexcept;
  static int call_entry(lua_State* L) noexcept;
  static int register_entry(lua_State* L) noexcept;
  static int message_handler(lua_State* L) noexcept;
  static void budget_hook(lua_State* L, lua_Debug* ar) noexcept;
  static int panic(lua_State* L) noexcept;

  static constexpr size_t kNameSize = 256;

  MemoryLimiter limiter_;
  lua_State* L_ = nullptr;
  RandomStream random_;
  std::function<void(std::string_view)> print_sink_;
  void* host_context_ = nullptr;

  int64_t budget_limit_;
  int hook_interval_;
  int64_t budget_used_ = 0;
  bool budget_tripped_ = false;
  bool in_call_ = false;

  // Fixed buffers, written from C frames that may be longjmp'd over (no std::string there).
  char trip_file_[kNameSize] = {};  // where the budget ran out
  int trip_line_ = 0;
  char error_file_[kNameSize] = {};  // first Lua frame of the last error, from the handler
  int error_line_ = 0;
  char call_file_[kNameSize] = {};  // chunk of the function being called

  int callbacks_ref_ = LUA_NOREF;  // registry ref of the table id -> held function
  int64_t next_callback_id_ = 0;
  std::vector<std::string> loaded_files_;  // to restore chunk names Lua shortened
};

}  // namespace firedrill::script
