#include "django/names.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>
#include <openssl/evp.h>

namespace preflight::django {
namespace {

// ---- Python str semantics on UTF-8 --------------------------------------------------------------

// The byte length of the UTF-8 sequence starting at `text[at]`; 1 for a byte that does not start
// a well-formed sequence, so that malformed input still advances (and counts as one character).
std::size_t sequence_length(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  std::size_t length = 1;
  if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
  } else if (lead >= 0xE0) {
    length = lead <= 0xEF ? 3 : 1;
  } else if (lead >= 0xC2) {
    length = 2;
  }
  if (at + length > text.size()) return 1;
  // The second byte's range also excludes overlong forms, surrogates and values over U+10FFFF.
  if (length > 1) {
    const auto second = static_cast<unsigned char>(text[at + 1]);
    const unsigned char low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
    const unsigned char high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
    if (second < low || second > high) return 1;
  }
  for (std::size_t i = 2; i < length; ++i) {
    if ((static_cast<unsigned char>(text[at + i]) & 0xC0) != 0x80) return 1;
  }
  return length;
}

// pg_mbcliplen for UTF-8: the longest prefix of whole characters within `limit` bytes.
std::size_t clip_length(std::string_view text, std::size_t limit) {
  std::size_t end = 0;
  for (std::size_t at = 0; at < text.size() && at < limit;) {
    const std::size_t next = at + sequence_length(text, at);
    if (next > limit) break;
    end = at = next;
  }
  return end;
}

// The byte offset of each character, plus the total size at the end: character i is
// text[offsets[i], offsets[i + 1]).
std::vector<std::size_t> character_offsets(std::string_view text) {
  std::vector<std::size_t> offsets;
  offsets.reserve(text.size() + 1);
  for (std::size_t at = 0; at < text.size(); at += sequence_length(text, at)) offsets.push_back(at);
  offsets.push_back(text.size());
  return offsets;
}

// Python's `text[:stop]`, with a negative `stop` counting from the end (Django's slices go negative
// only with absurdly small limits, but then they must still agree with Python).
std::string prefix(std::string_view text, long stop) {
  const std::vector<std::size_t> offsets = character_offsets(text);
  const long count = static_cast<long>(offsets.size()) - 1;
  if (stop < 0) stop = std::max(0L, count + stop);
  stop = std::min(stop, count);
  return std::string(text.substr(0, offsets[static_cast<std::size_t>(stop)]));
}

// Python's `text[1:]` and `text[:-1]`.
std::string without_first(std::string_view text) {
  if (text.empty()) return {};
  return std::string(text.substr(sequence_length(text, 0)));
}
std::string without_last(std::string_view text) {
  const std::vector<std::size_t> offsets = character_offsets(text);
  if (offsets.size() < 2) return {};
  return std::string(text.substr(0, offsets[offsets.size() - 2]));
}

char32_t first_code_point(std::string_view text) {
  const std::size_t length = sequence_length(text, 0);
  const auto lead = static_cast<unsigned char>(text[0]);
  if (length == 1) return lead;
  char32_t value = lead & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07);
  for (std::size_t i = 1; i < length; ++i) {
    value = (value << 6) | (static_cast<unsigned char>(text[i]) & 0x3F);
  }
  return value;
}

// The code points for which Python's str.isdigit() is true (Numeric_Type Digit or Decimal), as
// closed ranges, from CPython 3.11 (Unicode 14.0):
//   /usr/bin/python3 -c 'print([c for c in range(0x110000) if chr(c).isdigit()])'
// folded into ranges. Django tests the first character of a name with it.
constexpr std::array<std::pair<char32_t, char32_t>, 81> kPythonDigits{{
    {0x30, 0x39},       {0xB2, 0xB3},       {0xB9, 0xB9},       {0x660, 0x669},
    {0x6F0, 0x6F9},     {0x7C0, 0x7C9},     {0x966, 0x96F},     {0x9E6, 0x9EF},
    {0xA66, 0xA6F},     {0xAE6, 0xAEF},     {0xB66, 0xB6F},     {0xBE6, 0xBEF},
    {0xC66, 0xC6F},     {0xCE6, 0xCEF},     {0xD66, 0xD6F},     {0xDE6, 0xDEF},
    {0xE50, 0xE59},     {0xED0, 0xED9},     {0xF20, 0xF29},     {0x1040, 0x1049},
    {0x1090, 0x1099},   {0x1369, 0x1371},   {0x17E0, 0x17E9},   {0x1810, 0x1819},
    {0x1946, 0x194F},   {0x19D0, 0x19DA},   {0x1A80, 0x1A89},   {0x1A90, 0x1A99},
    {0x1B50, 0x1B59},   {0x1BB0, 0x1BB9},   {0x1C40, 0x1C49},   {0x1C50, 0x1C59},
    {0x2070, 0x2070},   {0x2074, 0x2079},   {0x2080, 0x2089},   {0x2460, 0x2468},
    {0x2474, 0x247C},   {0x2488, 0x2490},   {0x24EA, 0x24EA},   {0x24F5, 0x24FD},
    {0x24FF, 0x24FF},   {0x2776, 0x277E},   {0x2780, 0x2788},   {0x278A, 0x2792},
    {0xA620, 0xA629},   {0xA8D0, 0xA8D9},   {0xA900, 0xA909},   {0xA9D0, 0xA9D9},
    {0xA9F0, 0xA9F9},   {0xAA50, 0xAA59},   {0xABF0, 0xABF9},   {0xFF10, 0xFF19},
    {0x104A0, 0x104A9}, {0x10A40, 0x10A43}, {0x10D30, 0x10D39}, {0x10E60, 0x10E68},
    {0x11052, 0x1105A}, {0x11066, 0x1106F}, {0x110F0, 0x110F9}, {0x11136, 0x1113F},
    {0x111D0, 0x111D9}, {0x112F0, 0x112F9}, {0x11450, 0x11459}, {0x114D0, 0x114D9},
    {0x11650, 0x11659}, {0x116C0, 0x116C9}, {0x11730, 0x11739}, {0x118E0, 0x118E9},
    {0x11950, 0x11959}, {0x11C50, 0x11C59}, {0x11D50, 0x11D59}, {0x11DA0, 0x11DA9},
    {0x16A60, 0x16A69}, {0x16AC0, 0x16AC9}, {0x16B50, 0x16B59}, {0x1D7CE, 0x1D7FF},
    {0x1E140, 0x1E149}, {0x1E2F0, 0x1E2F9}, {0x1E950, 0x1E959}, {0x1F100, 0x1F10A},
    {0x1FBF0, 0x1FBF9},
}};

bool python_isdigit(char32_t c) {
  const auto* range =
      std::upper_bound(kPythonDigits.begin(), kPythonDigits.end(), c,
                       [](char32_t value, const auto& entry) { return value < entry.first; });
  return range != kPythonDigits.begin() && c <= std::prev(range)->second;
}

std::string join(std::span<const std::string> parts, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i != 0) out += separator;
    out += parts[i];
  }
  return out;
}

std::string md5_hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_md5(), nullptr) != 1) {
    // Only a crypto library without MD5 (a FIPS-only configuration) gets here; there is no way to
    // compute Django's names without it.
    throw std::runtime_error("OpenSSL could not compute MD5, which Django's generated names use");
  }
  constexpr std::string_view kHexDigits = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * static_cast<std::size_t>(size));
  for (unsigned int i = 0; i < size; ++i) {
    hex += kHexDigits[digest[i] >> 4];
    hex += kHexDigits[digest[i] & 0x0F];
  }
  return hex;
}

}  // namespace

std::optional<Engine> engine_from_name(std::string_view name) {
  // A dotted ENGINE path names the backend package by its last component.
  const std::size_t dot = name.rfind('.');
  const std::string_view last = dot == std::string_view::npos ? name : name.substr(dot + 1);
  if (last == "postgresql" || last == "postgresql_psycopg2" || last == "postgis") {
    return Engine::kPostgreSQL;
  }
  if (last == "mysql") return Engine::kMySQL;
  if (last == "sqlite" || last == "sqlite3" || last == "spatialite") return Engine::kSQLite;
  if (last == "oracle") return Engine::kOracle;
  return std::nullopt;
}

std::optional<int> max_name_length(Engine engine) {
  switch (engine) {
    case Engine::kPostgreSQL:
      return 63;
    case Engine::kMySQL:
      return 64;
    case Engine::kOracle:
      return 30;
    case Engine::kSQLite:
      return std::nullopt;
  }
  return std::nullopt;
}

std::size_t python_length(std::string_view text) {
  return character_offsets(text).size() - 1;
}

bool starts_with_underscore_or_digit(std::string_view name) {
  if (name.empty()) return false;
  const char32_t first = first_code_point(name);
  return first == U'_' || python_isdigit(first);
}

SplitIdentifier split_identifier(std::string_view identifier) {
  // Python's `namespace, name = identifier.split('"."')` succeeds only for exactly one separator.
  constexpr std::string_view kSeparator = "\".\"";
  std::string_view namespace_name;
  std::string_view name = identifier;
  const std::size_t at = identifier.find(kSeparator);
  if (at != std::string_view::npos &&
      identifier.find(kSeparator, at + kSeparator.size()) == std::string_view::npos) {
    namespace_name = identifier.substr(0, at);
    name = identifier.substr(at + kSeparator.size());
  }
  // str.strip('"') removes every leading and trailing quote.
  const auto strip = [](std::string_view text) {
    while (!text.empty() && text.front() == '"') text.remove_prefix(1);
    while (!text.empty() && text.back() == '"') text.remove_suffix(1);
    return std::string(text);
  };
  return {strip(namespace_name), strip(name)};
}

std::string strip_quotes(std::string_view table_name) {
  if (table_name.size() >= 2 && table_name.front() == '"' && table_name.back() == '"') {
    return std::string(table_name.substr(1, table_name.size() - 2));
  }
  // A lone `"` both starts and ends with a quote in Python, and `'"'[1:-1]` is empty.
  if (table_name == "\"") return {};
  return std::string(table_name);
}

std::string names_digest(std::initializer_list<std::string_view> parts, std::size_t length) {
  std::string data;
  for (std::string_view part : parts) data += part;
  return md5_hex(data).substr(0, length);
}

std::string names_digest(std::span<const std::string> parts, std::size_t length) {
  std::string data;
  for (const std::string& part : parts) data += part;
  return md5_hex(data).substr(0, length);
}

std::string truncate_name(std::string_view identifier, std::optional<int> length, int hash_len) {
  const SplitIdentifier split = split_identifier(identifier);
  if (!length || static_cast<long>(python_length(split.name)) <= *length) {
    // Returned as given, quotes and all.
    return std::string(identifier);
  }
  // hexdigest()[:hash_len] with Python's slice rules for a negative hash_len.
  const std::string digest = prefix(md5_hex(split.name), hash_len);
  std::string out;
  if (!split.namespace_name.empty()) out = split.namespace_name + "\".\"";
  out += prefix(split.name, static_cast<long>(*length) - hash_len);
  out += digest;
  return out;
}

std::optional<std::string> model_name_for(std::string_view object_name) {
  std::string lowered(object_name);
  for (char& c : lowered) {
    if (static_cast<unsigned char>(c) >= 0x80) return std::nullopt;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lowered;
}

std::string default_db_table(std::string_view app_label, std::string_view model_name,
                             std::optional<int> max_name_length) {
  return truncate_name(fmt::format("{}_{}", app_label, model_name), max_name_length);
}

std::string m2m_db_table(std::string_view db_table, std::string_view field_name,
                         std::optional<int> max_name_length) {
  return truncate_name(fmt::format("{}_{}", strip_quotes(db_table), field_name), max_name_length);
}

IndexField parse_index_field(std::string_view entry) {
  if (!entry.empty() && entry.front() == '-') return {std::string(entry.substr(1)), true};
  return {std::string(entry), false};
}

std::optional<std::string> index_name_for_model(std::string_view db_table,
                                                std::span<const IndexColumn> columns,
                                                const IndexClass& index_class) {
  if (columns.empty()) return std::nullopt;
  const std::string table = split_identifier(db_table).name;
  // The digest sees the ordering ("-created"), the readable part only the bare first column.
  std::vector<std::string> hash_data{table};
  for (const IndexColumn& column : columns) {
    hash_data.push_back(column.descending ? "-" + column.column : column.column);
  }
  hash_data.emplace_back(index_class.suffix);
  std::string name = fmt::format("{}_{}_{}_{}", prefix(table, 11), prefix(columns[0].column, 7),
                                 names_digest(hash_data, 6), index_class.suffix);
  // Checked before the "D" replacement, which keeps the length.
  if (static_cast<long>(python_length(name)) > index_class.max_name_length) {
    return std::nullopt;
  }
  // Oracle rejects names starting with "_" or a digit; Django *replaces* the first character here.
  if (starts_with_underscore_or_digit(name)) name = "D" + without_first(name);
  return name;
}

std::string schema_index_name(std::string_view table_name, std::span<const std::string> columns,
                              std::string_view suffix, std::optional<int> max_name_length) {
  const std::string table = split_identifier(table_name).name;
  std::vector<std::string> hash_data{table};
  hash_data.insert(hash_data.end(), columns.begin(), columns.end());
  std::string hash_suffix = names_digest(hash_data, 8) + std::string(suffix);
  // `connection.ops.max_name_length() or 200`: SQLite's None (and a 0) mean 200.
  const long max_length = max_name_length && *max_name_length != 0 ? *max_name_length : 200;
  const std::string joined = join(columns, "_");

  std::string name = fmt::format("{}_{}_{}", table, joined, hash_suffix);
  if (static_cast<long>(python_length(name)) <= max_length) return name;

  // `len(hash_suffix_part) > max_length / 3` is a float comparison in Python.
  if (3 * static_cast<long>(python_length(hash_suffix)) > max_length) {
    hash_suffix = prefix(hash_suffix, max_length >= 0 ? max_length / 3 : -((2 - max_length) / 3));
  }
  // Python's floor division; the numerator is never negative after the cut above unless
  // max_length itself is.
  const long numerator = max_length - static_cast<long>(python_length(hash_suffix));
  const long half = numerator >= 0 ? numerator / 2 : -((1 - numerator) / 2);
  const long other_length = half - 1;
  name = fmt::format("{}_{}_{}", prefix(table, other_length), prefix(joined, other_length),
                     hash_suffix);
  // Only the shortened form is fixed up, by *prepending* "D" and dropping the last character.
  if (starts_with_underscore_or_digit(name)) name = "D" + without_last(name);
  return name;
}

std::string field_index_name(std::string_view table, std::string_view column,
                             std::optional<int> max_name_length) {
  const std::array<std::string, 1> columns{std::string(column)};
  return schema_index_name(table, columns, "", max_name_length);
}

std::string like_index_name(std::string_view table, std::string_view column,
                            std::optional<int> max_name_length) {
  const std::array<std::string, 1> columns{std::string(column)};
  return schema_index_name(table, columns, "_like", max_name_length);
}

std::string unique_name(std::string_view table, std::span<const std::string> columns,
                        std::optional<int> max_name_length) {
  return schema_index_name(table, columns, "_uniq", max_name_length);
}

std::string index_together_name(std::string_view table, std::span<const std::string> columns,
                                std::optional<int> max_name_length) {
  return schema_index_name(table, columns, "_idx", max_name_length);
}

std::string foreign_key_name(std::string_view table, std::string_view column,
                             std::string_view to_table, std::string_view to_column,
                             std::optional<int> max_name_length) {
  const std::array<std::string, 1> columns{std::string(column)};
  const std::string suffix = fmt::format("_fk_{}_{}", split_identifier(to_table).name, to_column);
  return schema_index_name(table, columns, suffix, max_name_length);
}

std::string check_constraint_name(std::string_view table, std::string_view column,
                                  std::optional<int> max_name_length) {
  const std::array<std::string, 1> columns{std::string(column)};
  return schema_index_name(table, columns, "_check", max_name_length);
}

std::string primary_key_name(std::string_view table, std::string_view column,
                             std::optional<int> max_name_length) {
  const std::array<std::string, 1> columns{std::string(column)};
  return schema_index_name(table, columns, "_pk", max_name_length);
}

bool postgres_needs_like_index(std::string_view db_type, bool db_index, bool unique,
                               Collation collation, DjangoVersion version) {
  if (!db_index && !unique) return false;
  // Arrays such as varchar(10)[] get no pattern index.
  if (db_type.find('[') != std::string_view::npos) return false;
  if (!db_type.starts_with("varchar") && !db_type.starts_with("text")) return false;
  if (version >= DjangoVersion{4, 2} && collation == Collation::kNondeterministic) return false;
  return true;
}

std::string postgres_truncate_identifier(std::string_view name) {
  return std::string(name.substr(0, clip_length(name, kPostgresMaxIdentifierBytes)));
}

std::string postgres_object_name(std::string_view name1, std::optional<std::string_view> name2,
                                 std::string_view label) {
  // Byte counts throughout, as PostgreSQL's C code counts.
  std::size_t overhead = label.empty() ? 0 : label.size() + 1;
  std::size_t name1_bytes = name1.size();
  std::size_t name2_bytes = 0;
  if (name2) {
    name2_bytes = name2->size();
    ++overhead;
  }
  const std::size_t available =
      kPostgresMaxIdentifierBytes > overhead ? kPostgresMaxIdentifierBytes - overhead : 0;
  // Preferentially truncate the longer name, one byte at a time, as PostgreSQL's loop does.
  while (name1_bytes + name2_bytes > available) {
    if (name1_bytes > name2_bytes) {
      --name1_bytes;
    } else {
      --name2_bytes;
    }
  }
  std::string name(name1.substr(0, clip_length(name1, name1_bytes)));
  if (name2) {
    name += '_';
    name += name2->substr(0, clip_length(*name2, name2_bytes));
  }
  if (!label.empty()) {
    name += '_';
    name += label;
  }
  return name;
}

std::string postgres_primary_key_name(std::string_view table) {
  return postgres_object_name(table, std::nullopt, "pkey");
}

std::string postgres_unique_name(std::string_view table, std::span<const std::string> columns) {
  // ChooseIndexNameAddition: columns joined by "_", each cut to 63 bytes, stopping once the
  // result reaches NAMEDATALEN (64) bytes.
  std::string addition;
  for (const std::string& column : columns) {
    if (!addition.empty()) addition += '_';
    addition += std::string_view(column).substr(0, kPostgresMaxIdentifierBytes);
    if (addition.size() >= kPostgresMaxIdentifierBytes + 1) break;
  }
  return postgres_object_name(table, addition, "key");
}

std::string postgres_sequence_name(std::string_view table, std::string_view column) {
  return postgres_object_name(table, column, "seq");
}

}  // namespace preflight::django
