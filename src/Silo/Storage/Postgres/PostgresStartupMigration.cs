using Microsoft.Extensions.Options;

namespace GameOps.Silo.Storage.Postgres;

/// <summary>Brings the schema up to date while the silo starts, before any provider reads its queries.</summary>
public sealed class PostgresStartupMigration(PostgresMigrator migrator, IOptions<PostgresStorageOptions> options) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        if (options.Value.MigrateOnStart)
        {
            lifecycle.Subscribe(nameof(PostgresStartupMigration), ServiceLifecycleStage.RuntimeInitialize, async cancellationToken => await migrator.MigrateAsync(cancellationToken));
        }
    }
}
