using Microsoft.Extensions.Options;

namespace GameOps.Silo.Storage.Postgres;

/// <summary>
/// <c>GameOps.Silo migrate</c>: brings the PostgreSQL schema named by the silo's own configuration up to this build's
/// version and exits, so an operator can migrate before starting silos of a new version.
/// </summary>
public static class MigrateCommand
{
    public const string Name = "migrate";

    /// <summary>Migrates; returns the process's exit code (0: the schema is current).</summary>
    public static async Task<int> RunAsync(WebApplicationBuilder builder)
    {
        builder.Services.AddPostgresDatabase();
        await using var services = builder.Services.BuildServiceProvider();
        PostgresMigrator migrator;
        try
        {
            _ = services.GetRequiredService<IOptions<PostgresStorageOptions>>().Value;
            migrator = services.GetRequiredService<PostgresMigrator>();
        }
        catch (OptionsValidationException invalid)
        {
            await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, invalid.Failures));
            return 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        var applied = await migrator.MigrateAsync(stop.Token);
        var current = PostgresMigration.All[^1];
        Console.WriteLine(applied.Count == 0
            ? $"The schema is current (version {current.Version})."
            : $"Applied {applied.Count} migration(s): {string.Join(", ", applied.Select(m => $"{m.Version} {m.Name}"))}; the schema is at version {current.Version}.");
        return 0;
    }
}
