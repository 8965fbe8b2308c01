namespace GameOps.Bench.Jobs;

/// <summary>One bench caller: submits <see cref="JobsPerCall"/> <c>players.list</c> jobs and waits until they have finished.</summary>
public interface IJobSubmitter
{
    int JobsPerCall { get; }

    /// <summary>The newest jobs this caller saw answered (their API paths), to read back after a crash.</summary>
    Queue<string> Answered { get; }

    /// <summary>True when every job of the call was created and answered Succeeded.</summary>
    ValueTask<bool> CreateAsync(CancellationToken cancellationToken);
}
