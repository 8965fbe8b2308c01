using GameOps.Grains.Platform;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Security;

/// <summary>
/// At first start, makes the platform admin API key, stores its hash through the platform grain (so
/// exactly one silo of a cluster wins) and writes the key to a file only the silo's user can read.
/// Runs after the silo has started because hosted services start in registration order.
/// </summary>
public sealed partial class AdminKeyBootstrapper(
    IGrainFactory grains,
    IOptions<AdminKeyOptions> options,
    ILogger<AdminKeyBootstrapper> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(options.Value.FilePath);
        if (await SecretFile.TryCreateAsync(TokenPrefixes.AdminKey, path, grains.GetGrain<IPlatformGrain>(0).TryInitializeAdminKeyAsync, cancellationToken))
        {
            LogCreatedKey(logger, path);
        }
        else
        {
            LogExistingKey(logger, path);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created the platform admin API key and wrote it to {Path} (readable only by this user). Use it as 'Authorization: Bearer <key>'.")]
    private static partial void LogCreatedKey(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "The platform admin API key already exists; it was written to {Path} at first start.")]
    private static partial void LogExistingKey(ILogger logger, string path);
}
