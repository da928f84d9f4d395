// The control protocol's framing (protocol/wire.hpp): a reply written straight into its frame is
// byte for byte the frame of its encoded payload, and reads back as the same reply.
#include <catch.hpp>

#include "protocol/wire.hpp"

using namespace routerd;

namespace {

// The one frame `bytes` hold, read back as routersh reads it.
protocol::Frame only_frame(const std::string& bytes) {
    protocol::FrameReader reader(protocol::kMaxPayload);
    reader.feed(bytes);
    bool error = true;
    auto f = reader.next(error);
    REQUIRE_FALSE(error);
    REQUIRE(f);
    return *f;
}

void check_same_reply(const std::optional<protocol::Reply>& got, const protocol::Reply& want) {
    REQUIRE(got);
    CHECK(got->output == want.output);
    CHECK(got->prompt == want.prompt);
    CHECK(got->line == want.line);
    CHECK(got->flags == want.flags);
    CHECK(got->page_length == want.page_length);
    CHECK(got->width == want.width);
}

}  // namespace

TEST_CASE("a reply frame written in one buffer is the frame of the encoded reply, and decodes to the same reply") {
    protocol::Reply big;
    big.output = std::string(3'000'000, 'x') + "\n";
    big.prompt = "R1#";
    big.line = "show running-config";
    big.flags = protocol::Reply::kDeferred;
    big.page_length = 24;
    big.width = 80;
    for (const auto& r : {protocol::Reply{}, big}) {
        auto one = protocol::encode_reply_frame(r);
        CHECK(one == protocol::encode_frame({protocol::MessageType::Reply, protocol::encode_reply(r)}));
        auto f = only_frame(one);
        CHECK(f.type == protocol::MessageType::Reply);
        check_same_reply(protocol::decode_reply(f.payload), r);
        // The parts a large reply is sent in, written one after the other, are the same frame.
        auto copy = r;
        auto parts = protocol::reply_frame_parts(std::move(copy));
        CHECK(parts.output == r.output);
        CHECK(parts.head + parts.output + parts.tail == one);
        auto head = protocol::peek_reply_head(one);
        REQUIRE(head);
        CHECK(head->payload_size == one.size() - 5);
        CHECK(head->output_size == r.output.size());
        CHECK_FALSE(protocol::peek_reply_head(one.substr(0, protocol::kReplyHeadSize - 1)));
        CHECK_FALSE(protocol::peek_reply_head(protocol::encode_frame({protocol::MessageType::Log, std::string(20, 'l')})));
        // Decoded from a payload it may keep, the reply is the same.
        check_same_reply(protocol::decode_reply(std::string(f.payload)), r);
        CHECK_FALSE(protocol::decode_reply(std::string(f.payload, 0, f.payload.size() - 1)));
    }
}

TEST_CASE("a batch reply written in place is the frame of the encoded batch reply, and decodes to the same frames") {
    protocol::Reply r;
    r.output = "% Invalid input detected at '^' marker.\n";
    r.prompt = "R1(config)#";
    std::string frames = protocol::encode_reply_frame(r) + protocol::encode_frame({protocol::MessageType::Log, "%SYS-5-CONFIG_I"}) +
                         protocol::encode_reply_frame(protocol::Reply{});
    for (const auto& body : {std::string{}, frames, std::string(2'000'000, 'y')}) {
        protocol::BatchReplyFrame in_place;
        in_place.frames() += body;
        CHECK(in_place.frames_size() == body.size());
        auto one = std::move(in_place).finish(3);
        CHECK(one == protocol::encode_frame({protocol::MessageType::BatchReply, protocol::encode_batch_reply({3, body})}));
        auto f = only_frame(one);
        CHECK(f.type == protocol::MessageType::BatchReply);
        auto back = protocol::decode_batch_reply(f.payload);
        REQUIRE(back);
        CHECK(back->taken == 3);
        CHECK(back->frames == body);
    }
}

TEST_CASE("frames read off a stream: split anywhere, several at once, one too large refused at its header") {
    std::string a = protocol::encode_frame({protocol::MessageType::Line, "show version"});
    std::string b = protocol::encode_frame({protocol::MessageType::Reply, std::string(100'000, 'z')});
    std::string c = protocol::encode_frame({protocol::MessageType::Log, ""});
    std::string stream = a + b + c;
    for (std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{16384}, stream.size()}) {
        INFO("fed " << piece << " bytes at a time");
        protocol::FrameReader reader(protocol::kMaxPayload);
        std::vector<protocol::Frame> got;
        for (std::size_t at = 0; at < stream.size(); at += piece) {
            reader.feed(std::string_view(stream).substr(at, piece));
            bool error = true;
            while (auto f = reader.next(error)) got.push_back(std::move(*f));
            CHECK_FALSE(error);
        }
        REQUIRE(got.size() == 3);
        CHECK(got[0].type == protocol::MessageType::Line);
        CHECK(got[0].payload == "show version");
        CHECK(got[1].type == protocol::MessageType::Reply);
        CHECK(got[1].payload == std::string(100'000, 'z'));
        CHECK(got[2].type == protocol::MessageType::Log);
        CHECK(got[2].payload.empty());
        bool error = true;
        CHECK_FALSE(reader.next(error));
        CHECK_FALSE(error);
    }
    protocol::FrameReader small(1000);
    small.feed(b.substr(0, 5));
    bool error = false;
    CHECK_FALSE(small.next(error));
    CHECK(error);
}
