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
        auto back = protocol::decode_reply(f.payload);
        REQUIRE(back);
        CHECK(back->output == r.output);
        CHECK(back->prompt == r.prompt);
        CHECK(back->line == r.line);
        CHECK(back->flags == r.flags);
        CHECK(back->page_length == r.page_length);
        CHECK(back->width == r.width);
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
