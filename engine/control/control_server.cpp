#include "engine/control/control_server.hpp"

#include <array>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <deque>
#include <filesystem>
#include <memory>
#include <optional>
#include <unistd.h>

#include "engine/control/console_login.hpp"
#include "engine/control/ssh_login.hpp"
#include "grammar/token.hpp"
#include "platform/control_socket.hpp"
#include "platform/peer_credentials.hpp"
#include "protocol/wire.hpp"

namespace routerd::control {
namespace {

using boost::asio::local::stream_protocol;

class Connection : public std::enable_shared_from_this<Connection> {
public:
    // `open` counts the connections alive, for the server's session limit. Each connection
    // holds a share of the count: a connection may outlive the server by a handler.
    Connection(stream_protocol::socket socket, Router& router, Dispatcher& dispatcher, std::shared_ptr<std::size_t> open)
        : socket_(std::move(socket)), router_(router), dispatcher_(dispatcher), idle_(socket_.get_executor()),
          open_(std::move(open)) {
        ++*open_;
    }

    ~Connection() {
        --*open_;
        if (!refused_) router_.remove_session(session_.id);
        if (log_id_) router_.log.unsubscribe(log_id_);
    }

    // Over the session limit: the client reads why, and the connection ends once it is
    // written. No session exists for it, so nothing it sends is read.
    void refuse(const std::string& why) {
        refused_ = ended_ = true;
        protocol::Reply r;
        r.output = why;
        r.flags |= protocol::Reply::kClose;
        send_reply(std::move(r));
    }

    void start() {
        if (auto cred = platform::peer_credentials(socket_.native_handle())) {
            session_.user = cred->user;
            session_.trusted = cred->uid == 0 || cred->uid == ::geteuid();
            // A router user who logged in over SSH: sshd ran routersh with the uid routerd
            // gave that user (platform/openssh_server.cpp), which nobody else has.
            if (router_.ssh)
                if (auto user = router_.ssh->user_for_uid(cred->uid)) begin_ssh_session(router_.config, session_, *user);
        }
        router_.add_session(session_);
        std::weak_ptr<Connection> weak = shared_from_this();
        session_.push = [weak](const std::string& text) {
            if (auto self = weak.lock()) self->send({protocol::MessageType::Async, text});
        };
        session_.finish = [weak](std::string output) {
            if (auto self = weak.lock()) {
                auto r = self->dispatcher_.finish(self->session_, std::move(output));
                r.width = self->session_.term_width;
                self->send_reply(std::move(r));
            }
        };
        // IOS: line con 0 shows what `logging console` lets through, always; a vty shows what
        // `logging monitor` lets through, once it asked with `terminal monitor`.
        log_id_ = router_.log.subscribe([weak](const std::string& line, bool console, bool monitor) {
            auto self = weak.lock();
            if (!self) return;
            bool wanted = self->session_.console ? console : (monitor && self->session_.monitor);
            if (wanted) self->send({protocol::MessageType::Log, line + "\n"});
        });
        read();
    }

private:
    void read() {
        auto self = shared_from_this();
        socket_.async_read_some(boost::asio::buffer(buf_), [self](boost::system::error_code ec, std::size_t n) {
            if (ec) return;  // the client left; the last shared_ptr goes with this handler
            self->reader_.feed(std::string_view(self->buf_.data(), n));
            bool bad = false;
            while (auto f = self->reader_.next(bad)) {
                if (!self->handle(*f)) return;
            }
            if (bad) {
                // Nothing routersh sends comes near the limit: whoever did is not routersh,
                // or not well. The connection (and its session) ends; routerd goes on.
                self->router_.log.emit(4, "%CONTROL-4-FRAME_TOO_LARGE: a request over " +
                                              std::to_string(self->reader_.max_payload()) + " bytes from " +
                                              (self->session_.user.empty() ? std::string("an unknown user")
                                                                           : "user " + self->session_.user) +
                                              ": connection closed");
                return;
            }
            self->read();
        });
    }

    // Returns false when the session is over.
    bool handle(const protocol::Frame& f) {
        if (ended_) return false;
        if (f.type == protocol::MessageType::Abort) {
            if (session_.deferred && session_.abort) session_.abort();
            return true;
        }
        // The client waits for a deferred command's reply; anything else it sends meanwhile is dropped.
        if (session_.deferred) return true;
        protocol::Reply r;
        switch (f.type) {
            case protocol::MessageType::Hello: {
                auto h = protocol::decode_hello(f.payload);
                if (!h || h->version != protocol::kVersion) return false;
                if (h->width) session_.term_width = h->width;
                session_.origin = h->origin;
                // Line con 0 only for the box's administrator (agetty runs routersh as root):
                // a console without login lands at `R1>` and may enable without a password.
                if (h->console && (!session_.trusted || session_.ssh || !router_.make_console(session_))) {
                    r.output = session_.trusted ? "% Line con 0 is in use by another session\n"
                                                : "% Only root may open the console line\n";
                    r.flags |= protocol::Reply::kClose;
                    send_reply(std::move(r));
                    return false;
                }
                r = dispatcher_.greet(session_);
                break;
            }
            case protocol::MessageType::Login: {
                // The SSH server's password check (pam_exec, as root): answered once, then the
                // connection ends. Anybody else gets no answer to guess passwords with.
                auto login = protocol::decode_login(f.payload);
                if (!login || !session_.trusted) return false;
                if (check_ssh_login(router_.config, login->user, login->password, grammar::parse_ipv4(login->remote))) r.flags |= protocol::Reply::kAccepted;
                r.flags |= protocol::Reply::kClose;
                send_reply(std::move(r));
                return false;
            }
            case protocol::MessageType::Line: r = dispatcher_.line(session_, f.payload); break;
            case protocol::MessageType::Batch: return run_batch(f.payload);
            case protocol::MessageType::Help: r = dispatcher_.help(session_, f.payload); break;
            case protocol::MessageType::Complete: r = dispatcher_.complete(session_, f.payload); break;
            case protocol::MessageType::Interrupt:
                r = dispatcher_.interrupt(session_, f.payload.empty() ? 'C' : f.payload[0]);
                break;
            default: return false;
        }
        r.width = session_.term_width;
        bool close = r.flags & protocol::Reply::kClose;
        if (!(r.flags & protocol::Reply::kDeferred)) send_reply(std::move(r));
        if (close) return false;
        watch_exec_timeout();
        return true;
    }

    // A Batch: each line through the same Dispatcher::line as a Line frame, the frames each
    // would have sent (its log lines, then its Reply) collected in order into one BatchReply.
    // Stops after a line that closes the session or runs on (its Reply comes when it finishes),
    // and once the collected frames are large. Returns false when the session is over.
    bool run_batch(std::string_view payload) {
        auto lines = protocol::decode_batch(payload);
        if (!lines) return false;  // not routersh: as for any malformed request
        protocol::BatchReplyFrame reply;
        std::uint32_t taken = 0;
        bool close = false;
        std::string overflow;  // a line's frames past the reply's budget, sent after it
        std::optional<protocol::Reply> large;  // the last line's answer, sent after it
        for (const auto& text : *lines) {
            std::string& frames = reply.frames();
            std::size_t before = frames.size();  // this line's frames go on from here
            protocol::Reply r;
            {
                Capture capture(capture_, frames);
                r = dispatcher_.line(session_, text);
            }
            r.width = session_.term_width;
            ++taken;
            bool deferred = r.flags & protocol::Reply::kDeferred;
            close = r.flags & protocol::Reply::kClose;
            // A large answer (a show inside a paste) ends the batch and follows it as its own
            // frame, which routersh writes out as it arrives instead of holding it whole inside
            // the batch's (issue 14); the line's log frames stay in the batch, before it.
            if (!deferred && r.output.size() >= protocol::kLargeOutput) {
                large = std::move(r);
                break;
            }
            if (!deferred) protocol::append_reply_frame(frames, r);
            if (before > reply.frames_start() && reply.frames_size() > protocol::kMaxBatchReplyBytes) {
                overflow = frames.substr(before);
                frames.resize(before);
                break;
            }
            if (deferred || close || ended_) break;
        }
        send_encoded(std::move(reply).finish(taken));
        if (!overflow.empty()) send_encoded(std::move(overflow));
        if (large) send_reply(std::move(*large));
        if (close) return false;
        watch_exec_timeout();
        return true;
    }

    // While a batch line runs, the log lines and command output it sends go into its frames
    // instead of onto the socket, so that they keep their place between the lines' replies.
    class Capture {
    public:
        Capture(std::string*& slot, std::string& into) : slot_(slot) { slot_ = &into; }
        ~Capture() { slot_ = nullptr; }
        Capture(const Capture&) = delete;
        Capture& operator=(const Capture&) = delete;

    private:
        std::string*& slot_;
    };

    // `exec-timeout` (IOS default 10 minutes; `exec-timeout 0 0` never): a console left idle
    // at the prompt ends as after `exit` and the line goes idle; an SSH session on a vty line
    // is closed, as IOS closes the connection. Each request from the terminal starts the wait
    // again. Not while a login question is open: routersh then reads the answer from the
    // terminal and does not watch the socket. Sessions routerd's own users open with routersh
    // (root, the lab) are the box's administration, not a vty login: they do not time out.
    void watch_exec_timeout() {
        idle_.cancel();
        const config::LineConfig* line = nullptr;
        if (session_.console) line = &router_.config.console;
        else if (session_.ssh && session_.vty >= 0 && static_cast<std::size_t>(session_.vty) < router_.config.vty.size())
            line = &router_.config.vty[static_cast<std::size_t>(session_.vty)];
        if (!line || std::holds_alternative<AwaitLogin>(session_.pending)) return;
        auto t = line->exec_timeout.value_or(std::pair<std::uint32_t, std::uint32_t>{10, 0});
        auto wait = std::chrono::minutes(t.first) + std::chrono::seconds(t.second);
        if (wait.count() == 0) return;
        idle_.expires_after(wait);
        std::weak_ptr<Connection> weak = shared_from_this();
        idle_.async_wait([weak](boost::system::error_code ec) {
            auto self = weak.lock();
            if (ec || !self || self->ended_) return;
            // A command still running (ping) is not idle time.
            if (self->session_.deferred) return self->watch_exec_timeout();
            auto r = self->dispatcher_.end_session(self->session_);
            r.width = self->session_.term_width;
            // routersh sees a Reply it did not ask for and ends the session with it; the
            // socket closes once it is written.
            self->ended_ = true;
            self->send_reply(std::move(r));
        });
    }

    void send_reply(protocol::Reply r) {
        if (capture_) {
            *capture_ += protocol::encode_reply_frame(r);
            return;
        }
        // A large show goes out as it was rendered, not copied into a frame first: at 10,000
        // tunnels `show crypto ipsec sa` is 20 MB, and the copy and its fresh pages were a
        // fifth of routerd's time for it (issue 14).
        if (r.output.size() >= protocol::kLargeOutput) {
            auto parts = protocol::reply_frame_parts(std::move(r));
            send_encoded(std::move(parts.head));
            send_encoded(std::move(parts.output));
            send_encoded(std::move(parts.tail));
            return;
        }
        send_encoded(protocol::encode_reply_frame(r));
    }

    void send(protocol::Frame f) {
        if (capture_) {
            *capture_ += protocol::encode_frame(f);
            return;
        }
        send_encoded(protocol::encode_frame(f));
    }

    void send_encoded(std::string bytes) {
        bool idle = queue_.empty();
        queue_.push_back(std::move(bytes));
        if (idle) write();
    }

    void write() {
        auto self = shared_from_this();
        boost::asio::async_write(socket_, boost::asio::buffer(queue_.front()),
                                 [self](boost::system::error_code ec, std::size_t) {
                                     if (ec) return;
                                     self->queue_.pop_front();
                                     if (!self->queue_.empty()) self->write();
                                     else if (self->ended_) {
                                         boost::system::error_code ignored;
                                         self->socket_.close(ignored);  // ends the pending read too
                                     }
                                 });
    }

    stream_protocol::socket socket_;
    Router& router_;
    Dispatcher& dispatcher_;
    Session session_;
    int log_id_ = 0;
    protocol::FrameReader reader_{protocol::kMaxRequestPayload};
    std::array<char, 16384> buf_{};
    std::deque<std::string> queue_;
    boost::asio::steady_timer idle_;  // exec-timeout
    bool ended_ = false;              // routerd ended the session (exec-timeout, refused)
    std::string* capture_ = nullptr;  // a batch line's frames, while it runs (run_batch)
    bool refused_ = false;            // over the session limit: never a session
    std::shared_ptr<std::size_t> open_;
};

}  // namespace

ControlServer::ControlServer(boost::asio::io_context& io, Router& router, Dispatcher& dispatcher, std::string path,
                             SocketGroup group)
    : io_(io), router_(router), dispatcher_(dispatcher), path_(std::move(path)), group_(std::move(group)), acceptor_(io),
      open_(std::make_shared<std::size_t>(0)) {}

ControlServer::~ControlServer() {
    boost::system::error_code ec;
    acceptor_.close(ec);
    std::error_code fs_ec;
    std::filesystem::remove(path_, fs_ec);
}

std::optional<std::string> ControlServer::check_free() {
    if (!std::filesystem::exists(path_)) return std::nullopt;
    boost::system::error_code ec;
    stream_protocol::socket probe(io_);
    probe.connect(stream_protocol::endpoint(path_), ec);
    if (!ec) return "another routerd is listening on " + path_;
    return std::nullopt;
}

std::optional<std::string> ControlServer::start() {
    boost::system::error_code ec;
    std::error_code fs_ec;
    if (auto err = platform::make_socket_directory(std::filesystem::path(path_).parent_path().string()))
        return "cannot listen on " + path_ + ": " + *err;
    if (auto taken = check_free()) return taken;
    // A socket left by a routerd that died is removed; a live one is not ours to take.
    std::filesystem::remove(path_, fs_ec);
    acceptor_.open(stream_protocol(), ec);
    if (!ec) acceptor_.bind(stream_protocol::endpoint(path_), ec);
    if (ec) return "cannot listen on " + path_ + ": " + ec.message();
    // Only root, routerd's user, the control group and the SSH logins (which sshd gives the
    // group) may connect: the file's mode says so before anyone can (platform/control_socket.hpp).
    // What each may do is then decided per session from its credentials.
    if (auto err = platform::restrict_socket(path_, group_.gid))
        router_.log.emit(4, "%CONTROL-4-SOCKET_GROUP: cannot give the control socket to group " + group_.name +
                                " (" + *err + "): only root and routerd's own user may connect");
    acceptor_.listen(boost::asio::socket_base::max_listen_connections, ec);
    if (ec) return "cannot listen on " + path_ + ": " + ec.message();
    accept();
    return std::nullopt;
}

void ControlServer::accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, stream_protocol::socket socket) {
        if (ec == boost::asio::error::operation_aborted) return;
        if (!ec) {
            // The box's administrator (root: the console's agetty, sshd's password checks;
            // routerd's own user) always gets in, as IOS's console is no vty line: users who
            // hold every session cannot lock the administrator out.
            auto cred = platform::peer_credentials(socket.native_handle());
            bool administrator = cred && (cred->uid == 0 || cred->uid == ::geteuid());
            auto c = std::make_shared<Connection>(std::move(socket), router_, dispatcher_, open_);
            if (*open_ <= kMaxSessions || administrator) {
                c->start();
            } else {
                // As an IOS router with every vty line busy refuses a telnet or SSH client.
                router_.log.emit(4, "%CONTROL-4-SESSION_LIMIT: " + std::to_string(kMaxSessions) +
                                        " sessions are open: connection refused");
                c->refuse("% Connection refused by remote host\n");
            }
        }
        accept();
    });
}

}  // namespace routerd::control
