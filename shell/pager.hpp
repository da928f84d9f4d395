#pragma once
// `--More--` paging of command output at the session's `terminal length`, as IOS does:
// Space for a page, Enter for a line, anything else stops the output.
#include <string>

namespace routerd::shell {

// Writes `text` to the terminal; `page_length` 0 writes it all.
void page_output(const std::string& text, unsigned page_length);

}  // namespace routerd::shell
