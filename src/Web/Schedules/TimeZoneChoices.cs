namespace GameOps.Web.Schedules;

/// <summary>The IANA time zone ids this machine knows, UTC first: what a schedule's zone can be.</summary>
public static class TimeZoneChoices
{
    public static IReadOnlyList<string> All { get; } =
    [
        "UTC",
        .. TimeZoneInfo.GetSystemTimeZones().Where(z => z.HasIanaId && z.Id != "UTC").Select(z => z.Id).Order(StringComparer.Ordinal),
    ];

    /// <summary>The ids containing <paramref name="text"/>, for the zone picker's search.</summary>
    public static IEnumerable<string> Matching(string? text) =>
        string.IsNullOrWhiteSpace(text) ? All : All.Where(id => id.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase));
}
