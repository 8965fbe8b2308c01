namespace GameOps.Silo.Hosting;

/// <summary>
/// Connects a grain-less process to the cluster's silos in the background rather than in the host's start, so its HTTP
/// endpoints open at once: <c>/healthz</c> answers, <c>/readyz</c> says not ready and every other request is refused
/// with 503 (<see cref="ClusterConnectionGate"/>) until the process can call grains. The processes of a deployment may
/// then start in any order, and an orchestrator sees a live process that waits rather than one that does not listen.
/// </summary>
public sealed partial class ClusterConnection(
    IHostedService orleansClient,
    IClusterManifestProvider manifests,
    IHostApplicationLifetime lifetime,
    ILogger<ClusterConnection> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _connecting = Task.CompletedTask;
    private volatile bool _clientStarted;

    public bool IsConnected => _connected.Task.IsCompletedSuccessfully;

    /// <summary>Completes once the process can call grains; cancelled when the process stops first.</summary>
    public Task Connected => _connected.Task;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _connecting = Task.Run(() => ConnectAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _connecting;
        if (_clientStarted)
        {
            await orleansClient.StopAsync(cancellationToken);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Orleans' client retries through ClusterConnectionRetry until a silo's gateway answers.
            await orleansClient.StartAsync(cancellationToken);
            _clientStarted = true;
            await WaitForGrainsAsync(cancellationToken);
            _connected.TrySetResult();
            LogConnected(logger);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _connected.TrySetCanceled(cancellationToken);
        }
        catch (Exception exception)
        {
            // What a failed start did before the connection moved out of it: the process ends, with an error.
            LogFailed(logger, exception);
            _connected.TrySetException(exception);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    /// <summary>
    /// The client's start returns with the first cluster manifest its gateway sent, which lists only the silos that
    /// gateway saw active then, possibly none; until one lists a silo with grains, every grain call fails with "Could not
    /// find an implementation for interface". The client fetches a newer one every
    /// <see cref="Orleans.Configuration.TypeManagementOptions.TypeMapRefreshInterval"/> for as long as it runs.
    /// </summary>
    private async Task WaitForGrainsAsync(CancellationToken cancellationToken)
    {
        var waiting = false;
        await foreach (var manifest in manifests.Updates.WithCancellation(cancellationToken))
        {
            if (manifest.Silos.Values.Any(silo => !silo.Grains.IsEmpty))
            {
                return;
            }

            if (!waiting)
            {
                waiting = true;
                LogNoGrainsYet(logger);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new InvalidOperationException("The Orleans client stopped before its cluster manifest listed a silo with grains.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to the cluster's silos")]
    private static partial void LogConnected(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reached the cluster's gateway, whose manifest lists no silo with grains yet; waiting for one")]
    private static partial void LogNoGrainsYet(ILogger logger);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Could not connect to the cluster's silos; stopping")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
