using GameOps.Bench.Measurement;

namespace GameOps.Bench.Jobs;

/// <summary>
/// What a job writes, in counts that do not depend on the machine, from the silo's /metrics before and after the
/// measured window: grain state writes and their serialized bytes (all, and per state name), rows written beside them
/// (job history, audit log) and their payload bytes, the data statements the SQLite writer ran for them (a state's
/// statement and one per row), commits, and bytes allocated; all per job, the silo's background work included.
/// </summary>
internal static class JobWriteCosts
{
    private const string Writes = "gameops_storage_writes_total";
    private const string StateBytes = "gameops_storage_written_bytes_total";
    private const string Rows = "gameops_storage_rows_total";
    private const string RowBytes = "gameops_storage_rows_written_bytes_total";

    public static IEnumerable<KeyValuePair<string, double>> Between(string? before, string? after, double jobs)
    {
        if (before is null || after is null || jobs <= 0)
        {
            yield break;
        }

        double Delta(string name, string? label = null) => PrometheusCounters.Sum(after, name, label) - PrometheusCounters.Sum(before, name, label);
        double PerJob(double value, int digits = 2) => Math.Round(value / jobs, digits);

        var writes = Delta(Writes);
        var rows = Delta(Rows);
        yield return new("stateWritesPerJob", PerJob(writes));
        yield return new("stateBytesPerJob", PerJob(Delta(StateBytes), 0));
        foreach (var state in new[] { "job", "host" })
        {
            var label = $"state_name=\"{state}\"";
            yield return new($"{state}StateWritesPerJob", PerJob(Delta(Writes, label)));
            yield return new($"{state}StateBytesPerJob", PerJob(Delta(StateBytes, label), 0));
        }

        yield return new("rowsBesideStatePerJob", PerJob(rows));
        yield return new("rowBytesBesideStatePerJob", PerJob(Delta(RowBytes), 0));
        yield return new("writerStatementsPerJob", PerJob(writes + rows));
        yield return new("commitsPerJob", PerJob(Delta("gameops_storage_commits_total"), 3));
        yield return new("allocatedBytesPerJob", PerJob(Delta("dotnet_gc_heap_total_allocated_bytes_total"), 0));
    }
}
