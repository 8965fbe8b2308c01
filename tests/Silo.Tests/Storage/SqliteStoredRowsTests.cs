using System.Collections.Immutable;
using System.Text.RegularExpressions;
using GameOps.AgentProtocol;
using GameOps.Grains;
using GameOps.Grains.Audit;
using GameOps.Grains.GameServers;
using GameOps.Grains.Jobs;
using GameOps.Silo.Storage;
using GameOps.Silo.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Orleans.Serialization;

namespace GameOps.Silo.Tests.Storage;

/// <summary>
/// What the job history and audit rows hold in the SQLite file: the job's state bytes once, audit entries in their own
/// layout, rows of the earlier formats still read, and every listing and retention delete on an index.
/// </summary>
public sealed partial class SqliteStoredRowsTests : IDisposable
{
    private static readonly Serializer Serializer = SqliteTestDatabase.Serializer;

    private static readonly DateTimeOffset Now = new(2026, 12, 4, 21, 0, 0, TimeSpan.Zero);

    private readonly SqliteTestDatabase _db = new();
    private readonly SqliteJobHistory _history;
    private readonly SqliteAuditLog _audit;

    public SqliteStoredRowsTests()
    {
        _history = new SqliteJobHistory(_db.Database, Serializer);
        _audit = new SqliteAuditLog(_db.Database, Serializer);
    }

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task A_history_row_holds_the_bytes_the_job_state_was_stored_with()
    {
        var jobId = Guid.CreateVersion7(Now);
        await _db.Storage(_history).WriteStateAsync(SqliteJobHistory.JobStateName, JobGrainId(jobId), new TestGrainState<JobGrainState> { State = Job(Now, "org-a") }).WithTimeout();

        var state = await ScalarAsync<byte[]>("SELECT payload FROM grain_state WHERE state_name = 'job'");
        var history = await ScalarAsync<byte[]>("SELECT payload FROM job_history");

        Assert.Equal([SqliteJobHistory.StatePayloadFormat, .. state], history);
    }

    [Fact]
    public async Task History_rows_stored_as_the_jobs_view_still_list_beside_new_rows()
    {
        var oldId = Guid.CreateVersion7(Now.AddMinutes(-1));
        var oldJob = Job(Now.AddMinutes(-1), "org-a", arguments: ImmutableDictionary<string, string>.Empty.Add("message", "héllo"));
        oldJob.State = JobState.Succeeded;
        oldJob.Output = "said";
        oldJob.FinishedAt = Now;
        var oldView = oldJob.ToView(oldId);
        await ExecuteAsync(
            "INSERT INTO job_history (job_id, org_id, host_id, server_id, action, state, actor_id, created_at, payload) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            oldId.ToString("D"), oldView.OrgId, oldView.HostId, oldView.ServerId, oldView.Action, (int)oldView.State, oldView.RequestedBy.Id,
            oldView.CreatedAt.UtcTicks, Serializer.SerializeToArray(oldView));
        var newId = Guid.CreateVersion7(Now);
        var newJob = Job(Now, "org-a");
        await _db.Storage(_history).WriteStateAsync(SqliteJobHistory.JobStateName, JobGrainId(newId), new TestGrainState<JobGrainState> { State = newJob }).WithTimeout();

        var jobs = (await _history.ListAsync(new JobHistoryQuery("org-a", 10)).WithTimeout()).Jobs;

        Assert.Equal([newId, oldId], jobs.Select(job => job.Id));
        AssertSameView(newJob.ToView(newId), jobs[0]);
        AssertSameView(oldView, jobs[1]);
    }

    [Fact]
    public async Task Audit_rows_stored_by_Orleans_serializer_still_list_beside_new_rows()
    {
        var old = Entry(Now.AddMinutes(-1), "org-a", new Actor(ActorKind.Web, "user-1", "10.0.0.7"), "host/h1");
        await ExecuteAsync(
            "INSERT INTO audit_log (entry_id, org_id, at, actor_id, target, payload) VALUES ($1, $2, $3, $4, $5, $6)",
            old.Id.ToString("D"), old.OrgId, old.At.UtcTicks, old.Actor.Id, old.Target, Serializer.SerializeToArray(old));
        var current = Entry(Now, "org-a", new Actor(ActorKind.Api, "key-1"), "host/h1/server/main/policy");
        await WriteAuditAsync(current);

        var listed = (await _audit.ListAsync(new AuditQuery("org-a", 10)).WithTimeout()).Entries;

        Assert.Equal([current, old], listed);
    }

    [Fact]
    public void An_audit_payload_reads_back_as_its_entry_and_is_smaller_than_the_general_serialization()
    {
        var entry = Entry(
            new DateTimeOffset(2026, 12, 4, 22, 30, 0, TimeSpan.FromHours(-5)), "org-a", new Actor(ActorKind.Discord, "user-ü", null),
            "job/" + Guid.NewGuid().ToString("D"), changes: "{\"output\":\"" + new string('ß', 300) + "\"}");

        var payload = AuditPayload.Write(entry);
        var read = AuditPayload.Read(entry.Id, entry.OrgId, entry.At.UtcTicks, entry.Actor.Id, entry.Target, payload);

        Assert.Equal(entry, read);
        Assert.Equal(entry.At.Offset, read.At.Offset);
        Assert.True(
            payload.Length < Serializer.SerializeToArray(entry).Length - 60,
            $"{payload.Length} bytes against {Serializer.SerializeToArray(entry).Length} by Orleans' serializer");
    }

    [Fact]
    public void Rows_of_the_earlier_formats_never_begin_with_a_new_format_byte()
    {
        var view = Job(Now, "org-a").ToView(Guid.NewGuid());
        var entry = Entry(Now, "org-a", new Actor(ActorKind.Api, "key-1"), "host/h1");

        // A top-level Orleans field header carries field id delta 0 in its low three bits.
        Assert.Equal(0, Serializer.SerializeToArray(view)[0] & 0b111);
        Assert.Equal(0, Serializer.SerializeToArray(entry)[0] & 0b111);
        Assert.NotEqual(0, SqliteJobHistory.StatePayloadFormat & 0b111);
        Assert.NotEqual(0, AuditPayload.Format & 0b111);
    }

    [Fact]
    public async Task Every_listing_and_retention_delete_is_planned_on_an_index()
    {
        var plans = new Dictionary<string, string>
        {
            ["history by org"] = await PlanAsync(SqliteJobHistory.OrgSql),
            ["history by host"] = await PlanAsync(SqliteJobHistory.HostSql),
            ["history sweep"] = await PlanAsync(SqliteJobHistory.DeleteSql),
            ["audit by org"] = await PlanAsync(SqliteAuditLog.ListSql),
            ["audit sweep"] = await PlanAsync(SqliteAuditLog.DeleteSql),
        };

        Assert.All(plans, plan => Assert.DoesNotMatch(FullScan(), plan.Value));
        Assert.Contains("USING INDEX ix_job_history_org (org_id=?)", plans["history by org"], StringComparison.Ordinal);
        Assert.Contains("USING INDEX ix_job_history_host_created (host_id=?)", plans["history by host"], StringComparison.Ordinal);
        Assert.Contains("USING COVERING INDEX ix_job_history_org (org_id=? AND created_at<?)", plans["history sweep"], StringComparison.Ordinal);
        Assert.Contains("USING INDEX ix_audit_log_org (org_id=?)", plans["audit by org"], StringComparison.Ordinal);
        Assert.Contains("USING COVERING INDEX ix_audit_log_org (org_id=? AND at<?)", plans["audit sweep"], StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", string.Concat(plans.Values), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_of_the_earlier_schema_loses_the_indexes_no_query_uses_and_keeps_its_rows()
    {
        var jobId = Guid.CreateVersion7(Now);
        await _db.Storage(_history).WriteStateAsync(SqliteJobHistory.JobStateName, JobGrainId(jobId), new TestGrainState<JobGrainState> { State = Job(Now, "org-a", host: "h7") }).WithTimeout();
        await ExecuteAsync("""
            DROP INDEX ix_job_history_host_created;
            CREATE INDEX ix_job_history_host ON job_history (host_id, server_id, created_at, job_id);
            CREATE INDEX ix_job_history_created ON job_history (created_at);
            CREATE INDEX ix_audit_log_at ON audit_log (at);
            PRAGMA user_version = 1;
            """);

        await _db.ReopenAsync();

        Assert.Equal(
            ["ix_audit_log_org", "ix_job_history_host_created", "ix_job_history_org", "sqlite_autoindex_audit_log_1", "sqlite_autoindex_job_history_1"],
            await IndexesAsync());
        var history = new SqliteJobHistory(_db.Database, Serializer);
        Assert.Equal(jobId, Assert.Single((await history.ListAsync(new JobHistoryQuery("org-a", 10, HostId: "h7")).WithTimeout()).Jobs).Id);
    }

    [Fact]
    public async Task Sweeps_delete_the_old_rows_of_every_org_and_keep_the_recent()
    {
        var cutoff = Now.AddDays(-30);
        var storage = _db.Storage(_history, _audit);
        var kept = new List<Guid>();
        foreach (var org in new[] { "org-a", "org-b", "_platform" })
        {
            foreach (var createdAt in new[] { cutoff.AddDays(-2), cutoff.AddTicks(-1), cutoff, Now })
            {
                var jobId = Guid.CreateVersion7(createdAt);
                var job = Job(createdAt, org);
                ((IAuditedState)job).UnwrittenAudit.Add(Entry(createdAt, org, new Actor(ActorKind.Api, "key-1"), $"job/{jobId:D}"));
                await storage.WriteStateAsync(SqliteJobHistory.JobStateName, JobGrainId(jobId), new TestGrainState<JobGrainState> { State = job }).WithTimeout();
                if (createdAt >= cutoff)
                {
                    kept.Add(jobId);
                }
            }
        }

        Assert.Equal(6, await _history.DeleteCreatedBeforeAsync(cutoff).WithTimeout());
        Assert.Equal(6, await _audit.DeleteBeforeAsync(cutoff).WithTimeout());

        Assert.Equal(kept.Order(), (await ColumnAsync("SELECT job_id FROM job_history")).Select(Guid.Parse).Order());
        Assert.Equal(6, (await ColumnAsync("SELECT entry_id FROM audit_log")).Count);
        Assert.Equal(0, await _history.DeleteCreatedBeforeAsync(cutoff).WithTimeout());
    }

    private static void AssertSameView(JobView expected, JobView actual)
    {
        Assert.Equal(expected.Arguments.OrderBy(pair => pair.Key), actual.Arguments.OrderBy(pair => pair.Key));
        Assert.Equal(expected with { Arguments = actual.Arguments }, actual);
    }

    private async Task WriteAuditAsync(AuditEntry entry)
    {
        var state = new GameServerState { OrgId = entry.OrgId };
        ((IAuditedState)state).UnwrittenAudit.Add(entry);
        await _db.Storage(_audit).WriteStateAsync("server", GrainId.Create("server", "h1/main"), new TestGrainState<GameServerState> { State = state }).WithTimeout();
    }

    private async Task<string> PlanAsync(string sql)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The storage's own SQL.
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
#pragma warning restore CA2100
        foreach (var name in Parameter().Matches(sql).Select(match => match.Value).Distinct())
        {
            command.Parameters.AddWithValue(name, DBNull.Value);
        }

        var lines = new List<string>();
        using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(3));
        }

        return string.Join('\n', lines);
    }

    private async Task<List<string>> IndexesAsync() =>
        [.. (await ColumnAsync("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('job_history', 'audit_log')")).Order(StringComparer.Ordinal)];

    private async Task<List<string>> ColumnAsync(string sql)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The test's own SQL.
        command.CommandText = sql;
#pragma warning restore CA2100
        var values = new List<string>();
        using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The test's own SQL.
        command.CommandText = sql;
#pragma warning restore CA2100
        using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return reader.GetFieldValue<T>(0);
    }

    private async Task ExecuteAsync(string sql, params object[] values)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The test's own SQL.
        command.CommandText = sql;
#pragma warning restore CA2100
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("$" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), values[i]);
        }

        await command.ExecuteNonQueryAsync();
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection($"Data Source={_db.DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }

    private static JobGrainState Job(DateTimeOffset createdAt, string org, string host = "h1", ImmutableDictionary<string, string>? arguments = null) => new()
    {
        Spec = new JobSpec(
            org, host, "main", GameActions.ChatSay, arguments ?? ImmutableDictionary<string, string>.Empty.Add("message", "hi"),
            new Actor(ActorKind.Api, "key-1", "127.0.0.1"), createdAt, createdAt.AddMinutes(1), IdempotencyKey: "idem-1"),
        State = JobState.Queued,
    };

    private static AuditEntry Entry(DateTimeOffset at, string org, Actor actor, string target, string changes = "{\"name\":\"x\"}") =>
        new(Guid.CreateVersion7(at), org, at, actor, AuditEntries.Via(actor), target, AuditActions.JobSubmit, "Changed something.", changes);

    private static GrainId JobGrainId(Guid jobId) => GrainId.Create(GrainType.Create("job"), GrainIdKeyExtensions.CreateGuidKey(jobId));

    [GeneratedRegex(@"\$[a-z_]+")]
    private static partial Regex Parameter();

    // A table read whole, not searched through an index (a CTE's own rows are scanned by design).
    [GeneratedRegex(@"SCAN (job_history|audit_log|h|r)\b")]
    private static partial Regex FullScan();
}
