using Microsoft.Extensions.Time.Testing;

namespace GameOps.EdgeAgent.Tests;

public static class FakeClock
{
    /// <summary>
    /// Moves <paramref name="clock"/> on by <paramref name="step"/> until <paramref name="running"/> ends. For a wait
    /// that a real thread must first arm (a quiet period armed when the reader gets to it): however late it arms
    /// the timer, the next step fires it, so the outcome does not depend on the scheduler.
    /// </summary>
    public static async Task<T> AdvanceUntilDoneAsync<T>(FakeTimeProvider clock, TimeSpan step, Task<T> running, CancellationToken cancellationToken)
    {
        while (!running.IsCompleted)
        {
            clock.Advance(step);
            await Task.WhenAny(running, Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }

        return await running;
    }
}
