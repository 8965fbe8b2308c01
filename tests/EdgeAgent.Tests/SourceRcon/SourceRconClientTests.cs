using System.Diagnostics;
using System.Text;
using GameOps.EdgeAgent.Adapters.SourceRcon;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GameOps.EdgeAgent.Tests.SourceRcon;

public sealed class SourceRconClientTests : IDisposable
{
    private const string Password = "correct-horse-battery";
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _testTimeout = new(WaitLimit);

    private CancellationToken Timeout => _testTimeout.Token;

    public void Dispose() => _testTimeout.Dispose();

    [Fact]
    public async Task Coalesced_auth_packets_are_read_as_two()
    {
        await using var server = new SourceRconTestServer(Password, Echo) { WriteMode = ServerWriteMode.Coalesced };
        await using var client = new SourceRconClient();

        await client.ConnectAsync(server.Host, server.Port, Password, Timeout);

        Assert.True(client.IsConnected);
        Assert.Equal("echo:status", await client.ExecuteAsync("status", Timeout));
    }

    [Fact]
    public async Task Auth_packets_split_byte_by_byte_are_read()
    {
        await using var server = new SourceRconTestServer(Password, Echo) { WriteMode = ServerWriteMode.ByteByByte };
        await using var client = new SourceRconClient();

        await client.ConnectAsync(server.Host, server.Port, Password, Timeout);

        Assert.True(client.IsConnected);
        Assert.Equal("echo:status", await client.ExecuteAsync("status", Timeout));
    }

    [Theory]
    [InlineData(ServerWriteMode.Coalesced)]
    [InlineData(ServerWriteMode.ByteByByte)]
    public async Task Wrong_password_fails_with_an_authentication_error_that_hides_the_password(ServerWriteMode mode)
    {
        const string wrongPassword = "not-the-password-7f3a";
        await using var server = new SourceRconTestServer(Password, Echo) { WriteMode = mode };
        await using var client = new SourceRconClient();

        var error = await Assert.ThrowsAsync<RconAuthenticationException>(
            () => client.ConnectAsync(server.Host, server.Port, wrongPassword, Timeout));

        Assert.DoesNotContain(wrongPassword, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("rejected the password", error.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
        Assert.Equal(1, server.AuthAttempts);
    }

    [Theory]
    [InlineData(ServerWriteMode.Coalesced)]
    [InlineData(ServerWriteMode.ByteByByte)]
    public async Task Command_answer_is_returned_and_the_command_runs_once(ServerWriteMode mode)
    {
        await using var server = new SourceRconTestServer(Password, Echo) { WriteMode = mode };
        await using var client = await ConnectedClientAsync(server);

        var answer = await client.ExecuteAsync("say hello", Timeout);

        Assert.Equal("echo:say hello", answer);
        Assert.Equal(1, server.ExecutionCount("say hello"));
    }

    [Theory]
    [InlineData(ServerWriteMode.Coalesced)]
    [InlineData(ServerWriteMode.ByteByByte)]
    public async Task Answer_longer_than_4096_bytes_is_reassembled_exactly(ServerWriteMode mode)
    {
        // Three-byte characters, so the server's 4086-byte split lands inside a character at least once.
        var expected = string.Concat(Enumerable.Range(0, 1_500).Select(i => $"{i % 10}€ab\n"));
        Assert.True(Encoding.UTF8.GetByteCount(expected) > 2 * SourceRconTestServer.MaxBodyBytes);
        await using var server = new SourceRconTestServer(Password, _ => expected) { WriteMode = mode };
        await using var client = await ConnectedClientAsync(server);

        var answer = await client.ExecuteAsync("cvarlist", Timeout);

        Assert.Equal(expected, answer);
    }

    [Fact]
    public async Task Empty_answer_is_returned_as_empty_text()
    {
        await using var server = new SourceRconTestServer(Password, _ => string.Empty);
        await using var client = await ConnectedClientAsync(server);

        var answer = await client.ExecuteAsync("sv_cheats 0", Timeout);

        Assert.Equal(string.Empty, answer);
    }

    [Fact]
    public async Task Consecutive_commands_each_get_their_own_answer()
    {
        await using var server = new SourceRconTestServer(Password, Echo);
        await using var client = await ConnectedClientAsync(server);

        var answers = new List<string>();
        foreach (var command in new[] { "status", "users", "maps *" })
        {
            answers.Add(await client.ExecuteAsync(command, Timeout));
        }

        Assert.Equal(["echo:status", "echo:users", "echo:maps *"], answers);
    }

    [Fact]
    public async Task Concurrent_commands_run_one_at_a_time_and_each_get_their_own_answer()
    {
        await using var server = new SourceRconTestServer(Password, Echo);
        await using var client = await ConnectedClientAsync(server);
        var commands = Enumerable.Range(0, 20).Select(i => $"say {i}").ToArray();

        var answers = await Task.WhenAll(commands.Select(command => client.ExecuteAsync(command, Timeout))).WaitAsync(WaitLimit);

        Assert.Equal(commands.Select(command => $"echo:{command}"), answers);
        Assert.All(commands, command => Assert.Equal(1, server.ExecutionCount(command)));
    }

    [Theory]
    [InlineData(ServerWriteMode.Coalesced)]
    [InlineData(ServerWriteMode.ByteByByte)]
    public async Task Server_hanging_mid_answer_fails_the_call_at_its_deadline(ServerWriteMode mode)
    {
        var deadline = TimeSpan.FromMilliseconds(300);
        await using var server = new SourceRconTestServer(Password, _ => new string('x', 200)) { WriteMode = mode, HangAfterBytes = 30 };
        await using var client = await ConnectedClientAsync(server, new SourceRconClientOptions { CommandTimeout = deadline });
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<TimeoutException>(() => client.ExecuteAsync("status", CancellationToken.None)).WaitAsync(WaitLimit);

        stopwatch.Stop();
        Assert.InRange(stopwatch.Elapsed, deadline - TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5));
        Assert.Contains("did not finish answering within 0.3 s", error.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
        Assert.Equal(1, server.ExecutionCount("status"));
    }

    [Fact]
    public async Task Cancellation_mid_answer_fails_the_call_and_closes_the_connection()
    {
        await using var server = new SourceRconTestServer(Password, _ => new string('x', 200)) { HangAfterBytes = 30 };
        await using var client = await ConnectedClientAsync(server, new SourceRconClientOptions { CommandTimeout = TimeSpan.FromSeconds(30) });
        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ExecuteAsync("status", caller.Token)).WaitAsync(WaitLimit);

        Assert.Equal(caller.Token, error.CancellationToken);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task Command_after_a_broken_connection_is_refused_until_reconnected()
    {
        // The command timeout runs on a fake clock that only this test moves: the exchanges after the hang never time out.
        var clock = new FakeTimeProvider();
        var options = new SourceRconClientOptions { CommandTimeout = TimeSpan.FromSeconds(5) };
        await using var server = new SourceRconTestServer(Password, Echo) { HangAfterBytes = 10 };
        await using var client = new SourceRconClient(options, NullLogger<SourceRconClient>.Instance, clock);
        await client.ConnectAsync(server.Host, server.Port, Password, Timeout);
        await Assert.ThrowsAsync<TimeoutException>(
            () => FakeClock.AdvanceUntilDoneAsync(clock, options.CommandTimeout, client.ExecuteAsync("status", Timeout), Timeout)).WaitAsync(WaitLimit);

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.ExecuteAsync("status", Timeout));
        server.HangAfterBytes = null;
        await client.ConnectAsync(server.Host, server.Port, Password, Timeout);

        Assert.Equal("echo:users", await client.ExecuteAsync("users", Timeout));
    }

    [Fact]
    public async Task Packet_over_the_accepted_size_fails_the_call_with_a_protocol_error()
    {
        await using var server = new SourceRconTestServer(Password, Echo)
        {
            RawAnswerPrefix = [0x01, 0x00, 0x10, 0x00], // Size 1048577, one more than the agent accepts
        };
        await using var client = await ConnectedClientAsync(server);

        var error = await Assert.ThrowsAsync<RconProtocolException>(() => client.ExecuteAsync("status", Timeout)).WaitAsync(WaitLimit);

        Assert.Contains("1048577", error.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task Command_with_nul_is_refused_before_sending()
    {
        await using var server = new SourceRconTestServer(Password, Echo);
        await using var client = await ConnectedClientAsync(server);

        await Assert.ThrowsAsync<ArgumentException>(() => client.ExecuteAsync("say a\0quit", Timeout));

        Assert.Equal(1, server.PacketsReceived); // the auth packet only
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Command_longer_than_4000_bytes_is_refused_before_sending()
    {
        await using var server = new SourceRconTestServer(Password, Echo);
        await using var client = await ConnectedClientAsync(server);

        await Assert.ThrowsAsync<ArgumentException>(() => client.ExecuteAsync(new string('x', SourceRconClient.MaxCommandBytes + 1), Timeout));

        Assert.Equal(1, server.PacketsReceived);
    }

    [Fact]
    public async Task Command_before_connecting_fails_with_a_clear_error()
    {
        await using var client = new SourceRconClient();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.ExecuteAsync("status", Timeout));

        Assert.Contains("ConnectAsync", error.Message, StringComparison.Ordinal);
    }

    private static string Echo(string command) => $"echo:{command}";

    private async Task<SourceRconClient> ConnectedClientAsync(SourceRconTestServer server, SourceRconClientOptions? options = null)
    {
        var client = new SourceRconClient(options);
        await client.ConnectAsync(server.Host, server.Port, Password, Timeout);
        return client;
    }
}
