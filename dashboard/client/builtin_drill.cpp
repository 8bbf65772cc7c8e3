#include "dashboard/client/builtin_drill.h"

namespace firedrill::dash {

DrillSpec builtin_drill(const BuiltinDrillOptions& o) {
  DrillSpec spec;
  spec.id = "builtin-spike";
  spec.title = "Built-in stack with a traffic spike";
  spec.seed = o.seed;
  spec.time_zone = "America/New_York";
  spec.start_local = "2024-02-16 13:50:00";
  spec.length = SimTime::minutes(o.minutes);
  spec.stack.web.count = o.web_servers;
  spec.stack.traffic.base_rps = o.rps;
  const int64_t at = o.spike_at_minute >= 0 ? o.spike_at_minute : o.minutes / 2;
  spec.stack.traffic.spikes.push_back(
      {SimTime::minutes(at), SimTime::minutes(o.spike_minutes), o.spike});
  spec.alerts = standard_alert_rules();
  return spec;
}

}  // namespace firedrill::dash
