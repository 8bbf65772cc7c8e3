// ObserverFanout: one StackObserver that forwards every callback to several others, in the
// order they were added (logs first, then the journal, say). Not owning.
#pragma once

#include <vector>

#include "sim/stack/stack_observer.h"

namespace firedrill {

class ObserverFanout : public StackObserver {
 public:
  void add(StackObserver* o) { observers_.push_back(o); }

  void on_request(const RequestRecord& r) override {
    for (auto* o : observers_) o->on_request(r);
  }
  void on_failure(std::string_view host, FailureReason reason, SimTime at) override {
    for (auto* o : observers_) o->on_failure(host, reason, at);
  }
  void on_process(std::string_view host, std::string_view service, ProcessChange change,
                  SimTime at) override {
    for (auto* o : observers_) o->on_process(host, service, change, at);
  }
  void on_backend_health(std::string_view backend, bool healthy, SimTime at) override {
    for (auto* o : observers_) o->on_backend_health(backend, healthy, at);
  }
  void on_slow_query(std::string_view db, SimTime duration, bool is_write, SimTime at) override {
    for (auto* o : observers_) o->on_slow_query(db, duration, is_write, at);
  }
  void on_resource(std::string_view host, std::string_view resource, double percent,
                   SimTime at) override {
    for (auto* o : observers_) o->on_resource(host, resource, percent, at);
  }

 private:
  std::vector<StackObserver*> observers_;
};

}  // namespace firedrill
