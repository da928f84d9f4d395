#include "shell/pager.hpp"

#include <unistd.h>

#include <cstdio>
#include <vector>

namespace routerd::shell {
namespace {

void write_all(const std::string& s) {
    std::size_t done = 0;
    while (done < s.size()) {
        ssize_t n = ::write(STDOUT_FILENO, s.data() + done, s.size() - done);
        if (n <= 0) return;
        done += static_cast<std::size_t>(n);
    }
}

}  // namespace

bool pages(unsigned page_length) { return page_length != 0 && ::isatty(STDIN_FILENO); }

void page_output(const std::string& text, unsigned page_length, const std::function<int()>& read_key) {
    if (!pages(page_length)) {
        write_all(text);
        return;
    }
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        auto nl = text.find('\n', start);
        if (nl == std::string::npos) nl = text.size() - 1;
        lines.push_back(text.substr(start, nl - start + 1));
        start = nl + 1;
    }
    std::size_t shown = 0, budget = page_length - 1;
    while (shown < lines.size()) {
        for (; budget > 0 && shown < lines.size(); --budget) write_all(lines[shown++]);
        if (shown >= lines.size()) break;
        write_all(" --More-- ");
        int key = read_key();
        // IOS erases the marker: backspaces, spaces, backspaces.
        write_all(std::string(10, '\b') + std::string(10, ' ') + std::string(10, '\b'));
        if (key == ' ') budget = page_length - 1;
        else if (key == '\r' || key == '\n') budget = 1;
        else break;
    }
}

}  // namespace routerd::shell
