#include "sim/faults/fault_knobs.h"

#include <cmath>

namespace firedrill {

Knob web_error_rate_knob(WebServer& w) {
  return {[&w] { return w.impairment().error_rate; },
          [&w](double v) { w.impairment().error_rate = v; }};
}

Knob web_cpu_factor_knob(WebServer& w) {
  return {[&w] { return w.impairment().cpu_factor; },
          [&w](double v) { w.impairment().cpu_factor = v; }};
}

Knob web_latency_us_knob(WebServer& w) {
  return {[&w] { return static_cast<double>(w.impairment().extra_latency.us()); },
          [&w](double v) { w.impairment().extra_latency = SimTime::from_micros(v); }};
}

Knob db_query_factor_knob(Database& d) {
  return {[&d] { return d.query_time_factor(); }, [&d](double v) { d.set_query_time_factor(v); }};
}

Knob db_error_rate_knob(Database& d) {
  return {[&d] { return d.error_rate(); }, [&d](double v) { d.set_error_rate(v); }};
}

Knob db_write_error_knob(Database& d) {
  return {[&d] { return d.write_error_rate(); }, [&d](double v) { d.set_write_error_rate(v); }};
}

Knob db_replication_lag_knob(Database& d) {
  return {[&d] { return d.replication_lag(); }, [&d](double v) { d.set_replication_lag(v); }};
}

Knob host_cpu_hog_knob(Host& h) {
  return {[&h] { return h.cpu_hog_cores(); }, [&h](double v) { h.set_cpu_hog(v); }, 0.0};
}

Knob host_memory_leak_knob(Host& h) {
  return {[&h] { return h.memory_leak_rate(); }, [&h](double v) { h.set_memory_leak(v); }, 0.0};
}

Knob host_disk_fill_knob(Host& h) {
  return {[&h] { return h.disk_fill_rate(); }, [&h](double v) { h.set_disk_fill_rate(v); }};
}

Knob client_rate_knob(Client& c) {
  return {[&c] { return c.rate_multiplier(); }, [&c](double v) { c.set_rate_multiplier(v); }};
}

Knob client_dns_failure_knob(Client& c) {
  return {[&c] { return c.dns_failure_rate(); }, [&c](double v) { c.set_dns_failure_rate(v); }};
}

Knob cache_hit_ratio_knob(Cache& c) {
  return {[&c] { return c.hit_ratio(); }, [&c](double v) { c.set_hit_ratio(v); }, 0.0,
          c.config().hit_ratio};
}

Knob link_loss_knob(NetworkLinks& links, std::string a, std::string b) {
  return {[&links, a, b] { return links.loss(a, b); },
          [&links, a, b](double v) { links.set_loss(a, b, v); }};
}

}  // namespace firedrill
