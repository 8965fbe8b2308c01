using System.Security.Cryptography;
using GameOps.Grains.Platform;
using Microsoft.AspNetCore.DataProtection;

namespace GameOps.Silo.Identity;

/// <summary>
/// The HMAC-SHA256 key access tokens are signed with: 256 random bits made by the first silo that needs them, stored in
/// the platform grain encrypted with Data Protection (the key ring every silo of a cluster shares), held in memory.
/// </summary>
public sealed class AccessTokenKey(IGrainFactory grains, IDataProtectionProvider dataProtection)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("GameOps.AccessTokens.SigningKey");
    private Task<byte[]>? _key;

    public Task<byte[]> GetAsync() => _key ??= LoadAsync();

    private async Task<byte[]> LoadAsync()
    {
        try
        {
            var stored = await grains.GetGrain<IPlatformGrain>(0).GetOrInitializeSigningKeyAsync(_protector.Protect(RandomNumberGenerator.GetBytes(32)));
            return _protector.Unprotect(stored);
        }
        catch
        {
            _key = null;
            throw;
        }
    }
}
