using System.Text.RegularExpressions;

namespace GameOps.Grains.Hosts;

/// <summary>What a host's id and name may be, shared by the API's validation and the grain's own checks.</summary>
public static partial class HostRules
{
    public const int MaxNameLength = 100;

    public static string NewHostId() => Guid.NewGuid().ToString("N");

    /// <summary>Host ids appear in agent config files, URLs and logs: short, lowercase, no separators to escape.</summary>
    public static bool IsValidHostId(string? hostId) => hostId is not null && HostIdPattern().IsMatch(hostId);

    /// <summary>The problem with a display name, or null when it is fine.</summary>
    public static string? ValidateName(string? name) => TextRules.ValidateName(name, "host", MaxNameLength);

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex HostIdPattern();
}
