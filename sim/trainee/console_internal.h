// Private to the console's implementation (console.cpp and the cmd_*.cpp families): the
// context a built-in command runs in, the table each family registers its commands in, and the
// host's virtual file system. Not part of the API; include console.h instead.
//
// A built-in writes its standard output and its standard error apart, so that in a pipeline
// only the output flows on (as in bash); the console merges them for the terminal.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/trainee/console.h"
#include "sim/trainee/host_view.h"

namespace firedrill::console_detail {

struct CommandContext {
  const Console& console;
  HostView& view;
  std::string cwd;           // the shell's working directory, absolute
  const std::string* input;  // standard input from the previous pipeline stage, or null
  bool to_terminal = true;   // standard output reaches the screen (not a pipe or /dev/null)
};

// What a built-in prints and returns.
struct Output {
  std::string out;  // standard output
  std::string err;  // standard error
  int code = 0;
  Touched touched;
  std::optional<RequestedAction> action;

  Output& fail(int exit_code, std::string message) {
    err += message;
    if (!message.empty() && message.back() != '\n') err += '\n';
    code = exit_code;
    return *this;
  }
};

using Args = std::vector<std::string>;  // argv, argv[0] included
using BuiltinFn = Output (*)(CommandContext&, const Args&);

struct Builtin {
  std::string_view name;
  BuiltinFn fn;
  std::string_view summary;  // one line for `help`
};

// One table per family (cmd_*.cpp), like a luaL_Reg array.
std::span<const Builtin> system_commands();     // uptime free df ulimit date hostname nproc...
std::span<const Builtin> process_commands();    // top pgrep pidof kill
std::span<const Builtin> ps_commands();         // ps
std::span<const Builtin> service_commands();    // systemctl
std::span<const Builtin> journal_commands();    // journalctl dmesg reboot
std::span<const Builtin> file_commands();       // cat less ls cd pwd
std::span<const Builtin> text_commands();       // grep head tail wc
std::span<const Builtin> text_tool_commands();  // sort uniq cut awk
std::span<const Builtin> curl_commands();       // curl
std::span<const Builtin> net_commands();        // ss ping
std::span<const Builtin> db_commands();         // psql mysql
// Every family, in the order `help` lists them (the shell's own first).
std::vector<std::span<const Builtin>> builtin_families();
const Builtin* find_builtin(std::string_view name);

// --- the host's files (host_files.cpp) ---------------------------------------------------
enum class FileType { kMissing, kFile, kDirectory };

// `path` made absolute against cwd, with ".", ".." and repeated slashes resolved.
std::string absolute_path(std::string_view cwd, std::string_view path);
FileType file_type(const CommandContext& ctx, std::string_view abs_path);
// The contents of a file: a scenario's file, a log, a config or a /proc file.
std::optional<std::string> read_file(const CommandContext& ctx, std::string_view abs_path);
// Every file the host has (absolute paths, sorted): what ls and grep -r walk.
std::vector<std::string> all_files(const CommandContext& ctx);
// Entries directly inside a directory (names only, sorted; directories end without '/').
std::vector<std::string> list_directory(const CommandContext& ctx, std::string_view abs_dir);
// Whether a path is one of the host's log files (for Touched::topic).
bool is_log_path(std::string_view abs_path);

// Reads each named file (or standard input when there are none) for a text filter; errors
// are written as "<tool>: <name>: No such file or directory". Returns (display name, text).
struct InputFile {
  std::string name;
  std::string text;
};
std::vector<InputFile> read_inputs(CommandContext& ctx, std::string_view tool,
                                   const std::vector<std::string>& names, Output& out);

// The topic a file belongs to: "logs" for logs, "config" for the rest.
void touch_file(Output& out, std::string_view abs_path);

}  // namespace firedrill::console_detail
