using System.Security.Cryptography;
using GameOps.Grains.Platform;

namespace GameOps.Silo.Security;

/// <summary>
/// Checks a presented admin key against the platform grain, and remembers the last key it accepted for a few
/// seconds: every API request presents the same key, and asking the grain each time was a measurable share of a job's
/// cost (docs/benchmarks.md). A key that stops being valid is refused at most <see cref="RememberFor"/> later.
/// </summary>
public sealed class AdminKeyVerifier(IGrainFactory grains, TimeProvider time)
{
    public static readonly TimeSpan RememberFor = TimeSpan.FromSeconds(5);

    private sealed record Accepted(byte[] KeyHash, long At);

    private Accepted? _lastAccepted;

    /// <summary>Forgets the key accepted last, so a rotated key is refused on this silo from the next request.</summary>
    public void Forget() => _lastAccepted = null;

    public async ValueTask<bool> IsAdminKeyAsync(string key)
    {
        var hash = Secrets.Hash(key);
        if (_lastAccepted is { } last
            && time.GetElapsedTime(last.At) < RememberFor
            && CryptographicOperations.FixedTimeEquals(last.KeyHash, hash))
        {
            return true;
        }

        if (!await grains.GetGrain<IPlatformGrain>(0).IsAdminKeyAsync(hash))
        {
            return false;
        }

        _lastAccepted = new Accepted(hash, time.GetTimestamp());
        return true;
    }
}
