// Line configuration commands (`R1(config-line)#`).
#include "grammar/command.hpp"

namespace routerd::grammar {

std::vector<CommandDef> line_commands() {
    using enum CommandId;
    constexpr Mode L = Mode::ConfigLine;
    return {
        {L, ExecTimeout, "exec-timeout <0-35791> [<0-2147483>]",
         {"Set the EXEC timeout", "Timeout in minutes", "Timeout in seconds"}, "exec-timeout"},
        {L, LoggingSynchronous, "logging synchronous",
         {"Modify message logging facilities", "Synchronized message output"}},
        {L, LinePassword, "password [0|7] LINE",
         {"Set a password", "Specifies an UNENCRYPTED password will follow", "Specifies a HIDDEN password will follow",
          "The UNENCRYPTED (cleartext) line password"},
         "password"},
        {L, Login, "login [local]", {"Enable password checking", "Local password checking"}},
        {L, TransportInput, "transport input {all|none|ssh [telnet]|telnet [ssh]}",
         {"Define transport protocols for line", "Define which protocols to use when connecting to the terminal server",
          "All protocols", "No protocols", "TCP/IP SSH protocol", "TCP/IP Telnet protocol", "TCP/IP Telnet protocol",
          "TCP/IP SSH protocol"},
         "transport input"},
        // Who may reach the line (in), or where it may connect to (out), by IP access list.
        {L, AccessClass, "access-class {<1-199>|<1300-2699>|WORD} {in [vrf-also]|out}",
         {"Filter connections based on an IP access list", "IP access list", "IP expanded access list", "Access-list name",
          "Filter incoming connections", "Same access list is applied for all VRFs", "Filter outgoing connections"},
         "access-class {<1-199>|<1300-2699>|WORD} {in [vrf-also]|out}"},
        {L, PrivilegeLevel, "privilege level <0-15>",
         {"Change privilege level for line", "Assign default privilege level for line", "Default privilege level for line"},
         "privilege level"},
    };
}

}  // namespace routerd::grammar
