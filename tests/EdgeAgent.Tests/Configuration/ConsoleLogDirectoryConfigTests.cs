using System.Text.Json.Nodes;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Configuration;
using GameOps.EdgeAgent.Console;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GameOps.EdgeAgent.Tests.Configuration;

public sealed class ConsoleLogDirectoryConfigTests
{
    private const string ConfigPath = "/etc/gameops/agent.json";

    private static JsonObject Json(string? consoleLogDirectory)
    {
        var json = new JsonObject
        {
            ["controlPlaneUrl"] = "http://127.0.0.1:5443",
            ["hostId"] = "host-1",
            ["credential"] = "cred-7b1e9c4f0a2d4e8f",
            ["servers"] = new JsonArray
            {
                new JsonObject
                {
                    ["id"] = "navezgane",
                    ["kind"] = "7dtd-telnet",
                    ["address"] = "127.0.0.1:8081",
                    ["password"] = "telnet-secret",
                },
            },
        };
        if (consoleLogDirectory is not null)
        {
            json["consoleLogDirectory"] = consoleLogDirectory;
        }

        return json;
    }

    private static AgentConfig Parse(JsonObject json) =>
        AgentConfigLoader.Parse(json.ToJsonString(), ConfigPath, GameAdapterRegistry.BuiltInKinds);

    [Fact]
    public void Console_log_directory_is_optional()
    {
        Assert.Null(Parse(Json(null)).ConsoleLogDirectory);
    }

    [Theory]
    [InlineData("/var/log/gameops-agent", "/var/log/gameops-agent")]
    [InlineData("console", "/etc/gameops/console")]
    public void Console_log_directory_is_made_absolute_next_to_the_config(string value, string expected)
    {
        Assert.Equal(expected, Parse(Json(value)).ConsoleLogDirectory);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("/var/log/\ngameops")]
    public void Blank_console_log_directory_is_named_in_the_error(string value)
    {
        var error = Assert.Throws<AgentConfigException>(() => Parse(Json(value)));

        Assert.Contains(error.Problems, problem => problem.StartsWith("consoleLogDirectory must name a folder", StringComparison.Ordinal));
    }

    [Fact]
    public void Sink_is_a_file_sink_when_a_directory_is_configured_and_a_no_op_otherwise()
    {
        Assert.IsType<FileConsoleLineSink>(Assert.IsType<ConsoleLineFanout>(Resolve(Parse(Json("/tmp/gameops-console-test")))).Archive);
        Assert.IsType<NullConsoleLineSink>(Assert.IsType<ConsoleLineFanout>(Resolve(Parse(Json(null)))).Archive);
    }

    private static IConsoleLineSink Resolve(AgentConfig config)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(config);
        services.AddGameAdapters();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IConsoleLineSink>();
    }
}
