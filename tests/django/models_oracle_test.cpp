// The Django project model against real Django: tests/django/oracle/models_oracle.py generates
// varied Django projects (app layouts, AppConfigs, import forms, abstract / multi-table / proxy
// inheritance, Meta options inherited in every way Django allows, relations by class and by
// string, long names) and loads each one in Debian's Django 3.2 (/usr/bin/python3), printing every
// model as Django sees it. `preflight debug models PROJECT` must print the same for every model:
// table, flags, local fields, many-to-many fields, indexes and their names, constraints,
// unique_together, index_together, ordering, and the names the PostgreSQL schema editor gives what
// CREATE TABLE brings. Every difference is listed; agreement must be 100 %.
//
// The order of local fields and many-to-many fields follows import-time creation counters (an
// inherited field's counter is the abstract base's), which this oracle leaves out: fields and
// many-to-many fields are matched by name, and the schema names, whose order follows the fields',
// are compared as sets. Everything else is compared in order.
//
// Without /usr/bin/python3 + Django + psycopg2 the test fails: it must never stop running silently.
// PREFLIGHT_MODELS_ORACLE_SEED=N runs that seed alone; PREFLIGHT_MODELS_ORACLE_DIR=DIR generates
// the projects there and keeps them for a look.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace preflight::django {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr int kProjectsPerSeed = 25;
constexpr std::size_t kMinimumModels = 1000;
const std::vector<int> kDefaultSeeds = {1, 2};

// The schema_objects origins that Django's schema_names() covers (deferred unique_together and
// foreign keys, then _model_indexes_sql).
const std::set<std::string> kSchemaOrigins = {"unique_together", "foreign key",    "db_index",
                                              "_like",           "index_together", "Meta.indexes"};

std::string quote(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

struct CommandResult {
  bool ok = false;
  std::string out;
};

// Runs a shell command; stderr goes to the test's stderr.
CommandResult run(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[65536];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) {
    result.out.append(buffer, n);
  }
  const int status = ::pclose(pipe);
  result.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return result;
}

std::string script() {
  return quote(std::string(PREFLIGHT_SOURCE_DIR) + "/tests/django/oracle/models_oracle.py");
}

std::string show(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// A directory under the system temporary directory, removed at the end unless kept.
class WorkDir {
 public:
  WorkDir() {
    if (const char* kept = std::getenv("PREFLIGHT_MODELS_ORACLE_DIR")) {
      path_ = kept;
      keep_ = true;
    } else {
      std::random_device random;
      path_ = fs::temp_directory_path() /
              fmt::format("preflight-models-oracle-{}-{}", ::getpid(), random());
    }
    fs::create_directories(path_);
  }
  ~WorkDir() {
    std::error_code ignored;
    if (!keep_) fs::remove_all(path_, ignored);
  }
  WorkDir(const WorkDir&) = delete;
  WorkDir& operator=(const WorkDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
  bool keep_ = false;
};

// Agreement counts and every difference.
class Tally {
 public:
  void difference(const std::string& where, const std::string& key, const json& expected,
                  const json& got) {
    lines_.push_back(
        fmt::format("{}: {}: expected {}, got {}", where, key, show(expected), show(got)));
    ++by_key_[key.substr(0, key.find_first_of("[. "))];
  }
  // A model whose schema names agree as a set but not in order (not a difference).
  void order_only() { ++order_only_; }
  std::size_t order_only_count() const { return order_only_; }
  const std::vector<std::string>& lines() const { return lines_; }
  const std::map<std::string, std::size_t>& by_key() const { return by_key_; }

 private:
  std::vector<std::string> lines_;
  std::map<std::string, std::size_t> by_key_;
  std::size_t order_only_ = 0;
};

json value_or_missing(const json& object, const std::string& key) {
  if (object.is_object() && object.contains(key)) return object[key];
  return "<missing>";
}

// The entries of `got` restricted to the keys of `expected` (preflight prints extras).
json project(const json& expected, const json& got) {
  json out = json::object();
  for (const auto& [key, value] : expected.items()) out[key] = value_or_missing(got, key);
  return out;
}

// Compares two lists element by element, each element projected on the keys Django printed.
void compare_list(const std::string& where, const std::string& key, const json& expected,
                  const json& got, Tally& tally, bool& same) {
  if (!got.is_array() || got.size() != expected.size()) {
    json projected = got;
    if (got.is_array() && !expected.empty() && expected[0].is_object()) {
      projected = json::array();
      for (const json& item : got) projected.push_back(project(expected[0], item));
    }
    tally.difference(where, key, expected, projected);
    same = false;
    return;
  }
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const json mine = expected[i].is_object() ? project(expected[i], got[i]) : got[i];
    if (mine != expected[i]) {
      tally.difference(where, fmt::format("{}[{}]", key, i), expected[i], mine);
      same = false;
    }
  }
}

// `fields` matched by name (their order follows import-time creation counters, not compared).
void compare_fields(const std::string& where, const json& expected, const json& got, Tally& tally,
                    bool& same) {
  std::map<std::string, json> theirs;
  if (got.is_array()) {
    for (const json& field : got) {
      if (field.is_object() && field.contains("name") && field["name"].is_string()) {
        theirs[field["name"].get<std::string>()] = field;
      }
    }
  }
  std::set<std::string> seen;
  for (const json& field : expected) {
    const std::string name = field["name"];
    seen.insert(name);
    const auto found = theirs.find(name);
    if (found == theirs.end()) {
      tally.difference(where, fmt::format("fields[{}]", name), field, "<missing>");
      same = false;
      continue;
    }
    for (const auto& [key, value] : field.items()) {
      const json mine = value_or_missing(found->second, key);
      if (mine != value) {
        tally.difference(where, fmt::format("fields[{}].{}", name, key), value, mine);
        same = false;
      }
    }
  }
  for (const auto& [name, field] : theirs) {
    if (seen.count(name) == 0) {
      tally.difference(where, fmt::format("fields[{}]", name), "<missing>", field);
      same = false;
    }
  }
}

// Django's schema_names against preflight's schema_objects of the same origins.
json schema_names(const json& model) {
  json names = json::array();
  if (!model.contains("schema_objects") || !model["schema_objects"].is_array()) return names;
  for (const json& object : model["schema_objects"]) {
    if (object.is_object() && object.contains("origin") && object["origin"].is_string() &&
        kSchemaOrigins.count(object["origin"].get<std::string>()) > 0) {
      names.push_back(value_or_missing(object, "name"));
    }
  }
  return names;
}

// `list` sorted: strings by value, objects by their `key`; anything else as it is.
json sorted(json list, const std::string& key = "") {
  if (!list.is_array()) return list;
  std::stable_sort(list.begin(), list.end(), [&key](const json& a, const json& b) {
    if (key.empty()) return a < b;
    return value_or_missing(a, key) < value_or_missing(b, key);
  });
  return list;
}

// Schema names as multisets: lists the names only Django gives and those only preflight gives.
void compare_names(const std::string& where, const json& expected, const json& got, Tally& tally,
                   bool& same) {
  std::multiset<std::string> theirs;
  std::multiset<std::string> ours;
  for (const json& name : expected) theirs.insert(name.is_string() ? name.get<std::string>() : "?");
  for (const json& name : got) ours.insert(name.is_string() ? name.get<std::string>() : "?");
  if (theirs == ours) return;
  json only_django = json::array();
  json only_preflight = json::array();
  std::set_difference(theirs.begin(), theirs.end(), ours.begin(), ours.end(),
                      std::back_inserter(only_django));
  std::set_difference(ours.begin(), ours.end(), theirs.begin(), theirs.end(),
                      std::back_inserter(only_preflight));
  tally.difference(where, "schema_names (only Django's / only preflight's)", only_django,
                   only_preflight);
  same = false;
}

// Compares one model; true when everything agrees.
bool compare_model(const std::string& where, const json& expected, const json& got, Tally& tally) {
  bool same = true;
  for (const auto& [key, value] : expected.items()) {
    if (key == "app_label" || key == "name") continue;
    if (key == "fields") {
      compare_fields(where, value, value_or_missing(got, key), tally, same);
    } else if (key == "schema_names") {
      // Their order follows the order of local_fields (creation counters): compared as sets.
      const json ours = schema_names(got);
      if (ours != value && sorted(ours) == sorted(value)) tally.order_only();
      compare_names(where, value, ours, tally, same);
    } else if (key == "many_to_many") {
      compare_list(where, key, sorted(value, "name"), sorted(value_or_missing(got, key), "name"),
                   tally, same);
    } else if (value.is_array()) {
      compare_list(where, key, value, value_or_missing(got, key), tally, same);
    } else {
      const json mine = value_or_missing(got, key);
      if (mine != value) {
        tally.difference(where, key, value, mine);
        same = false;
      }
    }
  }
  return same;
}

using ModelKey = std::pair<std::string, std::string>;  // app label, class name

std::map<ModelKey, json> by_key(const json& models, bool skip_abstract) {
  std::map<ModelKey, json> result;
  if (!models.is_array()) return result;
  for (const json& model : models) {
    if (skip_abstract && model.value("abstract", false)) continue;
    result[{model.value("app_label", ""), model.value("name", "")}] = model;
  }
  return result;
}

struct Counts {
  std::size_t compared = 0;
  std::size_t identical = 0;
};

// One generated project: Django's models against `preflight debug models`.
void compare_project(const std::string& project, const json& django, Tally& tally, Counts& counts) {
  const CommandResult ours =
      run(fmt::format("{} debug models {}", quote(PREFLIGHT_BINARY), quote(project)));
  json preflight;
  if (ours.ok) preflight = json::parse(ours.out, nullptr, false);
  const std::string name = fs::path(project).parent_path().filename().string() + "/" +
                           fs::path(project).filename().string();
  if (!ours.ok || preflight.is_discarded() || !preflight.contains("models")) {
    tally.difference(name, "debug models", "exit 0 and a JSON object with \"models\"",
                     ours.out.substr(0, 200));
    counts.compared += django["models"].size();
    return;
  }
  const std::map<ModelKey, json> expected = by_key(django["models"], false);
  const std::map<ModelKey, json> got = by_key(preflight["models"], true);
  for (const auto& [key, model] : expected) {
    ++counts.compared;
    const std::string where = fmt::format("{} {}.{}", name, key.first, key.second);
    const auto found = got.find(key);
    if (found == got.end()) {
      tally.difference(where, "model", "present", "<missing>");
      continue;
    }
    if (compare_model(where, model, found->second, tally)) ++counts.identical;
  }
  for (const auto& [key, model] : got) {
    if (expected.count(key) == 0) {
      tally.difference(fmt::format("{} {}.{}", name, key.first, key.second), "model", "<missing>",
                       "present (Django has no such concrete or proxy model)");
    }
  }
}

TEST(DjangoModelsOracle, EveryModelAgreesWithRealDjango) {
  ASSERT_EQ(std::system("/usr/bin/python3 -c 'import django, psycopg2' > /dev/null 2>&1"), 0)
      << "/usr/bin/python3 cannot import django and psycopg2: install python3-django and "
         "python3-psycopg2 (Debian); the models oracle must not stop running silently";
  ASSERT_TRUE(fs::exists(PREFLIGHT_BINARY)) << PREFLIGHT_BINARY << " is not built";

  std::vector<int> seeds = kDefaultSeeds;
  if (const char* seed = std::getenv("PREFLIGHT_MODELS_ORACLE_SEED")) seeds = {std::atoi(seed)};

  WorkDir work;
  Tally tally;
  Counts counts;
  std::size_t projects = 0;
  for (const int seed : seeds) {
    const fs::path out = work.path() / fmt::format("seed{}", seed);
    const CommandResult generated =
        run(fmt::format("/usr/bin/python3 {} generate {} --seed {} --projects {}", script(),
                        quote(out.string()), seed, kProjectsPerSeed));
    ASSERT_TRUE(generated.ok) << "models_oracle.py generate failed (seed " << seed << ")";

    std::vector<std::string> dirs;
    for (const fs::directory_entry& entry : fs::directory_iterator(out)) {
      if (entry.is_directory()) dirs.push_back(entry.path().string());
    }
    std::sort(dirs.begin(), dirs.end());
    std::string command = fmt::format("/usr/bin/python3 {} dump", script());
    for (const std::string& dir : dirs) command += " " + quote(dir);
    const CommandResult dumped = run(command);
    ASSERT_TRUE(dumped.ok) << "models_oracle.py dump failed: real Django could not load a "
                              "generated project (seed "
                           << seed << ")";

    std::size_t start = 0;
    while (start < dumped.out.size()) {
      std::size_t end = dumped.out.find('\n', start);
      if (end == std::string::npos) end = dumped.out.size();
      const json django = json::parse(dumped.out.substr(start, end - start));
      start = end + 1;
      ++projects;
      compare_project(django["project"].get<std::string>(), django, tally, counts);
    }
  }

  for (const std::string& line : tally.lines()) std::printf("[ differs  ] %s\n", line.c_str());
  for (const auto& [key, count] : tally.by_key()) {
    std::printf("[ oracle   ] differences in %-16s %zu\n", key.c_str(), count);
  }
  std::printf(
      "[ oracle   ] models whose schema names differ only in order (field creation order, not "
      "compared): %zu\n",
      tally.order_only_count());
  std::printf("[ oracle   ] projects: %zu, models compared: %zu, identical: %zu (%.2f %%)\n",
              projects, counts.compared, counts.identical,
              counts.compared == 0 ? 0.0
                                   : 100.0 * static_cast<double>(counts.identical) /
                                         static_cast<double>(counts.compared));
  EXPECT_GE(counts.compared, kMinimumModels);
  EXPECT_TRUE(tally.lines().empty()) << tally.lines().size() << " differences (listed above)";
  EXPECT_EQ(counts.identical, counts.compared);
}

// Django's own contrib models (auth, admin, sessions...), read from python3-django's source.
TEST(DjangoModelsOracle, DjangosOwnContribModelsAgree) {
  const CommandResult result = run(fmt::format(
      "/usr/bin/python3 {} {}",
      quote(std::string(PREFLIGHT_SOURCE_DIR) + "/tests/django/oracle/contrib_models.py"),
      quote(PREFLIGHT_BINARY)));
  std::cout << result.out;
  EXPECT_TRUE(result.ok) << "contrib models differ from real Django (listed above)";
  EXPECT_NE(result.out.find("identical: 9"), std::string::npos);
}

}  // namespace
}  // namespace preflight::django
