#include "sim/observe/log_formats_db.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace firedrill {
namespace {

// {} placeholders take a number drawn from the stream (1..99999).
constexpr std::array<std::string_view, 4> kReads = {
    "SELECT p.id, p.name, p.price, p.stock FROM products p WHERE p.category_id = {} ORDER BY "
    "p.popularity DESC LIMIT 24 OFFSET 48",
    "SELECT o.id, o.created_at, o.total, o.status FROM orders o WHERE o.customer_id = {} ORDER BY "
    "o.created_at DESC",
    "SELECT count(*) FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE "
    "oi.order_id > {}",
    "SELECT ci.product_id, ci.quantity FROM cart_items ci WHERE ci.cart_id = {}",
};
constexpr std::array<std::string_view, 3> kWrites = {
    "UPDATE products SET stock = stock - 1 WHERE id = {}",
    "INSERT INTO orders (customer_id, total, status, created_at) VALUES ({}, 129.90, 'pending', "
    "now()) RETURNING id",
    "UPDATE carts SET updated_at = now() WHERE id = {}",
};
constexpr std::array<std::string_view, 4> kTables = {"orders", "order_items", "cart_items",
                                                     "products"};

std::string ms3(int64_t us) {
  return fmt::format("{}.{:03}", us / 1000, us % 1000);
}

}  // namespace

std::string postgres_line(const ScenarioClock& clock, SimTime at, uint32_t pid,
                          std::string_view session, const PgMessage& m) {
  if (m.level.empty()) return m.message;  // continuation of a multi-line message
  if (session.empty()) {
    return fmt::format("{} [{}] {}:  {}", clock.sql_log_time(at), pid, m.level, m.message);
  }
  return fmt::format("{} [{}] {} {}:  {}", clock.sql_log_time(at), pid, session, m.level,
                     m.message);
}

std::string draw_sql_statement(RandomStream& rng, bool is_write) {
  const std::string_view shape =
      is_write ? kWrites[rng.below(kWrites.size())] : kReads[rng.below(kReads.size())];
  return fmt::format(fmt::runtime(shape), 1 + rng.below(99'999));
}

PgMessage slow_query_message(SimTime duration, std::string statement) {
  return PgMessage{"LOG",
                   fmt::format("duration: {} ms  statement: {}", ms3(duration.us()), statement)};
}

std::vector<PgMessage> postgres_failure_messages(FailureReason reason, RandomStream& rng,
                                                 uint32_t temp_pid) {
  using R = FailureReason;
  switch (reason) {
    case R::kDbTooManyConnections:
      return {{"FATAL", "sorry, too many clients already"}};
    case R::kDbError:
      return {{"ERROR", "could not serialize access due to concurrent update"},
              {"STATEMENT", draw_sql_statement(rng, true)}};
    case R::kDiskFull:
      if (rng.below(2) == 0) {
        return {{"ERROR", fmt::format("could not extend file \"base/16384/{}\": No space left on "
                                      "device",
                                      16400 + rng.below(60))},
                {"HINT", "Check free disk space."},
                {"STATEMENT", draw_sql_statement(rng, true)}};
      }
      return {{"ERROR", fmt::format("could not write to file \"base/pgsql_tmp/pgsql_tmp{}.0\": No "
                                    "space left on device",
                                    temp_pid)},
              {"STATEMENT", draw_sql_statement(rng, false)}};
    case R::kConnectionReset:
      return {{"LOG", "could not receive data from client: Connection reset by peer"}};
    case R::kTooManyOpenFiles:
      return {{"LOG", "out of file descriptors: Too many open files; release and retry"}};
    default:
      return {};
  }
}

std::vector<PgMessage> postgres_lifecycle_messages(ProcessChange change, bool after_crash) {
  switch (change) {
    case ProcessChange::kRunning: {
      std::vector<PgMessage> out = {
          {"LOG",
           "starting PostgreSQL 15.6 (Debian 15.6-0+deb12u1) on x86_64-pc-linux-gnu, compiled by "
           "gcc (Debian 12.2.0-14) 12.2.0, 64-bit"},
          {"LOG", "listening on IPv4 address \"0.0.0.0\", port 5432"},
          {"LOG", "listening on Unix socket \"/var/run/postgresql/.s.PGSQL.5432\""},
      };
      if (after_crash) {
        out.push_back({"LOG",
                       "database system was not properly shut down; automatic recovery in "
                       "progress"});
      }
      out.push_back({"LOG", "database system is ready to accept connections"});
      return out;
    }
    case ProcessChange::kStopped:
      return {{"LOG", "received fast shutdown request"},
              {"LOG", "aborting any active transactions"},
              {"LOG", "shutting down"},
              {"LOG", "database system is shut down"}};
    default:
      return {};
  }
}

std::vector<PgMessage> draw_postgres_noise(RandomStream& rng, PgNoiseState& state, SimTime at) {
  constexpr SimTime kTimeout = SimTime::minutes(5);
  constexpr SimTime kSpread = SimTime::seconds(270);  // 0.9 of the timeout
  if (state.checkpoint_running && at - state.checkpoint_started >= kSpread) {
    state.checkpoint_running = false;
    const uint64_t buffers = 200 + rng.below(4000);
    const uint64_t sync_us = 1'000 + rng.below(20'000);
    const uint64_t elapsed_ms = static_cast<uint64_t>((at - state.checkpoint_started).us() / 1000);
    // The writes are spread over 90% of the timeout; the line itself may come a little later.
    const uint64_t write_ms =
        std::min<uint64_t>(elapsed_ms, 269'600 + rng.below(600)) - sync_us / 1000 - 12;
    const uint64_t files = 10 + rng.below(60);
    const uint64_t distance = 4'000 + rng.below(30'000);
    return {
        {"LOG",
         fmt::format("checkpoint complete: wrote {} buffers ({:.1f}%); 0 WAL file(s) added, 0 "
                     "removed, 1 recycled; write={} s, sync={} s, total={} s; sync files={}, "
                     "longest=0.004 s, average=0.001 s; distance={} kB, estimate={} kB",
                     buffers, static_cast<double>(buffers) * 100.0 / 16384.0,
                     ms3(static_cast<int64_t>(write_ms)), ms3(static_cast<int64_t>(sync_us / 1000)),
                     ms3(static_cast<int64_t>(write_ms + sync_us / 1000 + 12)), files, distance,
                     distance + rng.below(2'000))}};
  }
  const std::string_view table = kTables[rng.below(kTables.size())];
  if (!state.checkpoint_running && at >= state.next_checkpoint) {
    state.checkpoint_running = true;
    state.checkpoint_started = at;
    state.next_checkpoint = at + kTimeout;
    return {{"LOG", "checkpoint starting: time"}};
  }
  switch (rng.below(2)) {
    case 0: {
      const uint64_t pages = 400 + rng.below(4000);
      const uint64_t removed = 100 + rng.below(5000);
      return {{"LOG",
               fmt::format("automatic vacuum of table \"shop.public.{}\": index scans: 1", table)},
              {"", fmt::format("\tpages: 0 removed, {} remain, {} scanned (100.00% of total)",
                               pages, pages)},
              {"", fmt::format("\ttuples: {} removed, {} remain, 0 are dead but not yet "
                               "removable",
                               removed, 20 * pages + rng.below(1000))}};
    }
    default:
      return {{"LOG", fmt::format("automatic analyze of table \"shop.public.{}\"", table)},
              {"", fmt::format("\tsystem usage: CPU: user: 0.{:02} s, system: 0.00 s, elapsed: "
                               "0.{:02} s",
                               rng.below(20), 20 + rng.below(70))}};
  }
}

std::string redis_line(const ScenarioClock& clock, SimTime at, uint32_t pid, char role, char level,
                       std::string_view message) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const LocalDateTime lt = clock.local(at);
  return fmt::format("{}:{} {:02} {} {} {:02}:{:02}:{:02}.{:03} {} {}", pid, role, lt.day,
                     kMonths[lt.month - 1], lt.year, lt.hour, lt.minute, lt.second,
                     lt.microsecond / 1000, level, message);
}

}  // namespace firedrill
