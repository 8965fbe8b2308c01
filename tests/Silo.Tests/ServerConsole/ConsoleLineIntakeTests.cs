using System.Collections.Immutable;
using GameOps.Grains.Observability;
using GameOps.Grains.ServerConsole;
using GameOps.Silo.ServerConsole;
using GameOps.Silo.Storage.Sqlite;
using GameOps.Silo.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Tests.ServerConsole;

/// <summary>
/// A host stream's appends on a real SQLite store: each number stored once across streams, a resent gap marker that
/// grew counts only what was dropped since, and a failed write acknowledges nothing, so the next stream stores it.
/// (Lines of a kind without a parser, of servers nobody watches: neither players grains nor streams are called.)
/// </summary>
public sealed class ConsoleLineIntakeTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly SqliteTestDatabase _db = new();
    private readonly FlakyStore _store;
    private readonly ConsoleLineIntake _intake;

    public ConsoleLineIntakeTests()
    {
        var metrics = new GameOpsMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        _store = new FlakyStore(new SqliteConsoleLineStore(_db.Database, NullLogger<SqliteConsoleLineStore>.Instance));
        var writer = new ConsoleLineWriter(_store, Options.Create(new ConsoleOptions()), metrics, TimeProvider.System);
        var chat = new ConsoleChatPublisher(writer, _ => throw new InvalidOperationException("no chat here"), NullLogger<ConsoleChatPublisher>.Instance);
        _intake = new ConsoleLineIntake(_store, writer, chat, null!, null!, metrics, TimeProvider.System, NullLogger<ConsoleLineIntake>.Instance);
    }

    public void Dispose()
    {
        _db.Dispose();
        _services.Dispose();
    }

    [Fact]
    public async Task A_new_stream_acknowledges_what_an_earlier_one_stored_and_a_grown_gap_marker_counts_only_the_new_drops()
    {
        using (var first = _intake.ForHost("h1", "org"))
        {
            Assert.Equal(5ul, (await first.AppendAsync([Lines(Gap(5, 5))]))[0]);
        }

        using var second = _intake.ForHost("h1", "org");
        var acknowledged = await second.AppendAsync([Lines(Gap(8, 8), Line(9))]);
        var repeated = await second.AppendAsync([Lines(Line(9))]);

        Assert.Equal((9ul, 9ul), (acknowledged[0], repeated[0]));
        Assert.Equal<ConsoleLine>([Gap(5, 5), Gap(8, 3), Line(9)], (await _store.ReadAsync("h1", "main", 0, 100)).Lines);
    }

    [Fact]
    public async Task A_failed_write_acknowledges_nothing_and_the_lines_sent_again_on_the_next_stream_are_stored_once()
    {
        using (var first = _intake.ForHost("h2", "org"))
        {
            await first.AppendAsync([Lines(Line(1))]);
            _store.FailNext = true;
            await Assert.ThrowsAsync<IOException>(() => first.AppendAsync([Lines(Line(2), Line(3))]));
        }

        using var second = _intake.ForHost("h2", "org");
        var acknowledged = await second.AppendAsync([Lines(Line(2), Line(3))]);

        Assert.Equal(3ul, acknowledged[0]);
        Assert.Equal([1ul, 2ul, 3ul], (await _store.ReadAsync("h2", "main", 0, 100)).Lines.Select(l => l.Sequence));
    }

    private static ServerLines Lines(params ImmutableArray<ConsoleLine> lines) => new("main", "test-kind", lines);

    private static ConsoleLine Line(ulong sequence) => new(sequence, T0.AddSeconds(sequence), $"line {sequence}", false, 0);

    private static ConsoleLine Gap(ulong sequence, ulong dropped) => new(sequence, T0.AddSeconds(sequence), "", false, dropped);

    /// <summary>The real store, whose next append fails when told to, before it writes anything.</summary>
    private sealed class FlakyStore(IConsoleLineStore store) : IConsoleLineStore
    {
        public bool FailNext { get; set; }

        public Task AppendAsync(IReadOnlyList<HostLines> lines, int heldLines, CancellationToken cancellationToken = default)
        {
            if (FailNext)
            {
                FailNext = false;
                return Task.FromException(new IOException("disk full"));
            }

            return store.AppendAsync(lines, heldLines, cancellationToken);
        }

        public Task<ImmutableDictionary<string, ulong>> LastSequencesAsync(string hostId, CancellationToken cancellationToken = default) =>
            store.LastSequencesAsync(hostId, cancellationToken);

        public Task<ConsoleBacklog> ReadAsync(string hostId, string serverId, ulong after, int maxLines, CancellationToken cancellationToken = default) =>
            store.ReadAsync(hostId, serverId, after, maxLines, cancellationToken);
    }
}
