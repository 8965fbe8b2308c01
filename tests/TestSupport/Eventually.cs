using System.Text.Json;
using Xunit;

namespace GameOps.TestSupport;

public static class Eventually
{
    /// <summary>Reads until the condition holds; fails with the last value read once the timeout has passed.</summary>
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var last = await read();
        while (!condition(last))
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"The condition did not hold within {timeout}; last value: {JsonSerializer.Serialize(last, GameOpsApi.Json)}");
            }

            last = await read();
        }

        return last;
    }
}
