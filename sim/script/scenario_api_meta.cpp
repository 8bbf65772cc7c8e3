// Scenario API, metadata domain: meta {...} (who the scenario is for, its simulated day and
// length, what the trainee is told and what only the instructor sees) and measure {...} (the
// corrective measures the debrief proposes).
#include <fmt/format.h>

#include "sim/observe/scenario_clock.h"
#include "sim/script/scenario_api.h"

namespace firedrill::script {

namespace {

bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > 64 || id.front() == '-') return false;
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool read_meta(ScenarioApiContext& ctx, lua_State* L) {
  ScenarioDefinition& def = ctx.definition;
  if (def.meta_declared) {
    ctx.error = fmt::format("meta {{...}} is declared twice (first at {}:{})", def.meta.where.file,
                            def.meta.where.line);
    return false;
  }
  SchemaStatus status;
  RecordReader r(status, ctx.scratch[0], "meta");
  DrillSpec& spec = def.drill;
  ScenarioMeta meta;
  r.text("id", spec.id, true);
  if (status.ok() && !valid_id(spec.id)) {
    status.fail("meta.id", fmt::format("expected lowercase letters, digits and '-' (like "
                                       "\"nginx-open-files\"), got \"{}\"",
                                       spec.id));
  }
  r.text("title", spec.title, true);
  r.choice("difficulty", meta.difficulty, {"beginner", "intermediate", "advanced"}, true);
  r.duration("length", spec.length, true, SimTime::minutes(1));
  uint32_t seed = 1;
  if (r.whole("seed", seed)) spec.seed = seed;
  r.text("time_zone", spec.time_zone);
  r.text("start", spec.start_local, true);
  r.text("briefing", meta.briefing, true);
  r.text("root_cause", meta.root_cause, true);
  r.text("resolution", meta.resolution);
  r.text_list("learning_goals", meta.learning_goals, true);
  r.text_list("services", meta.services);
  if (const SchemaValue* slo = r.get("slo")) {
    RecordReader s(status, *slo, "meta.slo");
    s.number("error_ratio", meta.slo_error_ratio, 0.000001, 0.999999);
    s.number("latency_ms", meta.slo_latency_ms, 1, 3'600'000);
    s.finish();
  }
  r.text_list("tags", meta.tags);
  r.text("author", meta.author);
  r.finish();
  if (status.ok()) {
    const ScenarioClockResult clock = ScenarioClock::create(spec.time_zone, spec.start_local);
    if (!clock.ok()) {
      std::string message = clock.error;
      const std::string prefix = clock.field + ": ";
      if (message.starts_with(prefix)) message.erase(0, prefix.size());
      status.fail(clock.field == "zone" ? "meta.time_zone" : "meta.start", message);
    }
  }
  if (!take_status(ctx, status)) return false;
  meta.where = caller_location(L);
  def.meta = std::move(meta);
  def.meta_declared = true;
  return true;
}

int api_meta(lua_State* L) noexcept {
  return run_declaration(L, "meta", "meta {...}", 1, read_meta);
}

bool read_measure(ScenarioApiContext& ctx, lua_State* L) {
  SchemaStatus status;
  RecordReader r(status, ctx.scratch[0], "measure");
  MeasureDecl m;
  m.kind = "prevent";
  r.text("text", m.text, true);
  r.choice("kind", m.kind, {"prevent", "detect", "mitigate", "process"});
  r.text("owner", m.owner);
  r.finish();
  if (!take_status(ctx, status)) return false;
  m.where = caller_location(L);
  ctx.definition.measures.push_back(std::move(m));
  return true;
}

int api_measure(lua_State* L) noexcept {
  return run_declaration(L, "measure", "measure {...}", 1, read_measure);
}

const luaL_Reg kMetaApi[] = {
    {"meta", api_meta},
    {"measure", api_measure},
    {nullptr, nullptr},
};

}  // namespace

void register_meta_api(LuaSandbox& sandbox, ScenarioApiContext& ctx) {
  register_globals(sandbox, kMetaApi, ctx);
}

}  // namespace firedrill::script
