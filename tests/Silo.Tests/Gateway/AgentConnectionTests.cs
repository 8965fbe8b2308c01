using System.Collections.Immutable;
using GameOps.AgentProtocol;
using GameOps.Grains.Agents;
using GameOps.Silo.Gateway;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;

namespace GameOps.Silo.Tests.Gateway;

public sealed class AgentConnectionTests
{
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Job_not_acknowledged_in_time_is_sent_again_until_it_is()
    {
        using var connection = new AgentConnection("host-1", "org-1", "ipv4:127.0.0.1:50000", _time);
        var job = NewJob(deadlineIn: TimeSpan.FromMinutes(5));
        await connection.AssignJobAsync(job);

        _time.Advance(AckTimeout);
        var beforeTimeout = connection.ResendUnacknowledged(AckTimeout, _time.GetUtcNow());
        _time.Advance(TimeSpan.FromSeconds(1));
        var afterTimeout = connection.ResendUnacknowledged(AckTimeout, _time.GetUtcNow());
        connection.Acknowledge(job.JobId);
        _time.Advance(AckTimeout * 2);
        var afterAck = connection.ResendUnacknowledged(AckTimeout, _time.GetUtcNow());

        Assert.Empty(beforeTimeout);
        Assert.Equal([job], afterTimeout);
        Assert.Empty(afterAck);
        Assert.Equal([job.JobId.ToString(), job.JobId.ToString()], (await DrainAsync(connection)).Select(m => m.JobAssignment.JobId));
        Assert.NotNull(connection.FindSentJob(job.JobId));
    }

    [Fact]
    public async Task Job_past_its_deadline_is_neither_sent_again_nor_remembered()
    {
        using var connection = new AgentConnection("host-1", "org-1", "ipv4:127.0.0.1:50000", _time);
        var job = NewJob(deadlineIn: AckTimeout);
        await connection.AssignJobAsync(job);

        _time.Advance(AckTimeout + TimeSpan.FromSeconds(1));
        var resent = connection.ResendUnacknowledged(AckTimeout, _time.GetUtcNow());

        Assert.Empty(resent);
        Assert.Null(connection.FindSentJob(job.JobId));
        Assert.Single(await DrainAsync(connection));
    }

    [Fact]
    public async Task Final_result_forgets_the_job()
    {
        using var connection = new AgentConnection("host-1", "org-1", "ipv4:127.0.0.1:50000", _time);
        var job = NewJob(deadlineIn: TimeSpan.FromMinutes(5));
        await connection.AssignJobAsync(job);

        connection.ForgetSentJob(job.JobId);
        _time.Advance(AckTimeout * 2);

        Assert.Empty(connection.ResendUnacknowledged(AckTimeout, _time.GetUtcNow()));
        Assert.Null(connection.FindSentJob(job.JobId));
    }

    [Fact]
    public async Task Queued_burst_is_flushed_once_after_its_last_message()
    {
        using var connection = new AgentConnection("host-1", "org-1", "ipv4:127.0.0.1:50000", _time);
        for (var i = 0; i < 3; i++)
        {
            await connection.AssignJobAsync(NewJob(deadlineIn: TimeSpan.FromMinutes(5)));
        }

        var stream = new CapturingStream();
        connection.CompleteWriter();
        await connection.RunWriterAsync(stream, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([true, true, false], stream.Buffered);
    }

    private AgentJob NewJob(TimeSpan deadlineIn) =>
        new(Guid.NewGuid(), "main", "players.list", ImmutableDictionary<string, string>.Empty, _time.GetUtcNow() + deadlineIn);

    private static async Task<List<ControlMessage>> DrainAsync(AgentConnection connection)
    {
        var stream = new CapturingStream();
        connection.CompleteWriter();
        await connection.RunWriterAsync(stream, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        return stream.Messages;
    }

    private sealed class CapturingStream : IServerStreamWriter<ControlMessage>
    {
        public List<ControlMessage> Messages { get; } = [];

        /// <summary>For each message, whether it was only buffered (gRPC flushes a write without the buffer hint).</summary>
        public List<bool> Buffered { get; } = [];

        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(ControlMessage message)
        {
            Messages.Add(message);
            Buffered.Add(WriteOptions is { } options && options.Flags.HasFlag(WriteFlags.BufferHint));
            return Task.CompletedTask;
        }
    }
}
