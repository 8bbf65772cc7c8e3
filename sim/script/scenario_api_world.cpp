// Scenario API, the trainee's world: command {...} and file {...} (what the console shows on a
// host, as text or as a function of live state), team {...} (escalation targets and their
// scripted answers), stakeholder {...} (support, a manager, a customer writing on their own),
// hint {...} (what the coach says when the trainee is stuck), runbook {...} (per alert) and
// deploy {...} (the deploy history). While the drill runs: log(host, file, text).
#include <fmt/format.h>

#include "sim/script/scenario_api.h"
#include "sim/script/scenario_runtime.h"

namespace firedrill::script {

namespace {

// `key` as a string or a function: exactly one of `text` / `fn` is set. Required.
void read_text_or_function(RecordReader& r, std::string_view key, std::string& text,
                           CallbackId& fn) {
  const SchemaValue* v = r.require(key);
  if (v == nullptr) return;
  if (v->type == SchemaValue::Type::function) {
    fn = v->function;
  } else if (v->type == SchemaValue::Type::string) {
    text = v->text;
  } else if (r.ok()) {
    r.status().fail(r.path_of(key), "expected a string or a function, got " + describe_value(*v));
  }
}

bool read_command(ScenarioApiContext& ctx, lua_State* L) {
  SchemaStatus status;
  RecordReader r(status, ctx.scratch[0], "command");
  CommandDecl c;
  r.text("host", c.hosts, true);
  r.text("name", c.name, true);
  read_text_or_function(r, "output", c.text, c.output);
  uint32_t exit_code = 0;
  if (r.whole("exit", exit_code, 0, 255)) c.exit_code = static_cast<int>(exit_code);
  r.finish();
  if (status.ok() && c.name.find(' ') != std::string::npos) {
    status.fail("command.name",
                "expected the command's name alone (argv[0], like \"ulimit\"); "
                "its function receives the arguments");
  }
  if (!take_status(ctx, status)) return false;
  c.where = caller_location(L);
  ctx.definition.commands.push_back(std::move(c));
  return true;
}

bool read_file(ScenarioApiContext& ctx, lua_State* L) {
  SchemaStatus status;
  RecordReader r(status, ctx.scratch[0], "file");
  FileDecl f;
  r.text("host", f.hosts, true);
  r.text("path", f.path, true);
  read_text_or_function(r, "content", f.text, f.content);
  r.finish();
  if (status.ok() && f.path.front() != '/') {
    status.fail("file.path", fmt::format("expected an absolute path, got \"{}\"", f.path));
  }
  if (!take_status(ctx, status)) return false;
  f.where = caller_location(L);
  ctx.definition.files.push_back(std::move(f));
  return true;
}

bool read_team(ScenarioApiContext& ctx, lua_State* L) {
  SchemaStatus status;
  RecordReader r(status, ctx.scratch[0], "team");
  TeamDecl t;
  r.text("id", t.id, true);
  r.text("name", t.name, true);
  r.duration("delay", t.delay);
  read_text_or_function(r, "reply", t.reply, t.reply_fn);
  r.finish();
  if (!take_status(ctx, status)) return false;
  const TeamDecl* other = ctx.definition.team(t.id);
  if (!refuse_redeclared(ctx, "team.id", t.id, other ? &other->where : nullptr)) return false;
  t.where = caller_location(L);
  ctx.definition.teams.push_back(std::move(t));
  return true;
}

bool read_stakeholder(ScenarioApiContext& ctx, lua_State* L) {
  SchemaStatus status;
  RecordReader r(status, ctx.scratch[0], "stakeholder");
  StakeholderDecl s;
  r.choice("from", s.from, {"support", "manager", "customer", "executive", "colleague"}, true);
  r.text("name", s.name);
  r.text("channel", s.channel);
  read_text_or_function(r, "text", s.text, s.text_fn);
  SimTime at;
  if (r.duration("at", at)) s.at = at;
  r.function("when", s.condition);
  r.finish();
  if (status.ok() && !s.at && !s.condition) {
    status.fail("stakeholder", "needs at (a time) or when (a condition), or both");
  }
  if (!take_status(ctx, status)) return false;
  s.where = caller_location(L);
  ctx.definition.stakeholders.push_back(std::move(s));
  return true;
}

bool read_hint(ScenarioApiContext& ctx, lua_State* L) {
  SchemaStatus status;
  RecordReader r(status, ctx.scratch[0], "hint");
  HintDecl h;
  r.text("id", h.id, true);
  r.text("text", h.text, true);
  r.duration("after", h.after);
  r.function("when", h.condition);
  r.finish();
  if (!take_status(ctx, status)) return false;
  for (const HintDecl& other : ctx.definition.hints) {
    if (other.id == h.id) return refuse_redeclared(ctx, "hint.id", h.id, &other.where);
  }
  h.where = caller_location(L);
  ctx.definition.hints.push_back(std::move(h));
  return true;
}

bool read_runbook(ScenarioApiContext& ctx, lua_State* L) {
  SchemaStatus status;
  RecordReader r(status, ctx.scratch[0], "runbook");
  RunbookDecl b;
  r.text("alert", b.alert, true);
  r.text("title", b.title, true);
  r.text("text", b.text, true);
  r.finish();
  if (!take_status(ctx, status)) return false;
  b.where = caller_location(L);
  ctx.definition.runbooks.push_back(std::move(b));
  return true;
}

bool read_deploy(ScenarioApiContext& ctx, lua_State* L) {
  SchemaStatus status;
  RecordReader r(status, ctx.scratch[0], "deploy");
  DeployDecl d;
  r.text("version", d.version, true);
  r.duration("ago", d.ago, true);
  r.text("author", d.author);
  r.text("summary", d.summary);
  r.text_list("hosts", d.hosts);
  r.finish();
  if (!take_status(ctx, status)) return false;
  d.where = caller_location(L);
  ctx.definition.deploys.push_back(std::move(d));
  return true;
}

int api_command(lua_State* L) noexcept {
  return run_declaration(L, "command", "command {...}", 1, read_command);
}
int api_file(lua_State* L) noexcept {
  return run_declaration(L, "file", "file {...}", 1, read_file);
}
int api_team(lua_State* L) noexcept {
  return run_declaration(L, "team", "team {...}", 1, read_team);
}
int api_stakeholder(lua_State* L) noexcept {
  return run_declaration(L, "stakeholder", "stakeholder {...}", 1, read_stakeholder);
}
int api_hint(lua_State* L) noexcept {
  return run_declaration(L, "hint", "hint {...}", 1, read_hint);
}
int api_runbook(lua_State* L) noexcept {
  return run_declaration(L, "runbook", "runbook {...}", 1, read_runbook);
}
int api_deploy(lua_State* L) noexcept {
  return run_declaration(L, "deploy", "deploy {...}", 1, read_deploy);
}

// log(host, file, text): appends a line the scenario wrote (formatted, timestamp included).
bool write_log_line(ScenarioApiContext& ctx, const char* host, size_t host_length, const char* path,
                    size_t path_length, const char* text, size_t text_length) {
  ctx.runtime->write_log(std::string(host, host_length), std::string(path, path_length),
                         std::string(text, text_length));
  return true;
}

int api_log(lua_State* L) noexcept {
  ScenarioApiContext& ctx = api_context(L);
  size_t host_length = 0, path_length = 0, text_length = 0;
  const char* host = luaL_checklstring(L, 1, &host_length);
  const char* path = luaL_checklstring(L, 2, &path_length);
  const char* text = luaL_checklstring(L, 3, &text_length);
  luaL_argcheck(L, path_length > 0 && path[0] == '/', 2, "expected an absolute path");
  if (!require_running(ctx, "log")) return raise_api_error(L, ctx);
  if (!guarded(ctx, [&] {
        return write_log_line(ctx, host, host_length, path, path_length, text, text_length);
      })) {
    return raise_api_error(L, ctx);
  }
  return 0;
}

const luaL_Reg kWorldApi[] = {
    {"command", api_command},         {"file", api_file}, {"team", api_team},
    {"stakeholder", api_stakeholder}, {"hint", api_hint}, {"runbook", api_runbook},
    {"deploy", api_deploy},           {"log", api_log},   {nullptr, nullptr},
};

}  // namespace

void register_world_api(LuaSandbox& sandbox, ScenarioApiContext& ctx) {
  register_globals(sandbox, kWorldApi, ctx);
}

}  // namespace firedrill::script
