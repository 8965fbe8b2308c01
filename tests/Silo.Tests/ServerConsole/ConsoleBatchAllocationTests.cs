using System.Collections.Immutable;
using GameOps.AgentProtocol;
using GameOps.Grains.Observability;
using GameOps.Grains.ServerConsole;
using GameOps.Silo.Gateway;
using GameOps.Silo.ServerConsole;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Tests.ServerConsole;

/// <summary>
/// What a console batch allocates on its way through the silo, from the agent's message to its acknowledgement: the
/// silo receives about ten thousand a second at issue 15's load. Counted on one thread, with a store that encodes its
/// rows as the SQLite one does and completes at once, so every step runs inline and the count does not depend on the
/// machine (gRPC's own reading and writing are not in it).
/// </summary>
public sealed class ConsoleBatchAllocationTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 18, 0, 0, TimeSpan.Zero);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task A_two_line_batch_is_mapped_stored_and_acknowledged_in_under_1500_bytes()
    {
        const int hosts = 100, warmUpRounds = 5, rounds = 20;
        var metrics = new GameOpsMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var store = new HeldStore();
        // Writes start as soon as the one before committed: the interval's timer is a cost per write, not per batch.
        var writer = new ConsoleLineWriter(store, Options.Create(new ConsoleOptions { WriteInterval = TimeSpan.Zero }), metrics, TimeProvider.System);

        // A kind without a parser, servers nobody watches: neither a players grain nor a stream is called.
        var chat = new ConsoleChatPublisher(writer, _ => throw new InvalidOperationException("no chat here"), NullLogger<ConsoleChatPublisher>.Instance);
        var intake = new ConsoleLineIntake(store, writer, chat, null!, null!, metrics, TimeProvider.System, NullLogger<ConsoleLineIntake>.Instance);
        var consoles = Enumerable.Range(0, hosts).Select(h => intake.ForHost($"h{h}", "org")).ToArray();
        var acknowledged = new ulong[hosts];
        var queues = Enumerable.Range(0, hosts)
            .Select(h => new ConsoleAppendQueue(consoles[h].AppendAsync, acks => acknowledged[h] = acks[^1].Number, e => throw e, maxWaitingLines: 2_000))
            .ToArray();
        var batches = Enumerable.Range(0, warmUpRounds + rounds).Select(Batch).ToArray();

        // On a thread without the test's synchronization context, so each write's continuations run inline where it completes.
        var perBatch = await Task.Run(() => AllocatedPerBatch(hosts, warmUpRounds, rounds, batches, queues, store));
        await Task.WhenAll(queues.Select(q => q.IdleAsync()));

        Assert.All(acknowledged, number => Assert.Equal((ulong)(2 * batches.Length), number));
        Assert.Equal(2 * batches.Length, store.Writes);

        // 2,232 bytes before the per-batch dictionary, copies and LINQ were taken out (docs/benchmarks.md, issue 15), 1,256
        // after: of it the two lines' records and arrays (about 210), their encoded row (about 310), and the state machines
        // of the two appends that wait for the write.
        Assert.InRange(perBatch, 1, 1_500);
        foreach (var console in consoles)
        {
            console.Dispose();
        }
    }

    private static long AllocatedPerBatch(int hosts, int warmUpRounds, int rounds, LogBatch[] batches, ConsoleAppendQueue[] queues, HeldStore store)
    {
        var receivedAt = T0.AddMinutes(1);
        long before = 0;
        for (var round = 0; round < batches.Length; round++)
        {
            if (round == warmUpRounds)
            {
                before = GC.GetAllocatedBytesForCurrentThread();
            }

            // As on a busy silo: the first host's lines are being written while every other host's batch arrives, so
            // those share the next write. Writes complete on this thread, and so does all that follows them.
            for (var h = 0; h < hosts; h++)
            {
                var lines = ProtoMapping.ToConsoleLines(batches[round], receivedAt);
                Assert.True(queues[h].EnqueueAsync(new ServerLines("main", "test-kind", lines)).IsCompletedSuccessfully);
            }

            store.ReleaseAll();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (rounds * hosts);
    }

    private static LogBatch Batch(int index)
    {
        var batch = new LogBatch { ServerId = "main" };
        for (var n = 1; n <= 2; n++)
        {
            var sequence = (ulong)(2 * index + n);
            batch.Entries.Add(new LogEntry
            {
                Sequence = sequence,
                ReadAt = Timestamp.FromDateTimeOffset(T0.AddMilliseconds(50 * (double)sequence)),
                Text = $"2026-12-04T18:00:00 {sequence}.000 INF Time: 12.34m FPS: 40.12 Heap: 812.3MB Max: 900.1MB Chunks: 412 CGO: 12 Ply: 3 Zom: 27 Ent: 41 (60) Items: 0",
            });
        }

        return batch;
    }

    /// <summary>Makes the rows the SQLite store would write, keeps nothing, and commits when the test says.</summary>
    private sealed class HeldStore : IConsoleLineStore
    {
        private TaskCompletionSource? _held;

        public int Writes { get; private set; }

        public Task AppendAsync(IReadOnlyList<HostLines> lines, int heldLines, CancellationToken cancellationToken = default)
        {
            _ = ConsoleBlocks.Of(lines, heldLines);
            Writes++;
            _held = new TaskCompletionSource();
            return _held.Task;
        }

        /// <summary>Commits the write under way and each that follows it, until none is.</summary>
        public void ReleaseAll()
        {
            while (_held is { } held)
            {
                _held = null;
                held.SetResult();
            }
        }

        public Task<ImmutableDictionary<string, ulong>> LastSequencesAsync(string hostId, CancellationToken cancellationToken = default) =>
            Task.FromResult(ImmutableDictionary<string, ulong>.Empty);

        public Task<ConsoleBacklog> ReadAsync(string hostId, string serverId, ulong after, int maxLines, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
