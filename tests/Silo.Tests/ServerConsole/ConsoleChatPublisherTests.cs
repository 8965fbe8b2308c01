using System.Collections.Concurrent;
using System.Collections.Immutable;
using GameOps.Grains.Events;
using GameOps.Grains.Observability;
using GameOps.Grains.Players;
using GameOps.Grains.ServerConsole;
using GameOps.Silo.ServerConsole;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Tests.ServerConsole;

/// <summary>
/// The chat the console intake reads goes on the org's events once per org and console write (docs/adr/0047): what
/// the hosts of a write read while they go on waits until they all have, what is read elsewhere goes out at once, a
/// players grain's turn sends what waits first, and no message carries more than its bound of text.
/// </summary>
public sealed class ConsoleChatPublisherTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 15, 0, 0, TimeSpan.Zero);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ControlledConsoleStore _store = new(Patience);
    private readonly ConcurrentQueue<OrgEvent[]> _published = new();
    private readonly ConsoleLineWriter _writer;

    public ConsoleChatPublisherTests() =>
        _writer = new ConsoleLineWriter(_store, Options.Create(new ConsoleOptions { WriteInterval = TimeSpan.Zero }), Metrics(), TimeProvider.System);

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Chat_read_while_a_writes_hosts_go_on_goes_out_once_per_org_after_they_all_have_in_the_order_read()
    {
        var publisher = new ConsoleChatPublisher(_writer, events => _published.Enqueue([.. events]), NullLogger<ConsoleChatPublisher>.Instance);
        var holding = await HoldAWriteAsync();
        var publishedWhileGoingOn = new ConcurrentBag<int>();
        Task Host(string orgId, string hostId, params string[] texts) =>
            _writer.StoreAsync(Lines(hostId)).ContinueWith(
                _ =>
                {
                    publisher.Publish(orgId, hostId, "main", Chat(texts));
                    publishedWhileGoingOn.Add(_published.Count);
                },
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var hosts = new[] { Host("org-a", "h1", "one", "two"), Host("org-b", "h2", "three"), Host("org-a", "h3", "four") };

        holding.Done.SetResult();
        await CommitNextAsync();
        await Task.WhenAll(hosts).WaitAsync(Patience);
        await NextWriteStartedAsync();

        Assert.All(publishedWhileGoingOn, count => Assert.Equal(0, count));
        Assert.Equal(
            ["org-a: h1 one, h1 two, h3 four", "org-b: h2 three"],
            _published.Select(Describe));
    }

    [Fact]
    public async Task A_players_grains_turn_first_sends_what_the_write_read_so_far_and_chat_read_elsewhere_goes_out_at_once()
    {
        var publisher = new ConsoleChatPublisher(_writer, events => _published.Enqueue([.. events]), NullLogger<ConsoleChatPublisher>.Instance);
        publisher.PublishReadSoFar();
        publisher.Publish("org-a", "h0", "main", Chat("outside"));
        var publishedOutside = _published.Count;

        var holding = await HoldAWriteAsync();
        var chatting = _writer.StoreAsync(Lines("h1")).ContinueWith(
            _ => publisher.Publish("org-a", "h1", "main", Chat("before")),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var publishedBeforeTheGrain = -1;
        var joining = _writer.StoreAsync(Lines("h2")).ContinueWith(
            _ =>
            {
                publisher.PublishReadSoFar();
                publishedBeforeTheGrain = _published.Count;
                publisher.Publish("org-a", "h2", "main", Chat("after"));
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        holding.Done.SetResult();
        await CommitNextAsync();
        await Task.WhenAll(chatting, joining).WaitAsync(Patience);
        await NextWriteStartedAsync();

        Assert.Equal(1, publishedOutside);
        Assert.Equal(2, publishedBeforeTheGrain);
        Assert.Equal(["org-a: h0 outside", "org-a: h1 before", "org-a: h2 after"], _published.Select(Describe));
    }

    [Fact]
    public void No_message_carries_more_than_its_bound_of_text_and_the_lines_keep_their_order()
    {
        // Each line is a name of one character and a text of four: two lines fit in ten characters, a third does not.
        var publisher = new ConsoleChatPublisher(_writer, events => _published.Enqueue([.. events]), NullLogger<ConsoleChatPublisher>.Instance, maxCharsPerMessage: 10);

        publisher.Publish("org-a", "h1", "main", Chat("aaaa", "bbbb", "cccc", "dddd", "eeee"));

        Assert.Equal(["org-a: h1 aaaa, h1 bbbb", "org-a: h1 cccc, h1 dddd", "org-a: h1 eeee"], _published.Select(Describe));
    }

    [Fact]
    public async Task A_publish_that_throws_on_the_writers_thread_is_logged_and_the_writer_goes_on_storing()
    {
        var publisher = new ConsoleChatPublisher(_writer, _ => throw new InvalidOperationException("no stream provider"), NullLogger<ConsoleChatPublisher>.Instance);
        var holding = await HoldAWriteAsync();
        var chatting = _writer.StoreAsync(Lines("h1")).ContinueWith(
            _ => publisher.Publish("org-a", "h1", "main", Chat("lost")),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        holding.Done.SetResult();
        await CommitNextAsync();
        await chatting.WaitAsync(Patience);

        // Held up by nothing: a write after the failed publish starts and completes.
        await NextWriteStartedAsync();
    }

    [Fact]
    public async Task The_intake_publishes_the_chat_of_every_host_of_a_write_in_one_message()
    {
        var publisher = new ConsoleChatPublisher(_writer, events => _published.Enqueue([.. events]), NullLogger<ConsoleChatPublisher>.Instance);
        var intake = new ConsoleLineIntake(_store, _writer, publisher, null!, null!, Metrics(), TimeProvider.System, NullLogger<ConsoleLineIntake>.Instance);
        var consoles = Enumerable.Range(1, 3).Select(h => intake.ForHost($"h{h}", "org-a")).ToArray();
        var holding = await HoldAWriteAsync();

        // Off the test's synchronization context, as the gateway's appends are, so each continues where its write completes.
        var appends = await Task.Run(() => consoles.Select((console, i) => console.AppendAsync([SevenDaysChat(i + 1, $"hi from h{i + 1}")])).ToArray());
        holding.Done.SetResult();
        await CommitNextAsync();
        await Task.WhenAll(appends).WaitAsync(Patience);
        await NextWriteStartedAsync();

        Assert.Equal(["org-a: h1 hi from h1, h2 hi from h2, h3 hi from h3"], _published.Select(Describe));
        foreach (var console in consoles)
        {
            console.Dispose();
        }
    }

    private GameOpsMetrics Metrics() => new(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());

    // A write under way, so that what is stored next joins one write.
    private async Task<ConsoleStoreWrite> HoldAWriteAsync()
    {
        _ = _writer.StoreAsync(Lines("holder"));
        return await _store.NextAsync();
    }

    private async Task CommitNextAsync() => (await _store.NextAsync()).Done.SetResult();

    // The writer starts its next write only after it told the last one's hosts went on, so what waited has gone out.
    private async Task NextWriteStartedAsync()
    {
        var fence = _writer.StoreAsync(Lines("fence"));
        (await _store.NextAsync()).Done.SetResult();
        await fence.WaitAsync(Patience);
    }

    private static HostLines Lines(string hostId) =>
        new(hostId, [new ServerLines("main", GameLogParsers.SevenDaysKind, [new ConsoleLine(1, T0, "x", false, 0)])]);

    private static ImmutableArray<GameEvent> Chat(params string[] texts) =>
        [.. texts.Select(text => new GameEvent(GameEventKind.Chat, "P", "Steam_1", text, "Global", 1, T0))];

    private static ServerLines SevenDaysChat(int sequence, string text) => new("main", GameLogParsers.SevenDaysKind,
        [new ConsoleLine((ulong)sequence, T0, $"2026-12-05T15:00:0{sequence} 12.000 INF Chat (from 'Steam_{sequence}', entity id '17{sequence}', to 'Global'): 'Player{sequence}': {text}", false, 0)]);

    private static string Describe(OrgEvent[] events) =>
        $"{events[0].OrgId}: {string.Join(", ", events.Cast<PlayerChatted>().Select(e => $"{e.HostId} {e.Text}"))}";
}
