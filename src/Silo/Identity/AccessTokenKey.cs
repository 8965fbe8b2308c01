using System.Security.Cryptography;
using GameOps.Grains.Platform;
using Microsoft.AspNetCore.DataProtection;

namespace GameOps.Silo.Identity;

/// <summary>
/// The HMAC-SHA256 key access tokens are signed with: 256 random bits made by the first silo that needs them, stored in
/// the platform grain encrypted with Data Protection (the key ring every silo of a cluster shares), held in memory.
/// </summary>
public sealed partial class AccessTokenKey(IGrainFactory grains, IDataProtectionProvider dataProtection, ILogger<AccessTokenKey> logger)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("GameOps.AccessTokens.SigningKey");
    private Task<byte[]>? _key;

    /// <summary>The key; a <see cref="CryptographicException"/> (logged here) when this silo's key ring cannot decrypt the stored one.</summary>
    public Task<byte[]> GetAsync() => _key ??= LoadAsync();

    private async Task<byte[]> LoadAsync()
    {
        try
        {
            var stored = await grains.GetGrain<IPlatformGrain>(0).GetOrInitializeSigningKeyAsync(_protector.Protect(RandomNumberGenerator.GetBytes(32)));
            try
            {
                return _protector.Unprotect(stored);
            }
            catch (CryptographicException unreadable)
            {
                LogUnreadable(unreadable.GetType().Name);
                throw;
            }
        }
        catch
        {
            _key = null;
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The stored access-token signing key cannot be decrypted with this silo's Data Protection key ring ({Error}): access tokens are refused. Every silo must share the key ring that encrypted it")]
    private partial void LogUnreadable(string error);
}
