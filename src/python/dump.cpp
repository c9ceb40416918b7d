#include "python/dump.h"

#include <fmt/format.h>

#include <stdexcept>

#include "python/literals.h"

namespace preflight::python {
namespace {

class Dumper {
 public:
  explicit Dumper(bool include_attributes) : attributes_(include_attributes) {}

  void node(const Node& n) {
    const NodeSchema& info = schema(n.kind);
    out_ += info.name;
    out_ += '(';
    bool first = true;
    auto separator = [&]() {
      if (!first) out_ += ", ";
      first = false;
    };
    const std::span<const Value> values = n.fields();
    for (std::size_t i = 0; i < info.fields.size() && i < values.size(); ++i) {
      const Value& value = values[i];
      const FieldInfo& field = info.fields[i];
      if (value.is_null() && field.optional) continue;  // `None` default: omitted
      // Fields newer than 3.11 are printed only when they hold something.
      if (field.name == "type_params" && value.list.empty() && n.kind != Kind::TypeAlias) continue;
      separator();
      out_ += field.name;
      out_ += '=';
      this->value(value);
    }
    // ast.Constant's optional `kind`, kept in the Constant (see ast.h).
    if (n.kind == Kind::Constant && !values.empty() && values[0].type == Value::Type::Constant &&
        values[0].constant->u_prefix) {
      separator();
      out_ += "kind=";
      out_ += str_repr(values[0].constant->kind());
    }
    if (attributes_ && info.has_location) {
      const Location& at = n.location;
      separator();
      out_ += fmt::format("lineno={}, col_offset={}, end_lineno={}, end_col_offset={}", at.lineno,
                          at.col_offset, at.end_lineno, at.end_col_offset);
    }
    out_ += ')';
  }

  void value(const Value& v) {
    switch (v.type) {
      case Value::Type::Null:
        out_ += "None";
        return;
      case Value::Type::Node:
        node(*v.node);
        return;
      case Value::Type::List:
        out_ += '[';
        for (std::size_t i = 0; i < v.list.size(); ++i) {
          if (i) out_ += ", ";
          if (v.list[i]) {
            node(*v.list[i]);
          } else {
            out_ += "None";
          }
        }
        out_ += ']';
        return;
      case Value::Type::IdentifierList:
        out_ += '[';
        for (std::size_t i = 0; i < v.names.size(); ++i) {
          if (i) out_ += ", ";
          out_ += str_repr(v.names[i]);
        }
        out_ += ']';
        return;
      case Value::Type::Identifier:
        out_ += str_repr(v.text);
        return;
      case Value::Type::Int:
        out_ += std::to_string(v.integer);
        return;
      case Value::Type::Constant:
        constant(*v.constant);
        return;
    }
  }

  void constant(const Constant& c) {
    switch (c.type) {
      case Constant::Type::None:
        out_ += "None";
        return;
      case Constant::Type::True:
        out_ += "True";
        return;
      case Constant::Type::False:
        out_ += "False";
        return;
      case Constant::Type::Ellipsis:
        out_ += "Ellipsis";
        return;
      case Constant::Type::Int:
        if (int_repr_exceeds_str_digits_limit(c.text)) {
          throw std::runtime_error(std::string(kIntReprLimitMessage));
        }
        out_ += c.text;
        return;
      case Constant::Type::Float:
        out_ += float_repr(c.number);
        return;
      case Constant::Type::Complex:
        out_ += imaginary_repr(c.number);
        return;
      case Constant::Type::Str:
        out_ += str_repr(c.text);
        return;
      case Constant::Type::Bytes:
        out_ += bytes_repr(c.text);
        return;
    }
  }

  std::string take() { return std::move(out_); }

 private:
  bool attributes_;
  std::string out_;
};

}  // namespace

std::string dump(const Node& node, bool include_attributes) {
  Dumper dumper(include_attributes);
  dumper.node(node);
  return dumper.take();
}

std::string dump_file(std::string_view bytes, std::string_view path, bool include_attributes,
                      const ParseOptions& options) {
  std::unique_ptr<ParsedModule> parsed = parse_module_bytes(bytes, options);
  if (parsed->error) {
    return fmt::format("SyntaxError: {} ({}, line {})\n", parsed->error->message, path,
                       parsed->error->line);
  }
  try {
    return dump(*parsed->module, include_attributes) + "\n";
  } catch (const std::runtime_error& error) {
    return fmt::format("ValueError: {}\n", error.what());
  }
}

}  // namespace preflight::python
