#pragma once
// Every command the grammar knows, by identity. The grammar yields one of these with the
// matched arguments; engine/ binds each to the code that carries it out.
namespace routerd::grammar {

enum class CommandId {
    // EXEC
    Enable, Disable, ConfigureTerminal, ExecExit, ShowRunningConfig, ShowStartupConfig,
    WriteMemory, CopyRunningStartup, ShowVersion, TerminalLength, TerminalWidth,
    TerminalMonitor, TerminalNoMonitor, ShowHistory, ShowClock, ShowUsers,
    ShowIpInterfaceBrief, ShowPrivilege, ShowTerminal, ShowLogging, ClearLogging,
    // any config mode
    ConfigExit, ConfigEnd, ConfigDo,
    // global config
    Hostname, Interface, EnableSecret, Username, ServicePasswordEncryption, ServiceTimestamps,
    LoggingBuffered, Line, BannerMotd, IpRoute, Version, IpDomainLookup, IpDomainName,
    // interface
    Description, IpAddress, Shutdown,
    // line
    ExecTimeout, LoggingSynchronous, LinePassword, Login, TransportInput, PrivilegeLevel,
    // output modifiers after `|`
    PipeInclude, PipeExclude, PipeBegin, PipeSection, PipeCount,
};

}  // namespace routerd::grammar
