using System.Globalization;

namespace GameOps.Web.Shell;

public static class Since
{
    /// <summary>A time as the console shows it: UTC, to the second, so every viewer reads the same.</summary>
    public static string Format(DateTimeOffset? at) =>
        at is { } value ? value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "never";
}
