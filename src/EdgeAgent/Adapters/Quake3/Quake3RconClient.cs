using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using GameOps.EdgeAgent.Configuration;
using Microsoft.Extensions.Logging;

namespace GameOps.EdgeAgent.Adapters.Quake3;

/// <summary>
/// Quake 3 rcon with one server (one address): a request datagram, then the answer's <c>print</c> datagrams until
/// <see cref="Quake3RconClientOptions.QuietPeriod"/> passes without another. Nothing in an answer says which request
/// it belongs to, so each exchange has a UDP socket (a source port) of its own: answers to concurrent exchanges cannot
/// mix, and a late datagram of an earlier answer lands on a closed port instead of in the next answer. So exchanges
/// may overlap (a health probe is not held up by a job waiting for a lost answer); only their requests are paced, to
/// the server's flood limit (<see cref="Quake3RconPacer"/>).
/// </summary>
internal sealed partial class Quake3RconClient
{
    // A UDP payload can be no larger; a smaller buffer would cut a datagram short without telling.
    private const int MaxDatagramBytes = 65_535;

    private const string BadPassword = "Bad rconpassword.";
    private const string NoPasswordSet = "No rconpassword set on the server.";

    private readonly ServerAddress _address;
    private readonly string _endpoint;
    private readonly Quake3RconClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Quake3RconPacer _pacer;

    public Quake3RconClient(ServerAddress address, Quake3RconClientOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _address = address;
        _endpoint = address.ToString();
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _pacer = new Quake3RconPacer(options.Burst, options.RefillInterval, timeProvider);
    }

    /// <summary>
    /// Sends <paramref name="command"/> and returns the console text of its answer. A <paramref name="readOnly"/>
    /// command whose answer does not start within <see cref="Quake3RconClientOptions.ResendAfter"/> is sent again;
    /// any other command is sent exactly once.
    /// </summary>
    /// <exception cref="ArgumentException">The password or command cannot be sent (see <see cref="Quake3RconPacket.EncodeRequest"/>); nothing was sent.</exception>
    /// <exception cref="Quake3RconAuthenticationException">The server refused the password, or has rcon off.</exception>
    /// <exception cref="TimeoutException">No answer within <see cref="Quake3RconClientOptions.AnswerTimeout"/>.</exception>
    /// <exception cref="InvalidDataException">The answer was larger than <see cref="Quake3RconClientOptions.MaxResponseBytes"/>.</exception>
    /// <exception cref="SocketException">The host could not be resolved, or refused the datagram (nothing listens on the port).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public async Task<string> ExecuteAsync(string password, string command, bool readOnly, CancellationToken cancellationToken)
    {
        var request = Quake3RconPacket.EncodeRequest(password, command);
        try
        {
            using var timeout = new CancellationTokenSource(_options.AnswerTimeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                var text = await ExchangeAsync(request, readOnly ? _options.MaxResends : 0, linked.Token);
                ThrowIfRefused(text);
                return text;
            }
            catch (OperationCanceledException exception) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"The Quake 3 server at {_address} did not answer within {_options.AnswerTimeout.TotalSeconds:0.###} s.", exception);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(request);
        }
    }

    private async Task<string> ExchangeAsync(byte[] request, int resends, CancellationToken cancellationToken)
    {
        var remote = await ResolveAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(MaxDatagramBytes);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var lastAttempt = attempt >= resends;
                await _pacer.WaitAsync(cancellationToken);
                using var socket = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);

                // Connected: the kernel drops datagrams from anyone else, and reports the server's "port unreachable"
                // as a refused receive instead of leaving us to wait for the deadline.
                await socket.ConnectAsync(remote, cancellationToken);
                await socket.SendAsync(request, SocketFlags.None, cancellationToken);
                var answer = await ReceiveAnswerAsync(socket, buffer, lastAttempt ? Timeout.InfiniteTimeSpan : _options.ResendAfter, cancellationToken);
                if (answer is not null)
                {
                    return answer;
                }

                LogResending(_endpoint, _options.ResendAfter.TotalMilliseconds);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The answer's text, or <see langword="null"/> when no <c>print</c> datagram came within <paramref name="firstWait"/>.</summary>
    private async Task<string?> ReceiveAnswerAsync(Socket socket, byte[] buffer, TimeSpan firstWait, CancellationToken cancellationToken)
    {
        var answer = new ArrayBufferWriter<byte>();
        var receivedBytes = 0;
        var answered = false;
        while (true)
        {
            var wait = answered ? _options.QuietPeriod : firstWait;
            int length;
            using (var window = wait == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(wait, _timeProvider))
            using (var linked = window is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, window.Token))
            {
                try
                {
                    length = await socket.ReceiveAsync(buffer, SocketFlags.None, linked?.Token ?? cancellationToken);
                }
                catch (OperationCanceledException) when (window is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
                {
                    // The window is judged by what reached the socket, not by when this thread got to run: a datagram
                    // that arrived in time but was still queued when a busy machine fired the timer belongs to the answer.
                    while (socket.Available > 0)
                    {
                        length = socket.Receive(buffer, SocketFlags.None);
                        Append(buffer.AsSpan(0, length));
                    }

                    // Quiet: the answer is complete (or, before its first datagram, the request is presumed lost).
                    return answered ? Encoding.UTF8.GetString(answer.WrittenSpan) : null;
                }
            }

            Append(buffer.AsSpan(0, length));
        }

        void Append(ReadOnlySpan<byte> datagram)
        {
            // Every datagram counts, so a server flooding us with anything at all is cut off.
            receivedBytes += datagram.Length;
            if (receivedBytes > _options.MaxResponseBytes)
            {
                throw new InvalidDataException($"The Quake 3 server at {_address} sent an answer larger than {_options.MaxResponseBytes} bytes.");
            }

            if (Quake3RconPacket.TryReadPrint(datagram, out var text))
            {
                answer.Write(text);
                answered = true;
            }
            else
            {
                LogIgnoredDatagram(_endpoint, datagram.Length);
            }
        }
    }

    private async Task<IPEndPoint> ResolveAsync(CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(_address.Host, out var literal))
        {
            return new IPEndPoint(literal, _address.Port);
        }

        var addresses = await Dns.GetHostAddressesAsync(_address.Host, cancellationToken);
        var address = addresses.FirstOrDefault(candidate => candidate.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new SocketException((int)SocketError.HostNotFound);
        return new IPEndPoint(address, _address.Port);
    }

    private void ThrowIfRefused(string text)
    {
        // The refusal is the whole answer; the same words inside other output (a player's chat) are not one.
        var answer = text.AsSpan().Trim();
        if (answer.SequenceEqual(BadPassword))
        {
            throw new Quake3RconAuthenticationException($"The Quake 3 server at {_address} answered '{BadPassword}'.");
        }

        if (answer.SequenceEqual(NoPasswordSet))
        {
            throw new Quake3RconAuthenticationException($"The Quake 3 server at {_address} has no rconpassword set, so its rcon is off.")
            {
                RconDisabled = true,
            };
        }
    }

    [LoggerMessage(EventId = 101, Level = LogLevel.Information,
        Message = "No answer from the Quake 3 server at {Endpoint} within {WaitMilliseconds} ms; sending the read-only request again")]
    private partial void LogResending(string endpoint, double waitMilliseconds);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Ignored a {Length}-byte datagram from {Endpoint} that is not a print packet")]
    private partial void LogIgnoredDatagram(string endpoint, int length);
}
