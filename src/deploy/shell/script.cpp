// A recursive-descent reader of POSIX shell (with the bash forms deployment scripts use). Compound
// commands are not modelled: their keywords are skipped and the simple commands of their bodies
// are kept in order, which is what rules look for.
#include "deploy/shell/script.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace preflight::deploy::shell {
namespace {

// Deeper nesting than any real script; keeps hostile input from exhausting the stack.
constexpr int kMaxDepth = 100;

bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}
bool is_metachar(char c) {
  return is_blank(c) || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<' || c == '>' ||
         c == '(' || c == ')';
}

bool is_name(std::string_view text) {
  if (text.empty() || !is_name_start(text[0])) return false;
  return std::all_of(text.begin(), text.end(), is_name_char);
}

bool is_reserved(std::string_view word) {
  static constexpr std::array<std::string_view, 18> kReserved = {
      "if",  "then", "else", "elif", "fi", "do", "done", "while",  "until",
      "for", "case", "esac", "in",   "{",  "}",  "!",    "select", "function"};
  return std::find(kReserved.begin(), kReserved.end(), word) != kReserved.end();
}

enum Stop : unsigned { kStopParen = 1, kStopCase = 2 };

struct Heredoc {
  std::string delimiter;
  bool strip_tabs = false;
  bool expands = true;
  std::size_t command = 0;  // index of the command it is given to; npos when it has none
};

class Splitter {
 public:
  Splitter(std::string_view text, const Variables& known) : text_(text), vars_(known) {}

  Script run() {
    while (pos_ < text_.size()) {
      const std::size_t before = pos_;
      parse_list(0);
      if (pos_ < text_.size() && pos_ == before) {
        error("unexpected character", pos_);
        ++pos_;
      }
    }
    return std::move(script_);
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  Variables vars_;
  Script script_;
  int groups_ = 0;  // command substitutions seen so far
  int group_ = 0;   // the one being read
  std::optional<std::size_t> parent_;
  Joiner joiner_ = Joiner::Sequence;
  bool in_backtick_ = false;
  int depth_ = 0;
  std::vector<Heredoc> heredocs_;  // waiting for the end of the line
  // Of the word being read, for field splitting: it has quoted parts, and an unquoted expansion
  // was resolved into it.
  bool word_quoted_ = false;
  bool word_expanded_ = false;

  bool at_end() const { return pos_ >= text_.size(); }
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  bool at_end_of_backtick() const { return in_backtick_ && peek() == '`'; }

  void error(std::string message, std::size_t offset) {
    script_.errors.push_back({std::move(message), offset});
  }

  void skip_blanks() {
    while (!at_end()) {
      if (is_blank(peek())) {
        ++pos_;
      } else if (peek() == '\\' && peek(1) == '\n') {
        pos_ += 2;
      } else if (peek() == '\\' && peek(1) == '\r' && peek(2) == '\n') {
        pos_ += 3;
      } else {
        break;
      }
    }
  }

  void skip_comment() {
    while (!at_end() && peek() != '\n') ++pos_;
  }

  // Past a newline token, and past the bodies of the here-documents started on its line.
  void consume_newline() {
    ++pos_;
    for (const Heredoc& heredoc : heredocs_) {
      const std::size_t start = pos_;
      std::size_t body_end = text_.size();
      bool closed = false;
      while (!at_end()) {
        std::size_t line_end = text_.find('\n', pos_);
        if (line_end == std::string_view::npos) line_end = text_.size();
        std::string_view line = text_.substr(pos_, line_end - pos_);
        body_end = pos_;
        pos_ = std::min(line_end + 1, text_.size());
        if (heredoc.strip_tabs) {
          while (!line.empty() && line.front() == '\t') line.remove_prefix(1);
        }
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line == heredoc.delimiter) {
          closed = true;
          break;
        }
      }
      if (!closed) {
        error("unterminated here-document", start);
        body_end = text_.size();
      }
      if (heredoc.command < script_.commands.size()) {
        script_.commands[heredoc.command].here_documents.push_back(
            {std::string(text_.substr(start, body_end - start)), start, body_end, heredoc.expands});
      }
    }
    heredocs_.clear();
  }

  // A reserved word at the current position, when it stands alone.
  std::string_view peek_reserved() const {
    std::size_t end = pos_;
    while (end < text_.size() && !is_metachar(text_[end]) && text_[end] != '"' &&
           text_[end] != '\'' && text_[end] != '\\' && text_[end] != '$' && text_[end] != '`') {
      ++end;
    }
    const std::string_view token = text_.substr(pos_, end - pos_);
    if (!is_reserved(token)) return {};
    if (end < text_.size() && !is_metachar(text_[end])) return {};
    return token;
  }

  void parse_list(unsigned stop) {
    if (depth_ >= kMaxDepth) {
      error("nested too deeply", pos_);
      pos_ = text_.size();
      return;
    }
    ++depth_;
    parse_list_items(stop);
    --depth_;
  }

  void parse_list_items(unsigned stop) {
    while (true) {
      skip_blanks();
      if (at_end() || at_end_of_backtick()) return;
      const char c = peek();
      if (c == '#') {
        skip_comment();
      } else if (c == '\n') {
        consume_newline();
        joiner_ = Joiner::Sequence;
      } else if (c == ';') {
        if (peek(1) == ';' || peek(1) == '&') {
          if ((stop & kStopCase) != 0) return;
          error("unexpected case terminator", pos_);
          pos_ += 2;
        } else {
          ++pos_;
        }
        joiner_ = Joiner::Sequence;
      } else if (c == '&' && peek(1) != '>') {
        if (peek(1) == '&') {
          pos_ += 2;
          joiner_ = Joiner::And;
        } else {
          ++pos_;
          joiner_ = Joiner::Background;
        }
      } else if (c == '|') {
        if (peek(1) == '|') {
          pos_ += 2;
          joiner_ = Joiner::Or;
        } else {
          pos_ += peek(1) == '&' ? 2 : 1;
          joiner_ = Joiner::Pipe;
        }
      } else if (c == ')') {
        if ((stop & kStopParen) != 0) return;
        error("unexpected )", pos_);
        ++pos_;
      } else if (c == '(') {
        if (peek(1) == '(') {
          skip_arithmetic();
        } else {
          parse_subshell();
        }
      } else if (const std::string_view word = peek_reserved(); !word.empty()) {
        if (word == "esac" && (stop & kStopCase) != 0) return;
        pos_ += word.size();
        if (word == "for" || word == "select") {
          skip_for_header();
        } else if (word == "case") {
          parse_case(stop);
        } else if (word == "function") {
          skip_blanks();
          (void)read_word();
        }
      } else {
        const std::size_t before = pos_;
        parse_simple_command();
        if (pos_ == before) {  // a character no rule takes; never loop on it
          error("unexpected character", pos_);
          ++pos_;
        }
      }
    }
  }

  void parse_subshell() {
    const std::size_t start = pos_;
    ++pos_;
    const Variables saved = vars_;  // a subshell's assignments do not outlive it
    parse_list(kStopParen);
    vars_ = saved;
    if (peek() == ')') {
      ++pos_;
    } else {
      error("unterminated subshell", start);
    }
  }

  // `(( … ))` or `$(( … ))` from the first `(`: arithmetic, no commands.
  std::string_view skip_arithmetic() {
    const std::size_t start = pos_;
    int depth = 0;
    while (!at_end()) {
      const char c = peek();
      ++pos_;
      if (c == '(') ++depth;
      if (c == ')' && --depth == 0) return text_.substr(start, pos_ - start);
    }
    error("unterminated arithmetic", start);
    return text_.substr(start);
  }

  // `for NAME [in WORDS…]` up to the separator before `do`; also `for (( … ))`.
  void skip_for_header() {
    skip_blanks();
    if (peek() == '(' && peek(1) == '(') {
      skip_arithmetic();
      return;
    }
    (void)read_word();
    skip_blanks();
    if (peek_reserved() != "in") return;
    pos_ += 2;
    const std::optional<std::size_t> saved_parent = std::exchange(parent_, std::nullopt);
    while (true) {
      skip_blanks();
      if (at_end() || is_metachar(peek()) || peek() == '#' || at_end_of_backtick()) break;
      (void)read_word();  // its substitutions are commands
    }
    parent_ = saved_parent;
  }

  void parse_case(unsigned stop) {
    const std::size_t start = pos_;
    skip_blanks();
    (void)read_word();
    skip_blanks_and_newlines();
    if (peek_reserved() == "in") pos_ += 2;
    while (true) {
      skip_blanks_and_newlines();
      if (at_end() || at_end_of_backtick() || peek() == ')') {
        error("unterminated case", start);
        return;
      }
      if (peek_reserved() == "esac") {
        pos_ += 4;
        return;
      }
      if (peek() == '(') ++pos_;
      while (!at_end() && peek() != ')' && !at_end_of_backtick()) {
        skip_blanks();
        if (peek() == ')') break;
        if (is_metachar(peek())) {
          ++pos_;
        } else if (!at_end_of_backtick()) {
          (void)read_word();
        }
      }
      if (peek() != ')') continue;
      ++pos_;
      parse_list(kStopCase | (stop & kStopParen));
      if (peek() == ';' && (peek(1) == ';' || peek(1) == '&')) {
        pos_ += 2;
        if (peek() == '&') ++pos_;
      }
    }
  }

  void skip_blanks_and_newlines() {
    while (true) {
      skip_blanks();
      if (peek() == '\n') {
        consume_newline();
      } else if (peek() == '#') {
        skip_comment();
      } else {
        return;
      }
    }
  }

  bool at_redirection() const {
    std::size_t at = pos_;
    while (at < text_.size() && is_digit(text_[at])) ++at;
    if (at < text_.size() && (text_[at] == '<' || text_[at] == '>')) return true;
    return at == pos_ && peek() == '&' && peek(1) == '>';
  }

  void parse_redirection() {
    const std::size_t start = pos_;
    while (is_digit(peek())) ++pos_;
    bool heredoc = false;
    bool strip_tabs = false;
    if (peek() == '&') {  // &> and &>>
      pos_ += peek(2) == '>' ? 3 : 2;
    } else if (peek() == '<') {
      if (peek(1) == '<' && peek(2) == '<') {
        pos_ += 3;
      } else if (peek(1) == '<') {
        heredoc = true;
        strip_tabs = peek(2) == '-';
        pos_ += strip_tabs ? 3 : 2;
      } else {
        pos_ += (peek(1) == '&' || peek(1) == '>') ? 2 : 1;
      }
    } else {
      pos_ += (peek(1) == '>' || peek(1) == '&' || peek(1) == '|') ? 2 : 1;
    }
    skip_blanks();
    if (at_end() || is_metachar(peek()) || at_end_of_backtick()) {
      error("redirection without a target", start);
      return;
    }
    const Word target = read_word();
    if (heredoc) {
      const std::string_view written = text_.substr(target.begin, target.end - target.begin);
      const bool quoted = written.find_first_of("'\"\\") != std::string_view::npos;
      heredocs_.push_back({target.text, strip_tabs, !quoted, parent_.value_or(std::string::npos)});
    }
  }

  void parse_simple_command() {
    const std::size_t index = script_.commands.size();
    SimpleCommand command;
    command.group = group_;
    command.parent = parent_;
    command.joined_by = std::exchange(joiner_, Joiner::Sequence);
    command.begin = command.end = pos_;
    script_.commands.emplace_back();  // its place comes before its substitutions' commands
    const std::optional<std::size_t> saved_parent = std::exchange(parent_, index);

    while (true) {
      skip_blanks();
      if (at_end() || at_end_of_backtick()) break;
      const char c = peek();
      if (c == '\n' || c == ';' || c == '|' || c == ')' || (c == '&' && peek(1) != '>')) break;
      if (c == '#') {
        skip_comment();
        break;
      }
      if (c == '(') {  // `name() { …; }`, else a syntax error
        ++pos_;
        skip_blanks();
        if (peek() == ')' && command.words.size() == 1) {
          ++pos_;
          command.words.clear();  // a function definition; its body follows as commands
          break;
        }
        error("unexpected (", pos_);
        continue;
      }
      if (at_redirection()) {
        parse_redirection();
        continue;
      }
      bool expanded = false;
      bool quoted = false;
      Word word = read_word(&expanded, &quoted);
      if (expanded && !quoted && word.literal) {  // the shell splits it into fields
        split_fields(word, command.words);
        continue;
      }
      if (command.words.empty()) {
        if (std::optional<Assignment> assignment = as_assignment(word)) {
          command.assignments.push_back(std::move(*assignment));
          continue;
        }
      }
      const bool conditional =
          command.words.empty() && word.literal && word.text == "[[" && word.end - word.begin == 2;
      command.words.push_back(std::move(word));
      if (conditional) read_conditional(command);
    }

    parent_ = saved_parent;
    if (!command.assignments.empty()) command.begin = command.assignments.front().value.begin;
    if (!command.words.empty()) {
      if (command.assignments.empty()) command.begin = command.words.front().begin;
      command.end = command.words.back().end;
    } else if (!command.assignments.empty()) {
      command.end = command.assignments.back().value.end;
    }
    if (command.words.empty() && command.assignments.empty() &&
        script_.commands.size() == index + 1) {
      script_.commands.pop_back();  // only redirections, or nothing
      for (Heredoc& heredoc : heredocs_) {
        if (heredoc.command == index) heredoc.command = std::string::npos;
      }
      return;
    }
    remember_assignments(command);
    script_.commands[index] = std::move(command);
  }

  // The words of `[[ … ]]` through `]]`: there `&&`, `||`, `<`, `>`, `(`, `)` are words.
  void read_conditional(SimpleCommand& command) {
    const std::size_t start = pos_;
    while (true) {
      skip_blanks();
      if (at_end() || peek() == '\n' || peek() == ';' || at_end_of_backtick()) {
        error("unterminated [[", start);
        return;
      }
      const char c = peek();
      std::size_t length = 0;
      if ((c == '&' && peek(1) == '&') || (c == '|' && peek(1) == '|')) {
        length = 2;
      } else if (c == '(' || c == ')' || c == '<' || c == '>' || c == '&' || c == '|') {
        length = 1;
      }
      if (length > 0) {
        command.words.push_back({std::string(text_.substr(pos_, length)), pos_, pos_ + length});
        pos_ += length;
        continue;
      }
      Word word = read_word();
      const bool closed = word.literal && word.text == "]]";
      command.words.push_back(std::move(word));
      if (closed) return;
    }
  }

  // `NAME=value` written with a plain name.
  std::optional<Assignment> as_assignment(const Word& word) const {
    const std::string_view written = text_.substr(word.begin, word.end - word.begin);
    const std::size_t equals = written.find('=');
    if (equals == std::string_view::npos || !is_name(written.substr(0, equals))) return {};
    Assignment assignment;
    assignment.name = std::string(written.substr(0, equals));
    assignment.value = word;
    assignment.value.text = word.text.substr(std::min(word.text.size(), equals + 1));
    return assignment;
  }

  void set_variable(const std::string& name, const Word& value) {
    if (value.literal) {
      vars_[name] = value.text;
    } else {
      vars_.erase(name);  // set to something only the run knows
    }
  }

  void remember_assignments(const SimpleCommand& command) {
    if (command.words.empty()) {
      for (const Assignment& assignment : command.assignments) {
        set_variable(assignment.name, assignment.value);
      }
      return;
    }
    const std::string_view name = command.words[0].text;
    if (name != "export" && name != "readonly" && name != "declare" && name != "typeset" &&
        name != "local") {
      return;
    }
    for (std::size_t i = 1; i < command.words.size(); ++i) {
      if (std::optional<Assignment> assignment = as_assignment(command.words[i])) {
        set_variable(assignment->name, assignment->value);
      }
    }
  }

  // An unquoted expansion's value is split at blanks, and vanishes when empty. Only applied to
  // words without quoted parts; the fields keep the whole word's place.
  static void split_fields(const Word& word, std::vector<Word>& words) {
    std::size_t at = 0;
    const std::string_view text = word.text;
    while (true) {
      at = text.find_first_not_of(" \t\n", at);
      if (at == std::string_view::npos) return;
      const std::size_t end = std::min(text.find_first_of(" \t\n", at), text.size());
      words.push_back({std::string(text.substr(at, end - at)), word.begin, word.end, true});
      at = end;
    }
  }

  Word read_word(bool* expanded = nullptr, bool* quoted = nullptr) {
    const bool saved_quoted = std::exchange(word_quoted_, false);
    const bool saved_expanded = std::exchange(word_expanded_, false);
    Word word = read_word_parts();
    if (expanded != nullptr) *expanded = word_expanded_;
    if (quoted != nullptr) *quoted = word_quoted_;
    word_quoted_ = saved_quoted;
    word_expanded_ = saved_expanded;
    return word;
  }

  Word read_word_parts() {
    Word word;
    word.begin = pos_;
    while (!at_end()) {
      const char c = peek();
      if (c == '(' && is_array_assignment(word.begin)) {
        word.text += skip_arithmetic();  // `a=(x y)`: balanced like arithmetic
        word.literal = false;
        continue;
      }
      if (is_metachar(c)) break;
      if (c == '`') {
        if (in_backtick_) break;
        backtick_substitution(word);
      } else if (c == '\\') {
        if (peek(1) == '\n') {
          pos_ += 2;
        } else if (pos_ + 1 < text_.size()) {
          word_quoted_ = true;
          word.text += peek(1);
          pos_ += 2;
        } else {
          word.text += c;
          ++pos_;
        }
      } else if (c == '\'') {
        single_quoted(word);
      } else if (c == '"') {
        double_quoted(word);
      } else if (c == '$') {
        dollar(word, false);
      } else {
        word.text += c;
        ++pos_;
      }
    }
    word.end = pos_;
    return word;
  }

  bool is_array_assignment(std::size_t word_begin) const {
    std::string_view written = text_.substr(word_begin, pos_ - word_begin);
    if (written.empty() || written.back() != '=') return false;
    written.remove_suffix(1);
    if (!written.empty() && written.back() == '+') written.remove_suffix(1);
    return is_name(written);
  }

  void single_quoted(Word& word) {
    word_quoted_ = true;
    const std::size_t start = pos_;
    ++pos_;
    std::size_t close = text_.find('\'', pos_);
    if (close == std::string_view::npos) {
      error("unterminated single quote", start);
      close = text_.size();
    }
    const std::string_view content = text_.substr(pos_, close - pos_);
    // GitHub replaces `${{ … }}` before the shell sees the quotes.
    if (content.find("${{") != std::string_view::npos) word.literal = false;
    word.text += content;
    pos_ = std::min(close + 1, text_.size());
  }

  void double_quoted(Word& word) {
    word_quoted_ = true;
    const std::size_t start = pos_;
    ++pos_;
    while (true) {
      if (at_end()) {
        error("unterminated double quote", start);
        return;
      }
      const char c = peek();
      if (c == '"') {
        ++pos_;
        return;
      }
      if (c == '\\') {
        const char next = peek(1);
        if (next == '\n') {
          pos_ += 2;
        } else if (next == '$' || next == '`' || next == '"' || next == '\\') {
          word.text += next;
          pos_ += 2;
        } else {
          word.text += c;
          ++pos_;
        }
      } else if (c == '$') {
        dollar(word, true);
      } else if (c == '`') {
        if (in_backtick_) return;  // the quotes belong to the outer level; best effort
        backtick_substitution(word);
      } else {
        word.text += c;
        ++pos_;
      }
    }
  }

  void ansi_c_quoted(Word& word) {
    word_quoted_ = true;
    const std::size_t start = pos_;
    pos_ += 2;
    while (true) {
      if (at_end()) {
        error("unterminated $' quote", start);
        return;
      }
      const char c = peek();
      ++pos_;
      if (c == '\'') return;
      if (c != '\\' || at_end()) {
        word.text += c;
        continue;
      }
      const char escaped = peek();
      ++pos_;
      switch (escaped) {
        case 'n':
          word.text += '\n';
          break;
        case 't':
          word.text += '\t';
          break;
        case 'r':
          word.text += '\r';
          break;
        case 'a':
          word.text += '\a';
          break;
        case 'b':
          word.text += '\b';
          break;
        case 'e':
        case 'E':
          word.text += '\x1b';
          break;
        case 'f':
          word.text += '\f';
          break;
        case 'v':
          word.text += '\v';
          break;
        case 'x': {
          int value = 0;
          int digits = 0;
          while (digits < 2 && std::isxdigit(static_cast<unsigned char>(peek())) != 0) {
            const char h = peek();
            value = value * 16 + (is_digit(h) ? h - '0' : (std::tolower(h) - 'a' + 10));
            ++pos_;
            ++digits;
          }
          if (digits == 0) {
            word.text += "\\x";
          } else {
            word.text += static_cast<char>(value);
          }
          break;
        }
        case '0':
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7': {
          int value = escaped - '0';
          for (int digits = 1; digits < 3 && peek() >= '0' && peek() <= '7'; ++digits) {
            value = value * 8 + (peek() - '0');
            ++pos_;
          }
          word.text += static_cast<char>(value & 0xff);
          break;
        }
        case '\\':
        case '\'':
        case '"':
        case '?':
          word.text += escaped;
          break;
        default:
          word.text += '\\';
          word.text += escaped;
      }
    }
  }

  void dollar(Word& word, bool quoted) {
    const std::size_t start = pos_;
    const char next = peek(1);
    if (next == '\'' && !quoted) {
      ansi_c_quoted(word);
    } else if (next == '"' && !quoted) {
      ++pos_;
      double_quoted(word);
    } else if (next == '(' && peek(2) == '(') {
      ++pos_;
      (void)skip_arithmetic();
      word.text += text_.substr(start, pos_ - start);
      word.literal = false;
    } else if (next == '(') {
      pos_ += 2;
      run_substitution(kStopParen);
      if (peek() == ')') {
        ++pos_;
      } else {
        error("unterminated command substitution", start);
      }
      word.text += text_.substr(start, pos_ - start);
      word.literal = false;
    } else if (next == '{' && peek(2) == '{') {
      std::size_t close = text_.find("}}", pos_ + 3);
      if (close == std::string_view::npos) {
        error("unterminated ${{ expression", start);
        close = text_.size();
      } else {
        close += 2;
      }
      pos_ = close;
      word.text += text_.substr(start, pos_ - start);
      word.literal = false;
    } else if (next == '{') {
      parameter_expansion(word);
      word_expanded_ = word_expanded_ || !quoted;
    } else if (is_name_start(next)) {
      pos_ += 1;
      while (is_name_char(peek())) ++pos_;
      const std::string_view name = text_.substr(start + 1, pos_ - start - 1);
      if (const auto found = vars_.find(name); found != vars_.end()) {
        word.text += found->second;
        word_expanded_ = word_expanded_ || !quoted;
      } else {
        word.text += text_.substr(start, pos_ - start);
        word.literal = false;
      }
    } else if (is_digit(next) || next == '@' || next == '*' || next == '#' || next == '?' ||
               next == '$' || next == '!' || next == '-') {
      pos_ += 2;
      word.text += text_.substr(start, 2);
      word.literal = false;
    } else {
      word.text += '$';
      ++pos_;
    }
  }

  // `${NAME}`, `${NAME:-default}`, `${NAME-default}`; other forms stay as written.
  void parameter_expansion(Word& word) {
    const std::size_t start = pos_;
    std::size_t at = pos_ + 2;
    int depth = 1;
    while (at < text_.size()) {
      const char c = text_[at];
      if (c == '\\') {
        at += 2;
        continue;
      }
      if (c == '{') ++depth;
      if (c == '}' && --depth == 0) break;
      ++at;
    }
    if (at >= text_.size()) {
      error("unterminated ${", start);
      pos_ = text_.size();
      word.text += text_.substr(start);
      word.literal = false;
      return;
    }
    pos_ = at + 1;
    const std::string_view inner = text_.substr(start + 2, at - start - 2);
    std::size_t name_end = 0;
    while (name_end < inner.size() && is_name_char(inner[name_end])) ++name_end;
    const std::string_view name = inner.substr(0, name_end);
    const std::string_view rest = inner.substr(name_end);
    const auto found = is_name(name) ? vars_.find(name) : vars_.end();
    const bool known = found != vars_.end();
    const auto unresolved = [&] {
      word.text += text_.substr(start, pos_ - start);
      word.literal = false;
    };
    if (!is_name(name)) return unresolved();
    if (rest.empty()) {
      if (known) return void(word.text += found->second);
      return unresolved();
    }
    const bool colon = rest[0] == ':';
    const std::string_view op = rest.substr(colon ? 1 : 0, 1);
    const std::string_view operand = rest.substr(colon ? 2 : 1);
    const bool set = known && (!colon || !found->second.empty());
    const bool plain_operand = operand.find_first_of("$`'\"\\") == std::string_view::npos;
    if (op == "-" || op == "=") {
      if (set) return void(word.text += found->second);
      if (!plain_operand) return unresolved();
      word.text += operand;
      return;
    }
    if (op == "+" && known) {
      if (!set) return;
      if (!plain_operand) return unresolved();
      word.text += operand;
      return;
    }
    unresolved();
  }

  void backtick_substitution(Word& word) {
    const std::size_t start = pos_;
    ++pos_;
    const bool saved = std::exchange(in_backtick_, true);
    run_substitution(0);
    in_backtick_ = saved;
    if (peek() == '`') {
      ++pos_;
    } else {
      error("unterminated backtick substitution", start);
    }
    word.text += text_.substr(start, pos_ - start);
    word.literal = false;
  }

  void run_substitution(unsigned stop) {
    const int saved_group = std::exchange(group_, ++groups_);
    const Joiner saved_joiner = std::exchange(joiner_, Joiner::Sequence);
    const bool saved_backtick = in_backtick_;
    if ((stop & kStopParen) != 0) in_backtick_ = false;
    const Variables saved_vars = vars_;  // it runs in a subshell
    parse_list(stop);
    vars_ = saved_vars;
    in_backtick_ = saved_backtick;
    joiner_ = saved_joiner;
    group_ = saved_group;
  }
};

}  // namespace

Script split_script(std::string_view text, const Variables& known) {
  return Splitter(text, known).run();
}

namespace {

// Moves every offset of a script split from a copy of some text to where it is in the original:
// `base + offset` when the copy is exact, else the whole range [low, high).
void relocate(Script& script, bool exact, std::size_t base, std::size_t low, std::size_t high) {
  const auto map_begin = [&](std::size_t offset) { return exact ? base + offset : low; };
  const auto map_end = [&](std::size_t offset) { return exact ? base + offset : high; };
  for (SimpleCommand& command : script.commands) {
    command.begin = map_begin(command.begin);
    command.end = map_end(command.end);
    for (Word& word : command.words) {
      word.begin = map_begin(word.begin);
      word.end = map_end(word.end);
    }
    for (Assignment& assignment : command.assignments) {
      assignment.value.begin = map_begin(assignment.value.begin);
      assignment.value.end = map_end(assignment.value.end);
    }
    for (HereDocument& document : command.here_documents) {
      document.begin = map_begin(document.begin);
      document.end = map_end(document.end);
    }
  }
  for (ScriptError& error : script.errors) error.offset = map_begin(error.offset);
}

}  // namespace

Script split_range(std::string_view text, std::size_t begin, std::size_t end,
                   const Variables& known) {
  begin = std::min(begin, text.size());
  end = std::clamp(end, begin, text.size());
  Script script = split_script(text.substr(begin, end - begin), known);
  relocate(script, true, begin, begin, end);
  return script;
}

Script split_words_as_script(const std::vector<Word>& words, std::string_view text,
                             const Variables& known) {
  if (words.empty()) return {};
  std::string joined;
  for (const Word& word : words) {
    if (!joined.empty()) joined += ' ';
    joined += word.text;
  }
  Script script = split_script(joined, known);

  const std::size_t low = std::min(words.front().begin, text.size());
  const std::size_t high = std::clamp(words.back().end, low, text.size());
  bool exact = false;
  std::size_t base = 0;
  if (words.size() == 1) {
    const Word& word = words.front();
    const std::string_view written = text.substr(low, high - low);
    const std::size_t n = word.text.size();
    if (written == word.text) {
      exact = true;
      base = low;
    } else if (written.size() == n + 2 && (written.front() == '\'' || written.front() == '"') &&
               written.back() == written.front() && written.substr(1, n) == word.text) {
      exact = true;
      base = low + 1;
    }
  }
  relocate(script, exact, base, low, high);
  return script;
}

std::optional<std::size_t> next_joined(const Script& script, std::size_t index, Joiner joiner) {
  if (index >= script.commands.size()) return {};
  const int group = script.commands[index].group;
  for (std::size_t next = index + 1; next < script.commands.size(); ++next) {
    if (script.commands[next].group != group) continue;
    if (script.commands[next].joined_by == joiner) return next;
    return {};
  }
  return {};
}

const Assignment* assignment_holding(const Script& script, std::size_t index) {
  if (index >= script.commands.size()) return nullptr;
  const SimpleCommand& command = script.commands[index];
  if (!command.parent || *command.parent >= script.commands.size()) return nullptr;
  for (const Assignment& assignment : script.commands[*command.parent].assignments) {
    if (assignment.value.begin <= command.begin && command.end <= assignment.value.end) {
      return &assignment;
    }
  }
  return nullptr;
}

std::optional<Script> shell_c_script(const SimpleCommand& command, std::string_view text,
                                     const Variables& known) {
  const std::string_view shell = base_name(command.name());
  if (shell != "sh" && shell != "bash" && shell != "dash" && shell != "ash" && shell != "zsh" &&
      shell != "ksh") {
    return {};
  }
  for (std::size_t i = 1; i < command.words.size(); ++i) {
    const std::string_view option = command.words[i].text;
    if (option.size() < 2 || option[0] != '-' || option[1] == '-') {
      if (option.size() < 2 || option[0] != '-') return {};  // a script file, or stdin
      continue;                                              // `--login` and the like
    }
    if (option == "-o" || option == "+o") {
      ++i;
      continue;
    }
    if (option.find('c') != std::string_view::npos) {
      if (i + 1 >= command.words.size()) return {};
      return split_words_as_script({command.words[i + 1]}, text, known);
    }
  }
  return {};
}

std::size_t program_index(const SimpleCommand& command, std::vector<Assignment>* env) {
  const std::vector<Word>& words = command.words;
  std::size_t i = 0;
  while (i < words.size()) {
    const std::string_view name = base_name(words[i].text);
    if (name == "exec" || name == "command" || name == "nohup" || name == "time") {
      ++i;
    } else if (name == "sudo" || name == "nice" || name == "timeout") {
      ++i;
      // Options; those taking a value are written apart (`-u www-data`, `-n 10`, `-s KILL`).
      while (i < words.size() && words[i].text.size() > 1 && words[i].text[0] == '-') {
        const std::string_view option = words[i].text;
        const bool takes_value = option == "-u" || option == "-g" || option == "-n" ||
                                 option == "-s" || option == "-k" || option == "-C" ||
                                 option == "-D" || option == "-h" || option == "-p";
        i += takes_value ? 2 : 1;
      }
      if (name == "timeout" && i < words.size()) ++i;  // the duration
    } else if (name == "env") {
      ++i;
      while (i < words.size()) {
        const std::string_view word = words[i].text;
        const std::size_t equals = word.find('=');
        if (word.size() > 1 && word[0] == '-') {
          ++i;
        } else if (equals != std::string_view::npos && equals > 0) {
          if (env != nullptr) {
            Assignment assignment;
            assignment.name = std::string(word.substr(0, equals));
            assignment.value = words[i];
            assignment.value.text = std::string(word.substr(equals + 1));
            env->push_back(std::move(assignment));
          }
          ++i;
        } else {
          break;
        }
      }
    } else {
      break;
    }
  }
  return i;
}

std::string_view base_name(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace preflight::deploy::shell
