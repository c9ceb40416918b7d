#!/usr/bin/python3
"""Generates src/python/unicode_tables.{h,cpp} from this interpreter's unicodedata.

Run with Debian's /usr/bin/python3 (CPython 3.11, Unicode 14.0.0), the interpreter whose `ast`
module is preflight's oracle:

    /usr/bin/python3 scripts/gen_unicode_tables.py

The tables answer two questions for src/python/literals.cpp:
  * str.isprintable() for each code point (repr() of a str escapes what is not printable);
  * which code point a \\N{NAME} escape names: every name unicodedata.name() gives, plus the
    name aliases (NameAliases.txt) that unicodedata.lookup() and \\N{} accept. Named sequences are
    left out: \\N{} rejects them. Hangul syllables and CJK unified ideographs are computed by
    literals.cpp, as CPython does; names of the form PREFIX-<hex code point> that come in large
    blocks (CJK COMPATIBILITY IDEOGRAPH-F900 ...) are stored as ranges.

unicodedata cannot list aliases, so their candidates come from Perl's copy of the Unicode name
list (/usr/share/perl/5.36/unicore/Name.pl, also Unicode 14.0.0, installed with perl-modules);
every candidate is kept only if this interpreter's unicodedata.lookup() and \\N{} accept it.

Names are stored as sequences of word ids: the words of all names (split at spaces) form a
lexicon, most frequent first, and each id is written with 1 to 3 printable characters, so the
data is a few string literals (fast to compile) instead of tens of thousands of tokens.
"""

import collections
import os
import re
import sys
import unicodedata

PERL_NAMES = '/usr/share/perl/5.36/unicore/Name.pl'
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_H = os.path.join(ROOT, 'src', 'python', 'unicode_tables.h')
OUT_CPP = os.path.join(ROOT, 'src', 'python', 'unicode_tables.cpp')

# Printable ASCII without '"', '\\' (no escapes in the literals), '?' (no trigraph warnings) and
# ' ' (the record separator).
ALPHABET = ''.join(c for c in map(chr, range(0x21, 0x7f)) if c not in '"\\?')
HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
HEX_GROUP_MIN = 16  # smaller PREFIX-<hex> families stay in the name list


def ranges(code_points):
    """Sorted code points -> list of [first, last] runs."""
    out = []
    for cp in code_points:
        if out and out[-1][1] == cp - 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return out


def perl_aliases(formal):
    """(code point, name) pairs from Perl's name list that are not formal names."""
    with open(PERL_NAMES, encoding='utf-8') as f:
        text = f.read()
    body = text[text.index("return <<'END';\n") + len("return <<'END';\n"):text.rindex('\nEND\n')]
    pairs = []
    for entry in body.split('\n\n'):
        lines = entry.split('\n')
        if len(lines) != 2 or ' ' in lines[0]:
            continue  # named sequences list several code points
        cp, name = int(lines[0], 16), lines[1]
        if formal.get(cp) != name:
            pairs.append((cp, name))
    return pairs


def accepted_by_escape(name, cp):
    try:
        return eval('"\\N{' + name + '}"') == chr(cp)
    except SyntaxError:
        return False


def encode_id(i, singles, doubles):
    n = len(ALPHABET)
    if i < singles:
        return ALPHABET[i]
    i -= singles
    if i < doubles * n:
        return ALPHABET[singles + i // n] + ALPHABET[i % n]
    i -= doubles * n
    lead = singles + doubles + i // (n * n)
    assert lead < n, 'too many words for the id alphabet'
    return ALPHABET[lead] + ALPHABET[(i // n) % n] + ALPHABET[i % n]


def best_split(frequencies):
    """Numbers of 1- and 2-character id leads that minimise the encoded size."""
    n = len(ALPHABET)
    prefix = [0]
    for count in frequencies:
        prefix.append(prefix[-1] + count)

    def total(rank):  # occurrences of the words ranked below `rank`
        return prefix[min(rank, len(frequencies))]

    best = None
    for singles in range(n):
        for doubles in range(n - singles):
            triples = n - singles - doubles
            if singles + doubles * n + triples * n * n < len(frequencies):
                continue
            two = singles + doubles * n
            size = total(singles) + 2 * (total(two) - total(singles)) + 3 * (prefix[-1] - total(two))
            if best is None or size < best[0]:
                best = (size, singles, doubles)
    return best[1], best[2]


def c_string_lines(text, width=96):
    return '\n'.join('    "' + text[i:i + width] + '"' for i in range(0, len(text), width))


def c_array(values, per_line=8):
    rows = []
    for i in range(0, len(values), per_line):
        rows.append('    ' + ' '.join(v + ',' for v in values[i:i + per_line]))
    return '\n'.join(rows)


def main():
    if sys.version_info[:2] != (3, 11):
        sys.exit('run with /usr/bin/python3 (CPython 3.11), the oracle interpreter')

    printable = ranges(cp for cp in range(0x110000) if chr(cp).isprintable())

    formal = {}
    for cp in range(0x110000):
        name = unicodedata.name(chr(cp), None)
        if name is not None:
            formal[cp] = name

    cjk_unified = ranges(cp for cp, name in formal.items()
                         if name == 'CJK UNIFIED IDEOGRAPH-%04X' % cp)
    hangul = [cp for cp in formal if HANGUL_FIRST <= cp <= HANGUL_LAST]
    assert len(hangul) == HANGUL_LAST - HANGUL_FIRST + 1

    hex_named = collections.defaultdict(list)
    for cp, name in formal.items():
        m = re.fullmatch(r'(.*-)([0-9A-F]{4,6})', name)
        if m and m.group(2) == '%04X' % cp and not name.startswith('CJK UNIFIED IDEOGRAPH-'):
            hex_named[m.group(1)].append(cp)
    hex_groups = {prefix: ranges(sorted(cps)) for prefix, cps in hex_named.items()
                  if len(cps) >= HEX_GROUP_MIN}
    in_hex_group = {cp for prefix in hex_groups for cp in hex_named[prefix]}

    listed = {cp: name for cp, name in formal.items()
              if not (HANGUL_FIRST <= cp <= HANGUL_LAST)
              and not name.startswith('CJK UNIFIED IDEOGRAPH-') and cp not in in_hex_group}

    aliases, rejected = [], []
    for cp, name in perl_aliases(formal):
        try:
            ok = unicodedata.lookup(name) == chr(cp) and accepted_by_escape(name, cp)
        except KeyError:
            ok = False
        (aliases if ok else rejected).append((cp, name))
    aliases.sort()
    # Every formal name must be what \N{} accepts; checking a sample keeps generation quick.
    for cp in list(listed)[::97]:
        assert accepted_by_escape(listed[cp], cp), listed[cp]
    all_names = [name for name in listed.values()] + [name for _, name in aliases]
    assert len(set(all_names)) == len(all_names), 'names must be unique'

    words = collections.Counter(w for name in all_names for w in name.split(' '))
    lexicon = sorted(words, key=lambda w: (-words[w], w))
    assert all(w and ' ' not in w and '"' not in w and '\\' not in w for w in lexicon)
    singles, doubles = best_split([words[w] for w in lexicon])
    ids = {w: encode_id(i, singles, doubles) for i, w in enumerate(lexicon)}
    records = [''.join(ids[w] for w in name.split(' ')) for name in all_names]
    listed_runs = ranges(sorted(listed))

    version = unicodedata.unidata_version
    generated = ('// GENERATED by scripts/gen_unicode_tables.py with CPython %s (unicodedata %s);'
                 ' do not edit.' % (sys.version.split()[0], version))

    header = f'''{generated}
// Data for str.isprintable() and \\N{{NAME}} escapes; the logic is in literals.cpp.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace preflight::python::unicode_tables {{

// unicodedata.unidata_version of the interpreter that generated the tables (CPython 3.11's).
inline constexpr std::string_view kUnidataVersion = "{version}";

struct CodePointRange {{
  char32_t first;
  char32_t last;  // inclusive
}};

// Code points whose str.isprintable() is True, sorted.
std::span<const CodePointRange> printable_ranges();

// CJK unified ideographs: named "CJK UNIFIED IDEOGRAPH-<4 or 5 hex digits>" algorithmically.
std::span<const CodePointRange> cjk_unified_ideograph_ranges();

// Families of names "<prefix><code point as %04X>" (CJK COMPATIBILITY IDEOGRAPH-F900 ...) that
// unicodedata lists name by name; stored as ranges instead of in the name list.
struct HexNameGroup {{
  std::string_view prefix;
  std::span<const CodePointRange> ranges;
}};
std::span<const HexNameGroup> hex_name_groups();

// The other names. Every word of a name (names split at spaces) has an id, encoded with 1 to 3
// characters of kIdAlphabet: ids below kSingleCharIds take 1 character; the next
// kDoubleCharLeads * size ids take 2; the rest take 3.
inline constexpr std::string_view kIdAlphabet =
    "{ALPHABET}";
inline constexpr std::size_t kSingleCharIds = {singles};
inline constexpr std::size_t kDoubleCharLeads = {doubles};

// The words, in id order, separated by single spaces.
std::string_view name_lexicon();

// One record per name (its word ids concatenated), separated by single spaces: first the formal
// names, in code point order, then the aliases.
std::string_view name_records();

// Code points of the formal-name records, as runs of consecutive code points.
struct NameRun {{
  char32_t first;
  std::uint32_t count;
}};
std::span<const NameRun> formal_name_runs();

// Code points of the alias records, in record order.
std::span<const char32_t> alias_code_points();

}}  // namespace preflight::python::unicode_tables
'''

    def range_values(rs):
        return ['{0x%04X, 0x%04X}' % (a, b) for a, b in rs]

    hex_arrays = []
    hex_entries = []
    for i, (prefix, rs) in enumerate(sorted(hex_groups.items())):
        hex_arrays.append(f'const CodePointRange kHexGroup{i}[] = {{\n{c_array(range_values(rs), 4)}\n}};')
        hex_entries.append(f'{{"{prefix}", kHexGroup{i}}}')

    source = f'''{generated}
// {len(printable)} printable ranges; {len(listed)} listed names, {len(aliases)} aliases
// ({len(rejected)} alias candidates from Perl's list rejected by this interpreter), {len(lexicon)}
// words; {len(hex_groups)} hex-named families; CJK unified ideographs in {len(cjk_unified)} ranges.
#include "python/unicode_tables.h"

// The name data are long string literals on purpose: one token each compiles much faster than
// arrays of numbers. They are read only through the functions below.
#pragma GCC diagnostic ignored "-Woverlength-strings"

namespace preflight::python::unicode_tables {{
namespace {{

// clang-format off
const CodePointRange kPrintable[] = {{
{c_array(range_values(printable), 4)}
}};

const CodePointRange kCjkUnified[] = {{
{c_array(range_values(cjk_unified), 4)}
}};

{chr(10).join(hex_arrays)}

const HexNameGroup kHexGroups[] = {{
{c_array(hex_entries, 1)}
}};

const NameRun kFormalRuns[] = {{
{c_array(['{0x%04X, %d}' % (a, b - a + 1) for a, b in listed_runs], 5)}
}};

const char32_t kAliasCodePoints[] = {{
{c_array(['0x%04X' % cp for cp, _ in aliases], 10)}
}};

constexpr std::string_view kLexicon =
{c_string_lines(' '.join(lexicon))};

constexpr std::string_view kRecords =
{c_string_lines(' '.join(records))};
// clang-format on

}}  // namespace

std::span<const CodePointRange> printable_ranges() {{
  return kPrintable;
}}

std::span<const CodePointRange> cjk_unified_ideograph_ranges() {{
  return kCjkUnified;
}}

std::span<const HexNameGroup> hex_name_groups() {{
  return kHexGroups;
}}

std::string_view name_lexicon() {{
  return kLexicon;
}}

std::string_view name_records() {{
  return kRecords;
}}

std::span<const NameRun> formal_name_runs() {{
  return kFormalRuns;
}}

std::span<const char32_t> alias_code_points() {{
  return kAliasCodePoints;
}}

}}  // namespace preflight::python::unicode_tables
'''
    with open(OUT_H, 'w', encoding='ascii') as f:
        f.write(header)
    with open(OUT_CPP, 'w', encoding='ascii') as f:
        f.write(source)
    print(f'{OUT_CPP}: {len(source)} bytes; {len(listed)} names, {len(aliases)} aliases '
          f'({len(rejected)} rejected: {rejected[:8]}), {len(lexicon)} words, '
          f'ids {singles}/{doubles}, {len(printable)} printable ranges')


if __name__ == '__main__':
    main()
