namespace GameOps.Silo.Hosting;

/// <summary>
/// Connects a grain-less process to the cluster's silos in the background rather than in the host's start, so its HTTP
/// endpoints open at once: <c>/healthz</c> answers, <c>/readyz</c> says not ready and every other request is refused
/// with 503 (<see cref="ClusterConnectionGate"/>) until a silo answers. The processes of a deployment may then start in
/// any order, and an orchestrator sees a live process that waits rather than one that does not listen.
/// </summary>
public sealed partial class ClusterConnection(
    IHostedService orleansClient,
    IHostApplicationLifetime lifetime,
    ILogger<ClusterConnection> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _connecting = Task.CompletedTask;

    public bool IsConnected => _connected.Task.IsCompletedSuccessfully;

    /// <summary>Completes once a silo has answered; cancelled when the process stops first.</summary>
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
        if (IsConnected)
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to the cluster's silos")]
    private static partial void LogConnected(ILogger logger);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Could not connect to the cluster's silos; stopping")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
