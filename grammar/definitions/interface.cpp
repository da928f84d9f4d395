// Interface configuration commands (`R1(config-if)#`).
#include "grammar/command.hpp"

namespace routerd::grammar {

std::vector<CommandDef> interface_commands() {
    using enum CommandId;
    constexpr Mode I = Mode::ConfigIf;
    return {
        {I, Description, "description LINE",
         {"Interface specific description", "Up to 240 characters describing this interface"}, "description"},
        {I, IpAddress, "ip address A.B.C.D A.B.C.D [secondary]",
         {"Interface Internet Protocol config commands", "Set the IP address of an interface", "IP address",
          "IP subnet mask", "Make this IP address a secondary address"},
         "ip address [A.B.C.D A.B.C.D [secondary]]"},
        {I, Shutdown, "shutdown", {"Shutdown the selected interface"}},
        {I, InterfaceMtu, "mtu <64-18000>", {"Set the interface Maximum Transmission Unit (MTU)", "MTU size in bytes"}, "mtu"},
    };
}

}  // namespace routerd::grammar
