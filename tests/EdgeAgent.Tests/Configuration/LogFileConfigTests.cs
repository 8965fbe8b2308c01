using System.Text.Json.Nodes;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Configuration;

namespace GameOps.EdgeAgent.Tests.Configuration;

public sealed class LogFileConfigTests
{
    private const string ConfigPath = "/etc/gameops/agent.json";

    [Theory]
    [InlineData(null, null)]
    [InlineData("/home/sdtd/output_log.txt", "/home/sdtd/output_log.txt")]
    [InlineData("logs/game.log", "/etc/gameops/logs/game.log")]
    public void Log_file_is_optional_and_relative_to_the_config_file(string? value, string? expected)
    {
        Assert.Equal(expected, Parse(value).Servers[0].LogFile);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("/var/log/")]
    [InlineData("/var/log/\ngame.log")]
    public void Log_file_that_names_no_file_is_named_in_the_error(string value)
    {
        var error = Assert.Throws<AgentConfigException>(() => Parse(value));

        Assert.Contains(error.Problems, problem => problem.StartsWith("servers[0].logFile must name the game's log file", StringComparison.Ordinal));
    }

    private static AgentConfig Parse(string? logFile)
    {
        var server = new JsonObject { ["id"] = "navezgane", ["kind"] = "7dtd-telnet", ["address"] = "127.0.0.1:8081", ["password"] = "telnet-secret" };
        if (logFile is not null)
        {
            server["logFile"] = logFile;
        }

        var json = new JsonObject
        {
            ["controlPlaneUrl"] = "http://127.0.0.1:5443",
            ["hostId"] = "host-1",
            ["credential"] = "cred-7b1e9c4f0a2d4e8f",
            ["servers"] = new JsonArray { server },
        };
        return AgentConfigLoader.Parse(json.ToJsonString(), ConfigPath, GameAdapterRegistry.BuiltInKinds);
    }
}
