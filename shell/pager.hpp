#pragma once
// `--More--` paging of command output at the session's `terminal length`, as IOS does:
// Space for a page, Enter for a line, anything else stops the output.
#include <functional>
#include <string>

namespace routerd::shell {

// Whether output is paged at all: a `terminal length` other than 0, and a terminal to read the
// key at `--More--` from.
bool pages(unsigned page_length);

// Writes `text` to the terminal; `page_length` 0 writes it all. `read_key` gives the key
// pressed at `--More--` (the session's own input, so that type-ahead stays in order).
void page_output(const std::string& text, unsigned page_length, const std::function<int()>& read_key);

}  // namespace routerd::shell
