#include "sim/observe/log_formats_app.h"

#include <cstdlib>

#include <fmt/format.h>

namespace firedrill {
namespace {

// SQLAlchemy 1.4 appends a link to the error's explanation: e3q8 is OperationalError,
// 3o7r the pool's TimeoutError.
constexpr std::string_view kOperationalLink =
    " (Background on this error at: https://sqlalche.me/e/14/e3q8)";
constexpr std::string_view kPoolLink =
    " (Background on this error at: https://sqlalche.me/e/14/3o7r)";

AppMessage error(std::string message) {
  return AppMessage{"ERROR", std::move(message), 0};
}

std::string operational(std::string_view driver_error) {
  return fmt::format("sqlalchemy.exc.OperationalError: {}{}", driver_error, kOperationalLink);
}

}  // namespace

std::string app_line(const ScenarioClock& clock, SimTime at, uint32_t pid, const AppMessage& m) {
  if (m.level.empty()) return m.message;
  const LocalDateTime lt = clock.local(at);
  const int off = std::abs(lt.utc_offset_seconds);
  return fmt::format("[{:04}-{:02}-{:02} {:02}:{:02}:{:02} {}{:02}{:02}] [{}] [{}] {}", lt.year,
                     lt.month, lt.day, lt.hour, lt.minute, lt.second,
                     lt.utc_offset_seconds < 0 ? '-' : '+', off / 3600, off / 60 % 60,
                     m.pid != 0 ? m.pid : pid, m.level, m.message);
}

std::vector<AppMessage> app_failure_messages(FailureReason reason, const AppContext& ctx,
                                             RandomStream& rng) {
  using R = FailureReason;
  switch (reason) {
    case R::kPoolTimeout:
      return {
          error(fmt::format("sqlalchemy.exc.TimeoutError: QueuePool limit of size {} overflow "
                            "0 reached, connection timed out, timeout {:.2f}{}",
                            ctx.pool_size, ctx.pool_timeout.to_seconds(), kPoolLink))};
    case R::kDbTooManyConnections:
      return {
          error(operational(fmt::format("(psycopg2.OperationalError) connection to server at "
                                        "\"{}\", port 5432 failed: FATAL:  sorry, too many "
                                        "clients already",
                                        ctx.db_ip)))};
    case R::kConnectTimeout:
      return {
          error(operational(fmt::format("(psycopg2.OperationalError) connection to server at "
                                        "\"{}\", port 5432 failed: Connection timed out",
                                        ctx.db_ip)))};
    case R::kConnectionReset:
      return {
          error(operational("(psycopg2.OperationalError) server closed the connection "
                            "unexpectedly"))};
    case R::kDbError:
      return {
          error(operational("(psycopg2.errors.SerializationFailure) could not serialize "
                            "access due to concurrent update"))};
    case R::kDiskFull:
      return {
          error(fmt::format("OSError: [Errno 28] No space left on device: "
                            "'/var/lib/shop/sessions/sess_{:012x}'",
                            rng.below(0xffffffffffffULL)))};
    case R::kUpstreamTimeout:
      // The proxy gave up on a worker stuck in a request; gunicorn's arbiter kills it.
      return {
          AppMessage{"CRITICAL", fmt::format("WORKER TIMEOUT (pid:{})", ctx.worker_pid),
                     ctx.master_pid},
          AppMessage{
              "WARNING",
              fmt::format("Worker with pid {} was terminated due to signal 9", ctx.worker_pid),
              ctx.master_pid},
          AppMessage{"INFO", fmt::format("Booting worker with pid: {}", ctx.next_worker_pid),
                     ctx.next_worker_pid},
      };
    case R::kAppError:
      if (rng.below(2) == 0) {
        return {error("Exception on /api/cart/items [POST]"),
                {"", "Traceback (most recent call last):", 0},
                {"", "  File \"/srv/shop/app/views/cart.py\", line 88, in add_item", 0},
                {"", "    total += item.price * quantity", 0},
                {"", "TypeError: unsupported operand type(s) for *: 'NoneType' and 'int'", 0}};
      }
      return {error("Exception on /products/<int:product_id> [GET]"),
              {"", "Traceback (most recent call last):", 0},
              {"", "  File \"/srv/shop/app/views/catalog.py\", line 41, in product", 0},
              {"", "    badge = PROMO_BADGES[product.promo_code]", 0},
              {"", "KeyError: 'SPRING24'", 0}};
    default:
      return {};
  }
}

std::vector<AppMessage> app_boot_messages(uint32_t master_pid,
                                          const std::vector<uint32_t>& worker_pids) {
  std::vector<AppMessage> out = {
      {"INFO", "Starting gunicorn 20.1.0", master_pid},
      {"INFO", fmt::format("Listening at: http://127.0.0.1:8000 ({})", master_pid), master_pid},
      {"INFO", "Using worker: sync", master_pid},
  };
  for (uint32_t w : worker_pids) {
    out.push_back({"INFO", fmt::format("Booting worker with pid: {}", w), w});
  }
  return out;
}

AppMessage draw_app_noise(RandomStream& rng) {
  switch (rng.below(4)) {
    case 0:
      return {"INFO",
              fmt::format("shop.tasks: refreshed {} product prices from supplier feed",
                          40 + rng.below(400)),
              0};
    case 1:
      return {"INFO", fmt::format("shop.cache: warmed {} category pages", 8 + rng.below(60)), 0};
    case 2:
      return {"INFO",
              fmt::format("shop.mail: sent {} order confirmation emails", 1 + rng.below(30)), 0};
    default:
      return {"WARNING",
              fmt::format("shop.payments: provider answered in {} ms (budget 500 ms), retried once",
                          520 + rng.below(600)),
              0};
  }
}

}  // namespace firedrill
