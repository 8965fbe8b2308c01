using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GameOps.Silo.Storage.Postgres;

/// <summary>
/// Makes a new cluster's first Data Protection key while the silo starts, one silo at a time. Silos starting together
/// on an empty <c>data_protection_keys</c> would otherwise each make a key, and one that read the ring before the
/// other stored could not read what the other protected until its cached ring expired.
/// </summary>
public sealed class PostgresFirstKey(NpgsqlDataSource dataSource, IKeyManager keys, IOptions<KeyManagementOptions> options, TimeProvider clock)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private const long AdvisoryLockKey = 0x47616D654F70734B;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresFirstKey), ServiceLifecycleStage.RuntimeInitialize + 1, EnsureAsync);

    /// <summary>Makes the first key if the ring holds none; waits for, then keeps, one another silo is making.</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", connection, transaction))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM data_protection_keys)", connection, transaction);
        if (await exists.ExecuteScalarAsync(cancellationToken) is false)
        {
            // Stored through the repository on its own connection and committed before this lock is let go.
            var now = clock.GetUtcNow();
            keys.CreateNewKey(now, now + options.Value.NewKeyLifetime);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
