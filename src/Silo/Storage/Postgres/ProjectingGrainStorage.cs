using System.Transactions;
using Npgsql;
using Orleans.Storage;

namespace GameOps.Silo.Storage.Postgres;

/// <summary>
/// Orleans' ADO.NET grain storage with the state's projected rows (<see cref="IPostgresStateProjection"/>) written in
/// the same transaction. The provider opens its own connections from the shared data source; inside a transaction scope
/// Npgsql hands the second open the connection already enlisted, so both writes commit once, on one connection.
/// </summary>
public sealed class ProjectingGrainStorage(
    IGrainStorage inner, NpgsqlDataSource dataSource, IEnumerable<IPostgresStateProjection> projections)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly IPostgresStateProjection[] _projections = [.. projections];

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var rows = _projections.Select(projection => projection.Prepare(stateName, grainId, grainState.State)).OfType<NpgsqlBatchCommand>().ToList();
        if (rows.Count == 0)
        {
            await inner.WriteStateAsync(stateName, grainId, grainState);
            return;
        }

        using var scope = new TransactionScope(
            TransactionScopeOption.Required,
            new TransactionOptions { IsolationLevel = IsolationLevel.ReadCommitted },
            TransactionScopeAsyncFlowOption.Enabled);
        await inner.WriteStateAsync(stateName, grainId, grainState);
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var batch = new NpgsqlBatch(connection))
        {
            foreach (var row in rows)
            {
                batch.BatchCommands.Add(row);
            }

            await batch.ExecuteNonQueryAsync();
        }

        scope.Complete();
    }

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}
