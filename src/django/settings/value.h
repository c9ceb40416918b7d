// The values of the settings evaluator: what a settings module's names hold after it runs, as far
// as can be known without running it. A value is a known constant or container, an Unknown that
// says where it came from ("env ALLOWED_HOSTS"), or Candidates: the alternatives a branch on an
// unknown condition leaves, so that a rule can say "may".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace preflight::python {
struct Node;
}

namespace preflight::django::settings {

struct Entry;

struct Value {
  enum class Kind : std::uint8_t {
    None,
    Bool,
    Int,
    Float,
    Str,
    List,
    Tuple,
    Set,
    Dict,
    Path,        // a pathlib.Path: `text` is its string
    Unknown,     // `text` is the origin
    Candidates,  // `items` are the alternatives (none of them Candidates)
    Reference,   // something outside the project, by dotted name ("os.environ", "decouple.Csv")
    Module,      // a project module, by dotted name
    Function,    // a project function: `function`, defined in module `text`
    Object,      // an instance of an outside class: `text` is the class, `entries` its state
  };
  Kind kind = Kind::None;
  bool boolean = false;
  std::int64_t integer = 0;
  double number = 0;
  std::string text;
  std::vector<Value> items;                // List, Tuple, Set, Candidates
  std::vector<Entry> entries;              // Dict, Object
  const python::Node* function = nullptr;  // Function

  static Value none();
  static Value of_bool(bool b);
  static Value of_int(std::int64_t i);
  static Value of_float(double d);
  static Value str(std::string s);
  static Value path(std::string s);
  static Value unknown(std::string origin);
  static Value reference(std::string dotted);
  static Value sequence(Kind kind, std::vector<Value> items);
  static Value dict(std::vector<Entry> entries);
  // The alternatives, flattened and without duplicates; one alternative is itself; too many
  // become an Unknown carrying the first unknown origin among them.
  static Value candidates(std::vector<Value> alternatives);

  bool is_unknown() const { return kind == Kind::Unknown; }
  bool is_candidates() const { return kind == Kind::Candidates; }
  bool is_sequence() const {
    return kind == Kind::List || kind == Kind::Tuple || kind == Kind::Set;
  }
  // Known all the way down: no Unknown or Candidates inside.
  bool fully_known() const;
  // The origin of the first Unknown inside, for values derived from it.
  std::optional<std::string> unknown_origin() const;
  // Python truthiness; nullopt when it depends on something unknown.
  std::optional<bool> truth() const;
  // The value of a dict key (by equality); null when absent.
  const Value* find(const Value& key) const;
  Value* find(const Value& key);

  friend bool operator==(const Value& a, const Value& b);
};

// A dict item (a named struct rather than std::pair: Value is incomplete inside itself).
struct Entry {
  Entry() = default;
  Entry(Value k, Value v) : first(std::move(k)), second(std::move(v)) {}
  Value first;
  Value second;

  friend bool operator==(const Entry&, const Entry&) = default;
};

inline Value Value::none() {
  return Value();
}

// A dict whose keys are all known: a key not among them is certainly absent.
bool keys_known(const Value& dict);

// The strings of a list or tuple of known strings (MIDDLEWARE, INSTALLED_APPS, ALLOWED_HOSTS);
// nullopt when it is not a sequence or any item is not a known string.
std::optional<std::vector<std::string>> known_strings(const Value& value);

// The alternatives a value stands for: its items for Candidates, else itself.
std::vector<Value> alternatives(const Value& value);

// Python's repr, close enough for messages ("['a', 'b']", "None", "<unknown: env K>").
std::string repr(const Value& value);

// The string Python's str() gives, when known.
std::optional<std::string> to_str(const Value& value);

}  // namespace preflight::django::settings
