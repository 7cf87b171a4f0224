// One line of delimited fields quoted the CSV way, as the DHCP audit log and counter logs write
// them: a field that starts with '"' runs to its closing quote ("" inside is one quote), and a
// quote left open ends with the line, so one bad field cannot swallow the rest of the file.
// Space before an opening quote is dropped (fields are trimmed by every caller anyway).
#pragma once

#include <string_view>

#include "util/text.h"

namespace kbmatch::detail {

// Calls on_char(c) for each character of the current field's value and on_field() where the
// next field begins (at each delimiter), so the caller decides how to store fields.
template <class OnChar, class OnField>
void split_delimited_line(std::string_view line, char delimiter, OnChar on_char, OnField on_field) {
  bool in_quotes = false;
  bool field_started = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_quotes) {
      if (c != '"') {
        on_char(c);
      } else if (i + 1 < line.size() && line[i + 1] == '"') {
        on_char('"');
        ++i;
      } else {
        in_quotes = false;
      }
    } else if (c == delimiter) {
      on_field();
      field_started = false;
    } else if (c == '"' && !field_started) {
      in_quotes = true;
      field_started = true;
    } else if (!is_space(c) || field_started) {
      on_char(c);
      field_started = true;
    }
  }
}

}  // namespace kbmatch::detail
