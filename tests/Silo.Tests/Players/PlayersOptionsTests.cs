using GameOps.Grains.Players;
using GameOps.Silo.Players;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Tests.Players;

public sealed class PlayersOptionsTests
{
    [Theory]
    [InlineData("SessionRetention", "23:59:59")]
    [InlineData("SessionRetention", "3651.00:00:00")]
    [InlineData("SessionSweepInterval", "00:00:00")]
    [InlineData("SessionSweepInterval", "1.00:00:01")]
    public void An_out_of_range_session_setting_is_refused_naming_it(string setting, string value)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Bind(setting, value));

        Assert.Contains($"GameOps:Players:{setting}", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sessions_are_kept_90_days_unless_configured()
    {
        Assert.Equal(TimeSpan.FromDays(90), Bind("SessionSweepInterval", "00:10:00").SessionRetention);
        Assert.Equal(TimeSpan.FromDays(400), Bind("SessionRetention", "400.00:00:00").SessionRetention);
    }

    private static PlayersOptions Bind(string setting, string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{PlayersOptions.Section}:{setting}"] = value })
            .Build();
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddGameOpsPlayers()
            .BuildServiceProvider();
        return provider.GetRequiredService<IOptions<PlayersOptions>>().Value;
    }
}
