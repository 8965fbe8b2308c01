using System.Text.Json.Nodes;
using GameOps.AgentProtocol;
using GameOps.AgentProtocol.Policy;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Configuration;

namespace GameOps.EdgeAgent.Tests.Configuration;

public sealed class PolicyConfigTests
{
    private static JsonObject Json(JsonNode? policy, JsonArray? allowedActions = null)
    {
        var server = new JsonObject
        {
            ["id"] = "cs2",
            ["kind"] = "source-rcon",
            ["address"] = "127.0.0.1:27015",
            ["password"] = "rcon-pw",
        };
        if (allowedActions is not null)
        {
            server["allowedActions"] = allowedActions;
        }

        if (policy is not null)
        {
            server["policy"] = policy;
        }

        return new JsonObject
        {
            ["controlPlaneUrl"] = "http://127.0.0.1:5081",
            ["hostId"] = "host-1",
            ["credential"] = "cred-1",
            ["servers"] = new JsonArray(server),
        };
    }

    private static AgentConfig Parse(JsonObject json) =>
        AgentConfigLoader.Parse(json.ToJsonString(), "/etc/gameops/agent.json", GameAdapterRegistry.BuiltInKinds);

    private static IReadOnlyList<string> Problems(JsonObject json) =>
        Assert.Throws<AgentConfigException>(() => Parse(json)).Problems;

    [Fact]
    public void Console_raw_is_off_unless_listed()
    {
        var server = Parse(Json(policy: null)).Servers[0];

        Assert.DoesNotContain(GameActions.ConsoleRaw, server.AllowedActions);
        Assert.StartsWith("refused by policy: action 'console.raw' is not allowed", server.HostPolicy.Check(GameActions.ConsoleRaw, new Dictionary<string, string> { ["command"] = "status" }), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_rule_is_read_from_the_file()
    {
        var policy = JsonNode.Parse("""
            {
              "readOnly": true,
              "arguments": { "chat.say": { "message": { "maxLength": 200, "pattern": "^[^/]*$" } } },
              "consoleDenyPatterns": [ "^\\s*quit" ],
              "rateLimits": { "chat.say": { "burst": 3, "perMinute": 6 } }
            }
            """);

        var server = Parse(Json(policy, new JsonArray("console.raw", "chat.say"))).Servers[0];

        Assert.True(server.HostPolicy.ReadOnly);
        Assert.Equal([GameActions.ConsoleRaw, GameActions.ChatSay], server.HostPolicy.AllowedActions);
        var limit = Assert.Single(server.HostPolicy.ArgumentLimits);
        Assert.Equal((GameActions.ChatSay, "message", (int?)200, "^[^/]*$"), (limit.Action, limit.Argument, limit.MaxLength, limit.Patterns[0].Source));
        var deny = Assert.Single(server.HostPolicy.ConsoleDenyPatterns);
        Assert.True(deny.IgnoreCase);
        Assert.Equal(new RateLimit(GameActions.ChatSay, 3, 6), server.HostPolicy.RateLimitFor(GameActions.ChatSay));
    }

    [Theory]
    [InlineData("""{ "consoleDenyPatterns": [ "(unclosed" ] }""", "servers[0].policy.consoleDenyPatterns[0] is not a valid regular expression")]
    [InlineData("""{ "arguments": { "chat.say": { "message": { "pattern": "[" } } } }""", "servers[0].policy.arguments['chat.say']['message'].pattern is not a valid regular expression")]
    [InlineData("""{ "arguments": { "chat.say": { "message": { "maxLength": -1 } } } }""", "servers[0].policy.arguments['chat.say']['message'].maxLength must be from 0")]
    [InlineData("""{ "arguments": { "chat.say": { "message": { } } } }""", "servers[0].policy.arguments['chat.say']['message'] must set maxLength, pattern or both")]
    [InlineData("""{ "arguments": { "world.save": { "x": { "maxLength": 1 } } } }""", "servers[0].policy.arguments['world.save']: 'world.save' is not an action of kind 'source-rcon'")]
    [InlineData("""{ "rateLimits": { "chat.say": { "burst": 0, "perMinute": 1 } } }""", "servers[0].policy.rateLimits['chat.say'].burst must be a whole number from 1")]
    [InlineData("""{ "rateLimits": { "chat.say": { "burst": 1 } } }""", "servers[0].policy.rateLimits['chat.say'].perMinute must be a number above 0")]
    [InlineData("""{ "rateLimits": { "chat.say": { "burst": 1, "perMinute": 0 } } }""", "servers[0].policy.rateLimits['chat.say'].perMinute must be a number above 0")]
    public void Invalid_policy_is_refused_at_start_naming_the_field(string policy, string expected)
    {
        var problems = Problems(Json(JsonNode.Parse(policy)));

        Assert.Contains(problems, problem => problem.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Misspelt_policy_setting_is_refused_by_name()
    {
        var exception = Assert.Throws<AgentConfigException>(() => Parse(Json(JsonNode.Parse("""{ "readonly": true }"""))));

        Assert.Contains("readonly", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shipped_example_config_is_valid()
    {
        var example = Path.Combine(RepositoryPaths.Root, "deploy", "agent-policy.example.json");

        var config = AgentConfigLoader.Parse(File.ReadAllText(example), "/etc/gameops/agent.json", GameAdapterRegistry.BuiltInKinds);

        Assert.NotEmpty(config.Servers);
    }
}
