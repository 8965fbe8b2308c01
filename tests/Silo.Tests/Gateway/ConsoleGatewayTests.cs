using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using GameOps.AgentProtocol;
using GameOps.Grains.Hosts;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace GameOps.Silo.Tests.Gateway;

/// <summary>Console lines from an agent's stream: stored once, acknowledged, and served over Server-Sent Events.</summary>
[Collection(GatewaySiloCollection.Name)]
[Trait("Category", "Slow")]
public sealed class ConsoleGatewayTests(GatewaySiloFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private Uri Gateway => fixture.Silo.GatewayAddress;

    private static string ConsolePath(string hostId, string serverId = "main") => $"/api/v1/hosts/{hostId}/servers/{serverId}/console";

    [Fact]
    public async Task Each_batch_is_acknowledged_with_the_highest_number_stored_and_a_resent_one_with_the_same()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential);

        await agent.SendAsync(Batch("main", Line(1, "one"), Line(2, "two")));
        var first = await ReadLogAckAsync(agent);
        await agent.SendAsync(Batch("main", Line(2, "two"), Line(3, "three")));
        var second = await ReadLogAckAsync(agent);
        await agent.SendAsync(Batch("main", Line(1, "one")));
        var repeated = await ReadLogAckAsync(agent);

        Assert.Equal(("main", 2ul), (first.ServerId, first.Sequence));
        Assert.Equal(3ul, second.Sequence);
        Assert.Equal(3ul, repeated.Sequence);
    }

    [Fact]
    public async Task Lines_of_two_servers_of_a_host_are_each_acknowledged_with_their_own_number_and_read_apart()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential, "alpha", "beta");

        await agent.SendAsync(Batch("alpha", Line(1, "a1"), Line(2, "a2")));
        await agent.SendAsync(Batch("beta", Line(1, "b1")));
        await agent.SendAsync(Batch("alpha", Line(3, "a3")));
        await agent.SendAsync(Batch("beta", Line(2, "b2"), Line(3, "b3"), Line(4, "b4")));
        var highest = new Dictionary<string, ulong>();
        while (highest.GetValueOrDefault("alpha") < 3 || highest.GetValueOrDefault("beta") < 4)
        {
            var ack = await ReadLogAckAsync(agent);
            Assert.True(ack.Sequence >= highest.GetValueOrDefault(ack.ServerId), "an acknowledgement never goes back");
            highest[ack.ServerId] = ack.Sequence;
        }

        await using var sse = await SseClient.OpenAsync(fixture.Api.Client, ConsolePath(host.Host.Id, "beta"), Patience);
        await sse.ReadUntilAsync(message => message.Id == "4", Patience);

        Assert.Equal((3ul, 4ul), (highest["alpha"], highest["beta"]));
        Assert.Equal(["1 line b1", "2 line b2", "3 line b3", "4 line b4"], sse.Seen.Where(message => message.Id is not null).Select(Describe));
    }

    [Fact]
    public async Task An_sse_client_gets_the_held_lines_then_live_ones_and_after_a_reconnect_only_those_after_its_last_event_id()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential);
        await agent.SendAsync(Batch("main", Line(1, "one"), Line(2, "two"), Gap(5, 3)));
        await ReadLogAckAsync(agent);

        await using (var sse = await SseClient.OpenAsync(fixture.Api.Client, ConsolePath(host.Host.Id), Patience))
        {
            Assert.Equal("subscribed", (await sse.ReadAsync(Patience)).Comment);
            await agent.SendAsync(Batch("main", Line(6, "six")));
            await sse.ReadUntilAsync(message => message.Id == "6", Patience);

            Assert.Equal(
                ["1 line one", "2 line two", "5 gap 3", "6 line six"],
                sse.Seen.Where(message => message.Id is not null).Select(Describe));
        }

        await agent.SendAsync(Batch("main", Line(7, "seven")));
        await ReadLogAckAsync(agent);
        await using var again = await SseClient.OpenAsync(fixture.Api.Client, ConsolePath(host.Host.Id), Patience, lastEventId: "5");
        await again.ReadUntilAsync(message => message.Id == "7", Patience);

        Assert.Equal(["6 line six", "7 line seven"], again.Seen.Where(message => message.Id is not null).Select(Describe));
    }

    [Fact]
    public async Task A_client_that_stops_reading_while_lines_arrive_catches_up_from_the_held_lines_and_gets_each_line_once_in_order()
    {
        const int lineCount = 3_000;
        const int linesPerBatch = 10;
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential);
        await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);
        // A one-KiB socket receive buffer: the silo's writes to this client stall long before 24 MB of lines are through,
        // so with one batch of queue the client falls behind while the rest arrive.
        using var slowClient = new HttpClient(new SocketsHttpHandler { ConnectCallback = ConnectWithSmallReceiveBufferAsync })
        {
            BaseAddress = fixture.Api.Client.BaseAddress,
            DefaultRequestHeaders = { Authorization = fixture.Api.Client.DefaultRequestHeaders.Authorization },
        };
        await using var sse = await SseClient.OpenAsync(slowClient, ConsolePath(host.Host.Id), Patience);
        Assert.Equal(HttpStatusCode.OK, sse.Response.StatusCode);
        Assert.Equal("subscribed", (await sse.ReadAsync(Patience)).Comment);

        var text = new string('x', 8_000);
        for (var first = 1; first <= lineCount; first += linesPerBatch)
        {
            await agent.SendAsync(Batch("main", [.. Enumerable.Range(first, linesPerBatch).Select(n => Line((ulong)n, $"{n} {text}"))]));
            // Heartbeats between the batches, as the agent sends them: 24 MB of lines take longer than the fixture's heartbeat timeout.
            await agent.HeartbeatAsync();
        }

        while ((await ReadLogAckAsync(agent)).Sequence < lineCount)
        {
        }

        await sse.ReadUntilAsync(message => message.Id == lineCount.ToString(CultureInfo.InvariantCulture), Patience * 3);

        var lines = sse.Seen.Where(message => message.Id is not null).ToList();
        Assert.DoesNotContain(lines, message => message.Event != "line");
        Assert.Equal(Enumerable.Range(1, lineCount).Select(n => n.ToString(CultureInfo.InvariantCulture)), lines.Select(message => message.Id));
    }

    [Fact]
    public async Task Console_of_an_unknown_server_or_host_is_not_found_and_a_bad_last_event_id_is_refused()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential);
        await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);

        using var unknownServer = await fixture.Api.Client.GetAsync(ConsolePath(host.Host.Id, "other"), HttpCompletionOption.ResponseHeadersRead);
        using var unknownHost = await fixture.Api.Client.GetAsync(ConsolePath("0123456789abcdef0123456789abcdef"), HttpCompletionOption.ResponseHeadersRead);
        using var request = new HttpRequestMessage(HttpMethod.Get, ConsolePath(host.Host.Id));
        request.Headers.Add("Last-Event-ID", "yesterday");
        using var badId = await fixture.Api.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.NotFound, unknownServer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownHost.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Contains("Last-Event-ID", await badId.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_stream_of_the_host_acknowledges_what_the_one_before_stored_and_stores_only_the_lines_after_it()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using (var first = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential))
        {
            await first.SendAsync(Batch("main", Line(1, "one"), Line(2, "two"), Line(3, "three")));
            Assert.Equal(3ul, (await ReadLogAckAsync(first)).Sequence);
        }

        // The acknowledgement of 3 was lost with the stream, say: the agent sends 2 and 3 again with the new line 4.
        await using var second = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential);
        await second.SendAsync(Batch("main", Line(2, "two, again"), Line(3, "three, again"), Line(4, "four")));
        var ack = await ReadLogAckAsync(second);
        await using var sse = await SseClient.OpenAsync(fixture.Api.Client, ConsolePath(host.Host.Id), Patience);
        await sse.ReadUntilAsync(message => message.Id == "4", Patience);

        Assert.Equal(4ul, ack.Sequence);
        Assert.Equal(["1 line one", "2 line two", "3 line three", "4 line four"], sse.Seen.Where(message => message.Id is not null).Select(Describe));
    }

    [Fact]
    public async Task An_agent_that_lists_log_acks_gets_the_servers_of_a_write_in_one_message_and_resumes_after_them_on_a_new_stream()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        Dictionary<string, ulong> highest;
        int combined;
        await using (var first = await TestAgent.ConnectListingAsync(Gateway, host.Host.Id, host.Credential, [AgentFeatures.LogAcks], "alpha", "beta"))
        {
            // Batches sent back to back wait for the write under way and share the next: one write, both servers.
            await SendRoundsAsync(first, from: 1, to: Rounds);
            (highest, combined, _) = await ReadAcksUntilAsync(first, Rounds);
        }

        // Say the stream broke before the last acknowledgement was applied: the agent sends again from before it, and more.
        await using var second = await TestAgent.ConnectListingAsync(Gateway, host.Host.Id, host.Credential, [AgentFeatures.LogAcks], "alpha", "beta");
        await SendRoundsAsync(second, from: Rounds - 2, to: Rounds + 3);
        var (after, _, _) = await ReadAcksUntilAsync(second, Rounds + 3);
        await using var sse = await SseClient.OpenAsync(fixture.Api.Client, ConsolePath(host.Host.Id, "beta"), Patience);
        await sse.ReadUntilAsync(message => message.Id == $"{Rounds + 3}", Patience);

        Assert.True(combined > 0, "at least one write of both servers was acknowledged in one LogAcks message");
        Assert.Equal(((ulong)Rounds, (ulong)Rounds), (highest["alpha"], highest["beta"]));
        Assert.Equal(((ulong)Rounds + 3, (ulong)Rounds + 3), (after["alpha"], after["beta"]));
        Assert.Equal(
            Enumerable.Range(1, Rounds + 3).Select(n => $"{n} line beta {n}"),
            sse.Seen.Where(message => message.Id is not null).Select(Describe));
    }

    [Fact]
    public async Task An_agent_whose_hello_lists_no_features_gets_a_log_ack_per_server()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential, "alpha", "beta");

        await SendRoundsAsync(agent, from: 1, to: Rounds);
        var (highest, combined, single) = await ReadAcksUntilAsync(agent, Rounds);

        Assert.Equal(0, combined);
        Assert.True(single >= 2);
        Assert.Equal(((ulong)Rounds, (ulong)Rounds), (highest["alpha"], highest["beta"]));
    }

    [Fact]
    public async Task A_stream_that_lists_the_ack_window_is_acknowledged_at_most_once_an_interval_with_the_highest_number_stored()
    {
        const int batches = 40;
        var interval = GatewaySiloFixture.WindowAckInterval;
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectListingAsync(
            Gateway, host.Host.Id, host.Credential, [AgentFeatures.LogAcks, AgentFeatures.LogAckWindow], "alpha", "beta");
        var sent = 0L;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var reading = Task.Run(async () =>
        {
            var acks = new List<(TimeSpan At, ulong Alpha, ulong Beta, long SentBefore)>();
            ulong alpha = 0, beta = 0;
            while (alpha < batches || beta < batches)
            {
                var message = await agent.ReadAsync(Patience);
                IEnumerable<LogAck> each = message.KindCase switch
                {
                    ControlMessage.KindOneofCase.LogAck => [message.LogAck],
                    ControlMessage.KindOneofCase.LogAcks => message.LogAcks.Acks,
                    _ => [],
                };
                var any = false;
                foreach (var ack in each)
                {
                    any = true;
                    Assert.True(ack.Sequence >= (ack.ServerId == "alpha" ? alpha : beta), "an acknowledgement never goes back");
                    (alpha, beta) = ack.ServerId == "alpha" ? (ack.Sequence, beta) : (alpha, ack.Sequence);
                }

                if (any)
                {
                    acks.Add((clock.Elapsed, alpha, beta, Interlocked.Read(ref sent)));
                }
            }

            return acks;
        });

        // A batch of each server every 20 ms, none waiting for an acknowledgement, as an agent within its window sends.
        for (var n = 1UL; n <= batches; n++)
        {
            Interlocked.Exchange(ref sent, (long)n);
            await agent.SendAsync(Batch("alpha", Line(n, $"alpha {n}")));
            await agent.SendAsync(Batch("beta", Line(n, $"beta {n}")));
            await Task.Delay(20);
        }

        var acks = await reading.WaitAsync(Patience);
        await using var sse = await SseClient.OpenAsync(fixture.Api.Client, ConsolePath(host.Host.Id, "beta"), Patience);
        await sse.ReadUntilAsync(message => message.Id == $"{batches}", Patience);

        // Sent an interval apart by the silo's clock, the first at once; a message delayed on its way may arrive closer
        // to the next one, the first one too, so the count is held to the span from before the first batch was sent.
        var span = acks[^1].At;
        Assert.InRange(acks.Count, 2, (int)(span / interval) + 2);
        Assert.All(acks, ack => Assert.True(ack.Alpha <= (ulong)ack.SentBefore && ack.Beta <= (ulong)ack.SentBefore, "acknowledged a line not yet sent"));
        Assert.Equal(Enumerable.Range(1, batches).Select(n => $"{n} line beta {n}"), sse.Seen.Where(message => message.Id is not null).Select(Describe));
    }

    [Fact]
    public async Task A_stream_that_does_not_list_the_ack_window_gets_each_write_acknowledged_without_its_interval()
    {
        const int rounds = 8;
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectListingAsync(Gateway, host.Host.Id, host.Credential, [AgentFeatures.LogAcks], "main");

        // Each batch waits for the acknowledgement of the one before, as such an agent's do: each write is acknowledged
        // with its own number, and within this fixture's busy pacing (100 ms), not the window's interval.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var numbers = new List<ulong>();
        for (var n = 1UL; n <= rounds; n++)
        {
            await agent.SendAsync(Batch("main", Line(n, $"line {n}")));
            numbers.Add((await ReadLogAckAsync(agent)).Sequence);
        }

        var elapsed = clock.Elapsed;

        Assert.Equal(Enumerable.Range(1, rounds).Select(n => (ulong)n), numbers);
        Assert.True(
            elapsed < (rounds - 1) * GatewaySiloFixture.WindowAckInterval * 0.85,
            $"{rounds} acknowledgements in turn took {elapsed.TotalMilliseconds:0} ms: paced as a window stream's");
    }

    private const int Rounds = 40;

    private static async Task SendRoundsAsync(TestAgent agent, int from, int to)
    {
        for (var n = (ulong)from; n <= (ulong)to; n++)
        {
            await agent.SendAsync(Batch("alpha", Line(n, $"alpha {n}")));
            await agent.SendAsync(Batch("beta", Line(n, $"beta {n}")));
        }
    }

    /// <summary>Reads acknowledgements until both servers' reach <paramref name="last"/>: each server's highest, and how many came in each kind of message.</summary>
    private static async Task<(Dictionary<string, ulong> Highest, int Combined, int Single)> ReadAcksUntilAsync(TestAgent agent, int last)
    {
        var highest = new Dictionary<string, ulong>();
        int combined = 0, single = 0;
        while (highest.GetValueOrDefault("alpha") < (ulong)last || highest.GetValueOrDefault("beta") < (ulong)last)
        {
            var message = await agent.ReadAsync(Patience);
            IEnumerable<LogAck> acks = message.KindCase switch
            {
                ControlMessage.KindOneofCase.LogAck => [message.LogAck],
                ControlMessage.KindOneofCase.LogAcks => message.LogAcks.Acks,
                _ => [],
            };
            combined += message.KindCase == ControlMessage.KindOneofCase.LogAcks ? 1 : 0;
            single += message.KindCase == ControlMessage.KindOneofCase.LogAck ? 1 : 0;
            foreach (var ack in acks)
            {
                Assert.True(ack.Sequence >= highest.GetValueOrDefault(ack.ServerId), "an acknowledgement never goes back");
                highest[ack.ServerId] = ack.Sequence;
            }

            if (message.KindCase == ControlMessage.KindOneofCase.LogAcks)
            {
                Assert.Equal(message.LogAcks.Acks.Count, message.LogAcks.Acks.Select(ack => ack.ServerId).Distinct().Count());
            }
        }

        return (highest, combined, single);
    }

    [Fact]
    public async Task Lines_of_a_server_the_hello_did_not_declare_end_the_stream()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential);

        await agent.SendAsync(Batch("elsewhere", Line(1, "one")));

        Assert.Equal(StatusCode.InvalidArgument, await agent.ReadUntilEndAsync(Patience));
    }

    internal static async Task<LogAck> ReadLogAckAsync(TestAgent agent)
    {
        while (true)
        {
            var message = await agent.ReadAsync(Patience);
            if (message.KindCase == ControlMessage.KindOneofCase.LogAck)
            {
                return message.LogAck;
            }
        }
    }

    private static async ValueTask<Stream> ConnectWithSmallReceiveBufferAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 1024, NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    internal static AgentMessage Batch(string serverId, params LogEntry[] entries) =>
        new() { LogBatch = new LogBatch { ServerId = serverId, Entries = { entries } } };

    internal static LogEntry Line(ulong sequence, string text) =>
        new() { Sequence = sequence, Text = text, ReadAt = Timestamp.FromDateTime(DateTime.UtcNow) };

    internal static LogEntry Gap(ulong sequence, ulong dropped) =>
        new() { Sequence = sequence, Dropped = dropped, ReadAt = Timestamp.FromDateTime(DateTime.UtcNow) };

    internal static string Describe(SseMessage message)
    {
        var data = JsonDocument.Parse(message.Data!).RootElement;
        return message.Event == "gap"
            ? $"{message.Id} gap {data.GetProperty("dropped").GetUInt64()}"
            : $"{message.Id} {message.Event} {data.GetProperty("text").GetString()}";
    }
}
