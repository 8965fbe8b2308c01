using GameOps.Silo.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

public sealed class SqliteStorageExtensionsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gameops-sqlite-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Options_default_to_a_durable_local_file()
    {
        var options = new SqliteStorageOptions();

        Assert.Equal("data/gameops.db", options.DatabasePath);
        Assert.Equal(SqliteSynchronousMode.Full, options.Synchronous);
        Assert.Equal(TimeSpan.FromSeconds(5), options.BusyTimeout);
    }

    [Fact]
    public async Task Silo_gets_the_named_grain_storages_and_the_reminder_table()
    {
        var path = Path.Combine(_directory, "store", "gameops.db");
        using var host = BuildHost(new() { ["GameOps:Storage:Sqlite:DatabasePath"] = path, ["GameOps:Storage:Sqlite:Synchronous"] = "normal" });

        try
        {
            Assert.IsType<SqliteGrainStorage>(host.Services.GetRequiredKeyedService<IGrainStorage>("gameops"));
            Assert.IsType<SqliteGrainStorage>(host.Services.GetRequiredKeyedService<IGrainStorage>("PubSubStore"));
            Assert.IsType<SqliteReminderTable>(host.Services.GetRequiredService<IReminderTable>());
            Assert.Equal(path, host.Services.GetRequiredService<SqliteDatabase>().DatabasePath);
            Assert.True(File.Exists(path));
        }
        finally
        {
            await ((IAsyncDisposable)host).DisposeAsync().AsTask().WithTimeout();
        }
    }

    [Fact]
    public async Task Out_of_range_busy_timeout_fails_at_start_naming_the_setting()
    {
        using var host = BuildHost(new()
        {
            ["GameOps:Storage:Sqlite:DatabasePath"] = Path.Combine(_directory, "gameops.db"),
            ["GameOps:Storage:Sqlite:BusyTimeout"] = "01:00:00",
        });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WithTimeout());

        Assert.Contains("GameOps:Storage:Sqlite:BusyTimeout", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_synchronous_mode_fails_at_start_naming_the_setting()
    {
        using var host = BuildHost(new()
        {
            ["GameOps:Storage:Sqlite:DatabasePath"] = Path.Combine(_directory, "gameops.db"),
            ["GameOps:Storage:Sqlite:Synchronous"] = "Sometimes",
        });

        var failure = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => host.StartAsync().WithTimeout());

        Assert.Contains("GameOps:Storage:Sqlite:Synchronous", failure.Message, StringComparison.Ordinal);
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleans(silo => silo.UseLocalhostClustering(TestPorts.Free(), TestPorts.Free()).AddSqliteStorage("gameops", "PubSubStore"));
        return builder.Build();
    }
}
