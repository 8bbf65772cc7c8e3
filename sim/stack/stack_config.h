// StackConfig: every parameter of the simulated web stack, with the defaults of a small,
// healthy production site. Scenarios and the bench fill it in; the model only reads it
// at construction (live changes go through the components' setters).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/sim_time.h"

namespace firedrill {

enum class LbPolicy { kRoundRobin, kLeastConnections };

struct TrafficSpike {
  SimTime start;
  SimTime duration;
  double multiplier = 2.0;
};

struct TrafficConfig {
  double base_rps = 200.0;
  uint32_t users = 20'000;  // finite population, so "share of users affected" is measured
  // Relative load for each hour of the simulated day (24 values, linearly interpolated), or
  // empty for a flat rate. The run starts `start_of_day` after local midnight.
  std::vector<double> daily_curve;
  SimTime start_of_day = SimTime::seconds(14 * 3600);
  std::vector<TrafficSpike> spikes;
};

struct ClientConfig {
  SimTime timeout = SimTime::seconds(30);        // zero: the client waits forever
  uint32_t max_retries = 1;                      // retries after a failed attempt (5xx, timeout)
  SimTime retry_backoff = SimTime::millis(500);  // doubled on each retry, with jitter
  SimTime slow_threshold = SimTime::seconds(2);  // a success slower than this still hurts
};

struct LoadBalancerConfig {
  LbPolicy policy = LbPolicy::kRoundRobin;
  uint32_t max_connections = 4096;                // beyond it: connection refused
  SimTime proxy_timeout = SimTime::seconds(60);   // zero: never; else 504
  SimTime health_interval = SimTime::seconds(2);  // zero: no active health checks
  SimTime health_timeout = SimTime::seconds(1);
  uint32_t health_fall = 3;  // consecutive failed checks that mark a backend down
  uint32_t health_rise = 2;  // consecutive passed checks that mark it up again
};

struct WebServerConfig {
  uint32_t count = 4;
  uint32_t workers = 16;
  uint32_t backlog = 128;      // accept queue beyond the busy workers; full -> refused
  uint32_t cpu_cores = 4;      // CPU-phase concurrency above this stretches service time
  double cpu_ms = 4.0;         // mean CPU time per request (exponential)
  uint32_t queries = 2;        // sequential DB queries per request
  uint32_t db_pool_size = 16;  // connections to the database held by each server
  SimTime pool_wait_timeout = SimTime::seconds(3);  // zero: wait forever; else 500
};

struct DatabaseConfig {
  uint32_t max_connections = 150;  // total across all web servers' pools
  uint32_t query_slots = 16;       // queries executing at once (cores/IO); FIFO beyond
  double query_ms = 2.0;           // mean query time (exponential)
  bool replica = false;            // a read replica takes `read_fraction` of queries
  double read_fraction = 0.8;
  // The app reads from the primary while the replica lags more than this (stale reads).
  SimTime max_replica_lag = SimTime::seconds(30);
};

struct CacheConfig {
  bool enabled = false;
  double hit_ratio = 0.9;
  double lookup_ms = 0.3;
};

struct MetricsConfig {
  uint32_t history_seconds = 6 * 3600;  // bounded: older seconds are dropped
};

// The machine under a component (see Host).
struct HostSpec {
  uint32_t cpu_cores = 4;
  double memory_mb = 8192;
  double base_memory_mb = 1800;  // the service's footprint right after start
  double disk_gb = 50;
  double base_disk_gb = 14;
  uint32_t fd_limit = 65536;                    // ulimit -n of the service
  uint32_t base_fds = 64;                       // log files, sockets, libraries
  SimTime restart_delay = SimTime::seconds(5);  // systemd RestartSec after a crash
  SimTime startup_time = SimTime::seconds(3);   // from start to serving
  std::string service = "nginx";
  std::string app_version = "v1.0.0";
};

struct StackConfig {
  TrafficConfig traffic;
  ClientConfig client;
  LoadBalancerConfig lb;
  WebServerConfig web;
  DatabaseConfig db;
  CacheConfig cache;
  MetricsConfig metrics;
  // The machines. Web hosts take their core count from `web.cpu_cores`.
  HostSpec lb_host{.cpu_cores = 2,
                   .memory_mb = 4096,
                   .base_memory_mb = 400,
                   .disk_gb = 20,
                   .base_disk_gb = 6,
                   .service = "nginx"};
  HostSpec web_host{.memory_mb = 8192, .base_memory_mb = 2200, .service = "nginx"};
  HostSpec db_host{.cpu_cores = 8,
                   .memory_mb = 32768,
                   .base_memory_mb = 12000,
                   .disk_gb = 200,
                   .base_disk_gb = 120,
                   .service = "postgresql"};
  HostSpec cache_host{.cpu_cores = 2,
                      .memory_mb = 8192,
                      .base_memory_mb = 3000,
                      .disk_gb = 20,
                      .base_disk_gb = 5,
                      .service = "redis-server"};
  // The bench keeps every latency for exact percentiles; drills use per-second histograms.
  bool record_latencies = false;
};

}  // namespace firedrill
