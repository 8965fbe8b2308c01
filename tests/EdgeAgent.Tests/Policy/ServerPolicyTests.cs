using GameOps.AgentProtocol;
using GameOps.AgentProtocol.Policy;

namespace GameOps.EdgeAgent.Tests.Policy;

public sealed class ServerPolicyTests
{
    private static readonly Dictionary<string, string> NoArguments = [];

    private static Dictionary<string, string> Args(string name, string value) => new() { [name] = value };

    [Fact]
    public void Allowed_actions_allow_what_they_list_and_refuse_the_rest()
    {
        var policy = new ServerPolicy { AllowedActions = [GameActions.PlayersList, GameActions.ChatSay] };

        Assert.Null(policy.Check(GameActions.ChatSay, NoArguments));
        Assert.Equal(
            "refused by policy: action 'player.ban' is not allowed (allowed: players.list, chat.say)",
            policy.Check(GameActions.PlayerBan, NoArguments));
    }

    [Fact]
    public void Empty_allowed_actions_refuse_everything()
    {
        var policy = new ServerPolicy { AllowedActions = [] };

        Assert.Equal("refused by policy: action 'players.list' is not allowed: this server allows no actions", policy.Check(GameActions.PlayersList, NoArguments));
    }

    [Fact]
    public void Read_only_mode_runs_reads_and_refuses_writes()
    {
        var policy = new ServerPolicy { ReadOnly = true };

        Assert.All(GameActions.ReadOnly, action => Assert.Null(policy.Check(action, NoArguments)));
        Assert.Equal(
            "refused by policy: read-only mode allows only players.list, server.stats, server.status, server.time, server.version, not 'world.save'",
            policy.Check(GameActions.WorldSave, NoArguments));
    }

    [Fact]
    public void Argument_longer_than_its_limit_is_refused_and_one_at_the_limit_runs()
    {
        var policy = new ServerPolicy { ArgumentLimits = [new ArgumentLimit(GameActions.ChatSay, "message", 5, [])] };

        Assert.Null(policy.Check(GameActions.ChatSay, Args("message", "hello")));
        Assert.Equal(
            "refused by policy: argument 'message' of chat.say is 6 characters, more than the limit of 5",
            policy.Check(GameActions.ChatSay, Args("message", "hello!")));
    }

    [Fact]
    public void Argument_that_does_not_match_its_pattern_is_refused()
    {
        var policy = new ServerPolicy { ArgumentLimits = [new ArgumentLimit(GameActions.PlayerKick, "player", null, [PolicyPattern.Create("^[0-9]+$")])] };

        Assert.Null(policy.Check(GameActions.PlayerKick, Args("player", "76561198000000001")));
        Assert.Equal(
            "refused by policy: argument 'player' of player.kick does not match the pattern '^[0-9]+$'",
            policy.Check(GameActions.PlayerKick, Args("player", "Bob")));
    }

    [Fact]
    public void Argument_limit_leaves_other_actions_and_absent_arguments_alone()
    {
        var policy = new ServerPolicy { ArgumentLimits = [new ArgumentLimit(GameActions.PlayerKick, "reason", 3, [PolicyPattern.Create("^x$")])] };

        Assert.Null(policy.Check(GameActions.PlayerKick, Args("player", "Bob")));
        Assert.Null(policy.Check(GameActions.ChatSay, Args("reason", "a long reason")));
    }

    [Fact]
    public void Console_deny_pattern_refuses_a_matching_command_whatever_its_case()
    {
        var policy = new ServerPolicy { ConsoleDenyPatterns = [PolicyPattern.Create(@"^\s*shutdown\b", ignoreCase: true)] };

        Assert.Null(policy.Check(GameActions.ConsoleRaw, Args(GameActions.ConsoleRawCommand, "say shutdown soon")));
        Assert.Equal(
            "refused by policy: console.raw deny pattern '^\\s*shutdown\\b' matched",
            policy.Check(GameActions.ConsoleRaw, Args(GameActions.ConsoleRawCommand, "  SHUTDOWN now")));
    }

    [Fact]
    public void Pattern_that_runs_past_its_match_timeout_refuses_instead_of_hanging()
    {
        var policy = new ServerPolicy { ConsoleDenyPatterns = [PolicyPattern.Create("^(a+)+$")] };
        var started = DateTime.UtcNow;

        var refusal = policy.Check(GameActions.ConsoleRaw, Args(GameActions.ConsoleRawCommand, new string('a', 40) + "!"));

        Assert.Equal("refused by policy: console.raw deny pattern '^(a+)+$' took too long to match", refusal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("(unclosed", "is not a valid regular expression")]
    [InlineData("", "must be a non-empty regular expression")]
    public void Unusable_pattern_is_refused_with_the_reason(string source, string expected)
    {
        Assert.False(PolicyPattern.TryCreate(source, ignoreCase: false, out _, out var error));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Narrowing_keeps_the_stricter_rate_limit_of_each_action()
    {
        var host = new ServerPolicy { RateLimits = [new RateLimit(GameActions.ChatSay, 5, 2)] };
        var controlPlane = new ServerPolicy { RateLimits = [new RateLimit(GameActions.ChatSay, 10, 1), new RateLimit(GameActions.WorldSave, 1, 1)] };

        var effective = host.Narrow(controlPlane);

        Assert.Equal(new RateLimit(GameActions.ChatSay, 5, 1), effective.RateLimitFor(GameActions.ChatSay));
        Assert.Equal(new RateLimit(GameActions.WorldSave, 1, 1), effective.RateLimitFor(GameActions.WorldSave));
    }

    [Fact]
    public void Narrowing_by_an_unrestricted_policy_changes_nothing()
    {
        var host = new ServerPolicy { AllowedActions = [GameActions.PlayersList] };

        var effective = host.Narrow(ServerPolicy.Unrestricted);

        Assert.Equal([GameActions.PlayersList], effective.AllowedActions);
        Assert.False(effective.ReadOnly);
    }
}
