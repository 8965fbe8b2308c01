namespace GameOps.EdgeAgent.Tests;

/// <summary>
/// Counts what a game double has sent, so a test on a fake clock moves the clock on only once the double has
/// acted on the last step: the double's gaps and the adapter's quiet period then follow the test, not the scheduler.
/// </summary>
public sealed class SendCounter : IDisposable
{
    private readonly SemaphoreSlim _sent = new(0);

    public void Sent() => _sent.Release();

    /// <summary>Waits until <paramref name="count"/> sends in all have happened.</summary>
    public async Task WaitUntilAsync(int count, CancellationToken cancellationToken)
    {
        for (var waited = 0; waited < count; waited++)
        {
            await _sent.WaitAsync(cancellationToken);
        }

        _sent.Release(count);
    }

    public void Dispose() => _sent.Dispose();
}
