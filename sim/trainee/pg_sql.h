// Private to the psql emulation (pg_query.cpp): SQL values, tokens, expressions and the
// recursive-descent parser for the statements pg_query.h lists. Errors are PostgreSQL's words
// with the "LINE 1:" caret context. Not part of the API.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/sim_time.h"
#include "sim/observe/scenario_clock.h"

namespace firedrill::pg_sql {

struct Value {
  enum class T { kNull, kText, kInt, kTime, kInterval, kBool } t = T::kNull;
  std::string s;
  int64_t i = 0;
  SimTime time;
  bool b = false;

  static Value text(std::string v) { return {T::kText, std::move(v), 0, {}, false}; }
  static Value integer(int64_t v) { return {T::kInt, {}, v, {}, false}; }
  static Value at(SimTime v) {
    return v == SimTime::never() ? Value{} : Value{T::kTime, {}, 0, v, false};
  }
  static Value interval(SimTime v) { return {T::kInterval, {}, 0, v, false}; }
  static Value boolean(bool v) { return {T::kBool, {}, 0, {}, v}; }
  bool null() const { return t == T::kNull; }
};

// NULL is nullopt; timestamps and intervals as psql prints them.
std::optional<std::string> render(const ScenarioClock& clock, const Value& v);
// "5 seconds", "1 minute", "2 min", "1 hour", "00:00:05".
std::optional<SimTime> parse_interval(std::string_view s);
// -1, 0, 1; text compared with numbers and intervals as PostgreSQL would cast it.
int compare(const Value& a, const Value& b);

struct Tok {
  enum class K { kIdent, kNumber, kString, kOp, kEnd } k = K::kEnd;
  std::string text;  // identifiers lower-cased
  size_t pos = 0;
};
std::vector<Tok> tokenize(std::string_view sql, std::string* error);

struct Expr {
  enum class K { kColumn, kLiteral, kCall, kMinus, kPlus, kStar } k = K::kLiteral;
  std::string name;  // column or function
  Value literal;
  std::vector<Expr> args;
  size_t pos = 0;
};

struct Cond {
  enum class K { kCompare, kIsNull, kIsNotNull, kLike, kAnd, kOr, kNot, kIn } k = K::kCompare;
  std::string op;  // "=", "<>"...; "not" for NOT LIKE / NOT IN
  Expr left, right;
  std::vector<Expr> list;
  std::vector<Cond> sub;
  bool ignore_case = false;
};

struct Parser {
  std::vector<Tok> toks;
  size_t at = 0;
  std::string error;
  std::string_view sql;

  const Tok& peek(size_t ahead = 0) const { return toks[std::min(at + ahead, toks.size() - 1)]; }
  bool is(std::string_view word) const {
    return peek().text == word && peek().k != Tok::K::kString;
  }
  bool accept(std::string_view word);
  bool expect(std::string_view word);
  void fail_near(const Tok& t);
  // "\nLINE 1: <sql>\n<spaces>^" pointing at byte `pos` of the statement.
  std::string context(size_t pos) const;

  Expr term();
  Expr expr();
  Cond predicate();
  Cond conjunction();
  Cond condition();
};

}  // namespace firedrill::pg_sql
