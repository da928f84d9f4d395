#pragma once
// Piped standard input read as lines (transcripts, scripts, a paste into `routersh < file`),
// which also tells whether another line is already waiting: lines that arrive together are
// sent to routerd together (protocol::MessageType::Batch).
#include <optional>
#include <string>
#include <vector>

namespace routerd::shell {

class LineSource {
public:
    explicit LineSource(int fd) : fd_(fd) {}
    LineSource(const LineSource&) = delete;
    LineSource& operator=(const LineSource&) = delete;

    // The next line without its line end (a CR before the LF goes too), waiting for it;
    // nullopt at the end of input. A last line without LF is still a line, as std::getline.
    std::optional<std::string> next();
    // Whether a whole line can be had now without waiting (reads what the descriptor holds).
    bool line_ready();
    // Lines taken with next() and not used after all go back, to come again first, in order.
    void put_back(const std::vector<std::string>& lines);
    // The input ended and every line was taken.
    bool at_end() const { return eof_ && pos_ >= buf_.size(); }

private:
    bool has_line() const;
    void fill(bool block);

    int fd_;
    std::string buf_;
    std::size_t pos_ = 0;  // where the lines not yet taken begin
    bool eof_ = false;
};

}  // namespace routerd::shell
