#include "sim/trainee/pg_eval.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "sim/trainee/text_util.h"

namespace firedrill::pg_sql {

std::optional<Value> activity_column(const DbSession& s, std::string_view name) {
  const bool client = s.backend_type == "client backend";
  const auto text_or_null = [](const std::string& v) {
    return v.empty() ? Value{} : Value::text(v);
  };
  if (name == "datid")
    return s.database.empty() ? Value{} : Value::integer(s.database == "shop" ? 16384 : 5);
  if (name == "datname") return text_or_null(s.database);
  if (name == "pid") return Value::integer(s.pid);
  if (name == "leader_pid" || name == "client_hostname" || name == "backend_xid" ||
      name == "backend_xmin" || name == "query_id") {
    return Value{};
  }
  if (name == "usesysid")
    return s.user.empty() ? Value{} : Value::integer(s.user == "shop" ? 16385 : 10);
  if (name == "usename") return text_or_null(s.user);
  if (name == "application_name") return Value::text(s.application);
  if (name == "client_addr") return text_or_null(s.client_addr);
  if (name == "client_port") return client ? Value::integer(s.client_port) : Value{};
  if (name == "backend_start") return Value::at(s.backend_start);
  if (name == "xact_start") return Value::at(s.xact_start);
  if (name == "query_start") return Value::at(s.query_start);
  if (name == "state_change") return Value::at(s.state_change);
  if (name == "wait_event_type") return text_or_null(s.wait_event_type);
  if (name == "wait_event") return text_or_null(s.wait_event);
  if (name == "state") return text_or_null(s.state);
  if (name == "query") return Value::text(s.query);
  if (name == "backend_type") return Value::text(s.backend_type);
  return std::nullopt;
}

Value Eval::fail(std::string message, size_t pos) {
  if (p.error.empty()) p.error = message + p.context(pos);
  return {};
}

Value Eval::value(const Expr& e, const DbSession* row) {
  switch (e.k) {
    case Expr::K::kLiteral:
      return e.literal;
    case Expr::K::kStar:
      return fail("ERROR:  syntax error at or near \"*\"", e.pos);
    case Expr::K::kColumn: {
      if (row != nullptr) {
        if (auto c = activity_column(*row, e.name)) return *c;
      }
      return fail(fmt::format("ERROR:  column \"{}\" does not exist", e.name), e.pos);
    }
    case Expr::K::kMinus:
    case Expr::K::kPlus: {
      const Value a = value(e.args[0], row), b = value(e.args[1], row);
      if (a.null() || b.null()) return {};
      const bool minus = e.k == Expr::K::kMinus;
      if (a.t == Value::T::kTime && b.t == Value::T::kTime && minus)
        return Value::interval(a.time - b.time);
      if (a.t == Value::T::kTime && b.t == Value::T::kInterval) {
        return Value::at(minus ? a.time - b.time : a.time + b.time);
      }
      if (a.t == Value::T::kInterval && b.t == Value::T::kInterval) {
        return Value::interval(minus ? a.time - b.time : a.time + b.time);
      }
      if (a.t == Value::T::kInt && b.t == Value::T::kInt)
        return Value::integer(minus ? a.i - b.i : a.i + b.i);
      return fail(fmt::format("ERROR:  operator does not exist: {} {} {}", "unknown",
                              minus ? "-" : "+", "unknown"),
                  e.pos);
    }
    case Expr::K::kCall:
      return call(e, row);
  }
  return {};
}

Value Eval::call(const Expr& e, const DbSession* row) {
  const auto arg = [&](size_t i) { return i < e.args.size() ? value(e.args[i], row) : Value{}; };
  const std::string& f = e.name;
  if (f == "now" || f == "clock_timestamp" || f == "statement_timestamp") return Value::at(v.now);
  if (f == "pg_backend_pid") return Value::integer(own_pid);
  if (f == "version") {
    return Value::text(
        "PostgreSQL 15.6 (Debian 15.6-0+deb12u1) on x86_64-pc-linux-gnu, compiled "
        "by gcc (Debian 12.2.0-14) 12.2.0, 64-bit");
  }
  if (f == "left" || f == "substr" || f == "substring") {
    const Value s = arg(0);
    if (s.null()) return {};
    const std::string text = s.t == Value::T::kText ? s.s : render(v.clock, s).value_or("");
    if (f == "left")
      return Value::text(text.substr(0, static_cast<size_t>(std::max<int64_t>(0, arg(1).i))));
    const size_t from = static_cast<size_t>(std::max<int64_t>(1, arg(1).i)) - 1;
    const size_t len =
        e.args.size() > 2 ? static_cast<size_t>(std::max<int64_t>(0, arg(2).i)) : std::string::npos;
    return Value::text(from < text.size() ? text.substr(from, len) : std::string());
  }
  if (f == "upper" || f == "lower") {
    Value s = arg(0);
    if (s.t == Value::T::kText && f == "lower") s.s = text::to_lower(s.s);
    if (s.t == Value::T::kText && f == "upper") {
      for (char& c : s.s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return s;
  }
  if (f == "length")
    return arg(0).null() ? Value{} : Value::integer(static_cast<int64_t>(arg(0).s.size()));
  if (f == "coalesce") {
    for (size_t i = 0; i < e.args.size(); ++i) {
      if (Value a = arg(i); !a.null()) return a;
    }
    return {};
  }
  if (f == "age") {
    const Value a = arg(0);
    return a.t == Value::T::kTime ? Value::interval(v.now - a.time) : Value{};
  }
  if (f == "pg_terminate_backend" || f == "pg_cancel_backend") {
    const Value pid = arg(0);
    if (pid.null()) return {};
    for (const DbSession& s : sessions) {
      if (static_cast<int64_t>(s.pid) == pid.i && s.backend_type == "client backend" &&
          s.pid != own_pid) {
        if (terminate.empty()) terminate = std::to_string(s.pid);
        return Value::boolean(true);
      }
    }
    return Value::boolean(false);  // WARNING:  PID N is not a PostgreSQL backend process
  }
  if (f == "count") return fail("ERROR:  aggregate functions are not allowed in WHERE", e.pos);
  return fail(fmt::format("ERROR:  function {}() does not exist", f), e.pos);
}

bool sql_like(std::string_view s, std::string_view pat) {
  // % any run, _ one character (iterative with backtracking on the last %).
  size_t si = 0, pi = 0, star = std::string_view::npos, mark = 0;
  while (si < s.size()) {
    if (pi < pat.size() && (pat[pi] == '_' || pat[pi] == s[si])) {
      ++si;
      ++pi;
    } else if (pi < pat.size() && pat[pi] == '%') {
      star = pi++;
      mark = si;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < pat.size() && pat[pi] == '%') ++pi;
  return pi == pat.size();
}

bool Eval::test(const Cond& c, const DbSession* row) {
  switch (c.k) {
    case Cond::K::kAnd:
      return std::all_of(c.sub.begin(), c.sub.end(), [&](const Cond& s) { return test(s, row); });
    case Cond::K::kOr:
      return std::any_of(c.sub.begin(), c.sub.end(), [&](const Cond& s) { return test(s, row); });
    case Cond::K::kNot:
      return !test(c.sub[0], row);
    case Cond::K::kIsNull:
      return value(c.left, row).null();
    case Cond::K::kIsNotNull:
      return !value(c.left, row).null();
    case Cond::K::kLike: {
      const Value a = value(c.left, row), b = value(c.right, row);
      if (a.null() || b.null()) return false;
      const bool m =
          c.ignore_case ? sql_like(text::to_lower(a.s), text::to_lower(b.s)) : sql_like(a.s, b.s);
      return c.op == "not" ? !m : m;
    }
    case Cond::K::kIn: {
      const Value a = value(c.left, row);
      if (a.null()) return false;
      bool found = false;
      for (const Expr& e : c.list) found = found || compare(a, value(e, row)) == 0;
      return c.op == "not" ? !found : found;
    }
    case Cond::K::kCompare: {
      const Value a = value(c.left, row), b = value(c.right, row);
      if (a.null() || b.null()) return false;
      const int r = compare(a, b);
      if (c.op == "=") return r == 0;
      if (c.op == "<>" || c.op == "!=") return r != 0;
      if (c.op == ">") return r > 0;
      if (c.op == "<") return r < 0;
      if (c.op == ">=") return r >= 0;
      return r <= 0;
    }
  }
  return false;
}

}  // namespace firedrill::pg_sql
