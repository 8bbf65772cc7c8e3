// parse_command_line: bash's word splitting, quoting and the operators the console accepts.
#include <fmt/format.h>

#include "sim/trainee/console.h"

namespace firedrill {

namespace {

struct Word {
  std::string text;
  bool quoted = false;  // any part was quoted or escaped: never an operator
};

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string unexpected_eof(char quote) {
  return fmt::format("bash: unexpected EOF while looking for matching `{}'", quote);
}

std::string syntax_error(std::string_view token) {
  return fmt::format("bash: syntax error near unexpected token `{}'", token);
}

}  // namespace

ParsedLine parse_command_line(std::string_view line) {
  ParsedLine parsed;
  std::vector<Word> words;
  Word current;
  bool in_word = false;
  const auto finish_word = [&] {
    if (in_word) words.push_back(std::move(current));
    current = Word{};
    in_word = false;
  };
  const auto fail = [&](std::string message) {
    parsed.stages.clear();
    parsed.error = std::move(message);
    parsed.error_exit_code = 2;
    return parsed;
  };

  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (is_blank(c)) {
      finish_word();
    } else if (c == '\'') {
      const size_t end = line.find('\'', i + 1);
      if (end == std::string_view::npos) return fail(unexpected_eof('\''));
      current.text.append(line.substr(i + 1, end - i - 1));
      current.quoted = in_word = true;
      i = end;
    } else if (c == '"') {
      current.quoted = in_word = true;
      size_t j = i + 1;
      for (; j < line.size() && line[j] != '"'; ++j) {
        if (line[j] == '\\' && j + 1 < line.size() &&
            std::string_view("\"\\$`").find(line[j + 1]) != std::string_view::npos) {
          ++j;
        }
        current.text += line[j];
      }
      if (j >= line.size()) return fail(unexpected_eof('"'));
      i = j;
    } else if (c == '\\') {
      if (i + 1 < line.size()) current.text += line[++i];
      current.quoted = in_word = true;
    } else if (c == '|' || c == ';' || c == '&' || c == '>' || c == '<') {
      // An operator: "2>" and "2>&1" keep the descriptor digit of the word before them.
      std::string op(1, c);
      if (c == '>' && in_word && !current.quoted && current.text == "2") {
        op = "2>";
        current = Word{};
        in_word = false;
      }
      finish_word();
      while (i + 1 < line.size() &&
             std::string_view("|&>").find(line[i + 1]) != std::string_view::npos && op.size() < 3) {
        op += line[++i];
      }
      if (op == "2>&" && i + 1 < line.size() && line[i + 1] == '1') {
        op += line[++i];
      }
      words.push_back(Word{op, false});
    } else {
      current.text += c;
      in_word = true;
    }
  }
  finish_word();

  PipelineStage stage;
  for (size_t i = 0; i < words.size(); ++i) {
    const Word& w = words[i];
    if (w.quoted) {
      stage.argv.push_back(w.text);
      continue;
    }
    const std::string& t = w.text;
    if (t == "|") {
      if (stage.argv.empty()) return fail(syntax_error("|"));
      parsed.stages.push_back(std::move(stage));
      stage = PipelineStage{};
    } else if (t == ";" || t == "&&" || t == "||" || t == "&" || t == ";;") {
      if (stage.argv.empty() && parsed.stages.empty()) return fail(syntax_error(t));
      return fail(fmt::format(
          "firedrill: one command per line: `{}' is not supported here (run the commands "
          "one at a time)",
          t));
    } else if (t == "2>&1") {
      stage.stderr_to_stdout = true;
    } else if (t == ">" || t == ">>" || t == "2>" || t == "<" || t == "&>") {
      if (i + 1 >= words.size()) return fail(syntax_error("newline"));
      const std::string& target = words[++i].text;
      if (t == "<") {
        stage.read_from = target;
      } else if (target == "/dev/null") {
        if (t == "2>" || t == "&>") stage.drop_stderr = true;
        if (t != "2>") stage.drop_stdout = true;
      } else {
        stage.write_target = target;
      }
    } else if (t.find_first_of("|;&<>") == 0) {
      return fail(syntax_error(t));
    } else {
      stage.argv.push_back(t);
    }
  }
  if (!stage.argv.empty()) {
    parsed.stages.push_back(std::move(stage));
  } else if (!parsed.stages.empty()) {
    return fail(syntax_error("|"));
  }
  return parsed;
}

}  // namespace firedrill
