// [SECTION] index: SELECT · SHOW · run_pg_query · psql's output formats.
#include "sim/trainee/pg_query.h"

#include <algorithm>

#include <fmt/format.h>

#include "sim/trainee/db_activity.h"
#include "sim/trainee/pg_eval.h"
#include "sim/trainee/text_util.h"

namespace firedrill {
namespace {

using pg_sql::Cond;
using pg_sql::Eval;
using pg_sql::Expr;
using pg_sql::Parser;
using pg_sql::Tok;
using pg_sql::Value;

// [SECTION] SELECT ------------------------------------------------------------------------------

struct Item {
  Expr e;
  std::string name;
};

struct OrderKey {
  Expr e;
  bool descending = false;
};

bool is_count(const Expr& e) {
  return e.k == Expr::K::kCall && e.name == "count";
}

std::string column_name(const Expr& e) {
  if (e.k == Expr::K::kColumn) return e.name;
  if (e.k == Expr::K::kCall) return e.name;
  return "?column?";
}

// One output row with what ORDER BY may look at: its source row and its group's size.
struct OutRow {
  std::vector<Value> values;
  const DbSession* source = nullptr;
  int64_t count = 0;
};

SqlResult select(const HostView& v, Parser& p, const std::vector<DbSession>& sessions,
                 uint32_t own_pid) {
  SqlResult r;
  std::vector<Item> items;
  bool star = false;
  p.accept("all");
  do {
    if (p.is("*")) {
      ++p.at;
      star = true;
      continue;
    }
    Item it;
    it.e = p.expr();
    it.name = column_name(it.e);
    if (p.accept("as") || (p.peek().k == Tok::K::kIdent && !p.is("from") && !p.is("where") &&
                           !p.is("order") && !p.is("group") && !p.is("limit"))) {
      it.name = p.peek().text;
      ++p.at;
    }
    items.push_back(std::move(it));
  } while (p.error.empty() && p.accept(","));
  if (star) {
    for (std::string_view c : pg_sql::kActivityColumns) {
      Item it;
      it.e.k = Expr::K::kColumn;
      it.e.name = std::string(c);
      it.name = std::string(c);
      items.push_back(std::move(it));
    }
  }
  bool from = false;
  if (p.accept("from")) {
    const Tok& t = p.peek();
    if (t.text != "pg_stat_activity" && t.text != "pg_catalog.pg_stat_activity") {
      if (t.k != Tok::K::kIdent) {
        p.fail_near(t);
      } else {
        p.error = fmt::format(
                      "ERROR:  relation \"{}\" is not simulated in this drill (try "
                      "pg_stat_activity)",
                      t.text) +
                  p.context(t.pos);
      }
      r.error = p.error;
      return r;
    }
    ++p.at;
    from = true;
  }
  if (star && !from) {
    r.error = "ERROR:  SELECT * with no tables specified is not valid" + p.context(0);
    return r;
  }
  std::optional<Cond> where;
  if (p.accept("where")) where = p.condition();
  std::vector<Expr> group;
  if (p.accept("group")) {
    p.expect("by");
    do {
      Expr g = p.expr();
      // GROUP BY 1: the first output column's expression.
      if (g.k == Expr::K::kLiteral && g.literal.t == Value::T::kInt && g.literal.i >= 1 &&
          static_cast<size_t>(g.literal.i) <= items.size()) {
        g = items[static_cast<size_t>(g.literal.i) - 1].e;
      }
      group.push_back(std::move(g));
    } while (p.error.empty() && p.accept(","));
  }
  std::vector<OrderKey> order;
  if (p.accept("order")) {
    p.expect("by");
    do {
      OrderKey k{p.expr(), false};
      if (p.accept("desc"))
        k.descending = true;
      else
        p.accept("asc");
      if (p.accept("nulls")) {
        if (!p.accept("first")) p.expect("last");
      }
      order.push_back(std::move(k));
    } while (p.error.empty() && p.accept(","));
  }
  std::optional<size_t> limit;
  if (p.accept("limit")) {
    const Tok& t = p.peek();
    if (t.k == Tok::K::kNumber)
      limit = static_cast<size_t>(std::atoll(t.text.c_str()));
    else if (!p.accept("all"))
      p.fail_near(t);
    if (t.k == Tok::K::kNumber) ++p.at;
  }
  p.accept(";");
  if (p.peek().k != Tok::K::kEnd) p.fail_near(p.peek());
  if (!p.error.empty()) {
    r.error = p.error;
    return r;
  }

  Eval ev{v, p, sessions, own_pid, {}};
  std::vector<const DbSession*> source;
  if (from) {
    for (const DbSession& s : sessions) {
      if (!where || ev.test(*where, &s)) source.push_back(&s);
      if (ev.failed()) break;
    }
  } else if (!where || ev.test(*where, nullptr)) {
    source.push_back(nullptr);
  }
  const bool aggregate =
      std::any_of(items.begin(), items.end(), [](const Item& i) { return is_count(i.e); });
  std::vector<OutRow> rows;
  const auto build = [&](const DbSession* row, int64_t count) {
    OutRow o{{}, row, count};
    for (const Item& it : items)
      o.values.push_back(is_count(it.e) ? Value::integer(count) : ev.value(it.e, row));
    rows.push_back(std::move(o));
  };
  if (aggregate) {
    // Groups in order of first appearance, keyed by their rendered GROUP BY values.
    std::vector<std::pair<std::string, std::pair<const DbSession*, int64_t>>> groups;
    for (const DbSession* s : source) {
      std::string key;
      for (const Expr& g : group)
        key += pg_sql::render(v.clock, ev.value(g, s)).value_or("\x01") + '\x02';
      auto it =
          std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == key; });
      if (it == groups.end())
        groups.push_back({key, {s, 1}});
      else
        ++it->second.second;
    }
    if (groups.empty() && group.empty()) groups.push_back({"", {nullptr, 0}});
    for (const auto& g : groups) build(g.second.first, g.second.second);
  } else {
    for (const DbSession* s : source) build(s, 0);
  }
  if (!order.empty()) {
    const auto key = [&](const OutRow& o, const OrderKey& k) -> Value {
      if (k.e.k == Expr::K::kLiteral && k.e.literal.t == Value::T::kInt && k.e.literal.i >= 1 &&
          static_cast<size_t>(k.e.literal.i) <= items.size()) {
        return o.values[static_cast<size_t>(k.e.literal.i) - 1];
      }
      if (is_count(k.e)) return Value::integer(o.count);
      if (k.e.k == Expr::K::kColumn) {
        for (size_t i = 0; i < items.size(); ++i) {
          if (items[i].name == k.e.name) return o.values[i];
        }
      }
      return ev.value(k.e, o.source);
    };
    std::stable_sort(rows.begin(), rows.end(), [&](const OutRow& a, const OutRow& b) {
      for (const OrderKey& k : order) {
        const Value x = key(a, k), y = key(b, k);
        if (x.null() != y.null()) return k.descending ? x.null() : y.null();  // NULLS LAST asc
        if (x.null()) continue;
        const int c = pg_sql::compare(x, y);
        if (c != 0) return k.descending ? c > 0 : c < 0;
      }
      return false;
    });
  }
  if (limit && rows.size() > *limit) rows.resize(*limit);
  if (ev.failed()) {
    r.error = p.error;
    return r;
  }
  r.terminate = ev.terminate;
  for (const Item& it : items) r.columns.push_back(it.name);
  r.right_aligned.assign(items.size(), false);
  for (const OutRow& o : rows) {
    std::vector<std::optional<std::string>> out;
    for (size_t i = 0; i < o.values.size(); ++i) {
      if (o.values[i].t == Value::T::kInt) r.right_aligned[i] = true;
      out.push_back(pg_sql::render(v.clock, o.values[i]));
    }
    r.rows.push_back(std::move(out));
  }
  r.command_tag = fmt::format("SELECT {}", r.rows.size());
  return r;
}

// [SECTION] SHOW --------------------------------------------------------------------------------

std::optional<std::string> setting(const HostView& v, const std::string& name) {
  const auto& cfg = v.host.config();
  const auto get = [&](const std::string& key, std::string fallback) {
    const auto it = cfg.find(key);
    return it == cfg.end() ? fallback : it->second;
  };
  const double ram = v.host.memory_total_mb();
  if (name == "max_connections")
    return get("max_connections", std::to_string(v.db->config().max_connections));
  if (name == "log_min_duration_statement") {
    const int64_t ms = std::atoll(get("log_min_duration_statement_ms",
                                      std::to_string(v.db->slow_query_threshold().us() / 1000))
                                      .c_str());
    if (ms < 0) return "-1";
    return ms % 1000 == 0 && ms > 0 ? fmt::format("{}s", ms / 1000) : fmt::format("{}ms", ms);
  }
  if (name == "shared_buffers") return fmt::format("{}GB", static_cast<int64_t>(ram / 4096));
  if (name == "effective_cache_size")
    return fmt::format("{}GB", static_cast<int64_t>(ram * 3 / 4096));
  if (name == "work_mem") return "16MB";
  if (name == "superuser_reserved_connections") return "3";
  if (name == "timezone" || name == "log_timezone") return v.clock.zone_name();
  if (name == "server_version") return "15.6 (Debian 15.6-0+deb12u1)";
  if (name == "port") return "5432";
  if (name == "listen_addresses") return "*";
  if (name == "statement_timeout" || name == "idle_in_transaction_session_timeout") return "0";
  if (name == "deadlock_timeout") return "1s";
  return std::nullopt;
}

SqlResult show(const HostView& v, Parser& p) {
  SqlResult r;
  const Tok t = p.peek();
  if (t.k != Tok::K::kIdent) {
    p.fail_near(t);
    r.error = p.error;
    return r;
  }
  ++p.at;
  p.accept(";");
  if (p.peek().k != Tok::K::kEnd) {
    p.fail_near(p.peek());
    r.error = p.error;
    return r;
  }
  const auto value = setting(v, t.text);
  if (!value) {
    r.error = fmt::format("ERROR:  unrecognized configuration parameter \"{}\"", t.text);
    return r;
  }
  r.columns = {t.text};
  r.right_aligned = {false};
  r.rows.push_back({*value});
  r.command_tag = "SHOW";
  return r;
}

}  // namespace

// [SECTION] run_pg_query ------------------------------------------------------------------------

SqlResult run_pg_query(const HostView& v, std::string_view sql) {
  SqlResult r;
  Parser p;
  p.sql = sql;
  p.toks = pg_sql::tokenize(sql, &r.error);
  if (!r.error.empty()) return r;
  if (p.peek().k == Tok::K::kEnd) return r;  // an empty query prints nothing
  const std::vector<DbSession> sessions = db_sessions(v, std::string(sql));
  uint32_t own = 0;
  for (const DbSession& s : sessions) {
    if (s.application == "psql") own = s.pid;
  }
  if (p.accept("select")) return select(v, p, sessions, own);
  if (p.accept("show")) return show(v, p);
  const Tok& t = p.peek();
  static constexpr std::string_view kVerbs[] = {
      "update",  "delete", "insert", "alter",    "create", "drop",    "vacuum",
      "analyze", "begin",  "commit", "rollback", "set",    "explain", "truncate"};
  for (std::string_view verb : kVerbs) {
    if (t.text == verb) {
      r.error = fmt::format(
          "ERROR:  firedrill: {} is not simulated here; this database answers "
          "SELECT ... FROM pg_stat_activity, SHOW and pg_terminate_backend()",
          text::to_lower(verb));
      return r;
    }
  }
  p.fail_near(t);
  r.error = p.error;
  return r;
}

// [SECTION] psql's output formats ----------------------------------------------------------------

std::string format_psql(const SqlResult& r, const PsqlFormat& f) {
  if (r.columns.empty()) return {};
  std::string out;
  const size_t n = r.columns.size();
  const auto cell = [](const std::optional<std::string>& c) { return c.value_or(""); };
  if (f.expanded) {
    // "-[ RECORD 1 ]----+------": the divider spans the labels and the widest value.
    size_t label = 0, value = 0;
    for (const std::string& c : r.columns) label = std::max(label, c.size());
    for (const auto& row : r.rows) {
      for (const auto& c : row) value = std::max(value, cell(c).size());
    }
    for (size_t k = 0; k < r.rows.size(); ++k) {
      if (!f.tuples_only) {
        const std::string head = fmt::format("-[ RECORD {} ]", k + 1);
        std::string divider = std::string(label + 1, '-') + "+" + std::string(value + 1, '-');
        divider = divider.size() > head.size() ? head + divider.substr(head.size()) : head;
        out += divider + "\n";
      }
      for (size_t i = 0; i < n; ++i) {
        out += fmt::format("{:<{}} | {}\n", r.columns[i], label, cell(r.rows[k][i]));
      }
    }
    if (r.rows.empty() && !f.tuples_only) out += "(0 rows)\n";
    return out;
  }
  if (f.unaligned) {
    std::vector<std::string> lines;
    if (!f.tuples_only) {
      std::string h;
      for (size_t i = 0; i < n; ++i) h += (i ? "|" : "") + r.columns[i];
      lines.push_back(h);
    }
    for (const auto& row : r.rows) {
      std::string l;
      for (size_t i = 0; i < n; ++i) l += (i ? "|" : "") + cell(row[i]);
      lines.push_back(l);
    }
    if (!f.tuples_only)
      lines.push_back(fmt::format("({} row{})", r.rows.size(), r.rows.size() == 1 ? "" : "s"));
    return text::join_lines(lines);
  }
  std::vector<size_t> width(n);
  for (size_t i = 0; i < n; ++i) {
    width[i] = f.tuples_only ? 0 : r.columns[i].size();
    for (const auto& row : r.rows) width[i] = std::max(width[i], cell(row[i]).size());
  }
  if (!f.tuples_only) {
    std::string header, rule;
    for (size_t i = 0; i < n; ++i) {
      const size_t pad = width[i] - r.columns[i].size();
      const std::string centred =
          std::string(pad / 2, ' ') + r.columns[i] + std::string(pad - pad / 2, ' ');
      header += (i ? "| " : " ") + centred + " ";
      rule += (i ? "-+-" : "-") + std::string(width[i], '-');
    }
    out += header + "\n" + rule + "-\n";
  }
  for (const auto& row : r.rows) {
    std::string line;
    for (size_t i = 0; i < n; ++i) {
      const std::string c = cell(row[i]);
      const bool last = i + 1 == n;
      line += i ? " | " : " ";
      if (r.right_aligned[i])
        line += fmt::format("{:>{}}", c, width[i]);
      else
        line += last ? c : fmt::format("{:<{}}", c, width[i]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  if (!f.tuples_only) {
    out += fmt::format("({} row{})\n\n", r.rows.size(), r.rows.size() == 1 ? "" : "s");
  } else {
    out += "\n";
  }
  return out;
}

}  // namespace firedrill
