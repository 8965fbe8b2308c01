using GameOps.AgentProtocol;
using GameOps.AgentProtocol.Policy;

namespace GameOps.EdgeAgent.Tests.Policy;

/// <summary>
/// The property the host relies on: whatever the control plane sends, the effective policy allows a job only when
/// the host's own policy does (and exactly when both do), and its rate limits are never looser than the host's.
/// </summary>
public sealed class PolicyIntersectionFuzzTests
{
    private static readonly string[] Actions = [.. GameActions.ReadOnly, GameActions.ChatSay, GameActions.ConsoleRaw, GameActions.PlayerKick, GameActions.WorldSave, "made.up"];
    private static readonly string[] Arguments = ["message", "command", "player"];
    private static readonly string[] Patterns = ["^[a-z ]*$", "^\\w+$", "x", "quit", "^$", "[0-9]", "(?i)SAY"];
    private static readonly string[] Values = ["", "say hi", "quit", "Bob", "x1", "76561198", "SAY QUIT", "a b c d e f g"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Effective_policy_allows_exactly_what_both_allow_and_is_never_wider(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 500; round++)
        {
            var host = RandomPolicy(random, allowAll: false);
            var controlPlane = RandomPolicy(random, allowAll: random.Next(3) == 0);
            var effective = host.Narrow(controlPlane);

            for (var job = 0; job < 20; job++)
            {
                var action = Pick(random, Actions);
                var arguments = new Dictionary<string, string>();
                foreach (var argument in Arguments.Where(_ => random.Next(2) == 0))
                {
                    arguments[argument] = Pick(random, Values);
                }

                var allowedByBoth = host.Check(action, arguments) is null && controlPlane.Check(action, arguments) is null;
                Assert.Equal(allowedByBoth, effective.Check(action, arguments) is null);
                Assert.Equal(host.Allows(action) && controlPlane.Allows(action), effective.Allows(action));

                if (host.RateLimitFor(action) is { } hostLimit)
                {
                    var effectiveLimit = effective.RateLimitFor(action);
                    Assert.NotNull(effectiveLimit);
                    Assert.True(effectiveLimit.Burst <= hostLimit.Burst && effectiveLimit.PerMinute <= hostLimit.PerMinute);
                }
            }
        }
    }

    private static ServerPolicy RandomPolicy(Random random, bool allowAll) => new()
    {
        AllowedActions = allowAll ? null : [.. Actions.Where(_ => random.Next(3) > 0)],
        ReadOnly = random.Next(4) == 0,
        ArgumentLimits =
        [
            .. Enumerable.Range(0, random.Next(3)).Select(_ => new ArgumentLimit(
                Pick(random, Actions),
                Pick(random, Arguments),
                random.Next(2) == 0 ? null : random.Next(0, 10),
                random.Next(2) == 0 ? [] : [PolicyPattern.Create(Pick(random, Patterns))])),
        ],
        ConsoleDenyPatterns = [.. Enumerable.Range(0, random.Next(3)).Select(_ => PolicyPattern.Create(Pick(random, Patterns), ignoreCase: true))],
        RateLimits =
        [
            .. Actions.Where(_ => random.Next(4) == 0).Select(action => new RateLimit(action, random.Next(1, 10), random.Next(1, 100) / 10.0)),
        ],
    };

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];
}
