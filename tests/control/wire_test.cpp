// The control protocol's framing (protocol/wire.hpp): a reply written straight into its frame is
// byte for byte the frame of its encoded payload, and reads back as the same reply.
#include <catch.hpp>

#include "protocol/wire.hpp"

using namespace routerd;

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
        protocol::FrameReader reader(protocol::kMaxPayload);
        reader.feed(one);
        bool error = true;
        auto f = reader.next(error);
        REQUIRE_FALSE(error);
        REQUIRE(f);
        CHECK(f->type == protocol::MessageType::Reply);
        auto back = protocol::decode_reply(f->payload);
        REQUIRE(back);
        CHECK(back->output == r.output);
        CHECK(back->prompt == r.prompt);
        CHECK(back->line == r.line);
        CHECK(back->flags == r.flags);
        CHECK(back->page_length == r.page_length);
        CHECK(back->width == r.width);
    }
}
