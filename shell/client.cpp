#include "shell/client.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace routerd::shell {

Client::~Client() {
    if (fd_ >= 0) ::close(fd_);
}

std::optional<std::string> Client::connect(const std::string& path) {
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return std::strerror(errno);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.size() >= sizeof addr.sun_path) return "socket path too long";
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        access_denied_ = errno == EACCES;
        return std::strerror(errno);
    }
    return std::nullopt;
}

bool Client::send(const protocol::Frame& f) {
    std::string bytes = protocol::encode_frame(f);
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

std::optional<protocol::Frame> Client::read_frame(bool block) {
    std::vector<int> watched = block ? watch_fds : std::vector<int>{};
    while (true) {
        bool bad = false;
        if (auto f = reader_.next(bad)) return f;
        if (bad) return std::nullopt;
        std::vector<pollfd> p{{fd_, POLLIN, 0}};
        for (int w : watched) p.push_back({w, POLLIN, 0});
        int ready = ::poll(p.data(), p.size(), block ? -1 : 0);
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return std::nullopt;
        if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR))) {
            for (std::size_t i = 1; i < p.size(); ++i)
                if (p[i].revents && !(on_watch && on_watch(p[i].fd))) std::erase(watched, p[i].fd);
            continue;
        }
        char buf[16384];
        ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ::close(fd_);
            fd_ = -1;
            return std::nullopt;
        }
        reader_.feed(std::string_view(buf, static_cast<std::size_t>(n)));
        bool lost = false;
        if (block && on_output && stream_output(lost) && lost) return std::nullopt;
    }
}

bool Client::stream_output(bool& lost) {
    auto b = reader_.buffered();
    auto head = protocol::peek_reply_head(b);
    if (!head) return false;
    std::size_t len = head->payload_size, n = head->output_size;
    // Small, already whole, or malformed: the frame path reads it (and refuses what it must).
    if (n < protocol::kLargeOutput || len < 4 + n || len > reader_.max_payload() || b.size() >= 5 + len) return false;
    std::size_t tail = len - 4 - n;
    std::size_t here = std::min(n, b.size() - protocol::kReplyHeadSize);
    on_output(b.substr(protocol::kReplyHeadSize, here));
    std::string rest(b.substr(protocol::kReplyHeadSize + here));
    reader_.clear();
    std::size_t left = n - here;
    std::vector<char> buf(256 * 1024);
    while (left > 0) {
        ssize_t got = ::recv(fd_, buf.data(), buf.size(), 0);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) {
            ::close(fd_);
            fd_ = -1;
            lost = true;
            return true;
        }
        auto chunk = std::string_view(buf.data(), static_cast<std::size_t>(got));
        std::size_t take = std::min(left, chunk.size());
        on_output(chunk.substr(0, take));
        rest.append(chunk.substr(take));
        left -= take;
    }
    // The same Reply without its output, then whatever came after it.
    reader_.feed(protocol::reply_frame_head({static_cast<std::uint32_t>(4 + tail), 0}));
    reader_.feed(rest);
    return true;
}

std::optional<protocol::Reply> Client::request(protocol::MessageType type, const std::string& payload) {
    if (fd_ < 0) return std::nullopt;
    // routerd closes a connection whose request is over kMaxRequestPayload. A typed or pasted
    // line that long is refused for its length anyway (routerd reads 4,096 characters of a
    // command): cut short, it gets the same answer and the session goes on.
    std::string_view body = payload;
    if (body.size() > protocol::kMaxRequestPayload) body = body.substr(0, protocol::kMaxRequestPayload);
    if (!send({type, std::string(body)})) {
        // routerd may have answered and closed at once (a refusal when every session is
        // taken): its answer still waits in the socket.
        auto f = read_frame(true);
        if (f && f->type == protocol::MessageType::Reply) return protocol::decode_reply(std::move(f->payload));
        return std::nullopt;
    }
    return read_reply();
}

std::optional<protocol::Reply> Client::read_reply() {
    while (auto f = read_frame(true)) {
        if (f->type == protocol::MessageType::Async || f->type == protocol::MessageType::Log) {
            deliver(*f);
            continue;
        }
        if (f->type == protocol::MessageType::Reply) return protocol::decode_reply(std::move(f->payload));
    }
    return std::nullopt;
}

std::optional<std::size_t> Client::request_batch(const std::vector<std::string>& lines,
                                                 const std::function<void(std::size_t, const protocol::Reply&)>& on_reply,
                                                 const std::function<void(std::size_t)>& on_next) {
    if (fd_ < 0 || lines.empty()) return std::nullopt;
    if (!send({protocol::MessageType::Batch, protocol::encode_batch(lines)})) return std::nullopt;
    std::optional<protocol::BatchReply> batch;
    while (auto f = read_frame(true)) {
        if (f->type == protocol::MessageType::Async || f->type == protocol::MessageType::Log) {
            deliver(*f);
            continue;
        }
        if (f->type == protocol::MessageType::BatchReply) {
            batch = protocol::decode_batch_reply(f->payload);
            break;
        }
    }
    if (!batch || batch->taken == 0 || batch->taken > lines.size()) return std::nullopt;
    // The lines' frames, in the order the Line path would have read them off the socket.
    protocol::FrameReader inner;
    inner.feed(batch->frames);
    std::size_t replied = 0;
    bool bad = false;
    while (auto f = inner.next(bad)) {
        if (f->type == protocol::MessageType::Reply) {
            auto r = protocol::decode_reply(f->payload);
            if (!r || replied >= batch->taken) return std::nullopt;
            on_reply(replied++, *r);
            if (replied < batch->taken) on_next(replied);
        } else {
            deliver(*f);
        }
    }
    if (bad) return std::nullopt;
    // A taken line whose Reply did not fit in the batch, or that ran on (ping): as `request`.
    while (replied < batch->taken) {
        auto r = read_reply();
        if (!r) return std::nullopt;
        on_reply(replied++, *r);
        if (replied < batch->taken) on_next(replied);
    }
    return batch->taken;
}

void Client::deliver(const protocol::Frame& f) {
    if (f.type == protocol::MessageType::Log && on_log) return on_log(f.payload);
    if (on_async) on_async(f.payload);
}

bool Client::poll_async() {
    while (fd_ >= 0) {
        auto f = read_frame(false);
        if (!f) break;
        if (f->type == protocol::MessageType::Async || f->type == protocol::MessageType::Log) deliver(*f);
        else if (f->type == protocol::MessageType::Reply) unsolicited_ = protocol::decode_reply(std::move(f->payload));
    }
    return fd_ >= 0;
}

}  // namespace routerd::shell
