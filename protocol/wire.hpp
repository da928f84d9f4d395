#pragma once
// The control protocol between routersh and routerd over a unix stream socket.
//
// Frame: 1 byte type, 4 bytes big-endian payload length, payload. Payload fields are
// length-prefixed strings and 32-bit numbers in a fixed order per type. routersh sends one
// request and reads frames until the Reply (a BatchReply for a Batch); Async frames (log
// messages on a monitor terminal) may come at any time.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace routerd::protocol {

inline constexpr std::uint32_t kVersion = 1;
// What routersh accepts from routerd: a `show running-config` of a 100,000-line config is a
// few megabytes.
inline constexpr std::uint32_t kMaxPayload = 64u << 20;
// What routerd accepts from a client, whoever it is (any member of the control group, any
// router user logged in over SSH):
// one command line, a login or a Hello. A line routerd would parse is at most a few kilobytes
// (control::kMaxCommandLine); a 1 MB line still gets IOS's caret error, anything larger ends
// the connection before routerd buffers it.
inline constexpr std::uint32_t kMaxRequestPayload = 1u << 20;

enum class MessageType : std::uint8_t {
    Hello = 1,      // client -> server: version, interactive flag, terminal width/height
    Line = 2,       // a typed line (Enter)
    Help = 3,       // `?` pressed: the text before the cursor
    Complete = 4,   // TAB pressed: the text before the cursor
    Interrupt = 5,  // Ctrl-Z ('Z') or Ctrl-C ('C')
    // A login to check (the SSH server's PAM helper): user, password, remote host. Only
    // routerd's own user and root may ask; the Reply's flags say kAccepted or not.
    Login = 6,
    // While a command runs (ping): the terminal's escape sequence or Ctrl-C stops it. No Reply of
    // its own (the command's Reply ends it); ignored when nothing runs.
    Abort = 7,
    // Lines that were already waiting when routersh read the first of them (a paste, piped
    // input): applied in order as if each came in a Line frame of its own. One round trip per
    // batch instead of per line is what makes a 100,000-line paste take a second (issue 14).
    Batch = 8,
    Reply = 10,     // server -> client: the answer to one request
    Async = 11,     // server -> client: a running command's output as it comes (ping's !/.)
    // server -> client: one whole log line (terminal monitor). Apart from Async so that the
    // terminal can print it on a line of its own without breaking a ping's !/. line.
    Log = 12,
    // server -> client: the answer to a Batch. It carries, in order, the very frames (Log,
    // Async, Reply) the Line path would have sent for each line the batch applied, so routersh
    // prints them as it would have, byte for byte.
    BatchReply = 13,
};

// A batch's bounds. routersh never builds a larger one; routerd closes a connection that sends
// more lines (the frame itself is bounded by kMaxRequestPayload, as any request).
inline constexpr std::uint32_t kMaxBatchLines = 4096;
inline constexpr std::uint32_t kMaxBatchBytes = 256u << 10;
// routerd stops adding lines' frames to a BatchReply once it holds this much (a `show
// running-config` inside a paste is megabytes): what follows goes out as ordinary frames, so no
// reply nears the client's kMaxPayload because of batching.
inline constexpr std::uint32_t kMaxBatchReplyBytes = 16u << 20;

struct Frame {
    MessageType type{};
    std::string payload;
};

std::string encode_frame(const Frame& frame);

// Accumulates bytes from a stream and yields whole frames.
class FrameReader {
public:
    explicit FrameReader(std::uint32_t max_payload = kMaxPayload) : max_payload_(max_payload) {}
    void feed(std::string_view bytes) { buffer_.append(bytes); }
    // A frame, nullopt when more bytes are needed; sets `error` on a frame larger than the
    // maximum, which is refused as soon as its header is in (its payload is never buffered).
    std::optional<Frame> next(bool& error);
    std::uint32_t max_payload() const { return max_payload_; }
    // The bytes fed and not yet taken as frames, and dropping them: for a reader that takes a
    // large frame's body off the stream itself (routersh -c writing a show as it arrives).
    std::string_view buffered() const { return buffer_; }
    void clear() { std::string().swap(buffer_); }  // and its room, which may have been made for megabytes

private:
    std::uint32_t max_payload_;
    std::string buffer_;
};

struct Hello {
    std::uint32_t version = kVersion;
    bool interactive = false;
    std::uint32_t width = 80;
    std::uint32_t height = 24;
    // Where the terminal's user is: the SSH client's address ("" for a local terminal),
    // for `show users` (sent last; older clients leave it out).
    std::string origin;
    // The terminal is the router's console (routersh --console under agetty): the session is
    // line `con 0`, asks for the console's login and ends in IOS's idle state (sent last;
    // older clients leave it out). routerd honours it only from root or its own user.
    bool console = false;
};

struct Login {
    std::string user;
    std::string password;
    std::string remote;  // the client's address, as PAM has it
};

struct Reply {
    enum Flags : std::uint32_t {
        kNoEcho = 1u << 0,    // the next line is a password: read it without echo
        kClose = 1u << 1,     // the session ended (exit/logout)
        kRedraw = 1u << 2,    // help/complete: show the prompt again with `line` typed
        kBell = 1u << 3,      // TAB found nothing unique
        kDeferred = 1u << 4,  // not sent: the command's real reply comes when it finishes
        kAccepted = 1u << 5,  // Login: the user and password are good for this router
        // The prompt asks for a login name (`Username: `): the answer is a plain echoed line,
        // where `?` and TAB are characters and which no history keeps.
        kLogin = 1u << 6,
    };
    std::string output;  // text to print, '\n' line ends
    std::string prompt;  // the prompt for the next input ("R1(config)#", "Password: ")
    std::string line;    // with kRedraw: the input line to put back under the cursor
    std::uint32_t flags = 0;
    std::uint32_t page_length = 24;  // `terminal length`: 0 = no paging
    std::uint32_t width = 80;        // `terminal width`: where the terminal wraps; 0 = never
};

std::string encode_hello(const Hello& h);
std::optional<Hello> decode_hello(std::string_view payload);
std::string encode_reply(const Reply& r);
// encode_frame of a Reply frame with encode_reply's payload, written in one buffer: a show of a
// large configuration is megabytes, copied once here instead of twice (issue 14).
std::string encode_reply_frame(const Reply& r);
void append_reply_frame(std::string& out, const Reply& r);  // encode_reply_frame onto `out`
// encode_reply_frame in three parts, for a reply too large to copy (a show of 10,000 tunnels is
// 20 MB): what comes before the output, the output itself, and what comes after it. Written in
// order, they are byte for byte encode_reply_frame's.
struct ReplyFrameParts {
    std::string head, output, tail;
};
ReplyFrameParts reply_frame_parts(Reply&& r);
// An output this large is sent in those parts by routerd and written as it arrives by
// `routersh -c`, instead of being copied whole at each end.
inline constexpr std::size_t kLargeOutput = 64 * 1024;
// A Reply frame's head: the frame's type and payload length, then the output's length (the
// output comes first in the payload). reply_frame_head makes it; peek_reply_head reads it off
// the start of a stream, nullopt when the bytes there are not (yet) one.
struct ReplyHead {
    std::uint32_t payload_size = 0, output_size = 0;
};
inline constexpr std::size_t kReplyHeadSize = 9;
std::string reply_frame_head(ReplyHead h);
std::optional<ReplyHead> peek_reply_head(std::string_view bytes);
std::optional<Reply> decode_reply(std::string_view payload);
std::optional<Reply> decode_reply(std::string&& payload);  // the same, the output taken from `payload`
std::string encode_login(const Login& l);
std::optional<Login> decode_login(std::string_view payload);
// Batch: the number of lines, then each line as a length-prefixed string.
std::string encode_batch(const std::vector<std::string>& lines);
std::optional<std::vector<std::string>> decode_batch(std::string_view payload);

// BatchReply: how many of the batch's lines routerd took (from the first, in order; it stops
// early after a line that closes the session, runs on (ping), or when the reply is full), then
// the frames those lines produced. A taken line whose Reply is not among the frames (a deferred
// command, or a reply over kMaxBatchReplyBytes) gets it as an ordinary frame after this one.
struct BatchReply {
    std::uint32_t taken = 0;
    std::string frames;  // encoded frames, back to back
};
std::string encode_batch_reply(const BatchReply& r);
std::optional<BatchReply> decode_batch_reply(std::string_view payload);

// A BatchReply frame written in place: the lines' frames go onto `frames()`, after room kept for
// the header that `finish` fills in. Byte for byte encode_frame of encode_batch_reply; a large
// paste's replies were copied twice more on their way out (issue 14).
class BatchReplyFrame {
public:
    BatchReplyFrame();
    std::string& frames() { return out_; }  // append only, past frames_start()
    std::size_t frames_start() const { return kHeader; }
    std::size_t frames_size() const { return out_.size() - kHeader; }
    std::string finish(std::uint32_t taken) &&;

private:
    static constexpr std::size_t kHeader = 9;  // type, payload length, taken
    std::string out_;
};

// Line/Help/Complete carry the text as-is; Interrupt carries one character.

}  // namespace routerd::protocol
