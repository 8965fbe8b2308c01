using GameOps.AgentProtocol;
using GameOps.AgentProtocol.Policy;
using GameOps.EdgeAgent.Configuration;
using GameOps.EdgeAgent.Policy;
using Microsoft.Extensions.Time.Testing;

namespace GameOps.EdgeAgent.Tests.Policy;

public sealed class ServerPoliciesTests
{
    private static readonly Dictionary<string, string> Say = new() { ["message"] = "hi" };

    private readonly FakeTimeProvider _clock = new();

    private static GameServerConfig Server(ServerPolicy policy, IReadOnlyList<string>? allowed = null) => new()
    {
        Id = TestConfigs.ServerId,
        Name = "Test game",
        Kind = "source-rcon",
        Address = new ServerAddress("127.0.0.1", 27015),
        Password = "unused",
        AllowedActions = allowed ?? [GameActions.ChatSay, GameActions.PlayersList, GameActions.ConsoleRaw],
        Policy = policy,
    };

    private ServerPolicies Policies(GameServerConfig server) => new(TestConfigs.Agent("/unused/journal.jsonl", [server]), _clock);

    [Fact]
    public void Burst_is_admitted_up_to_its_size_and_the_rest_refused_until_tokens_refill()
    {
        var server = Server(new ServerPolicy { RateLimits = [new RateLimit(GameActions.ChatSay, 3, 6)] });
        var policies = Policies(server);

        var burst = Enumerable.Range(0, 10).Select(_ => policies.Admit(server, GameActions.ChatSay, Say)).ToList();

        Assert.Equal(3, burst.Count(refusal => refusal is null));
        Assert.Equal("refused by policy: rate limit of chat.say (burst 3, 6 per minute) reached; the next one is allowed in 10 s", burst[3]);

        _clock.Advance(TimeSpan.FromSeconds(9.9));
        Assert.NotNull(policies.Admit(server, GameActions.ChatSay, Say));
        _clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Null(policies.Admit(server, GameActions.ChatSay, Say));
        Assert.NotNull(policies.Admit(server, GameActions.ChatSay, Say));
    }

    [Fact]
    public void Rate_limit_of_one_action_leaves_others_alone()
    {
        var server = Server(new ServerPolicy { RateLimits = [new RateLimit(GameActions.ChatSay, 1, 1)] });
        var policies = Policies(server);

        Assert.Null(policies.Admit(server, GameActions.ChatSay, Say));
        Assert.NotNull(policies.Admit(server, GameActions.ChatSay, Say));
        Assert.All(Enumerable.Range(0, 20), _ => Assert.Null(policies.Admit(server, GameActions.PlayersList, Say)));
    }

    [Fact]
    public void Refused_job_takes_no_token()
    {
        var server = Server(new ServerPolicy
        {
            RateLimits = [new RateLimit(GameActions.ChatSay, 1, 1)],
            ArgumentLimits = [new ArgumentLimit(GameActions.ChatSay, "message", 2, [])],
        });
        var policies = Policies(server);

        Assert.NotNull(policies.Admit(server, GameActions.ChatSay, new Dictionary<string, string> { ["message"] = "too long" }));
        Assert.Null(policies.Admit(server, GameActions.ChatSay, Say));
    }

    [Fact]
    public void Control_plane_narrowing_applies_to_the_next_job_and_can_be_lifted()
    {
        var server = Server(ServerPolicy.Unrestricted);
        var policies = Policies(server);

        var effective = policies.Narrow(server.Id, new ServerPolicy { ReadOnly = true });

        Assert.True(effective!.ReadOnly);
        Assert.StartsWith("refused by policy: read-only mode", policies.Admit(server, GameActions.ChatSay, Say), StringComparison.Ordinal);
        policies.Narrow(server.Id, ServerPolicy.Unrestricted);
        Assert.Null(policies.Admit(server, GameActions.ChatSay, Say));
    }

    [Fact]
    public void Control_plane_cannot_allow_what_the_host_does_not()
    {
        var server = Server(ServerPolicy.Unrestricted, allowed: [GameActions.PlayersList]);
        var policies = Policies(server);

        var effective = policies.Narrow(server.Id, new ServerPolicy { AllowedActions = [GameActions.PlayersList, GameActions.ConsoleRaw] });

        Assert.Equal([GameActions.PlayersList], effective!.AllowedActions);
        Assert.NotNull(policies.Admit(server, GameActions.ConsoleRaw, new Dictionary<string, string> { ["command"] = "status" }));
    }

    [Fact]
    public void Narrowed_rate_limit_keeps_the_tokens_already_spent()
    {
        var server = Server(new ServerPolicy { RateLimits = [new RateLimit(GameActions.ChatSay, 5, 1)] });
        var policies = Policies(server);
        Assert.Null(policies.Admit(server, GameActions.ChatSay, Say));
        Assert.Null(policies.Admit(server, GameActions.ChatSay, Say));

        policies.Narrow(server.Id, new ServerPolicy { RateLimits = [new RateLimit(GameActions.ChatSay, 3, 1)] });

        Assert.Null(policies.Admit(server, GameActions.ChatSay, Say));
        Assert.NotNull(policies.Admit(server, GameActions.ChatSay, Say));
    }

    [Fact]
    public void Unknown_server_cannot_be_narrowed()
    {
        var server = Server(ServerPolicy.Unrestricted);

        Assert.Null(Policies(server).Narrow("elsewhere", new ServerPolicy { ReadOnly = true }));
    }
}
