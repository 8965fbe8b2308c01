using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using GameOps.Grains.Observability;
using Microsoft.Data.Sqlite;
using Orleans.Storage;

namespace GameOps.Silo.Storage.Sqlite;

/// <summary>
/// Orleans grain storage on the embedded SQLite database, one row per (provider, grain, state name).
/// </summary>
/// <remarks>
/// The ETag is the row's version. A null ETag means "insert only"; any other ETag must match the stored
/// version, or the call throws <see cref="InconsistentStateException"/>. A new row starts at a random
/// version, so an ETag held from before a clear never matches the row written after it.
/// </remarks>
public sealed partial class SqliteGrainStorage : IGrainStorage
{
    private const string SelectSql =
        "SELECT version, payload FROM grain_state WHERE provider = $provider AND grain_id = $grain_id AND state_name = $state_name";

    private const string SelectVersionSql =
        "SELECT version FROM grain_state WHERE provider = $provider AND grain_id = $grain_id AND state_name = $state_name";

    private const string InsertSql =
        "INSERT INTO grain_state (provider, grain_id, state_name, version, payload) VALUES ($provider, $grain_id, $state_name, $version, $payload) ON CONFLICT DO NOTHING";

    private const string UpdateSql =
        "UPDATE grain_state SET version = $version, payload = $payload WHERE provider = $provider AND grain_id = $grain_id AND state_name = $state_name AND version = $expected";

    private const string DeleteSql =
        "DELETE FROM grain_state WHERE provider = $provider AND grain_id = $grain_id AND state_name = $state_name AND version = $expected";

    private readonly string _name;
    private readonly SqliteDatabase _database;
    private readonly IGrainStorageSerializer _serializer;
    private readonly ILogger<SqliteGrainStorage> _logger;
    private readonly ISqliteStateProjection[] _projections;
    private readonly GameOpsMetrics? _metrics;

    /// <summary>Creates the storage provider registered as <paramref name="name"/>.</summary>
    /// <param name="projections">Rows written with a state, in its transaction (see <see cref="ISqliteStateProjection"/>).</param>
    public SqliteGrainStorage(
        string name,
        SqliteDatabase database,
        IGrainStorageSerializer serializer,
        ILogger<SqliteGrainStorage> logger,
        IEnumerable<ISqliteStateProjection>? projections = null,
        GameOpsMetrics? metrics = null)
    {
        _metrics = metrics;
        _projections = projections?.ToArray() ?? [];
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _name = name;
        _database = database;
        _serializer = serializer;
        _logger = logger;
    }

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var key = new StateKey(_name, grainId.ToString(), stateName);
        var row = await _database.ReadAsync(key, static (session, key) => ReadRow(session, key), cancellationToken);
        if (row is not { } stored)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = _serializer.Deserialize<T>(new BinaryData(stored.Payload));
        grainState.ETag = FormatETag(stored.Version);
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var key = new StateKey(_name, grainId.ToString(), stateName);
        if (!TryParseETag(grainState.ETag, out var expected))
        {
            throw await ConflictAsync("write", key, grainState.ETag, cancellationToken);
        }

        var newVersion = expected is { } current ? current + 1 : NewRowVersion();
        var payload = ToArray(_serializer.Serialize(grainState.State));
        var rows = Project(stateName, grainId, grainState.State, payload);
        var outcome = await _database.WriteAsync(
            new WriteArgs(key, expected, newVersion, payload, rows),
            static (session, args) => Write(session, args),
            cancellationToken);

        if (!outcome.Succeeded)
        {
            throw Conflict("write", key, outcome.StoredVersion, grainState.ETag);
        }

        grainState.ETag = FormatETag(newVersion);
        grainState.RecordExists = true;
        if (_metrics is { } metrics)
        {
            metrics.StateWritten(stateName, payload.Length + Encoding.UTF8.GetByteCount(key.GrainId) + Encoding.UTF8.GetByteCount(stateName));
            foreach (var row in rows)
            {
                metrics.RowsWritten(row.Table, row.Count, row.PayloadBytes);
            }
        }
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var key = new StateKey(_name, grainId.ToString(), stateName);
        if (!TryParseETag(grainState.ETag, out var expected))
        {
            throw await ConflictAsync("clear", key, grainState.ETag, cancellationToken);
        }

        if (expected is { } version)
        {
            var outcome = await _database.WriteAsync(
                new DeleteArgs(key, version),
                static (session, args) => Delete(session, args),
                cancellationToken);
            if (!outcome.Succeeded)
            {
                throw Conflict("clear", key, outcome.StoredVersion, grainState.ETag);
            }
        }
        else
        {
            // Without an ETag the caller believes there is no row; clearing is a no-op only if that holds.
            var stored = await _database.ReadAsync(key, static (session, key) => ReadVersion(session, key), cancellationToken);
            if (stored is not null)
            {
                throw Conflict("clear", key, stored, grainState.ETag);
            }
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private static StoredRow? ReadRow(SqliteSession session, StateKey key)
    {
        var command = session.Command(SelectSql, "$provider", "$grain_id", "$state_name");
        BindKey(command, key);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new StoredRow(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1));
    }

    private static long? ReadVersion(SqliteSession session, StateKey key)
    {
        var command = session.Command(SelectVersionSql, "$provider", "$grain_id", "$state_name");
        BindKey(command, key);
        return command.ExecuteScalar() is long version ? version : null;
    }

    private static Outcome Write(SqliteSession session, WriteArgs args)
    {
        SqliteCommand command;
        if (args.Expected is { } expected)
        {
            command = session.Command(UpdateSql, "$provider", "$grain_id", "$state_name", "$version", "$payload", "$expected");
            command.Parameters[5].Value = expected;
        }
        else
        {
            command = session.Command(InsertSql, "$provider", "$grain_id", "$state_name", "$version", "$payload");
        }

        BindKey(command, args.Key);
        command.Parameters[3].Value = args.NewVersion;
        command.Parameters[4].Value = args.Payload;
        try
        {
            if (command.ExecuteNonQuery() != 1)
            {
                return new Outcome(false, ReadVersion(session, args.Key));
            }
        }
        finally
        {
            // The cached command must not keep the last state alive.
            command.Parameters[4].Value = DBNull.Value;
        }

        foreach (var row in args.Rows)
        {
            row.Write(session);
        }

        return Outcome.Success;
    }

    private ISqliteProjectedRow[] Project<T>(string stateName, GrainId grainId, T state, byte[] payload)
    {
        if (_projections.Length == 0)
        {
            return [];
        }

        List<ISqliteProjectedRow>? rows = null;
        foreach (var projection in _projections)
        {
            if (projection.Prepare(stateName, grainId, state, payload) is { } row)
            {
                (rows ??= []).Add(row);
            }
        }

        return rows?.ToArray() ?? [];
    }

    private static Outcome Delete(SqliteSession session, DeleteArgs args)
    {
        var command = session.Command(DeleteSql, "$provider", "$grain_id", "$state_name", "$expected");
        BindKey(command, args.Key);
        command.Parameters[3].Value = args.Expected;
        return command.ExecuteNonQuery() == 1 ? Outcome.Success : new Outcome(false, ReadVersion(session, args.Key));
    }

    private static void BindKey(SqliteCommand command, StateKey key)
    {
        var parameters = command.Parameters;
        parameters[0].Value = key.Provider;
        parameters[1].Value = key.GrainId;
        parameters[2].Value = key.StateName;
    }

    private static bool TryParseETag(string? etag, out long? version)
    {
        if (etag is null)
        {
            version = null;
            return true;
        }

        if (long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            version = parsed;
            return true;
        }

        version = null;
        return false;
    }

    private static string FormatETag(long version) => version.ToString(CultureInfo.InvariantCulture);

    // Random rather than 1: see the remarks on the class. 2^52 keeps versions exact in any JSON reader.
#pragma warning disable CA5394 // Not security-relevant: only needs to differ from the version before a clear.
    private static long NewRowVersion() => Random.Shared.NextInt64(1, 1L << 52);
#pragma warning restore CA5394

    private static byte[] ToArray(BinaryData data) =>
        MemoryMarshal.TryGetArray(data.ToMemory(), out var segment)
            && segment.Array is { } array
            && segment.Offset == 0
            && segment.Count == array.Length
            ? array
            : data.ToArray();

    private async Task<InconsistentStateException> ConflictAsync(string operation, StateKey key, string? etag, CancellationToken cancellationToken)
    {
        var stored = await _database.ReadAsync(key, static (session, key) => ReadVersion(session, key), cancellationToken);
        return Conflict(operation, key, stored, etag);
    }

    private InconsistentStateException Conflict(string operation, StateKey key, long? storedVersion, string? etag)
    {
        var storedETag = storedVersion is { } version ? FormatETag(version) : null;
        LogConflict(operation, key.StateName, key.GrainId, _name, storedETag ?? "none", etag ?? "none");
        return new InconsistentStateException(
            $"ETag mismatch on {operation} of state '{key.StateName}' for grain {key.GrainId} in storage '{_name}': stored ETag {storedETag ?? "none"}, grain's ETag {etag ?? "none"}.",
            storedETag,
            etag);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "ETag conflict on {Operation} of state {StateName} for grain {GrainId} in storage {ProviderName}: stored {StoredETag}, grain's {CurrentETag}")]
    private partial void LogConflict(string operation, string stateName, string grainId, string providerName, string storedETag, string currentETag);

    private readonly record struct StateKey(string Provider, string GrainId, string StateName);

    private readonly record struct StoredRow(long Version, byte[] Payload);

    private readonly record struct WriteArgs(StateKey Key, long? Expected, long NewVersion, byte[] Payload, ISqliteProjectedRow[] Rows);

    private readonly record struct DeleteArgs(StateKey Key, long Expected);

    private readonly record struct Outcome(bool Succeeded, long? StoredVersion)
    {
        public static Outcome Success => new(true, null);
    }
}
