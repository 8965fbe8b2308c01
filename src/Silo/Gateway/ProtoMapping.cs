using System.Collections.Immutable;
using System.Runtime.InteropServices;
using GameOps.AgentProtocol;
using GameOps.Grains.Agents;
using GameOps.Grains.GameServers;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.Grains.ServerConsole;
using Google.Protobuf.WellKnownTypes;

namespace GameOps.Silo.Gateway;

/// <summary>Between the wire's messages and the grains' records, checking what the wire may not be trusted with.</summary>
internal static class ProtoMapping
{
    public const int MaxServers = 64;
    public const int MaxNameLength = 100;
    public const int MaxKindLength = 64;
    public const int MaxAgentVersionLength = 64;
    public const int MaxInstanceIdLength = 64;
    public const int MaxLogBatchEntries = 1000;

    // 8192 UTF-8 bytes are at most 8192 characters, and the agent's cut marker follows the cut.
    public const int MaxLogLineLength = 8192 + 64;

    // The range of google.protobuf.Timestamp (0001-01-01 to 9999-12-31), outside which it cannot be converted.
    private const long MinTimestampSeconds = -62_135_596_800;
    private const long MaxTimestampSeconds = 253_402_300_799;

    public static LogAck ToLogAck(ConsoleAck ack) => new() { ServerId = ack.ServerId, Sequence = ack.Number };

    /// <param name="traceParent">The W3C trace context the agent continues; null for none.</param>
    public static JobAssignment ToAssignment(AgentJob job, string? traceParent)
    {
        var assignment = new JobAssignment
        {
            JobId = job.JobId.ToString(),
            ServerId = job.ServerId,
            Action = job.Action,
            Deadline = Timestamp.FromDateTimeOffset(job.Deadline),
            Traceparent = traceParent ?? "",
        };
        assignment.Arguments.Add(job.Arguments);
        return assignment;
    }

    /// <summary>The Hello as a grain record, or the reason it is not acceptable.</summary>
    public static AgentHello ToHello(Hello hello, string hostId)
    {
        if (hello.HostId != hostId)
        {
            throw new ProtocolViolationException($"hello.host_id '{Printable(hello.HostId)}' does not match the host this stream authenticated as.");
        }

        if (hello.AgentVersion.Length is 0 or > MaxAgentVersionLength)
        {
            throw new ProtocolViolationException($"hello.agent_version must be 1 to {MaxAgentVersionLength} characters.");
        }

        if (hello.InstanceId.Length > MaxInstanceIdLength)
        {
            throw new ProtocolViolationException($"hello.instance_id must be at most {MaxInstanceIdLength} characters.");
        }

        if (hello.Features.Count > AgentFeatures.MaxFeatures || hello.Features.Any(f => f.Length > AgentFeatures.MaxFeatureLength))
        {
            throw new ProtocolViolationException(
                $"hello.features must list at most {AgentFeatures.MaxFeatures} names of at most {AgentFeatures.MaxFeatureLength} characters.");
        }

        if (hello.Servers.Count > MaxServers)
        {
            throw new ProtocolViolationException($"hello.servers lists {hello.Servers.Count} servers; at most {MaxServers} are allowed.");
        }

        var servers = ImmutableArray.CreateBuilder<GameServerDescriptor>(hello.Servers.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < hello.Servers.Count; i++)
        {
            var server = hello.Servers[i];
            if (!JobRules.IsValidServerId(server.Id) || !seen.Add(server.Id))
            {
                throw new ProtocolViolationException($"hello.servers[{i}].id '{Printable(server.Id)}' is not a valid, unique server id.");
            }

            if (HostRules.ValidateName(server.Name) is { } problem)
            {
                throw new ProtocolViolationException($"hello.servers[{i}].name: {problem}");
            }

            if (server.Kind.Length is 0 or > MaxKindLength || !server.Kind.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                throw new ProtocolViolationException($"hello.servers[{i}].kind must be 1 to {MaxKindLength} of a-z, 0-9 and '-'.");
            }

            // Actions this control plane does not know (a newer agent's) are left out rather than refused.
            var capabilities = server.Capabilities.Where(GameActions.All.Contains).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
            servers.Add(new GameServerDescriptor(server.Id, server.Name, server.Kind, capabilities));
        }

        return new AgentHello(hello.AgentVersion, servers.MoveToImmutable(), hello.InstanceId);
    }

    public static HostMetrics ToMetrics(Heartbeat heartbeat) => new(
        double.IsFinite(heartbeat.CpuPercent) ? Math.Clamp(heartbeat.CpuPercent, 0, 100) : 0,
        heartbeat.MemoryUsedBytes, heartbeat.MemoryTotalBytes, heartbeat.DiskUsedBytes, heartbeat.DiskTotalBytes);

    /// <summary>When the agent sent the heartbeat by its own clock; null when it did not say or the time is not valid.</summary>
    public static DateTimeOffset? SentAt(Heartbeat heartbeat) =>
        heartbeat.SentAt is { } sentAt
        && sentAt.Nanos is >= 0 and <= 999_999_999
        && sentAt.Seconds >= MinTimestampSeconds && sentAt.Seconds <= MaxTimestampSeconds
            ? sentAt.ToDateTimeOffset()
            : null;

    public static JobReport ToReport(JobUpdate update)
    {
        var jobId = ParseJobId(update.JobId, "job_update.job_id");
        var report = update.Phase switch
        {
            JobPhase.Running => new JobReport(jobId, null),
            JobPhase.Succeeded => new JobReport(jobId, new JobResult(true, update.Output, NullIfEmpty(update.Error), NullIfEmpty(update.DataJson))),
            JobPhase.Failed => new JobReport(jobId, new JobResult(false, NullIfEmpty(update.Output), NullIfEmpty(update.Error) ?? "The agent reported a failure without a reason.")),
            JobPhase.TimedOut => new JobReport(
                jobId, new JobResult(false, NullIfEmpty(update.Output), NullIfEmpty(update.Error) ?? "The agent reported that the job's deadline passed.", TimedOut: true)),
            JobPhase.Cancelled => new JobReport(
                jobId, new JobResult(false, null, NullIfEmpty(update.Error) ?? "The agent had not started the job when it was cancelled; it did not run.", Cancelled: true)),
            _ => throw new ProtocolViolationException($"job_update.phase {update.Phase} is not a phase an agent may report."),
        };

        // An agent's tries of the game, bounded so a broken agent cannot store nonsense.
        return report.Result is { } result && update.Attempts > 0
            ? report with { Result = result with { GameAttempts = Math.Min(update.Attempts, 1000) } }
            : report;
    }

    public static HealthReport ToHealthReport(AgentProtocol.ServerHealth health, DateTimeOffset receivedAt) => new(
        health.State switch
        {
            ServerState.Up => Grains.GameServers.ServerHealth.Up,
            ServerState.Down => Grains.GameServers.ServerHealth.Down,
            ServerState.Hung => Grains.GameServers.ServerHealth.Hung,
            _ => throw new ProtocolViolationException($"server_health.state {health.State} is not a state an agent may report."),
        },
        health.Detail.Length == 0 ? null : new string(health.Detail.Take(JobLimits.MaxArgumentValueLength).ToArray()),
        health.CheckedAt is { } checkedAt && checkedAt.ToDateTimeOffset() <= receivedAt ? checkedAt.ToDateTimeOffset() : receivedAt);

    /// <summary>A batch's lines as grain records, or the reason it is not acceptable: at most <see cref="MaxLogBatchEntries"/>, numbered upwards from 1.</summary>
    public static ImmutableArray<ConsoleLine> ToConsoleLines(LogBatch batch, DateTimeOffset receivedAt)
    {
        if (batch.Entries.Count > MaxLogBatchEntries)
        {
            throw new ProtocolViolationException($"log_batch holds {batch.Entries.Count} entries; at most {MaxLogBatchEntries} are allowed.");
        }

        var lines = new ConsoleLine[batch.Entries.Count];
        ulong previous = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var entry = batch.Entries[i];
            if (entry.Sequence <= previous)
            {
                throw new ProtocolViolationException($"log_batch.entries are not numbered upwards from 1 (sequence {entry.Sequence} after {previous}).");
            }

            if (entry.Sequence > long.MaxValue)
            {
                throw new ProtocolViolationException($"log_batch.entries[sequence {entry.Sequence}] is numbered above {long.MaxValue}.");
            }

            if (entry.Text.Length > MaxLogLineLength)
            {
                throw new ProtocolViolationException($"log_batch.entries[sequence {entry.Sequence}].text is longer than {MaxLogLineLength} characters.");
            }

            if (entry.Dropped > entry.Sequence)
            {
                throw new ProtocolViolationException($"log_batch.entries[sequence {entry.Sequence}] says more lines were dropped than were numbered.");
            }

            var readAt = entry.ReadAt is { } at && at.Seconds >= MinTimestampSeconds && at.Seconds <= MaxTimestampSeconds && at.Nanos is >= 0 and <= 999_999_999
                ? at.ToDateTimeOffset()
                : receivedAt;
            lines[i] = new ConsoleLine(entry.Sequence, readAt, entry.Dropped > 0 ? "" : StorableText(entry.Text), entry.Cut, entry.Dropped);
            previous = entry.Sequence;
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(lines);
    }

    public static Guid ParseJobId(string value, string field) =>
        Guid.TryParse(value, out var id) ? id : throw new ProtocolViolationException($"{field} '{Printable(value)}' is not a job id.");

    // PostgreSQL's text cannot hold NUL, which is valid UTF-8: it becomes U+FFFD like the bytes that are not UTF-8.
    private static string StorableText(string text) => text.Contains('\0', StringComparison.Ordinal) ? text.Replace('\0', '\uFFFD') : text;

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    // Echo at most a little of what the agent sent, and nothing that could forge a log line.
    private static string Printable(string value) =>
        new(value.Take(64).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
