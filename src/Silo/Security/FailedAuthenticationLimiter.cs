using System.Net;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Security;

/// <summary>
/// Limits failed authentication per client address, on each <see cref="Listener"/> apart. An address may fail
/// <see cref="FailedAuthenticationOptions.MaxFailures"/> times in a row; after that its attempts are refused, its
/// credential not even looked at, until it has earned one back (they come back one every Window / MaxFailures).
/// Each burst of failures is logged once, with the address, at its first failure; a burst ends when the address
/// has not failed for a whole window.
/// </summary>
/// <remarks>
/// In memory, per silo, at most <see cref="FailedAuthenticationOptions.MaxAddresses"/> addresses (the one that failed
/// longest ago is forgotten first): an attacker with many addresses cannot grow it without limit. An IPv6 client is
/// counted by its /64, which one host usually holds whole. Keys never reach this class.
/// </remarks>
public sealed partial class FailedAuthenticationLimiter(
    IOptions<FailedAuthenticationOptions> options,
    TimeProvider time,
    ILogger<FailedAuthenticationLimiter> logger)
{
    private readonly FailedAuthenticationOptions _options = options.Value;

    // Oldest failure first, so the least recent address is the one to forget.
    private readonly LinkedList<Client> _byLastFailure = new();
    private readonly Dictionary<ClientKey, LinkedListNode<Client>> _clients = [];
    private readonly Lock _lock = new();

    private TimeSpan EarnOneBack => _options.Window / _options.MaxFailures;

    /// <summary>How many addresses are remembered now.</summary>
    internal int TrackedAddresses
    {
        get
        {
            lock (_lock)
            {
                return _clients.Count;
            }
        }
    }

    /// <summary>How long the client must wait before its next attempt, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(Listener listener, IPAddress? address)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            if (!_clients.TryGetValue(ClientKey.Of(listener, address), out var node))
            {
                return null;
            }

            var allowance = AllowanceAt(node.Value, now);
            return allowance >= 1 ? null : EarnOneBack * (1 - allowance);
        }
    }

    /// <summary>Counts a failed attempt; <paramref name="reason"/>, a sentence, is for the log and must hold no secret.</summary>
    public void RecordFailure(Listener listener, IPAddress? address, string reason)
    {
        var now = time.GetTimestamp();
        var key = ClientKey.Of(listener, address);
        bool burstStarts;
        lock (_lock)
        {
            ForgetQuietClients(now);
            if (_clients.TryGetValue(key, out var node))
            {
                _byLastFailure.Remove(node);
                burstStarts = false;
            }
            else
            {
                node = new LinkedListNode<Client>(new Client(key, _options.MaxFailures, now));
                _clients.Add(key, node);
                burstStarts = true;
                if (_clients.Count > _options.MaxAddresses)
                {
                    _clients.Remove(_byLastFailure.First!.Value.Key);
                    _byLastFailure.RemoveFirst();
                }
            }

            var client = node.Value;
            client.Allowance = Math.Max(0, AllowanceAt(client, now) - 1);
            client.LastFailure = now;
            _byLastFailure.AddLast(node);
        }

        if (burstStarts)
        {
            LogBurstStarted(logger, key, listener, reason, _options.MaxFailures, _options.Window.TotalSeconds);
        }
        else
        {
            LogFailure(logger, key, listener, reason);
        }
    }

    private double AllowanceAt(Client client, long now) =>
        Math.Min(_options.MaxFailures, client.Allowance + (time.GetElapsedTime(client.LastFailure, now) / EarnOneBack));

    // A client that has not failed for a window has its whole allowance back: remembering it would change nothing.
    private void ForgetQuietClients(long now)
    {
        while (_byLastFailure.First is { } oldest && time.GetElapsedTime(oldest.Value.LastFailure, now) >= _options.Window)
        {
            _clients.Remove(oldest.Value.Key);
            _byLastFailure.RemoveFirst();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed authentication from {ClientAddress} on the {Listener} listener: {Reason} Logged once per burst; after {MaxFailures} failures in a row its attempts are refused until it earns them back over {WindowSeconds} s")]
    private static partial void LogBurstStarted(ILogger logger, ClientKey clientAddress, Listener listener, string reason, int maxFailures, double windowSeconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Failed authentication from {ClientAddress} on the {Listener} listener: {Reason}")]
    private static partial void LogFailure(ILogger logger, ClientKey clientAddress, Listener listener, string reason);

    private sealed class Client(ClientKey key, double allowance, long lastFailure)
    {
        public ClientKey Key { get; } = key;

        /// <summary>Failures the client may still make, as of <see cref="LastFailure"/>.</summary>
        public double Allowance { get; set; } = allowance;

        /// <summary>A <see cref="TimeProvider"/> timestamp.</summary>
        public long LastFailure { get; set; } = lastFailure;
    }

    /// <summary>A client's address (<see cref="ClientAddress"/>) on one listener.</summary>
    private readonly record struct ClientKey(Listener Listener, ClientAddress Address)
    {
        public static ClientKey Of(Listener listener, IPAddress? address) => new(listener, ClientAddress.Of(address));

        public override string ToString() => Address.ToString();
    }
}
