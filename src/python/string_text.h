// The text of a string expression as the program sees it, with the place in the source each byte
// came from: what a rule needs to check the SQL inside a Python literal and report a problem at
// the character it is about (escapes, implicit concatenation and f-string fields included).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace preflight::python {

struct StringText {
  // The decoded value (WTF-8 for str, raw bytes for bytes), each f-string replacement field
  // replaced by the placeholder the caller chose.
  std::string text;
  // For each byte of `text`, the byte offset in the source it comes from (an escape's bytes and a
  // placeholder's bytes map to where the escape or the field starts); one more entry for the end
  // of the text, the end of the last piece.
  std::vector<std::uint32_t> source_offsets;

  // A replacement field `{expression!r:spec}` of an f-string.
  struct Field {
    std::uint32_t text_begin = 0, text_end = 0;      // the placeholder in `text`
    std::uint32_t source_begin = 0, source_end = 0;  // the braces in the source
    std::string_view expression;                     // the text between the braces, trimmed
  };
  std::vector<Field> fields;
  bool bytes = false;

  // The source offset of byte `offset` of `text` (the end maps to the end of the last piece).
  std::uint32_t source_offset(std::size_t offset) const;
};

// Produces a field's placeholder from its expression and its index among the fields.
using FieldPlaceholder = std::function<std::string(std::string_view expression, std::size_t index)>;

// The string expression (a Constant str/bytes or a JoinedStr, implicitly concatenated or not)
// whose source is `source[begin, end)`. nullopt when that range is not only string literals (and
// the whitespace, comments and line continuations between them), or a literal does not decode.
std::optional<StringText> string_text(std::string_view source, std::uint32_t begin,
                                      std::uint32_t end, const FieldPlaceholder& placeholder);

}  // namespace preflight::python
