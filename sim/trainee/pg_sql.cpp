#include "sim/trainee/pg_sql.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include <fmt/format.h>

#include "sim/trainee/text_util.h"

namespace firedrill::pg_sql {

// [SECTION] values --------------------------------------------------------------------------

std::optional<std::string> render(const ScenarioClock& clock, const Value& v) {
  switch (v.t) {
    case Value::T::kNull:
      return std::nullopt;
    case Value::T::kText:
      return v.s;
    case Value::T::kInt:
      return std::to_string(v.i);
    case Value::T::kTime:
      return text::pg_timestamp(clock, v.time);
    case Value::T::kInterval:
      return text::pg_interval(v.time);
    case Value::T::kBool:
      return std::string(v.b ? "t" : "f");
  }
  return std::nullopt;
}

std::optional<SimTime> parse_interval(std::string_view s) {
  const std::vector<std::string_view> words = [&] {
    std::vector<std::string_view> w;
    size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && s[i] == ' ') ++i;
      const size_t start = i;
      while (i < s.size() && s[i] != ' ') ++i;
      if (i > start) w.push_back(s.substr(start, i - start));
    }
    return w;
  }();
  if (words.size() == 1 && words[0].size() == 8 && words[0][2] == ':') {
    const auto h = text::parse_uint(words[0].substr(0, 2)),
               m = text::parse_uint(words[0].substr(3, 2)),
               sec = text::parse_uint(words[0].substr(6, 2));
    if (h && m && sec) return SimTime::seconds(static_cast<int64_t>(*h * 3600 + *m * 60 + *sec));
  }
  SimTime total;
  for (size_t k = 0; k + 1 < words.size(); k += 2) {
    const double n = std::strtod(std::string(words[k]).c_str(), nullptr);
    const std::string unit = text::to_lower(words[k + 1]);
    double seconds = 0;
    if (unit.starts_with("ms") || unit.starts_with("millisecond"))
      seconds = n / 1000;
    else if (unit.starts_with("s"))
      seconds = n;
    else if (unit.starts_with("min") || unit == "m")
      seconds = n * 60;
    else if (unit.starts_with("h"))
      seconds = n * 3600;
    else if (unit.starts_with("d"))
      seconds = n * 86400;
    else
      return std::nullopt;
    total += SimTime::from_seconds(seconds);
  }
  if (words.empty() || words.size() % 2 != 0) return std::nullopt;
  return total;
}

int compare(const Value& a, const Value& b) {
  const auto three = [](auto x, auto y) { return x < y ? -1 : x > y ? 1 : 0; };
  if (a.t == Value::T::kInt && b.t == Value::T::kText) return three(a.i, std::atoll(b.s.c_str()));
  if (a.t == Value::T::kText && b.t == Value::T::kInt) return three(std::atoll(a.s.c_str()), b.i);
  if (a.t == Value::T::kInterval && b.t == Value::T::kText) {
    return three(a.time, parse_interval(b.s).value_or(SimTime()));
  }
  switch (a.t) {
    case Value::T::kInt:
      return three(a.i, b.i);
    case Value::T::kTime:
    case Value::T::kInterval:
      return three(a.time, b.time);
    case Value::T::kBool:
      return three(a.b, b.b);
    default:
      return a.s.compare(b.s) < 0 ? -1 : a.s == b.s ? 0 : 1;
  }
}

// [SECTION] tokens --------------------------------------------------------------------------

std::vector<Tok> tokenize(std::string_view sql, std::string* error) {
  std::vector<Tok> out;
  size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      const size_t start = i;
      while (i < sql.size() &&
             (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_' || sql[i] == '.'))
        ++i;
      out.push_back({Tok::K::kIdent, text::to_lower(sql.substr(start, i - start)), start});
    } else if (c == '"') {
      const size_t end = sql.find('"', i + 1);
      if (end == std::string_view::npos) {
        *error =
            fmt::format("ERROR:  unterminated quoted identifier at or near \"{}\"", sql.substr(i));
        return {};
      }
      out.push_back({Tok::K::kIdent, std::string(sql.substr(i + 1, end - i - 1)), i});
      i = end + 1;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      const size_t start = i;
      while (i < sql.size() && (std::isdigit(static_cast<unsigned char>(sql[i])) || sql[i] == '.'))
        ++i;
      out.push_back({Tok::K::kNumber, std::string(sql.substr(start, i - start)), start});
    } else if (c == '\'') {
      std::string s;
      size_t j = i + 1;
      for (; j < sql.size(); ++j) {
        if (sql[j] == '\'' && j + 1 < sql.size() && sql[j + 1] == '\'') {
          s += '\'';
          ++j;
        } else if (sql[j] == '\'') {
          break;
        } else {
          s += sql[j];
        }
      }
      if (j >= sql.size()) {
        *error = fmt::format("ERROR:  unterminated quoted string at or near \"{}\"", sql.substr(i));
        return {};
      }
      out.push_back({Tok::K::kString, s, i});
      i = j + 1;
    } else {
      const std::string_view two = sql.substr(i, 2);
      if (two == "<>" || two == "!=" || two == ">=" || two == "<=" || two == "::") {
        out.push_back({Tok::K::kOp, std::string(two), i});
        i += 2;
      } else {
        out.push_back({Tok::K::kOp, std::string(1, c), i});
        ++i;
      }
    }
  }
  out.push_back({Tok::K::kEnd, "", sql.size()});
  return out;
}

// [SECTION] parser --------------------------------------------------------------------------

bool Parser::accept(std::string_view word) {
  if (!is(word)) return false;
  ++at;
  return true;
}

void Parser::fail_near(const Tok& t) {
  if (!error.empty()) return;
  error = t.k == Tok::K::kEnd
              ? "ERROR:  syntax error at end of input"
              : fmt::format("ERROR:  syntax error at or near \"{}\"",
                            sql.substr(t.pos, t.text.size() + (t.k == Tok::K::kString ? 2 : 0)));
  error += context(t.pos);
}

std::string Parser::context(size_t pos) const {
  return fmt::format("\nLINE 1: {}\n{:>{}}", sql, "^", pos + 9);
}

bool Parser::expect(std::string_view word) {
  if (accept(word)) return true;
  fail_near(peek());
  return false;
}

Expr Parser::term() {
  const Tok& t = peek();
  Expr e;
  e.pos = t.pos;
  if (t.k == Tok::K::kNumber) {
    ++at;
    e.literal = Value::integer(std::atoll(t.text.c_str()));
  } else if (t.k == Tok::K::kString) {
    ++at;
    e.literal = Value::text(t.text);
  } else if (t.text == "*" && t.k == Tok::K::kOp) {
    ++at;
    e.k = Expr::K::kStar;
  } else if (t.text == "(") {
    ++at;
    e = expr();
    expect(")");
  } else if (t.k == Tok::K::kIdent && t.text == "interval" && peek(1).k == Tok::K::kString) {
    at += 2;
    const auto parsed = parse_interval(toks[at - 1].text);
    if (!parsed) {
      error =
          fmt::format("ERROR:  invalid input syntax for type interval: \"{}\"", toks[at - 1].text) +
          context(toks[at - 1].pos);
    }
    e.literal = Value::interval(parsed.value_or(SimTime()));
  } else if (t.k == Tok::K::kIdent) {
    ++at;
    if (t.text == "null") return e;
    if (t.text == "true" || t.text == "false") {
      e.literal = Value::boolean(t.text == "true");
      return e;
    }
    if (accept("(")) {
      e.k = Expr::K::kCall;
      e.name = t.text;
      while (!is(")") && peek().k != Tok::K::kEnd && error.empty()) {
        e.args.push_back(expr());
        if (!accept(",")) break;
      }
      expect(")");
    } else {
      e.k = Expr::K::kColumn;
      e.name = t.text.starts_with("pg_stat_activity.") ? t.text.substr(17) : t.text;
      if (e.name == "current_timestamp") {
        e.k = Expr::K::kCall;
        e.name = "now";
      }
    }
  } else {
    fail_near(t);
  }
  if (accept("::")) {
    const std::string type = peek().text;
    ++at;
    if (type == "interval" && e.k == Expr::K::kLiteral && e.literal.t == Value::T::kText) {
      e.literal = Value::interval(parse_interval(e.literal.s).value_or(SimTime()));
    } else if (type != "text" && type != "int" && type != "integer" && type != "interval" &&
               type != "varchar") {
      error = fmt::format("ERROR:  type \"{}\" does not exist", type) + context(toks[at - 1].pos);
    }
  }
  return e;
}

Expr Parser::expr() {
  Expr left = term();
  while (error.empty() && (is("-") || is("+"))) {
    Expr e;
    e.k = peek().text == "-" ? Expr::K::kMinus : Expr::K::kPlus;
    e.pos = peek().pos;
    ++at;
    e.args.push_back(std::move(left));
    e.args.push_back(term());
    left = std::move(e);
  }
  return left;
}

Cond Parser::predicate() {
  Cond c;
  if (accept("not")) {
    c.k = Cond::K::kNot;
    c.sub.push_back(predicate());
    return c;
  }
  if (is("(")) {
    // A parenthesised condition (an expression in parentheses is not expected here).
    ++at;
    Cond inner = condition();
    expect(")");
    return inner;
  }
  c.left = expr();
  if (accept("is")) {
    c.k = accept("not") ? Cond::K::kIsNotNull : Cond::K::kIsNull;
    expect("null");
    return c;
  }
  const bool negated = accept("not");
  if (is("like") || is("ilike")) {
    c.k = Cond::K::kLike;
    c.ignore_case = peek().text == "ilike";
    ++at;
    c.right = expr();
    c.op = negated ? "not" : "";
    return c;
  }
  if (accept("in")) {
    c.k = Cond::K::kIn;
    c.op = negated ? "not" : "";
    expect("(");
    while (error.empty()) {
      c.list.push_back(expr());
      if (!accept(",")) break;
    }
    expect(")");
    return c;
  }
  for (std::string_view op : {"=", "<>", "!=", ">=", "<=", ">", "<"}) {
    if (is(op) && peek().k == Tok::K::kOp) {
      c.op = std::string(op);
      ++at;
      c.right = expr();
      return c;
    }
  }
  fail_near(peek());
  return c;
}

Cond Parser::conjunction() {
  Cond first = predicate();
  if (!is("and")) return first;
  Cond c;
  c.k = Cond::K::kAnd;
  c.sub.push_back(std::move(first));
  while (error.empty() && accept("and")) c.sub.push_back(predicate());
  return c;
}

Cond Parser::condition() {
  Cond first = conjunction();
  if (!is("or")) return first;
  Cond c;
  c.k = Cond::K::kOr;
  c.sub.push_back(std::move(first));
  while (error.empty() && accept("or")) c.sub.push_back(conjunction());
  return c;
}

}  // namespace firedrill::pg_sql
