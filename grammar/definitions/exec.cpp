// EXEC commands (user and privileged). Help texts are IOS 15's.
#include "grammar/command.hpp"

namespace routerd::grammar {

std::vector<CommandDef> exec_commands() {
    using enum CommandId;
    constexpr Mode U = Mode::UserExec;  // also offered in privileged EXEC
    constexpr Mode P = Mode::PrivExec;
    return {
        {U, Enable, "enable", {"Turn on privileged commands"}},
        {U, Disable, "disable", {"Turn off privileged commands"}},
        {U, ExecExit, "exit", {"Exit from the EXEC"}},
        {U, ExecExit, "logout", {"Exit from the EXEC"}},
        {P, ConfigureTerminal, "configure [terminal]",
         {"Enter configuration mode", "Configure from the terminal"}},
        {U, ShowVersion, "show version", {"Show running system information", "System hardware and software status"}, {}, kPipeable},
        {U, ShowHistory, "show history", {"", "Display the session command history"}, {}, kPipeable},
        {U, ShowClock, "show clock", {"", "Display the system clock"}, {}, kPipeable},
        {U, ShowUsers, "show users", {"", "Display information about terminal lines"}, {}, kPipeable},
        {U, ShowPrivilege, "show privilege", {"", "Show current privilege level"}, {}, kPipeable},
        {U, ShowTerminal, "show terminal", {"", "Display terminal configuration parameters"}, {}, kPipeable},
        {U, ShowInterfaces, "show interfaces [IFNAME]", {"", "Interface status and configuration", ""}, {}, kPipeable},
        {U, ShowIpInterfaceBrief, "show ip interface brief [IFNAME]",
         {"", "IP information", "IP interface status and configuration", "Brief summary of IP status and configuration",
          ""},
         {}, kPipeable},
        {U, ShowSsh, "show ssh", {"", "Status of SSH server connections"}, {}, kPipeable},
        {U, ShowIpSsh, "show ip ssh", {"", "", "Information on SSH"}, {}, kPipeable},
        {U, ShowIpInterface, "show ip interface [IFNAME]", {"", "", "IP interface status and configuration", ""}, {}, kPipeable},
        {U, ShowIpv6Interface, "show ipv6 interface",
         {"", "IPv6 information", "IPv6 interface status and configuration"}, {}, kPipeable},
        {U, ShowLldp, "show lldp", {"", "LLDP information"}, {}, kPipeable},
        {U, ShowCdp, "show cdp", {"", "CDP information"}, {}, kPipeable},
        {P, ShowCryptoKeyMypubkeyRsa, "show crypto key mypubkey rsa",
         {"", "Encryption module", "Show long term public keys", "Show public keys associated with this router",
          "Show RSA public keys"},
         {}, kPipeable},
        {P, Dir, "dir [WORD]", {"List files on a filesystem", "Directory or file name"}, {}, kPipeable},
        {P, ShowRunningConfig, "show running-config [interface IFNAME|partition access-list]",
         {"", "Current operating configuration", "Show interface configuration", "", "Configuration corresponding a partition",
          "All access-list configurations"},
         {}, kPipeable},
        {P, ShowStartupConfig, "show startup-config", {"", "Contents of startup configuration"}, {}, kPipeable},
        {P, ShowLogging, "show logging", {"", "Show the contents of logging buffers"}, {}, kPipeable},
        {P, WriteMemory, "write [memory]",
         {"Write running configuration to memory, network, or terminal", "Write to NV memory"}},
        {P, ShowRunningConfig, "write terminal", {"", "Write to terminal"}, {}, kPipeable},
        {P, CopyRunningStartup, "copy running-config startup-config",
         {"Copy from one file to another", "Copy from current system configuration", "Copy to startup configuration"}},
        {P, ClearLogging, "clear logging", {"Reset functions", "Clear logging buffer"}},
        // The options in the order of the seeds' extended pings (004: `source loopback0`,
        // `source 1.1.1.1 repeat 2`), then size and timeout as IOS's help lists them.
        {U, Ping, "ping A.B.C.D [source {A.B.C.D|IFNAME}] [repeat <1-2147483647>] [size <36-18024>] [timeout <0-3600>]",
         {"Send echo messages", "Ping destination address or hostname", "specify source address or name",
          "Source address", "", "specify repeat count", "Repeat count", "specify datagram size", "Datagram size",
          "specify timeout interval", "Timeout in seconds"}},
        // IOS 15's help texts. `systat` is IOS's other name for `show users` (and what makes a
        // lone `s` at R1> ambiguous, as on IOS).
        {U, ShowUsers, "systat", {"Display information about terminal lines"}, {}, kPipeable},
        {U, Telnet, "telnet A.B.C.D [<1-65535>]",
         {"Open a telnet connection", "IP address or hostname of a remote system", "Port number"}},
        {U, Traceroute, "traceroute A.B.C.D [source A.B.C.D] [timeout <0-3600>] [probe <1-65535>] [ttl <1-255> <1-255>]",
         {"Trace route to destination", "Trace route to destination address or hostname", "specify source address or name",
          "Source address", "specify time out", "Timeout in seconds", "specify number of probes per hop",
          "Number of probes", "specify minimum and maximum ttl", "Minimum ttl value", "Maximum ttl value"}},
        {U, ShowIpRoute, "show ip route", {"", "", "IP routing table"}, {}, kPipeable},
        {U, ShowIpRouteSummary, "show ip route summary", {"", "", "", "Summary of all routes"}, {}, kPipeable},
        // ios_facts' default subset asks for it after `show version`.
        {U, ShowInventory, "show inventory", {"", "Show the physical inventory"}, {}, kPipeable},
        {U, ShowInterfacesDescription, "show interfaces description", {"", "", "Show interface description"}, {}, kPipeable},
        {P, ClearCounters, "clear counters", {"", "Clear counters on one or all interfaces"}},
        {U, ShowIpNatTranslations, "show ip nat translations [verbose]",
         {"", "", "IP NAT information", "Translation entries", "Show extra information"}, {}, kPipeable},
        // BGP and OSPF, which FRR runs for routerd: IOS 15's help texts.
        {U, ShowIpBgp, "show ip bgp", {"", "", "BGP information"}, {}, kPipeable},
        {U, ShowIpBgpSummary, "show ip bgp summary", {"", "", "", "Summary of BGP neighbor status"}, {}, kPipeable},
        {U, ShowIpOspf, "show ip ospf", {"", "", "OSPF information"}, {}, kPipeable},
        {U, ShowIpOspfNeighbor, "show ip ospf neighbor", {"", "", "", "Neighbor list"}, {}, kPipeable},
        {U, ShowIpOspfInterfaceBrief, "show ip ospf interface brief",
         {"", "", "", "Interface information", "Brief summary of OSPF interface information"}, {}, kPipeable},
        {U, ShowIpProtocols, "show ip protocols",
         {"", "", "IP routing protocol process parameters and statistics"}, {}, kPipeable},
        {P, ClearIpNatTranslation, "clear ip nat translation *",
         {"", "Global IP commands", "Clear NAT", "Clear dynamic translation", "Delete all dynamic translations"}},
        {P, WriteErase, "write erase", {"", "Erase NV memory"}},
        {P, WriteErase, "erase startup-config", {"Erase a filesystem", "Erase contents of configuration memory"}},
        {P, CopyStartupRunning, "copy startup-config running-config",
         {"", "Copy from startup configuration", "Update (merge with) current system configuration"}},
        {P, Reload, "reload", {"Halt and perform a cold restart"}},
        {U, TerminalLength, "terminal length <0-512>",
         {"Set terminal line parameters", "Set number of lines on a screen", "Number of lines on screen (0 for no pausing)"}},
        {U, TerminalWidth, "terminal width <0-512>",
         {"", "Set width of the display terminal", "Number of characters on a screen line"}},
        {U, TerminalMonitor, "terminal monitor", {"", "Copy debug output to the current terminal line"}},
        {U, TerminalNoMonitor, "terminal no monitor",
         {"", "Negate a command or set its defaults", "Copy debug output to the current terminal line"}},
    };
}

std::vector<CommandDef> output_modifier_commands() {
    using enum CommandId;
    constexpr Mode M = Mode::OutputModifier;
    return {
        {M, PipeBegin, "begin LINE", {"Begin with the line that matches", "Regular Expression"}},
        {M, PipeExclude, "exclude LINE", {"Exclude lines that match", "Regular Expression"}},
        {M, PipeInclude, "include LINE", {"Include lines that match", "Regular Expression"}},
        {M, PipeSection, "section LINE", {"Filter a section of output", "Regular Expression"}},
        {M, PipeCount, "count LINE", {"Count number of lines which match regexp", "Regular Expression"}},
    };
}

}  // namespace routerd::grammar
