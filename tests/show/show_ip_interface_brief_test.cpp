// The Status and Protocol columns of `show ip interface brief` say what the kernel says of the
// link behind each interface. A loopback is a dummy link routerd makes: running, it is up/up as
// an IOS loopback is unless shut (ios-reference.md:865); `shutdown` makes it administratively
// down; and where the link could not be made (a kernel without the dummy type, as the machine
// the transcripts run on), nothing carries its address, and it is down/down.
#include <catch.hpp>

#include "engine/show/show_ip_interface_brief.hpp"

using namespace routerd;

namespace {

std::string row(const show::InterfaceView& v) {
    auto out = show::render_ip_interface_brief({v});
    return out.substr(out.find('\n') + 1);
}

}  // namespace

TEST_CASE("a loopback is up/up while its dummy link runs, administratively down when shut, down/down without a link") {
    auto name = grammar::InterfaceName{grammar::InterfaceType::Loopback, "0"};
    auto cfg = config::InterfaceConfig::named(name);
    cfg.address = config::Ipv4WithMask{0x01010101, 0xffffffff};
    cfg.method = config::AddressMethod::Manual;
    platform::LinkInfo dummy;
    dummy.name = "Loopback0";
    dummy.kind = "dummy";
    dummy.admin_up = true;
    dummy.oper_up = true;  // a dummy has no carrier to lose: operstate UNKNOWN with IFF_RUNNING
    dummy.addresses = {{0x01010101, 32}};
    CHECK(row({name, &cfg, dummy, std::nullopt}) ==
          "Loopback0                  1.1.1.1         YES manual up                    up      \n");
    cfg.shutdown = true;
    dummy.admin_up = dummy.oper_up = false;
    CHECK(row({name, &cfg, dummy, std::nullopt}) ==
          "Loopback0                  1.1.1.1         YES manual administratively down down    \n");
    cfg.shutdown = false;
    CHECK(row({name, &cfg, std::nullopt, std::nullopt}) ==
          "Loopback0                  1.1.1.1         YES manual down                  down    \n");
}
