namespace GameOps.Silo.Hosting;

/// <summary>
/// Keeps a grain-less process trying to reach the cluster's silos while it starts, instead of failing its start: the
/// processes of a deployment may start in any order, and its HTTP endpoints open once a silo answers.
/// </summary>
public sealed partial class ClusterConnectionRetry(ILogger<ClusterConnectionRetry> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(1);

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        LogWaiting(logger, exception.Message);
        await Task.Delay(Wait, cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No silo of the cluster answered ({Reason}); trying again")]
    private static partial void LogWaiting(ILogger logger, string reason);
}
