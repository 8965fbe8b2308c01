using GameOps.Grains.ServerConsole;
using GameOps.Silo.ServerConsole;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Tests.ServerConsole;

/// <summary>The console settings an operator gives are checked where the silo binds them, each out-of-range one named.</summary>
public sealed class ConsoleOptionsTests
{
    [Theory]
    [InlineData("WriteInterval", "00:00:00.200", "GameOps:Console:WriteInterval must be between 0 and 0.1 seconds.")]
    [InlineData("WindowAckInterval", "00:00:01", "GameOps:Console:WindowAckInterval must be between 0 and 0.5 seconds.")]
    [InlineData("AckInterval", "00:00:02", "GameOps:Console:AckInterval must be between 0 and 1 second.")]
    public void A_setting_out_of_its_range_is_refused_with_its_name(string setting, string value, string message)
    {
        using var services = Bound(new() { [$"{ConsoleOptions.Section}:{setting}"] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ConsoleOptions>>().Value);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_in_range_are_taken_as_given()
    {
        using var services = Bound(new()
        {
            [$"{ConsoleOptions.Section}:WriteInterval"] = "00:00:00.050",
            [$"{ConsoleOptions.Section}:WindowAckInterval"] = "00:00:00",
        });

        var options = services.GetRequiredService<IOptions<ConsoleOptions>>().Value;

        Assert.Equal(TimeSpan.FromMilliseconds(50), options.WriteInterval);
        Assert.Equal(TimeSpan.Zero, options.WindowAckInterval);
    }

    private static ServiceProvider Bound(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddGameOpsConsole()
            .BuildServiceProvider();
}
