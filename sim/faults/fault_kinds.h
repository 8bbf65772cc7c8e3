// Internal to the fault library: each family file defines its kinds' classes (in an anonymous
// namespace) and adds their FaultKindInfo to the catalog through one function here; plus
// short constructors for parameter specs, so a kind's table reads like its documentation.
#pragma once

#include <string>
#include <vector>

#include "sim/faults/fault_catalog.h"

namespace firedrill {

void add_request_fault_kinds(std::vector<FaultKindInfo>& out);   // latency, error_rate
void add_process_fault_kinds(std::vector<FaultKindInfo>& out);   // crash, hang
void add_resource_fault_kinds(std::vector<FaultKindInfo>& out);  // cpu_hog, memory_leak, disk_fill
void add_leak_fault_kinds(std::vector<FaultKindInfo>& out);      // fd_exhaustion, pool_exhaustion
void add_database_fault_kinds(std::vector<FaultKindInfo>& out);  // slow_queries ... cache_flush
void add_network_fault_kinds(std::vector<FaultKindInfo>& out);   // partition, packet_loss
void add_release_fault_kinds(std::vector<FaultKindInfo>& out);   // bad_deploy, bad_config, cert
void add_client_fault_kinds(std::vector<FaultKindInfo>& out);    // dns, retries, traffic
void add_split_brain_fault_kind(std::vector<FaultKindInfo>& out);

inline FaultParamSpec number_param(std::string name, std::string unit, double def, double min,
                                   double max, std::string help) {
  return {std::move(name), FaultParamType::kNumber, std::move(unit), def, min, max, {},
          std::move(help)};
}
inline FaultParamSpec count_param(std::string name, std::string unit, double def, double min,
                                  double max, std::string help) {
  return {std::move(name), FaultParamType::kCount, std::move(unit), def, min, max, {},
          std::move(help)};
}
// `def`, `min` and `max` in seconds.
inline FaultParamSpec duration_param(std::string name, double def, double min, double max,
                                     std::string help) {
  return {std::move(name), FaultParamType::kDuration, "duration", def, min, max, {},
          std::move(help)};
}
inline FaultParamSpec flag_param(std::string name, bool def, std::string help) {
  return {std::move(name), FaultParamType::kFlag, "boolean", def, 0, 0, {}, std::move(help)};
}
inline FaultParamSpec choice_param(std::string name, std::string def,
                                   std::vector<std::string> choices, std::string help) {
  return {std::move(name),    FaultParamType::kChoice, "choice", std::move(def), 0, 0,
          std::move(choices), std::move(help)};
}
inline FaultParamSpec text_param(std::string name, std::string help, bool required = true) {
  return {std::move(name), FaultParamType::kText, "text", std::string(), 0, 0, {}, std::move(help),
          required};
}

// make() for a kind whose class takes the FaultSetup.
template <class T>
std::unique_ptr<Fault> make_kind(FaultSetup setup) {
  return std::make_unique<T>(std::move(setup));
}

}  // namespace firedrill
