#include "protocol/wire.hpp"

namespace routerd::protocol {
namespace {

void put_u32(std::string& out, std::uint32_t v) {
    const char bytes[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                           static_cast<char>(v)};
    out.append(bytes, 4);
}
void put_str(std::string& out, std::string_view s) {
    put_u32(out, static_cast<std::uint32_t>(s.size()));
    out.append(s);
}

// Bounds-checked reads; any overrun makes the whole decode fail.
class Reader {
public:
    explicit Reader(std::string_view in) : in_(in) {}
    bool u32(std::uint32_t& v) {
        if (in_.size() - pos_ < 4) return false;
        v = 0;
        for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(in_[pos_ + static_cast<std::size_t>(i)]);
        pos_ += 4;
        return true;
    }
    bool str(std::string& s) {
        std::uint32_t n = 0;
        if (!u32(n) || in_.size() - pos_ < n) return false;
        s.assign(in_.substr(pos_, n));
        pos_ += n;
        return true;
    }
    bool done() const { return pos_ == in_.size(); }
    std::string_view rest() const { return in_.substr(pos_); }

private:
    std::string_view in_;
    std::size_t pos_ = 0;
};

}  // namespace

std::string encode_frame(const Frame& frame) {
    std::string out;
    out.reserve(5 + frame.payload.size());
    out.push_back(static_cast<char>(frame.type));
    put_u32(out, static_cast<std::uint32_t>(frame.payload.size()));
    out += frame.payload;
    return out;
}

std::optional<Frame> FrameReader::next(bool& error) {
    error = false;
    if (buffer_.size() < 5) return std::nullopt;
    std::uint32_t len = 0;
    for (int i = 1; i <= 4; ++i) len = (len << 8) | static_cast<unsigned char>(buffer_[static_cast<std::size_t>(i)]);
    if (len > max_payload_) {
        error = true;
        return std::nullopt;
    }
    std::size_t whole = 5 + static_cast<std::size_t>(len);
    if (buffer_.size() < whole) {
        // Room for the rest at once: a 20 MB show read 16 KB at a time had regrown the buffer
        // twenty times, each time into fresh pages (issue 14).
        if (buffer_.capacity() < whole) buffer_.reserve(whole);
        return std::nullopt;
    }
    if (buffer_.size() == whole) {  // the usual case: the frame is all there is; taken, not copied
        Frame f{static_cast<MessageType>(buffer_[0]), std::move(buffer_)};
        buffer_.clear();
        f.payload.erase(0, 5);
        return f;
    }
    Frame f{static_cast<MessageType>(buffer_[0]), buffer_.substr(5, len)};
    buffer_.erase(0, 5 + static_cast<std::size_t>(len));
    return f;
}

std::string encode_hello(const Hello& h) {
    std::string out;
    put_u32(out, h.version);
    put_u32(out, h.interactive ? 1 : 0);
    put_u32(out, h.width);
    put_u32(out, h.height);
    put_str(out, h.origin);
    put_u32(out, h.console ? 1 : 0);
    return out;
}

std::optional<Hello> decode_hello(std::string_view payload) {
    Reader r(payload);
    Hello h;
    std::uint32_t interactive = 0;
    if (!r.u32(h.version) || !r.u32(interactive) || !r.u32(h.width) || !r.u32(h.height)) return std::nullopt;
    h.interactive = interactive != 0;
    if (!r.done() && !r.str(h.origin)) return std::nullopt;
    std::uint32_t console = 0;
    if (!r.done() && !r.u32(console)) return std::nullopt;
    h.console = console != 0;
    return h;
}

namespace {

std::size_t reply_payload_size(const Reply& rep) { return 6 * 4 + rep.output.size() + rep.prompt.size() + rep.line.size(); }

void put_reply(std::string& out, const Reply& rep) {
    put_str(out, rep.output);
    put_str(out, rep.prompt);
    put_str(out, rep.line);
    put_u32(out, rep.flags);
    put_u32(out, rep.page_length);
    put_u32(out, rep.width);
}

}  // namespace

std::string encode_reply(const Reply& rep) {
    // Sized once: every pasted line is answered with one (a regrowth per field was the reply's
    // main cost).
    std::string out;
    out.reserve(reply_payload_size(rep));
    put_reply(out, rep);
    return out;
}

std::string encode_reply_frame(const Reply& rep) {
    std::string out;
    out.reserve(5 + reply_payload_size(rep));
    append_reply_frame(out, rep);
    return out;
}

void append_reply_frame(std::string& out, const Reply& rep) {
    out.push_back(static_cast<char>(MessageType::Reply));
    put_u32(out, static_cast<std::uint32_t>(reply_payload_size(rep)));
    put_reply(out, rep);
}

std::string reply_frame_head(ReplyHead h) {
    std::string out(1, static_cast<char>(MessageType::Reply));
    put_u32(out, h.payload_size);
    put_u32(out, h.output_size);
    return out;
}

std::optional<ReplyHead> peek_reply_head(std::string_view bytes) {
    if (bytes.size() < kReplyHeadSize || static_cast<MessageType>(bytes[0]) != MessageType::Reply) return std::nullopt;
    Reader r(bytes.substr(1));
    ReplyHead h;
    r.u32(h.payload_size);
    r.u32(h.output_size);
    return h;
}

ReplyFrameParts reply_frame_parts(Reply&& r) {
    ReplyFrameParts parts;
    parts.head = reply_frame_head({static_cast<std::uint32_t>(reply_payload_size(r)), static_cast<std::uint32_t>(r.output.size())});
    put_str(parts.tail, r.prompt);
    put_str(parts.tail, r.line);
    put_u32(parts.tail, r.flags);
    put_u32(parts.tail, r.page_length);
    put_u32(parts.tail, r.width);
    parts.output = std::move(r.output);
    return parts;
}

std::optional<Reply> decode_reply(std::string&& payload) {
    // The output comes first: read what follows it, then keep the payload's own bytes as the
    // output instead of copying megabytes of a show into a new string.
    std::uint32_t n = 0;
    if (!Reader(payload).u32(n) || payload.size() - 4 < n) return std::nullopt;
    Reader r(std::string_view(payload).substr(4 + static_cast<std::size_t>(n)));
    Reply rep;
    if (!r.str(rep.prompt) || !r.str(rep.line) || !r.u32(rep.flags) || !r.u32(rep.page_length) || !r.u32(rep.width))
        return std::nullopt;
    payload.resize(4 + static_cast<std::size_t>(n));
    payload.erase(0, 4);
    rep.output = std::move(payload);
    return rep;
}

std::optional<Reply> decode_reply(std::string_view payload) {
    Reader r(payload);
    Reply rep;
    if (!r.str(rep.output) || !r.str(rep.prompt) || !r.str(rep.line) || !r.u32(rep.flags) || !r.u32(rep.page_length) ||
        !r.u32(rep.width))
        return std::nullopt;
    return rep;
}

std::string encode_login(const Login& l) {
    std::string out;
    put_str(out, l.user);
    put_str(out, l.password);
    put_str(out, l.remote);
    return out;
}

std::optional<Login> decode_login(std::string_view payload) {
    Reader r(payload);
    Login l;
    if (!r.str(l.user) || !r.str(l.password) || !r.str(l.remote)) return std::nullopt;
    return l;
}

std::string encode_batch(const std::vector<std::string>& lines) {
    std::string out;
    std::size_t size = 4;
    for (const auto& l : lines) size += 4 + l.size();
    out.reserve(size);
    put_u32(out, static_cast<std::uint32_t>(lines.size()));
    for (const auto& l : lines) put_str(out, l);
    return out;
}

std::optional<std::vector<std::string>> decode_batch(std::string_view payload) {
    Reader r(payload);
    std::uint32_t n = 0;
    if (!r.u32(n) || n == 0 || n > kMaxBatchLines) return std::nullopt;
    std::vector<std::string> lines(n);
    for (auto& l : lines)
        if (!r.str(l)) return std::nullopt;
    if (!r.done()) return std::nullopt;
    return lines;
}

std::string encode_batch_reply(const BatchReply& rep) {
    std::string out;
    out.reserve(4 + rep.frames.size());
    put_u32(out, rep.taken);
    out += rep.frames;
    return out;
}

BatchReplyFrame::BatchReplyFrame() : out_(kHeader, '\0') {}

std::string BatchReplyFrame::finish(std::uint32_t taken) && {
    std::string header;
    header.push_back(static_cast<char>(MessageType::BatchReply));
    put_u32(header, static_cast<std::uint32_t>(out_.size() - 5));
    put_u32(header, taken);
    out_.replace(0, kHeader, header);
    return std::move(out_);
}

std::optional<BatchReply> decode_batch_reply(std::string_view payload) {
    Reader r(payload);
    BatchReply rep;
    if (!r.u32(rep.taken)) return std::nullopt;
    rep.frames.assign(r.rest());
    return rep;
}

}  // namespace routerd::protocol
