// StackContext: what the stack's components share — the simulation, the request records
// and each other. Components call each other directly (a request hop costs a function
// call, not an event); they schedule events only where simulated time passes.
#pragma once

#include <memory>
#include <vector>

#include "sim/core/simulation.h"
#include "sim/stack/network_links.h"
#include "sim/stack/request.h"
#include "sim/stack/stack_observer.h"

namespace firedrill {

class Client;
class LoadBalancer;
class WebServer;
class Database;
class Cache;

struct StackContext {
  explicit StackContext(Simulation& s) : sim(s) {}
  Simulation& sim;
  RequestPool requests;
  Client* client = nullptr;
  LoadBalancer* lb = nullptr;
  std::vector<WebServer*> webs;
  Database* db = nullptr;
  Database* replica = nullptr;        // null when the stack has none
  Cache* cache = nullptr;             // null when the stack has none
  StackObserver* observer = nullptr;  // null when nobody watches
  NetworkLinks links;

  // Frees a request record once no part of the stack needs it any more.
  void release_if_done(uint32_t index) {
    const Request& r = requests[index];
    if (!r.client_waiting && !r.proxy_waiting && !r.in_backend) requests.release(index);
  }
};

}  // namespace firedrill
