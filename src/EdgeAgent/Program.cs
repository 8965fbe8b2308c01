using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Channel;
using GameOps.EdgeAgent.Configuration;
using GameOps.EdgeAgent.Enrolment;
using GameOps.EdgeAgent.Health;
using GameOps.EdgeAgent.Jobs;
using Microsoft.Extensions.Logging.Console;

// sysexits.h EX_CONFIG: the systemd unit does not restart on it, since only an edit of the file can help.
const int ConfigError = 78;

if (args is [EnrolCommand.Verb, .. var enrolArgs])
{
    return await EnrolCommand.RunAsync(enrolArgs, Console.Out, Console.Error);
}

AgentConfig config;
try
{
    var path = AgentConfigLoader.ResolvePath(args, Environment.GetEnvironmentVariable(AgentConfigLoader.EnvironmentVariable));
    config = AgentConfigLoader.Load(path, GameAdapterRegistry.BuiltInKinds, Environment.GetEnvironmentVariable("STATE_DIRECTORY"));
}
catch (AgentConfigException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return ConfigError;
}

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.AddFilter("Grpc", LogLevel.Warning); // the agent logs each stream failure itself, once

// Run by hand, each entry starts with its UTC time (ISO 8601). Under systemd, AddSystemd (after this) switches the
// console to journald's format, which has no time of its own: the journal stamps each line.
builder.Logging.AddSimpleConsole(console =>
{
    console.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
    console.UseUtcTimestamp = true;
});
builder.Services.AddSystemd();
builder.Services.AddGameAdapters();
builder.Services.AddJobs();
builder.Services.AddAgentChannel(config);
builder.Services.AddServerHealth();

await builder.Build().RunAsync();
return 0;
