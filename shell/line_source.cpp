#include "shell/line_source.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

namespace routerd::shell {

bool LineSource::has_line() const {
    if (pos_ >= buf_.size()) return false;
    return eof_ || buf_.find('\n', pos_) != std::string::npos;
}

void LineSource::fill(bool block) {
    if (eof_) return;
    pollfd p{fd_, POLLIN, 0};
    int ready = ::poll(&p, 1, block ? -1 : 0);
    if (ready < 0 && errno == EINTR) return;
    if (ready <= 0) return;
    // What was taken is dropped before more is read, so the buffer holds one read's worth of
    // untaken lines, not the whole input.
    if (pos_ > 0) {
        buf_.erase(0, pos_);
        pos_ = 0;
    }
    char chunk[65536];
    ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
    if (n <= 0) {
        eof_ = true;
        return;
    }
    buf_.append(chunk, static_cast<std::size_t>(n));
}

std::optional<std::string> LineSource::next() {
    while (!has_line()) {
        if (eof_) return std::nullopt;
        fill(true);
    }
    auto nl = buf_.find('\n', pos_);
    std::size_t end = nl == std::string::npos ? buf_.size() : nl;
    std::string line = buf_.substr(pos_, end - pos_);
    pos_ = nl == std::string::npos ? buf_.size() : nl + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

bool LineSource::line_ready() {
    if (!has_line()) fill(false);
    return has_line();
}

void LineSource::put_back(const std::vector<std::string>& lines) {
    std::string back;
    for (const auto& l : lines) back += l + "\n";
    buf_ = back + buf_.substr(pos_);
    pos_ = 0;
}

}  // namespace routerd::shell
