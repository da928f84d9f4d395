#pragma once
// routersh's side of the control protocol: one blocking unix-socket connection to routerd.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/wire.hpp"

namespace routerd::shell {

class Client {
public:
    Client() = default;
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;
    ~Client();

    // An error text when routerd cannot be reached.
    std::optional<std::string> connect(const std::string& socket_path);
    // The last connect failed on the socket's permissions (EACCES): routerd runs, but lets
    // only root, its own user and its group connect (platform/control_socket.hpp).
    bool access_denied() const { return access_denied_; }
    int fd() const { return fd_; }

    // Sends one request and waits for its Reply; Async frames that arrive first go to
    // `on_async`. nullopt when routerd went away.
    std::optional<protocol::Reply> request(protocol::MessageType type, const std::string& payload);
    // Sends `lines` as one Batch (see protocol::MessageType::Batch). For each line routerd
    // took, in order, its Async and Log frames go to their callbacks and its Reply to
    // `on_reply(index, reply)`, just as `request` would have delivered them line by line;
    // `on_next(index)` comes before the frames of each taken line after the first (where the
    // line-by-line caller would have echoed that line). Returns how many lines were taken (the
    // rest are the caller's to send again); nullopt when routerd went away.
    std::optional<std::size_t> request_batch(const std::vector<std::string>& lines,
                                             const std::function<void(std::size_t, const protocol::Reply&)>& on_reply,
                                             const std::function<void(std::size_t)>& on_next);
    // Reads what is waiting without blocking (Async frames); false when the connection closed.
    bool poll_async();
    // A Reply routerd sent unasked (the console's exec-timeout ending the session), kept by
    // poll_async; taken once.
    std::optional<protocol::Reply> take_unsolicited() { return std::exchange(unsolicited_, std::nullopt); }

    // While a request waits for its Reply, these descriptors are watched too, and `on_watch`
    // is told which one is readable (the terminal, for the escape sequence that stops a ping);
    // it returns false to stop watching that one (the terminal closed).
    std::vector<int> watch_fds;
    std::function<bool(int fd)> on_watch;
    // Asks routerd to stop the command it runs (protocol::MessageType::Abort).
    void send_abort() { send({protocol::MessageType::Abort, {}}); }

    // When set, the output of a large Reply (protocol::kLargeOutput and more) goes here as it arrives, and the
    // Reply comes back without it: `routersh -c` writes a 20 MB show on its way instead of
    // holding it whole (issue 14).
    std::function<void(std::string_view)> on_output;

    std::function<void(const std::string&)> on_async;
    // A whole log line (terminal monitor); on_async when unset.
    std::function<void(const std::string&)> on_log;

private:
    bool access_denied_ = false;
    bool send(const protocol::Frame& f);
    void deliver(const protocol::Frame& f);  // an Async or Log frame, to its callback
    std::optional<protocol::Frame> read_frame(bool block);
    // A large Reply has begun in the reader: its output to on_output, the rest left in the
    // reader as the same Reply without output. false when there is no such Reply; `lost` when
    // the connection ended on the way.
    bool stream_output(bool& lost);
    // Reads frames until a Reply, delivering Async and Log frames on the way.
    std::optional<protocol::Reply> read_reply();

    int fd_ = -1;
    protocol::FrameReader reader_;
    std::optional<protocol::Reply> unsolicited_;
};

}  // namespace routerd::shell
