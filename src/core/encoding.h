// Python source bytes to UTF-8 text, as CPython's tokenizer decodes them (PEP 263): a UTF-8 BOM,
// or a `coding[:=]` cookie in a comment on line 1 or 2, else UTF-8.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace preflight {

struct DecodedSource {
  std::optional<std::string> text;  // UTF-8 without BOM; nullopt when the bytes do not decode
  std::string encoding;             // the codec used or asked for ("utf-8", "iso-8859-1", ...)
  std::string error;                // why `text` is missing, e.g. "unknown encoding 'ebcdic'"
  std::size_t error_offset = 0;     // byte offset in the input of the first undecodable byte
};

// Decodes Python source as CPython does: a UTF-8 BOM is stripped (a BOM with a cookie naming
// another encoding is an error), a cookie counts on line 2 only when line 1 is blank or a
// comment, and the cookie's comment must be the only thing on its line. Supported codecs: utf-8,
// latin-1 (iso-8859-1), ascii, cp1252, iso-8859-15, under Python's names and aliases.
DecodedSource decode_python_source(std::string_view bytes);

// The encoding named by a PEP 263 cookie in `bytes` (after any BOM), as written; nullopt when
// there is none.
std::optional<std::string> find_coding_cookie(std::string_view bytes);

// The canonical name of a codec this decoder supports ("utf-8", "iso-8859-1", "ascii",
// "cp1252", "iso-8859-15"), after Python's normalisation (case, '-'/'_'/' ' equivalence) and
// its alias table; nullopt for any other name.
std::optional<std::string> canonical_encoding(std::string_view name);

// The byte offset of the first byte of `text` that is not part of well-formed UTF-8 (no
// overlongs, surrogates or code points above U+10FFFF, as CPython's strict decoder), or npos.
std::size_t find_invalid_utf8(std::string_view text);

// Appends the UTF-8 encoding of a code point.
void append_utf8(std::string& out, char32_t code_point);

}  // namespace preflight
