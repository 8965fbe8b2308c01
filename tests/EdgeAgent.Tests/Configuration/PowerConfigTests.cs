using System.Text.Json.Nodes;
using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Configuration;

namespace GameOps.EdgeAgent.Tests.Configuration;

public sealed class PowerConfigTests
{
    private static JsonObject Json(string power) => new()
    {
        ["controlPlaneUrl"] = "http://127.0.0.1:5081",
        ["hostId"] = "host-1",
        ["credential"] = "cred-1",
        ["servers"] = new JsonArray(new JsonObject
        {
            ["id"] = "cs2",
            ["kind"] = "source-rcon",
            ["address"] = "127.0.0.1:27015",
            ["password"] = "rcon-pw",
            ["power"] = JsonNode.Parse(power),
        }),
    };

    private static AgentConfig Parse(JsonObject json) =>
        AgentConfigLoader.Parse(json.ToJsonString(), "/etc/gameops/agent.json", GameAdapterRegistry.BuiltInKinds);

    [Fact]
    public void Systemd_unit_enables_every_power_action()
    {
        var server = Parse(Json("""{ "systemdUnit": "cs2.service", "restartWaitSeconds": 90 }""")).Servers[0];

        Assert.Equal("cs2.service", server.Power!.SystemdUnit);
        Assert.Equal(TimeSpan.FromSeconds(90), server.Power.RestartWait);
        Assert.All(GameActions.Power, action => Assert.Contains(action, server.AllowedActions));
    }

    [Fact]
    public void Supervisor_commands_enable_only_their_actions()
    {
        var server = Parse(Json("""{ "commands": { "server.restart": [ "/usr/bin/supervisorctl", "restart", "cs2" ] } }""")).Servers[0];

        Assert.Equal(["/usr/bin/supervisorctl", "restart", "cs2"], server.Power!.Commands[GameActions.ServerRestart]);
        Assert.Contains(GameActions.ServerRestart, server.AllowedActions);
        Assert.DoesNotContain(GameActions.ServerStop, server.AllowedActions);
    }

    [Theory]
    [InlineData("""{ }""", "servers[0].power must set either systemdUnit")]
    [InlineData("""{ "systemdUnit": "a.service", "commands": { } }""", "servers[0].power must set either systemdUnit")]
    [InlineData("""{ "systemdUnit": "-H evil" }""", "servers[0].power.systemdUnit must be a unit name")]
    [InlineData("""{ "systemdUnit": "cs2 service" }""", "servers[0].power.systemdUnit must be a unit name")]
    [InlineData("""{ "commands": { "server.start": [ "supervisorctl", "start" ] } }""", "servers[0].power.commands['server.start'][0] must be the program's absolute path")]
    [InlineData("""{ "commands": { "server.start": [ ] } }""", "servers[0].power.commands['server.start'] must be a non-empty array")]
    [InlineData("""{ "commands": { "world.save": [ "/bin/true" ] } }""", "servers[0].power.commands['world.save']: 'world.save' is not a power action")]
    [InlineData("""{ "systemdUnit": "a.service", "restartWaitSeconds": 0 }""", "servers[0].power.restartWaitSeconds must be from 1")]
    public void Invalid_power_is_refused_at_start_naming_the_field(string power, string expected)
    {
        var problems = Assert.Throws<AgentConfigException>(() => Parse(Json(power))).Problems;

        Assert.Contains(problems, problem => problem.StartsWith(expected, StringComparison.Ordinal));
    }
}
