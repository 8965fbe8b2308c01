namespace GameOps.Silo.Storage;

/// <summary>Whether the store this silo's mode configured can be reached now; behind <c>/readyz</c>.</summary>
public interface IStorageProbe
{
    /// <summary>Completes when the store answers; faults with the reason otherwise.</summary>
    Task PingAsync(CancellationToken cancellationToken = default);
}
