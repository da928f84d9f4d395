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
        {L, PrivilegeLevel, "privilege level <0-15>",
         {"Change privilege level for line", "Assign default privilege level for line", "Default privilege level for line"},
         "privilege level"},
    };
}

}  // namespace routerd::grammar
