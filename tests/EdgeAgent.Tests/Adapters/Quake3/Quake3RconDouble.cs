using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GameOps.EdgeAgent.Tests.Adapters.Quake3;

/// <summary>
/// A small Quake 3 rcon server on 127.0.0.1 for what the real server cannot be made to do on demand: answers whose
/// datagrams come with gaps, lost requests, silence, floods. It speaks the wire format byte for byte with its own
/// code: a request is <c>\xff\xff\xff\xffrcon &lt;password&gt; &lt;command&gt;</c>, each answer datagram
/// <c>\xff\xff\xff\xffprint\n</c> and a slice of text.
/// </summary>
internal sealed class Quake3RconDouble : IAsyncDisposable
{
    private static readonly byte[] Marker = [0xFF, 0xFF, 0xFF, 0xFF];

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Func<string, int, IEnumerable<Quake3RconDoubleDatagram>> _answer;
    private readonly ConcurrentQueue<byte[]> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeProvider _clock;
    private readonly SendCounter _sent = new();
    private readonly Task _loop;

    /// <param name="answer">
    /// Given the command and how many requests came before it, the datagrams to send back (print slices, each after
    /// its delay); none plays a lost request.
    /// </param>
    /// <param name="clock">
    /// What the delays are measured on: a test that hands the adapter the same fake clock decides itself what counts
    /// as a gap, whatever the machine's scheduler does.
    /// </param>
    public Quake3RconDouble(Func<string, int, IEnumerable<Quake3RconDoubleDatagram>> answer, TimeProvider? clock = null)
    {
        _answer = answer;
        _clock = clock ?? TimeProvider.System;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _loop = ServeAsync(_stopping.Token);
    }

    public string Host { get; } = "127.0.0.1";

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary>Every request datagram received, byte for byte.</summary>
    public IReadOnlyList<byte[]> Requests => [.. _requests];

    /// <summary>Waits until <paramref name="count"/> answer datagrams in all have left the double.</summary>
    public Task WaitUntilSentAsync(int count, CancellationToken cancellationToken) => _sent.WaitUntilAsync(count, cancellationToken);

    public static Quake3RconDoubleDatagram Print(string text, int delayMilliseconds = 0) =>
        new(TimeSpan.FromMilliseconds(delayMilliseconds), [.. Marker, .. "print\n"u8, .. Encoding.UTF8.GetBytes(text)]);

    /// <summary>
    /// The engine's answer to a command it refuses on an empty server: a kick of a name or slot nobody has, or a
    /// command it does not know. Null for any other command.
    /// </summary>
    public static Quake3RconDoubleDatagram? Refusal(string command)
    {
        var space = command.IndexOf(' ', StringComparison.Ordinal);
        var verb = space < 0 ? command : command[..space];
        var argument = space < 0 ? string.Empty : command[(space + 1)..].Trim('"');
        return verb switch
        {
            // ioquake3 code/server/sv_ccmds.c, SV_GetPlayerByHandle: no client has the name.
            "kick" => Print($"Player {argument} is not on the server\n"),

            // sv_ccmds.c, SV_GetPlayerByNum: a slot with no client (sv_maxclients is 16 on the double's server).
            "clientkick" when int.TryParse(argument, out var slot) => Print(slot < 16 ? $"Client {slot} is not active\n" : $"Bad client slot: {slot}\n"),

            // What Debian's openarena-server 0.8.8 prints for a command, cvar or game command it does not know.
            "nosuchcmd" => Print($"unknown command: {verb}\n"),
            _ => null,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _socket.Dispose();
        try
        {
            await _loop;
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }

        _stopping.Dispose();
        _sent.Dispose();
    }

    private async Task ServeAsync(CancellationToken stopping)
    {
        var buffer = new byte[65_535];
        while (!stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), stopping);
            }
            catch (SocketException exception) when (exception.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused)
            {
                continue; // A client's socket closed before an answer reached it.
            }

            var request = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            var index = _requests.Count;
            _requests.Enqueue(request);
            if (!request.AsSpan().StartsWith(Marker) || !request.AsSpan(4).StartsWith("rcon "u8))
            {
                continue;
            }

            // "rcon <password> <command>": the password is the first word after the verb.
            var line = Encoding.UTF8.GetString(request, 9, request.Length - 9);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var command = space < 0 ? string.Empty : line[(space + 1)..];
            _ = SendAsync(received.RemoteEndPoint, _answer(command, index).ToList(), stopping);
        }
    }

    private async Task SendAsync(EndPoint client, List<Quake3RconDoubleDatagram> datagrams, CancellationToken stopping)
    {
        try
        {
            foreach (var datagram in datagrams)
            {
                if (datagram.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(datagram.Delay, _clock, stopping);
                }

                await _socket.SendToAsync(datagram.Bytes, SocketFlags.None, client, stopping);
                _sent.Sent();
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped, or the client's socket is gone.
        }
    }
}
