using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace GameOps.Silo.Storage.Sqlite;

/// <summary>
/// Orleans reminder table on the embedded SQLite database, scoped to the cluster's service id.
/// </summary>
/// <remarks>
/// The ETag is the row's version. A new row starts at a random version, so an ETag held from before a
/// removal never matches a reminder registered again under the same name.
/// </remarks>
public sealed partial class SqliteReminderTable : IReminderTable
{
    private const string Columns = "grain_id, reminder_name, start_at, period, version";

    private const string SelectByGrainSql =
        "SELECT " + Columns + " FROM reminders WHERE service_id = $service_id AND grain_id = $grain_id";

    private const string SelectRowSql =
        "SELECT " + Columns + " FROM reminders WHERE service_id = $service_id AND grain_id = $grain_id AND reminder_name = $reminder_name";

    // The ring range (begin, end]; when begin >= end it wraps past uint.MaxValue (begin == end: the whole ring).
    private const string SelectRangeSql =
        "SELECT " + Columns + " FROM reminders WHERE service_id = $service_id AND grain_hash > $begin AND grain_hash <= $end";

    private const string SelectWrappedRangeSql =
        "SELECT " + Columns + " FROM reminders WHERE service_id = $service_id AND (grain_hash > $begin OR grain_hash <= $end)";

    private const string UpsertSql = """
        INSERT INTO reminders (service_id, grain_id, reminder_name, grain_hash, start_at, period, version)
        VALUES ($service_id, $grain_id, $reminder_name, $grain_hash, $start_at, $period, $version)
        ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE SET
            grain_hash = excluded.grain_hash,
            start_at = excluded.start_at,
            period = excluded.period,
            version = reminders.version + 1
        RETURNING version
        """;

    private const string DeleteSql =
        "DELETE FROM reminders WHERE service_id = $service_id AND grain_id = $grain_id AND reminder_name = $reminder_name AND version = $version";

    private const string ClearSql = "DELETE FROM reminders WHERE service_id = $service_id";

    private readonly SqliteDatabase _database;
    private readonly string _serviceId;
    private readonly ILogger<SqliteReminderTable> _logger;

    /// <summary>Creates the reminder table for the service named by <see cref="ClusterOptions.ServiceId"/>.</summary>
    public SqliteReminderTable(SqliteDatabase database, IOptions<ClusterOptions> clusterOptions, ILogger<SqliteReminderTable> logger)
    {
        ArgumentNullException.ThrowIfNull(clusterOptions);
        _database = database;
        _serviceId = clusterOptions.Value.ServiceId;
        _logger = logger;
    }

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    /// <inheritdoc />
    public async Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken)
    {
        var entries = await _database.ReadAsync(
            (ServiceId: _serviceId, GrainId: grainId.ToString()),
            static (session, args) =>
            {
                var command = session.Command(SelectByGrainSql, "$service_id", "$grain_id");
                command.Parameters[0].Value = args.ServiceId;
                command.Parameters[1].Value = args.GrainId;
                return ReadEntries(command);
            },
            cancellationToken);
        return new ReminderTableData(entries);
    }

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    /// <inheritdoc />
    public async Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
    {
        var entries = await _database.ReadAsync(
            (ServiceId: _serviceId, Begin: begin, End: end),
            static (session, args) =>
            {
                var sql = args.Begin < args.End ? SelectRangeSql : SelectWrappedRangeSql;
                var command = session.Command(sql, "$service_id", "$begin", "$end");
                command.Parameters[0].Value = args.ServiceId;
                command.Parameters[1].Value = (long)args.Begin;
                command.Parameters[2].Value = (long)args.End;
                return ReadEntries(command);
            },
            cancellationToken);
        return new ReminderTableData(entries);
    }

    /// <inheritdoc />
    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    /// <inheritdoc />
    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        var entries = await _database.ReadAsync(
            (ServiceId: _serviceId, GrainId: grainId.ToString(), ReminderName: reminderName),
            static (session, args) =>
            {
                var command = session.Command(SelectRowSql, "$service_id", "$grain_id", "$reminder_name");
                command.Parameters[0].Value = args.ServiceId;
                command.Parameters[1].Value = args.GrainId;
                command.Parameters[2].Value = args.ReminderName;
                return ReadEntries(command);
            },
            cancellationToken);

        return entries.Count == 0 ? null : entries[0];
    }

    /// <inheritdoc />
    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    /// <inheritdoc />
    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var args = new UpsertArgs(
            _serviceId,
            entry.GrainId.ToString(),
            entry.ReminderName,
            entry.GrainId.GetUniformHashCode(),
            ToUtcTicks(entry.StartAt),
            entry.Period.Ticks,
            NewRowVersion());
        var version = await _database.WriteAsync(
            args,
            static (session, args) =>
            {
                var command = session.Command(
                    UpsertSql,
                    "$service_id",
                    "$grain_id",
                    "$reminder_name",
                    "$grain_hash",
                    "$start_at",
                    "$period",
                    "$version");
                var parameters = command.Parameters;
                parameters[0].Value = args.ServiceId;
                parameters[1].Value = args.GrainId;
                parameters[2].Value = args.ReminderName;
                parameters[3].Value = (long)args.GrainHash;
                parameters[4].Value = args.StartAtTicks;
                parameters[5].Value = args.PeriodTicks;
                parameters[6].Value = args.InitialVersion;
                return (long)command.ExecuteScalar()!;
            },
            cancellationToken);

        return version.ToString(CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    /// <inheritdoc />
    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        if (!long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            LogRemoveMismatch(reminderName, grainId);
            return false;
        }

        var removed = await _database.WriteAsync(
            (ServiceId: _serviceId, GrainId: grainId.ToString(), ReminderName: reminderName, Version: version),
            static (session, args) =>
            {
                var command = session.Command(DeleteSql, "$service_id", "$grain_id", "$reminder_name", "$version");
                var parameters = command.Parameters;
                parameters[0].Value = args.ServiceId;
                parameters[1].Value = args.GrainId;
                parameters[2].Value = args.ReminderName;
                parameters[3].Value = args.Version;
                return command.ExecuteNonQuery() == 1;
            },
            cancellationToken);

        if (!removed)
        {
            LogRemoveMismatch(reminderName, grainId);
        }

        return removed;
    }

    /// <inheritdoc />
    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    /// <inheritdoc />
    public Task TestOnlyClearTable(CancellationToken cancellationToken) =>
        _database.WriteAsync(
            _serviceId,
            static (session, serviceId) =>
            {
                var command = session.Command(ClearSql, "$service_id");
                command.Parameters[0].Value = serviceId;
                return command.ExecuteNonQuery();
            },
            cancellationToken);

    private static List<ReminderEntry> ReadEntries(SqliteCommand command)
    {
        var entries = new List<ReminderEntry>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0), CultureInfo.InvariantCulture),
                ReminderName = reader.GetString(1),
                StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(reader.GetInt64(3)),
                ETag = reader.GetInt64(4).ToString(CultureInfo.InvariantCulture),
            });
        }

        return entries;
    }

    // Orleans computes StartAt in UTC; a time without a kind is taken as UTC rather than shifted.
    private static long ToUtcTicks(DateTime time) =>
        time.Kind == DateTimeKind.Local ? time.ToUniversalTime().Ticks : time.Ticks;

#pragma warning disable CA5394 // Not security-relevant: only needs to differ from the version before a removal.
    private static long NewRowVersion() => Random.Shared.NextInt64(1, 1L << 52);
#pragma warning restore CA5394

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reminder {ReminderName} of grain {GrainId} was not removed: it is missing or its ETag has changed")]
    private partial void LogRemoveMismatch(string reminderName, GrainId grainId);

    private readonly record struct UpsertArgs(
        string ServiceId,
        string GrainId,
        string ReminderName,
        uint GrainHash,
        long StartAtTicks,
        long PeriodTicks,
        long InitialVersion);
}
