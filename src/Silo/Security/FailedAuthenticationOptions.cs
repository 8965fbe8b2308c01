using System.ComponentModel.DataAnnotations;

namespace GameOps.Silo.Security;

public sealed class FailedAuthenticationOptions
{
    public const string Section = "GameOps:Security:FailedAuthentication";

    /// <summary>How many failed attempts an address may make in a row before its attempts are refused.</summary>
    [Range(1, 10_000, ErrorMessage = "GameOps:Security:FailedAuthentication:MaxFailures must be between 1 and 10000.")]
    public int MaxFailures { get; set; } = 10;

    /// <summary>
    /// How long an address takes to earn all of <see cref="MaxFailures"/> back (one every Window / MaxFailures), and how
    /// long it must not fail for its burst to end.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "GameOps:Security:FailedAuthentication:Window must be between 00:00:01 and 1.00:00:00.")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The most addresses remembered at once; past it, the one that failed longest ago is forgotten.</summary>
    [Range(1, 10_000_000, ErrorMessage = "GameOps:Security:FailedAuthentication:MaxAddresses must be between 1 and 10000000.")]
    public int MaxAddresses { get; set; } = 10_000;
}
