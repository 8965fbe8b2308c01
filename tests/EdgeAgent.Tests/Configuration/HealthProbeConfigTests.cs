using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Configuration;

namespace GameOps.EdgeAgent.Tests.Configuration;

public sealed class HealthProbeConfigTests
{
    private static AgentConfig Parse(string extra) => AgentConfigLoader.Parse(
        $$"""
        {
          "controlPlaneUrl": "http://127.0.0.1:5080",
          "hostId": "host-1",
          "credential": "cred-0a1b2c3d4e5f",
          {{extra}}
          "servers": [ { "id": "mc", "kind": "minecraft-rcon", "address": "127.0.0.1:25575", "password": "pw" } ]
        }
        """,
        "/etc/gameops/agent.json",
        GameAdapterRegistry.BuiltInKinds);

    [Fact]
    public void Health_probe_runs_every_30_seconds_by_default()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), Parse(string.Empty).HealthProbeInterval);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(3600)]
    public void Health_probe_seconds_within_range_or_zero_are_taken(int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Parse($"\"healthProbeSeconds\": {seconds},").HealthProbeInterval);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    [InlineData(3601)]
    public void Health_probe_seconds_outside_the_range_are_named(int seconds)
    {
        var error = Assert.Throws<AgentConfigException>(() => Parse($"\"healthProbeSeconds\": {seconds},"));

        Assert.Contains("healthProbeSeconds must be between 5 and 3600, or 0 to turn the health probe off", error.Problems);
    }

    [Fact]
    public void Every_source_rcon_game_kind_is_accepted_in_the_config()
    {
        foreach (var kind in new[] { "source-rcon", "minecraft-rcon", "palworld-rcon", "ark-rcon", "factorio-rcon" })
        {
            Assert.True(GameAdapterRegistry.BuiltInKinds.ContainsKey(kind), kind);
        }

        Assert.Equal("minecraft-rcon", Parse(string.Empty).Servers[0].Kind);
    }
}
