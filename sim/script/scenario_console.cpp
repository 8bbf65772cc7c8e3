#include "sim/script/scenario_console.h"

#include "sim/faults/fault_targets.h"

namespace firedrill::script {

void install_scenario_console(ScenarioRuntime& runtime, Console& console) {
  const ScenarioDefinition& def = runtime.definition();
  const auto& hosts = runtime.drill().stack().hosts();
  for (const CommandDecl& c : def.commands) {
    for (const auto& h : hosts) {
      if (!glob_match(c.hosts, h->name())) continue;
      const std::string host = h->name();
      console.set_command(host, c.name, [&runtime, host](const std::vector<std::string>& argv) {
        std::optional<ConsoleReply> reply = runtime.run_command(host, argv);
        if (!reply) return CommandResult::not_handled();
        CommandResult result;
        result.output = std::move(reply->output);
        result.exit_code = reply->exit_code;
        result.touched.host = host;
        result.touched.component = host;
        return result;
      });
    }
  }
  for (const FileDecl& f : def.files) {
    for (const auto& h : hosts) {
      if (!glob_match(f.hosts, h->name())) continue;
      const std::string host = h->name();
      const std::string path = f.path;
      console.set_file(host, path, [&runtime, host, path] {
        return runtime.read_file(host, path).value_or(std::string());
      });
    }
  }
}

nlohmann::json touched_json(const Touched& touched) {
  return {{"host", touched.host},
          {"component", touched.component},
          {"service", touched.service},
          {"files", touched.files},
          {"topic", touched.topic}};
}

std::function<ConsoleReply(const std::string& host, const std::string& line)> console_runner(
    Console& console) {
  return [&console](const std::string& host, const std::string& line) {
    const CommandResult result = console.run(host, line);
    return ConsoleReply{result.output, result.exit_code, touched_json(result.touched)};
  };
}

}  // namespace firedrill::script
