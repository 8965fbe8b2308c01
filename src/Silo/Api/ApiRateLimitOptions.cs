using System.ComponentModel.DataAnnotations;

namespace GameOps.Silo.Api;

/// <summary>How much one caller of <c>/api/v1</c> may ask of one silo (docs/api.md#rate-limits).</summary>
public sealed class ApiRateLimitOptions
{
    public const string Section = "GameOps:Api:RateLimits";

    /// <summary>Requests a second each API key, user, platform admin key or anonymous address earns back.</summary>
    [Range(0.001, 1_000_000, ErrorMessage = "GameOps:Api:RateLimits:RequestsPerSecond must be between 0.001 and 1000000.")]
    public double RequestsPerSecond { get; set; } = 20;

    /// <summary>Requests one caller may make at once before it has to wait for <see cref="RequestsPerSecond"/>.</summary>
    [Range(1, 1_000_000, ErrorMessage = "GameOps:Api:RateLimits:Burst must be between 1 and 1000000.")]
    public int Burst { get; set; } = 100;

    /// <summary>Server-sent event streams (events, console) one caller may hold open at once.</summary>
    [Range(1, 100_000, ErrorMessage = "GameOps:Api:RateLimits:StreamsPerCaller must be between 1 and 100000.")]
    public int StreamsPerCaller { get; set; } = 20;
}
