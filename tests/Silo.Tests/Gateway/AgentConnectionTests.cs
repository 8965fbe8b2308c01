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
    public async Task Heartbeat_goes_on_to_the_host_first_then_once_a_refresh_period_and_each_one_while_the_host_asks()
    {
        var refresh = TimeSpan.FromSeconds(12.5);
        var beat = TimeSpan.FromSeconds(5);
        using var connection = new AgentConnection("host-1", "org-1", "ipv4:127.0.0.1:50000", _time);
        List<bool> Beats(int count) => [.. Enumerable.Range(0, count).Select(_ => { _time.Advance(beat); return connection.TakeHostHeartbeat(refresh); })];

        var sparse = Beats(6);
        await connection.ReportEveryHeartbeatAsync(TimeSpan.FromSeconds(20));
        var asked = Beats(4);
        var afterwards = Beats(3);

        Assert.Equal([true, false, false, true, false, false], sparse);
        Assert.Equal([true, true, true, false], asked);
        Assert.Equal([false, true, false], afterwards);
    }

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

    [Fact]
    public async Task Write_under_way_when_the_stream_is_superseded_finishes_and_nothing_queued_after_it_goes_out()
    {
        using var connection = new AgentConnection("host-1", "org-1", "ipv4:127.0.0.1:50000", _time);
        var stream = new HeldStream();
        var writer = connection.RunWriterAsync(stream, CancellationToken.None);
        await connection.AssignJobAsync(NewJob(deadlineIn: TimeSpan.FromMinutes(5)));
        var write = await stream.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await connection.AssignJobAsync(NewJob(deadlineIn: TimeSpan.FromMinutes(5)));

        connection.Abort(DisconnectReason.Superseded);
        _time.Advance(AgentConnection.WriteGrace - TimeSpan.FromMilliseconds(1));
        var cancelledWithinGrace = write.Token.IsCancellationRequested;
        write.Done.SetResult();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer.WaitAsync(TimeSpan.FromSeconds(10)));

        // A cancelled write resets the HTTP/2 stream: the agent would read Cancelled, not why its stream ended.
        Assert.False(cancelledWithinGrace);
        Assert.Equal(1, stream.Writes);
    }

    [Fact]
    public async Task Write_the_agent_never_takes_is_given_up_once_the_grace_after_the_end_has_passed()
    {
        using var connection = new AgentConnection("host-1", "org-1", "ipv4:127.0.0.1:50000", _time);
        var stream = new HeldStream();
        var writer = connection.RunWriterAsync(stream, CancellationToken.None);
        await connection.AssignJobAsync(NewJob(deadlineIn: TimeSpan.FromMinutes(5)));
        var write = await stream.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        connection.CompleteWriter();
        _time.Advance(AgentConnection.WriteGrace);

        Assert.True(write.Token.IsCancellationRequested);
        write.Done.SetCanceled(write.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_message_sent_while_no_write_is_under_way_is_written_and_flushed_before_the_send_returns()
    {
        using var connection = new AgentConnection("host-1", "org-1", "ipv4:127.0.0.1:50000", _time);
        var stream = new CapturingStream();
        var writer = connection.RunWriterAsync(stream, CancellationToken.None);

        await connection.AssignJobAsync(NewJob(deadlineIn: TimeSpan.FromMinutes(5)));

        Assert.Single(stream.Messages);
        Assert.Equal([false], stream.Buffered);
        connection.CompleteWriter();
        await writer.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Messages_sent_during_a_write_follow_it_in_order_and_leave_in_one_flush()
    {
        using var connection = new AgentConnection("host-1", "org-1", "ipv4:127.0.0.1:50000", _time);
        var stream = new CapturingStream { FirstWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var writer = connection.RunWriterAsync(stream, CancellationToken.None);
        var jobs = Enumerable.Range(0, 3).Select(_ => NewJob(deadlineIn: TimeSpan.FromMinutes(5))).ToArray();

        foreach (var job in jobs)
        {
            await connection.AssignJobAsync(job);
        }

        Assert.Single(stream.Messages);
        stream.FirstWrite.SetResult();
        connection.CompleteWriter();
        await writer.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(jobs.Select(j => j.JobId.ToString()), stream.Messages.Select(m => m.JobAssignment.JobId));
        Assert.Equal([false, true, false], stream.Buffered);
    }

    [Fact]
    public async Task A_batch_of_jobs_leaves_in_order_in_one_flush_and_each_is_sent_again_until_acknowledged()
    {
        using var connection = new AgentConnection("host-1", "org-1", "ipv4:127.0.0.1:50000", _time);
        var stream = new CapturingStream();
        var writer = connection.RunWriterAsync(stream, CancellationToken.None);
        ImmutableArray<AgentJob> jobs = [.. Enumerable.Range(0, 3).Select(_ => NewJob(deadlineIn: TimeSpan.FromMinutes(5)))];

        await connection.AssignJobsAsync(jobs);
        connection.Acknowledge(jobs[1].JobId);
        _time.Advance(AckTimeout + TimeSpan.FromSeconds(1));
        var resent = connection.ResendUnacknowledged(AckTimeout, _time.GetUtcNow());

        connection.CompleteWriter();
        await writer.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(jobs.Select(j => j.JobId.ToString()), stream.Messages.Take(3).Select(m => m.JobAssignment.JobId));
        Assert.Equal([true, true, false], stream.Buffered.Take(3));
        Assert.Equal([jobs[0], jobs[2]], resent.OrderBy(j => jobs.IndexOf(j)));
    }

    [Fact]
    public async Task The_writer_ends_cancelled_when_its_call_ends()
    {
        using var connection = new AgentConnection("host-1", "org-1", "ipv4:127.0.0.1:50000", _time);
        using var call = new CancellationTokenSource();
        var writer = connection.RunWriterAsync(new CapturingStream(), call.Token);

        await call.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer.WaitAsync(TimeSpan.FromSeconds(10)));
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

    /// <summary>A stream whose first write stays under way until the test ends it, as behind an agent that stopped reading.</summary>
    private sealed class HeldStream : IServerStreamWriter<ControlMessage>
    {
        public TaskCompletionSource<HeldWrite> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Writes { get; private set; }

        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(ControlMessage message) => WriteAsync(message, CancellationToken.None);

        public Task WriteAsync(ControlMessage message, CancellationToken cancellationToken)
        {
            Writes++;
            if (Writes > 1)
            {
                return Task.CompletedTask;
            }

            var write = new HeldWrite(new TaskCompletionSource(), cancellationToken);
            Started.SetResult(write);
            return write.Done.Task;
        }
    }

    private sealed record HeldWrite(TaskCompletionSource Done, CancellationToken Token);

    private sealed class CapturingStream : IServerStreamWriter<ControlMessage>
    {
        public List<ControlMessage> Messages { get; } = [];

        /// <summary>For each message, whether it was only buffered (gRPC flushes a write without the buffer hint).</summary>
        public List<bool> Buffered { get; } = [];

        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(ControlMessage message, CancellationToken cancellationToken) => WriteAsync(message);

        /// <summary>When set, the first write completes only with this task, as a write waiting for the network does.</summary>
        public TaskCompletionSource? FirstWrite { get; init; }

        public Task WriteAsync(ControlMessage message)
        {
            Messages.Add(message);
            Buffered.Add(WriteOptions is { } options && options.Flags.HasFlag(WriteFlags.BufferHint));
            return Messages.Count == 1 && FirstWrite is { } pending ? pending.Task : Task.CompletedTask;
        }
    }
}
