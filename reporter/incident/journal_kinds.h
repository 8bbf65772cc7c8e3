// The journal kinds the reporter reads, by name: one constant per kind of docs/journal.md, so a
// typo is a compile error and `grep kinds::` finds every reader. docs/journal.md is the contract
// (fields, who writes what); this file only names it. Constants, no behaviour.
#pragma once

#include <string_view>

namespace firedrill::kinds {

// Written by the engine today.
inline constexpr std::string_view run_header = "run.header";
inline constexpr std::string_view run_end = "run.end";
inline constexpr std::string_view metrics_sample = "metrics.sample";
inline constexpr std::string_view alert_pending = "alert.pending";
inline constexpr std::string_view alert_firing = "alert.firing";
inline constexpr std::string_view alert_resolved = "alert.resolved";
inline constexpr std::string_view alert_inactive = "alert.inactive";
inline constexpr std::string_view host_process = "host.process";
inline constexpr std::string_view lb_backend_health = "lb.backend_health";
inline constexpr std::string_view host_resource = "host.resource";

// The scenario's facts and its scripted world (contract v1, docs/journal.md).
inline constexpr std::string_view scenario_meta = "scenario.meta";
inline constexpr std::string_view fault_injected = "fault.injected";
inline constexpr std::string_view fault_cleared = "fault.cleared";
inline constexpr std::string_view incident_state = "incident.state";
inline constexpr std::string_view customer_report = "customer.report";
inline constexpr std::string_view stakeholder_message = "stakeholder.message";
inline constexpr std::string_view team_reply = "team.reply";
inline constexpr std::string_view hint_given = "hint.given";

// The trainee's moves (contract v1, docs/journal.md).
inline constexpr std::string_view trainee_command = "trainee.command";
inline constexpr std::string_view trainee_action = "trainee.action";
inline constexpr std::string_view trainee_ack = "trainee.ack";
inline constexpr std::string_view trainee_escalate = "trainee.escalate";
inline constexpr std::string_view trainee_note = "trainee.note";
inline constexpr std::string_view trainee_status = "trainee.status";
inline constexpr std::string_view trainee_message = "trainee.message";
inline constexpr std::string_view trainee_hint = "trainee.hint";
inline constexpr std::string_view trainee_runbook = "trainee.runbook";
inline constexpr std::string_view trainee_declare = "trainee.declare";
inline constexpr std::string_view timeline_edit = "timeline.edit";

}  // namespace firedrill::kinds
