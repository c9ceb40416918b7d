// Decodes string literals piece by piece, keeping where each byte came from. Escapes are decoded
// one at a time through literals.h, so the values are exactly CPython's.
#include "python/string_text.h"

#include <algorithm>

#include "python/literals.h"

namespace preflight::python {

std::uint32_t StringText::source_offset(std::size_t offset) const {
  if (source_offsets.empty()) return 0;
  return source_offsets[std::min(offset, source_offsets.size() - 1)];
}

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\f' || c == '\r' || c == '\n';
}

bool is_octal(char c) {
  return c >= '0' && c <= '7';
}

// The length of the escape sequence starting with the backslash at body[at].
std::size_t escape_length(std::string_view body, std::size_t at) {
  if (at + 1 >= body.size()) return 1;
  const char next = body[at + 1];
  auto bounded = [&](std::size_t length) { return std::min(length, body.size() - at); };
  switch (next) {
    case '\r':
      return at + 2 < body.size() && body[at + 2] == '\n' ? 3 : 2;
    case 'x':
      return bounded(4);
    case 'u':
      return bounded(6);
    case 'U':
      return bounded(10);
    case 'N': {
      const std::size_t close = body.find('}', at);
      return close == std::string_view::npos ? 2 : close - at + 1;
    }
    default:
      break;
  }
  if (is_octal(next)) {
    std::size_t length = 2;
    while (length < 4 && at + length < body.size() && is_octal(body[at + length])) ++length;
    return length;
  }
  return 2;
}

// The end of the replacement field whose '{' is at body[at]: one past its matching '}', or npos.
std::size_t field_end(std::string_view body, std::size_t at) {
  int depth = 0;
  for (std::size_t i = at; i < body.size(); ++i) {
    const char c = body[i];
    if (c == '\'' || c == '"') {
      const std::size_t close = body.find(c, i + 1);
      if (close == std::string_view::npos) return close;
      i = close;
    } else if (c == '{' || c == '[' || c == '(') {
      ++depth;
    } else if (c == '}' || c == ']' || c == ')') {
      if (--depth == 0) return c == '}' ? i + 1 : std::string_view::npos;
    }
  }
  return std::string_view::npos;
}

// Where the conversion (`!r`) or format spec (`:>10`) of a field's text starts: the first `!` or
// `:` outside brackets and strings that is not part of `!=`; the size when there is none.
std::size_t conversion_start(std::string_view text) {
  int depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\'' || c == '"') {
      const std::size_t close = text.find(c, i + 1);
      if (close == std::string_view::npos) return text.size();
      i = close;
    } else if (c == '{' || c == '[' || c == '(') {
      ++depth;
    } else if (c == '}' || c == ']' || c == ')') {
      --depth;
    } else if (depth == 0 &&
               (c == ':' || (c == '!' && (i + 1 >= text.size() || text[i + 1] != '=')))) {
      return i;
    }
  }
  return text.size();
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

class Decoder {
 public:
  Decoder(StringText& out, const FieldPlaceholder& placeholder)
      : out_(out), placeholder_(placeholder) {}

  // Appends the decoded body that starts at `origin` in the source.
  bool body(std::string_view body, std::uint32_t origin, bool raw, bool bytes, bool formatted) {
    std::size_t i = 0;
    while (i < body.size()) {
      const char c = body[i];
      const auto at = static_cast<std::uint32_t>(origin + i);
      if (c == '\r') {
        // CPython reads "\r\n" and a lone "\r" as "\n".
        if (i + 1 >= body.size() || body[i + 1] != '\n') emit("\n", at);
        ++i;
      } else if (c == '\\' && !raw) {
        const std::size_t length = escape_length(body, i);
        const DecodedLiteral decoded = decode_string_body(body.substr(i, length), false, bytes);
        if (!decoded.value) return false;
        emit(*decoded.value, at);
        i += length;
      } else if (formatted && (c == '{' || c == '}')) {
        if (i + 1 < body.size() && body[i + 1] == c) {
          emit(std::string_view(&body[i], 1), at);
          i += 2;
          continue;
        }
        if (c == '}') return false;  // a single '}' is a syntax error
        const std::size_t end = field_end(body, i);
        if (end == std::string_view::npos) return false;
        field(body.substr(i, end - i), at);
        i = end;
      } else {
        emit(std::string_view(&body[i], 1), at);
        ++i;
      }
    }
    return true;
  }

 private:
  void emit(std::string_view text, std::uint32_t at) {
    out_.text += text;
    out_.source_offsets.insert(out_.source_offsets.end(), text.size(), at);
  }

  void field(std::string_view braces, std::uint32_t at) {
    StringText::Field field;
    field.expression = trim(braces.substr(1, braces.size() - 2));
    field.expression = trim(field.expression.substr(0, conversion_start(field.expression)));
    field.text_begin = static_cast<std::uint32_t>(out_.text.size());
    emit(placeholder_(field.expression, out_.fields.size()), at);
    field.text_end = static_cast<std::uint32_t>(out_.text.size());
    field.source_begin = at;
    field.source_end = at + static_cast<std::uint32_t>(braces.size());
    out_.fields.push_back(field);
  }

  StringText& out_;
  const FieldPlaceholder& placeholder_;
};

// The prefix letters of a string literal at source[at], or npos when none starts there.
std::size_t prefix_length(std::string_view source, std::size_t at) {
  std::size_t length = 0;
  while (length < 3 && at + length < source.size()) {
    const char c = static_cast<char>(source[at + length] | 0x20);  // ASCII lower case
    if (c != 'r' && c != 'b' && c != 'u' && c != 'f') break;
    ++length;
  }
  if (at + length >= source.size()) return std::string_view::npos;
  const char quote = source[at + length];
  return quote == '\'' || quote == '"' ? length : std::string_view::npos;
}

// One past the closing quote of the literal whose body starts at source[at].
std::size_t literal_end(std::string_view source, std::size_t at, std::string_view quote) {
  for (std::size_t i = at; i < source.size(); ++i) {
    if (source[i] == '\\') {
      ++i;  // an escaped character never closes the literal, raw or not
    } else if (source.compare(i, quote.size(), quote) == 0) {
      return i + quote.size();
    }
  }
  return std::string_view::npos;
}

}  // namespace

std::optional<StringText> string_text(std::string_view source, std::uint32_t begin,
                                      std::uint32_t end, const FieldPlaceholder& placeholder) {
  end = std::min<std::uint32_t>(end, static_cast<std::uint32_t>(source.size()));
  StringText out;
  Decoder decoder(out, placeholder);
  bool any_piece = false;
  std::uint32_t last_end = begin;
  std::size_t i = begin;
  while (i < end) {
    const char c = source[i];
    if (is_space(c)) {
      ++i;
    } else if (c == '\\' && i + 1 < end && (source[i + 1] == '\n' || source[i + 1] == '\r')) {
      i += 2;  // a line continuation between pieces
    } else if (c == '#') {
      while (i < end && source[i] != '\n') ++i;
    } else {
      const std::size_t prefix_size = prefix_length(source, i);
      if (prefix_size == std::string_view::npos) return std::nullopt;
      std::string prefix(source.substr(i, prefix_size));
      std::transform(prefix.begin(), prefix.end(), prefix.begin(),
                     [](char letter) { return static_cast<char>(letter | 0x20); });
      const bool bytes = prefix.find('b') != std::string::npos;
      if (any_piece && bytes != out.bytes) return std::nullopt;  // Python rejects the mix
      out.bytes = bytes;
      const std::size_t quote_at = i + prefix_size;
      const bool triple = source.compare(quote_at, 3, std::string(3, source[quote_at])) == 0;
      const std::string_view quote = source.substr(quote_at, triple ? 3 : 1);
      const std::size_t body_begin = quote_at + quote.size();
      const std::size_t close = literal_end(source, body_begin, quote);
      if (close == std::string_view::npos || close > end) return std::nullopt;
      const std::string_view body = source.substr(body_begin, close - quote.size() - body_begin);
      if (!decoder.body(body, static_cast<std::uint32_t>(body_begin),
                        prefix.find('r') != std::string::npos, bytes,
                        prefix.find('f') != std::string::npos)) {
        return std::nullopt;
      }
      any_piece = true;
      last_end = static_cast<std::uint32_t>(close - quote.size());
      i = close;
    }
  }
  if (!any_piece) return std::nullopt;
  out.source_offsets.push_back(last_end);
  return out;
}

}  // namespace preflight::python
