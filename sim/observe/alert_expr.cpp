#include "sim/observe/alert_expr.h"

#include <fmt/format.h>

#include <charconv>
#include <iterator>
#include <optional>
#include <utility>

// [SECTION] errors and durations
// [SECTION] lexer
// [SECTION] parser
// [SECTION] canonical form
// (binding and evaluation: alert_expr_eval.cpp)

namespace firedrill {

//-------------------------------------------------------------------------------------------------
// [SECTION] errors and durations
//-------------------------------------------------------------------------------------------------

std::string AlertError::formatted() const {
  std::string out = where;
  if (column > 0) out += fmt::format("{}column {}", out.empty() ? "" : ": ", column);
  if (!out.empty()) out += ": ";
  return out + message;
}

namespace {

// Thrown only inside this file and caught at the API boundary (parse, parse_duration).
struct ParseFailure {
  size_t column;
  std::string message;
};
[[noreturn]] void fail(size_t column, std::string message) {
  throw ParseFailure{column, std::move(message)};
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_word_char(char c) {
  return is_alpha(c) || is_digit(c);
}
bool is_glob_char(char c) {
  return c == '*' || c == '?';
}
bool is_component_char(char c) {
  return is_word_char(c) || is_glob_char(c) || c == '-';
}

// Reads DURATION at s[i]; returns the index after it. Columns are 1-based within `s`.
size_t lex_duration(std::string_view s, size_t i, int64_t& us) {
  us = 0;
  do {
    const size_t start = i;
    int64_t n = 0;
    while (i < s.size() && is_digit(s[i])) ++i;
    const auto [ptr, ec] = std::from_chars(s.data() + start, s.data() + i, n);
    if (ec != std::errc() || n > 1'000'000'000) fail(start + 1, "duration is too large");
    if (i < s.size() && s[i] == '.')
      fail(i + 1, "durations are whole numbers of a unit (write 90s, not 1.5m)");
    size_t end = i;
    while (end < s.size() && is_alpha(s[end])) ++end;
    const std::string_view unit = s.substr(i, end - i);
    static constexpr std::pair<std::string_view, int64_t> kUnits[] = {
        {"ms", 1'000}, {"s", 1'000'000}, {"m", 60'000'000}, {"h", 3'600'000'000}};
    int64_t scale = 0;
    for (const auto& [name, us_per] : kUnits)
      if (unit == name) scale = us_per;
    if (unit.empty()) fail(i + 1, "expected a duration unit (ms, s, m or h) after the number");
    if (scale == 0)
      fail(i + 1, fmt::format("unknown duration unit '{}' (use ms, s, m or h)", unit));
    us += n * scale;
    i = end;
  } while (i < s.size() && is_digit(s[i]));
  return i;
}

}  // namespace

AlertResult<SimTime> parse_duration(std::string_view text) {
  try {
    if (text.empty() || !is_digit(text[0]))
      fail(1, "expected a duration like 500ms, 30s, 2m or 1h");
    int64_t us = 0;
    const size_t end = lex_duration(text, 0, us);
    if (end != text.size()) fail(end + 1, "unexpected text after the duration");
    return SimTime::micros(us);
  } catch (const ParseFailure& f) {
    return AlertError{"", f.column, f.message};
  }
}

//-------------------------------------------------------------------------------------------------
// [SECTION] lexer
//-------------------------------------------------------------------------------------------------

// Named, not anonymous: ExprParser (a friend of AlertExpr, so in namespace firedrill) holds
// Tokens, and a class may not hold a type private to a file that another file includes
// (a unity build compiles this file inside another).
namespace alert_lexer {

// clang-format off
enum class Tok : uint8_t {
  end, number, duration, selector, word, lparen, rparen, comma,
  plus, minus, star, slash, gt, ge, lt, le, eq, ne  // gt..ne in ExprOp's order
};
// clang-format on

struct Token {
  Tok kind = Tok::end;
  uint32_t column = 0;
  std::string_view text;  // the source characters ("" at the end)
  double number = 0;
  int64_t us = 0;
  size_t dot = 0;  // selector: offset of the '.' within text
};

std::string describe(const Token& t) {
  return t.kind == Tok::end ? std::string("end of input") : fmt::format("'{}'", t.text);
}

std::vector<Token> lex(std::string_view s) {
  std::vector<Token> out;
  bool operand_expected = true;
  size_t i = 0;
  for (;;) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    Token t;
    t.column = static_cast<uint32_t>(i + 1);
    const size_t start = i;
    if (i == s.size()) {
      out.push_back(t);
      return out;
    }
    const char c = s[i];
    const char next = i + 1 < s.size() ? s[i + 1] : '\0';
    if (is_digit(c) || (c == '.' && is_digit(next))) {
      size_t j = i;
      while (j < s.size() && is_digit(s[j])) ++j;
      if (j < s.size() && is_alpha(s[j]) && s[j] != 'e' && s[j] != 'E') {
        t.kind = Tok::duration;
        i = lex_duration(s, i, t.us);
      } else {
        if (j < s.size() && s[j] == '.') {
          ++j;
          if (j == s.size() || !is_digit(s[j])) fail(j + 1, "expected a digit after '.'");
          while (j < s.size() && is_digit(s[j])) ++j;
        }
        if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
          size_t k = j + 1;
          if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
          if (k == s.size() || !is_digit(s[k])) fail(k + 1, "expected the exponent's digits");
          while (k < s.size() && is_digit(s[k])) ++k;
          j = k;
        }
        if (j < s.size() && is_alpha(s[j])) {
          size_t k = j;
          while (k < s.size() && is_alpha(s[k])) ++k;
          const std::string_view word = s.substr(j, k - j);
          if (word == "ms" || word == "s" || word == "m" || word == "h")
            fail(j + 1, "durations are whole numbers of a unit (write 90s, not 1.5m)");
          fail(j + 1, fmt::format("expected an operator after the number, found '{}'", word));
        }
        t.kind = Tok::number;
        std::from_chars(s.data() + i, s.data() + j, t.number);
        i = j;
      }
    } else if (is_alpha(c) || (operand_expected && is_glob_char(c))) {
      size_t j = i;
      while (j < s.size() && is_component_char(s[j])) ++j;
      if (j < s.size() && s[j] == '.') {
        if (j + 1 == s.size() || !is_alpha(s[j + 1]))
          fail(j + 2, fmt::format("expected a metric name after '{}.'", s.substr(i, j - i)));
        t.kind = Tok::selector;
        t.dot = j - i;
        i = j + 1;
        while (i < s.size() && is_word_char(s[i])) ++i;
      } else {
        size_t k = i;
        while (k < s.size() && is_word_char(s[k])) ++k;
        if (k != j)
          fail(j + 1,
               fmt::format("expected '.' and a metric after component '{}'", s.substr(i, j - i)));
        t.kind = Tok::word;
        i = k;
      }
    } else {
      static constexpr struct {
        const char* text;
        Tok kind;
      } kPunct[] = {{">=", Tok::ge},   {"<=", Tok::le},  {"==", Tok::eq},    {"!=", Tok::ne},
                    {">", Tok::gt},    {"<", Tok::lt},   {"(", Tok::lparen}, {")", Tok::rparen},
                    {",", Tok::comma}, {"+", Tok::plus}, {"-", Tok::minus},  {"*", Tok::star},
                    {"/", Tok::slash}};
      for (const auto& p : kPunct) {
        if (s.substr(i).starts_with(p.text)) {
          t.kind = p.kind;
          i += std::string_view(p.text).size();
          break;
        }
      }
      if (t.kind == Tok::end) {
        if (c == '=') fail(i + 1, "expected '==' (a single '=' is not a comparison)");
        if (c == '!') fail(i + 1, "expected '!='");
        if (c == '?' || c == '*') fail(i + 1, "expected an operator before the glob selector");
        if (static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f)
          fail(i + 1, fmt::format("unexpected character '{}'", c));
        fail(i + 1, fmt::format("unexpected byte 0x{:02x}", static_cast<unsigned char>(c)));
      }
    }
    t.text = s.substr(start, i - start);
    operand_expected = !(t.kind == Tok::number || t.kind == Tok::duration ||
                         t.kind == Tok::selector || t.kind == Tok::rparen);
    out.push_back(t);
  }
}

// Indexed by ExprOp / RangeFn.
constexpr const char* kOpText[] = {"",  "",   "",  "-",  "+",  "-",  "*",   "/",
                                   ">", ">=", "<", "<=", "==", "!=", "and", "or"};
constexpr const char* kFnName[] = {"avg_over", "max_over", "min_over", "sum_over"};

bool is_condition(ExprOp op) {
  return op >= ExprOp::gt;
}

}  // namespace alert_lexer

using namespace alert_lexer;

//-------------------------------------------------------------------------------------------------
// [SECTION] parser (recursive descent; one function per grammar rule in the header)
//-------------------------------------------------------------------------------------------------

class ExprParser {
 public:
  ExprParser(std::vector<Token> tokens, AlertExpr& out) : toks_(std::move(tokens)), out_(out) {}

  void run() {
    const uint32_t root = cond();
    require_condition(root);
    if (peek().kind != Tok::end)
      fail(peek().column,
           fmt::format("expected 'and', 'or' or end of input, found {}", describe(peek())));
    out_.root_ = root;
  }

 private:
  const Token& peek() const { return toks_[pos_]; }
  const Token& advance() { return toks_[pos_++]; }
  bool at_word(std::string_view w) const { return peek().kind == Tok::word && peek().text == w; }
  void expect(Tok kind, std::string_view what) {
    if (peek().kind != kind)
      fail(peek().column, fmt::format("expected {}, found {}", what, describe(peek())));
    advance();
  }

  uint32_t add(ExprNode n) {
    out_.nodes_.push_back(n);
    return static_cast<uint32_t>(out_.nodes_.size() - 1);
  }
  uint32_t binary(ExprOp op, uint32_t column, uint32_t lhs, uint32_t rhs) {
    ExprNode n;
    n.op = op;
    n.column = column;
    n.lhs = lhs;
    n.rhs = rhs;
    return add(n);
  }
  const ExprNode& node(uint32_t i) const { return out_.nodes_[i]; }

  // A comparison was needed where `node` ended: point at the token after it.
  void require_condition(uint32_t n) const {
    if (!is_condition(node(n).op))
      fail(peek().column,
           fmt::format("expected a comparison (> >= < <= == !=), found {}", describe(peek())));
  }
  void require_number(uint32_t n) const {
    if (is_condition(node(n).op))
      fail(node(n).column, "expected a number or selector here, found a comparison");
  }

  uint32_t cond() {
    uint32_t lhs = conj();
    while (at_word("or")) {
      require_condition(lhs);
      const uint32_t column = advance().column;
      const uint32_t rhs = conj();
      require_condition(rhs);
      lhs = binary(ExprOp::logical_or, column, lhs, rhs);
    }
    return lhs;
  }

  uint32_t conj() {
    uint32_t lhs = test();
    while (at_word("and")) {
      require_condition(lhs);
      const uint32_t column = advance().column;
      const uint32_t rhs = test();
      require_condition(rhs);
      lhs = binary(ExprOp::logical_and, column, lhs, rhs);
    }
    return lhs;
  }

  static std::optional<ExprOp> comparison(Tok kind) {
    if (kind < Tok::gt || kind > Tok::ne) return std::nullopt;
    return static_cast<ExprOp>(static_cast<int>(ExprOp::gt) +
                               (static_cast<int>(kind) - static_cast<int>(Tok::gt)));
  }

  uint32_t test() {
    const uint32_t lhs = sum();
    const auto op = comparison(peek().kind);
    if (!op) return lhs;
    const uint32_t column = advance().column;
    const uint32_t rhs = sum();
    require_number(lhs);
    require_number(rhs);
    if (comparison(peek().kind))
      fail(peek().column, "comparisons do not chain; join them with 'and'");
    return binary(*op, column, lhs, rhs);
  }

  uint32_t sum() {
    uint32_t lhs = product();
    while (peek().kind == Tok::plus || peek().kind == Tok::minus) {
      const Token& t = advance();
      const uint32_t rhs = product();
      require_number(lhs);
      require_number(rhs);
      lhs = binary(t.kind == Tok::plus ? ExprOp::add : ExprOp::sub, t.column, lhs, rhs);
    }
    return lhs;
  }

  uint32_t product() {
    uint32_t lhs = unary();
    while (peek().kind == Tok::star || peek().kind == Tok::slash) {
      const Token& t = advance();
      const uint32_t rhs = unary();
      require_number(lhs);
      require_number(rhs);
      lhs = binary(t.kind == Tok::star ? ExprOp::mul : ExprOp::div, t.column, lhs, rhs);
    }
    return lhs;
  }

  uint32_t unary() {
    if (peek().kind != Tok::minus) return primary();
    const uint32_t column = advance().column;
    const Nest nest(*this, column);
    const uint32_t operand = unary();
    require_number(operand);
    if (node(operand).op == ExprOp::number) {  // fold "-5" into a literal
      out_.nodes_[operand].number = -node(operand).number;
      out_.nodes_[operand].column = column;
      return operand;
    }
    return binary(ExprOp::negate, column, operand, 0);
  }

  static std::optional<RangeFn> range_fn(std::string_view name) {
    for (size_t i = 0; i < std::size(kFnName); ++i)
      if (name == kFnName[i]) return static_cast<RangeFn>(i);
    return std::nullopt;
  }

  uint32_t primary() {
    const Token& t = peek();
    ExprNode n;
    n.column = t.column;
    switch (t.kind) {
      case Tok::number:
        n.number = advance().number;
        return add(n);
      case Tok::selector: {
        advance();
        ExprSelector sel;
        sel.component = std::string(t.text.substr(0, t.dot));
        sel.metric = std::string(t.text.substr(t.dot + 1));
        sel.glob = sel.component.find_first_of("*?") != std::string::npos;
        sel.column = t.column;
        out_.selectors_.push_back(std::move(sel));
        n.op = ExprOp::selector;
        n.selector = static_cast<uint32_t>(out_.selectors_.size() - 1);
        return add(n);
      }
      case Tok::lparen: {
        advance();
        const Nest nest(*this, n.column);
        const uint32_t inner = cond();
        expect(Tok::rparen, fmt::format("')' to close the '(' at column {}", n.column));
        return inner;
      }
      case Tok::duration:
        fail(t.column, fmt::format("a duration like {} is only allowed as the window of "
                                   "avg_over, max_over, min_over or sum_over",
                                   describe(t)));
      case Tok::word: {
        const auto fn = range_fn(t.text);
        if (!fn) {
          if (toks_[pos_ + 1].kind == Tok::lparen)
            fail(t.column, fmt::format("unknown function '{}' (expected avg_over, max_over, "
                                       "min_over or sum_over)",
                                       t.text));
          fail(t.column, fmt::format("expected a selector like 'lb.p99_ms', found '{}'", t.text));
        }
        advance();
        const Nest nest(*this, t.column);
        expect(Tok::lparen, fmt::format("'(' after '{}'", t.text));
        const Token& window = peek();
        expect(Tok::duration, "a duration window such as 30s or 5m");
        if (window.us <= 0) fail(window.column, "the window must be longer than zero");
        expect(Tok::comma, "',' after the window");
        const uint32_t inner = sum();
        require_number(inner);
        expect(Tok::rparen, fmt::format("')' to close '{}(' at column {}", t.text, t.column));
        n.op = ExprOp::range;
        n.fn = *fn;
        n.window_seconds = (window.us + 999'999) / 1'000'000;
        n.lhs = inner;
        return add(n);
      }
      default:
        fail(t.column,
             fmt::format("expected a number, selector, function or '(', found {}", describe(t)));
    }
  }

  // Bounds the recursion on '(' / function / unary '-' nesting, so no input can exhaust the stack.
  struct Nest {
    Nest(ExprParser& p, uint32_t column) : parser(p) {
      if (++parser.depth_ > kMaxDepth)
        fail(column, fmt::format("nested more than {} levels deep", kMaxDepth));
    }
    ~Nest() { --parser.depth_; }
    ExprParser& parser;
  };
  static constexpr int kMaxDepth = 32;

  std::vector<Token> toks_;
  size_t pos_ = 0;
  int depth_ = 0;
  AlertExpr& out_;
};

AlertResult<AlertExpr> AlertExpr::parse(std::string_view text) {
  // Rules are one line; the bound also keeps evaluation's recursion (one level per operator) short.
  constexpr size_t kMaxLength = 1024;
  if (text.size() > kMaxLength)
    return AlertError{"", kMaxLength + 1, fmt::format("longer than {} characters", kMaxLength)};
  AlertExpr expr;
  expr.source_ = std::string(text);
  try {
    ExprParser(lex(expr.source_), expr).run();
  } catch (const ParseFailure& f) {
    return AlertError{"", f.column, f.message};
  }
  return expr;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] canonical form
//-------------------------------------------------------------------------------------------------

namespace {

std::string canonical_node(const AlertExpr& e, uint32_t i) {
  const ExprNode& n = e.nodes()[i];
  switch (n.op) {
    case ExprOp::number:
      return fmt::format("{}", n.number);
    case ExprOp::selector: {
      const ExprSelector& s = e.selectors()[n.selector];
      return s.component + "." + s.metric;
    }
    case ExprOp::range:
      return fmt::format("{}({}s, {})", kFnName[static_cast<size_t>(n.fn)], n.window_seconds,
                         canonical_node(e, n.lhs));
    case ExprOp::negate:
      return "-" + canonical_node(e, n.lhs);
    default:
      return fmt::format("({} {} {})", canonical_node(e, n.lhs), kOpText[static_cast<size_t>(n.op)],
                         canonical_node(e, n.rhs));
  }
}

}  // namespace

std::string AlertExpr::canonical() const {
  return canonical_node(*this, root_);
}

}  // namespace firedrill
