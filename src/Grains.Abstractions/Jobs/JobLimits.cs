namespace GameOps.Grains.Jobs;

/// <summary>The limits of a job that callers, the API and the grains agree on.</summary>
public static class JobLimits
{
    public const int MaxArguments = 16;
    public const int MaxArgumentNameLength = 64;
    public const int MaxArgumentValueLength = 4096;
    public const int MaxIdempotencyKeyLength = 128;

    /// <summary>The most jobs one batch submission creates.</summary>
    public const int MaxJobsPerBatch = 100;

    /// <summary>The most of a game's answer (or an error) a job keeps, in characters.</summary>
    public const int MaxOutputLength = 64 * 1024;

    /// <summary>The most jobs one page of a job history lists.</summary>
    public const int RecentJobsPerHost = 200;

    /// <summary>How long an idempotency key finds the job it was first given with, on the same host.</summary>
    public static readonly TimeSpan IdempotencyWindow = TimeSpan.FromHours(24);

    public static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);
}
