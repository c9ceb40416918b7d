// Django's generated names against real Django: tests/django/oracle/names_oracle.py builds
// random models with Debian's Django 3.2 (/usr/bin/python3) and prints every name Django computes
// for them; each one must equal what src/django/names.* computes from the same inputs. The
// generator runs once; every mismatch is listed.
//
// Without /usr/bin/python3 + Django + psycopg2 the test is skipped, unless CI is set: there it
// fails, so the oracle can never silently stop running.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "django/names.h"

namespace preflight::django {
namespace {

using nlohmann::json;

// Fixed, so a failure reproduces; PREFLIGHT_ORACLE_SEED explores other cases.
constexpr int kDefaultSeed = 20240501;
constexpr int kCount = 1200;
constexpr DjangoVersion kOracleDjango{3, 2};  // Debian bookworm's python3-django

bool python_has_django() {
  return std::system("/usr/bin/python3 -c 'import django, psycopg2' > /dev/null 2>&1") == 0;
}

// The generator's standard output, and whether it exited successfully.
std::string run_generator(int seed, bool& ok) {
  const std::string command =
      fmt::format("/usr/bin/python3 '{}/tests/django/oracle/names_oracle.py' --seed {} --count {}",
                  PREFLIGHT_SOURCE_DIR, seed, kCount);
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ok = false;
    return output;
  }
  char buffer[65536];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  ok = ::pclose(pipe) == 0;
  return output;
}

std::optional<int> optional_int(const json& value) {
  if (value.is_null()) return std::nullopt;
  return value.get<int>();
}

std::vector<std::string> strings(const json& value) {
  return value.get<std::vector<std::string>>();
}

// Per-category agreement counts, and every disagreement with its inputs.
class Tally {
 public:
  void check(const std::string& category, const json& django, const json& ours,
             const json& inputs) {
    Counts& counts = counts_[category];
    ++counts.compared;
    if (django == ours) {
      ++counts.equal;
      return;
    }
    mismatches_.push_back(fmt::format("{}: Django {} preflight {} for {}", category, dump(django),
                                      dump(ours), dump(inputs)));
  }

  // Invalid UTF-8 in a broken answer must still print (dump() would throw).
  static std::string dump(const json& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
  }

  std::size_t compared() const {
    std::size_t total = 0;
    for (const auto& [category, counts] : counts_) total += counts.compared;
    return total;
  }
  std::size_t equal() const {
    std::size_t total = 0;
    for (const auto& [category, counts] : counts_) total += counts.equal;
    return total;
  }
  const std::vector<std::string>& mismatches() const { return mismatches_; }

  void print() const {
    for (const auto& [category, counts] : counts_) {
      std::printf("[ oracle   ] %-40s %6zu compared, %6zu equal (%.2f %%)\n", category.c_str(),
                  counts.compared, counts.equal,
                  100.0 * static_cast<double>(counts.equal) / static_cast<double>(counts.compared));
    }
    std::printf("[ oracle   ] %-40s %6zu compared, %6zu equal\n", "total", compared(), equal());
  }

 private:
  struct Counts {
    std::size_t compared = 0;
    std::size_t equal = 0;
  };
  std::map<std::string, Counts> counts_;
  std::vector<std::string> mismatches_;
};

// The column of `entry` of Index.fields: Options.get_field accepts a field name or an attname.
std::optional<IndexColumn> resolve(const json& fields, const std::string& entry) {
  const IndexField written = parse_index_field(entry);
  for (const json& field : fields) {
    if (field["name"] == written.field || field["attname"] == written.field) {
      return IndexColumn{field["column"].get<std::string>(), written.descending};
    }
  }
  return std::nullopt;
}

// One name the schema editor gives, and what for (the oracle's category).
struct SchemaName {
  std::string kind;
  std::string name;
};

// What the PostgreSQL schema editor names for CREATE TABLE of `model`, in its order: table_sql
// defers unique_together and then each foreign key; _model_indexes_sql gives each field's index
// and _like twin, then index_together, then Meta.indexes. `index_names` are the Meta.indexes names
// as preflight computed them.
std::vector<SchemaName> expected_schema_names(const json& model, const std::string& table,
                                              const std::vector<std::string>& index_names) {
  const std::optional<int> limit = optional_int(model["limit"]);
  std::vector<SchemaName> names;
  for (const json& group : model["unique_together"]) {
    names.push_back({"unique_together _uniq", unique_name(table, strings(group), limit)});
  }
  for (const json& field : model["fields"]) {
    const json& fk = field["fk"];
    if (!fk.is_null() && fk["db_constraint"].get<bool>()) {
      names.push_back(
          {"foreign key _fk_", foreign_key_name(table, field["column"].get<std::string>(),
                                                fk["table"].get<std::string>(),
                                                fk["column"].get<std::string>(), limit)});
    }
  }
  for (const json& field : model["fields"]) {
    const std::string column = field["column"];
    const bool db_index = field["db_index"];
    const bool unique = field["unique"];
    if (db_index && !unique) {
      names.push_back({"db_index field", field_index_name(table, column, limit)});
    }
    const std::string db_type =
        field["db_type"].is_null() ? "" : field["db_type"].get<std::string>();
    if (postgres_needs_like_index(db_type, db_index, unique, Collation::kDefault, kOracleDjango)) {
      names.push_back({"PostgreSQL _like", like_index_name(table, column, limit)});
    }
  }
  for (const json& group : model["index_together"]) {
    names.push_back({"index_together _idx", index_together_name(table, strings(group), limit)});
  }
  for (const std::string& name : index_names) names.push_back({"Meta.indexes", name});
  return names;
}

void check_model(const json& model, Tally& tally) {
  const std::optional<int> limit = optional_int(model["limit"]);
  const std::string object_name = model["object_name"];
  const std::string django_model_name = model["model_name"];
  const std::string django_table = model["db_table"];

  // Options.model_name; non-ASCII class names are documented as unknown.
  const std::optional<std::string> model_name = model_name_for(object_name);
  if (std::all_of(object_name.begin(), object_name.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    tally.check("model_name", django_model_name, model_name ? json(*model_name) : json(nullptr),
                object_name);
  } else {
    tally.check("model_name of non-ASCII class (unknown)", nullptr,
                model_name ? json(*model_name) : json(nullptr), object_name);
  }

  // The table: an automatic ManyToMany table, a default db_table, or the one given.
  if (!model["m2m"].is_null()) {
    const json& m2m = model["m2m"];
    tally.check(
        "m2m db_table", django_table,
        m2m_db_table(m2m["from_table"].get<std::string>(), m2m["field"].get<std::string>(), limit),
        m2m);
  } else if (model["db_table_given"].is_null()) {
    tally.check("default db_table", django_table,
                default_db_table(model["app_label"].get<std::string>(), django_model_name, limit),
                {{"app_label", model["app_label"]},
                 {"model_name", django_model_name},
                 {"limit", model["limit"]}});
  }

  // Columns, as the project model will derive them: db_column, else the attname (name + "_id"
  // for a ForeignKey or OneToOneField).
  for (const json& field : model["fields"]) {
    std::string column = field["name"];
    if (!field["fk"].is_null()) column += "_id";
    if (!field["db_column"].is_null()) column = field["db_column"];
    tally.check("field column", field["column"], column, field);
  }

  // Meta.indexes, named by ModelBase through Index.set_name_with_model.
  std::vector<std::string> index_names;
  for (const json& index : model["indexes"]) {
    std::vector<IndexColumn> columns;
    bool resolved = true;
    for (const json& entry : index["fields"]) {
      const std::optional<IndexColumn> column = resolve(model["fields"], entry.get<std::string>());
      if (!column) resolved = false;
      if (column) columns.push_back(*column);
    }
    const std::string suffix = index["suffix"];
    const IndexClass index_class{suffix, index["max_name_length"].get<int>()};
    std::optional<std::string> name;
    if (resolved) name = index_name_for_model(django_table, columns, index_class);
    tally.check(fmt::format("Meta.indexes name ({})", index["class"].get<std::string>()),
                index["name"], name ? json(*name) : json(nullptr),
                {{"db_table", django_table}, {"fields", index["fields"]}});
    index_names.push_back(name.value_or("?"));
  }

  // Every name CREATE TABLE brings, one comparison per name.
  const std::vector<std::string> django_names = strings(model["schema_names"]);
  const std::vector<SchemaName> ours = expected_schema_names(model, django_table, index_names);
  if (django_names.size() != ours.size()) {
    json our_names = json::array();
    for (const SchemaName& name : ours) our_names.push_back(name.name);
    tally.check("schema editor: the set of names", django_names, our_names, model);
    return;
  }
  for (std::size_t i = 0; i < ours.size(); ++i) {
    tally.check("schema editor: " + ours[i].kind, django_names[i], ours[i].name,
                {{"db_table", django_table}, {"limit", model["limit"]}, {"position", i}});
  }
}

void check_call(const json& call, Tally& tally) {
  const std::string fn = call["fn"];
  if (fn == "truncate_name") {
    tally.check("truncate_name", call["result"],
                truncate_name(call["identifier"].get<std::string>(), optional_int(call["length"]),
                              call["hash_len"].get<int>()),
                call);
  } else if (fn == "names_digest") {
    const std::vector<std::string> parts = strings(call["parts"]);
    tally.check("names_digest", call["result"],
                names_digest(parts, call["length"].get<std::size_t>()), call);
  } else if (fn == "split_identifier") {
    const SplitIdentifier split = split_identifier(call["identifier"].get<std::string>());
    tally.check("split_identifier", call["result"], json::array({split.namespace_name, split.name}),
                call);
  } else if (fn == "strip_quotes") {
    tally.check("strip_quotes", call["result"], strip_quotes(call["identifier"].get<std::string>()),
                call);
  } else if (fn == "create_index_name") {
    const std::vector<std::string> columns = strings(call["columns"]);
    tally.check("_create_index_name (direct)", call["result"],
                schema_index_name(call["table"].get<std::string>(), columns,
                                  call["suffix"].get<std::string>(), optional_int(call["limit"])),
                call);
  } else if (fn == "index_name") {
    std::vector<IndexColumn> columns;
    for (const json& column : call["columns"]) {
      columns.push_back({column[0].get<std::string>(), column[1].get<bool>()});
    }
    const std::string suffix = call["suffix"];
    const std::optional<std::string> name =
        index_name_for_model(call["table"].get<std::string>(), columns,
                             IndexClass{suffix, call["max_name_length"].get<int>()});
    tally.check("set_name_with_model (direct)", call["result"], name ? json(*name) : json(nullptr),
                call);
  } else {
    ADD_FAILURE() << "unknown call " << fn;
  }
}

TEST(DjangoNamesOracle, EveryNameAgreesWithRealDjango) {
  if (!python_has_django()) {
    if (std::getenv("CI") != nullptr) {
      FAIL() << "/usr/bin/python3 cannot import django and psycopg2 (python3-django, "
                "python3-psycopg2), and CI is set: the naming oracle must run in CI";
    }
    GTEST_SKIP() << "/usr/bin/python3 cannot import django and psycopg2";
  }
  const char* seed_text = std::getenv("PREFLIGHT_ORACLE_SEED");
  const int seed = seed_text != nullptr ? std::atoi(seed_text) : kDefaultSeed;
  bool ok = false;
  const std::string output = run_generator(seed, ok);
  ASSERT_TRUE(ok) << "names_oracle.py failed (seed " << seed << ")";

  Tally tally;
  std::size_t cases = 0;
  std::size_t start = 0;
  while (start < output.size()) {
    std::size_t end = output.find('\n', start);
    if (end == std::string::npos) end = output.size();
    const json item = json::parse(output.substr(start, end - start));
    start = end + 1;
    ++cases;
    for (const json& model : item["models"]) check_model(model, tally);
    for (const json& call : item["calls"]) check_call(call, tally);
  }
  std::printf("[ oracle   ] seed %d: %zu generated cases\n", seed, cases);
  tally.print();
  ASSERT_GE(cases, 1000u);
  for (const std::string& mismatch : tally.mismatches()) ADD_FAILURE() << mismatch;
  EXPECT_EQ(tally.equal(), tally.compared());
}

}  // namespace
}  // namespace preflight::django
