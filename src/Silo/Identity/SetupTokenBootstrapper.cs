using GameOps.Grains.Platform;
using GameOps.Silo.Security;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Identity;

/// <summary>
/// Until setup is done, makes the one-time setup token (once per deployment, through the platform grain, so one silo
/// of a cluster makes it) and writes it to a file only the silo's user can read: a freshly exposed control plane cannot
/// be claimed by whoever finds it first. Setup (<c>POST /api/v1/setup</c>) needs it and deletes the file.
/// </summary>
public sealed partial class SetupTokenBootstrapper(
    IGrainFactory grains,
    IOptions<SetupOptions> options,
    ILogger<SetupTokenBootstrapper> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var platform = grains.GetGrain<IPlatformGrain>(0);
        var path = Path.GetFullPath(options.Value.TokenFilePath);
        if (await platform.IsSetupCompleteAsync())
        {
            return;
        }

        if (await SecretFile.TryCreateAsync(TokenPrefixes.SetupToken, path, platform.TryInitializeSetupTokenAsync, cancellationToken))
        {
            LogCreatedToken(logger, path);
        }
        else if (File.Exists(path))
        {
            LogPendingToken(logger, path);
        }
        else
        {
            LogTokenElsewhere(logger, path);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "GameOps is not set up yet. Wrote the one-time setup token to {Path} (readable only by this user); run 'GameOps.Silo setup' or POST /api/v1/setup with it to create the platform admin account and the first org.")]
    private static partial void LogCreatedToken(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GameOps is not set up yet; the setup token is in {Path}.")]
    private static partial void LogPendingToken(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GameOps is not set up yet; the setup token was written at first start by another silo (or removed from {Path}).")]
    private static partial void LogTokenElsewhere(ILogger logger, string path);
}
