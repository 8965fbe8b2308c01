using GameOps.Silo.Storage.Sqlite;

namespace GameOps.Silo.Tests.Storage;

/// <summary>
/// Keeps the database's leader busy inside one write until disposed, so every write queued meanwhile is
/// committed together in the next batch. The held write is made on a thread-pool thread, which leads.
/// </summary>
internal sealed class WriterHold : IAsyncDisposable
{
    private readonly ManualResetEventSlim _release = new();
    private Task _held = Task.CompletedTask;

    private WriterHold()
    {
    }

    public static async Task<WriterHold> StartAsync(SqliteDatabase database)
    {
        var hold = new WriterHold();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hold._held = Task.Run(() => database.WriteAsync(_ =>
        {
            entered.TrySetResult();
            return hold._release.Wait(TestTimeouts.Default);
        }));
        await entered.Task.WithTimeout();
        return hold;
    }

    public async ValueTask DisposeAsync()
    {
        _release.Set();
        await _held.WithTimeout();
        _release.Dispose();
    }
}
