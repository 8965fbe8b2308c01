using System.Globalization;

namespace GameOps.Web.Schedules;

public static class RunTimes
{
    /// <summary>A cron time in the schedule's own zone, with its offset, so summer and winter time show.</summary>
    public static string Format(DateTimeOffset at) => at.ToString("ddd yyyy-MM-dd HH:mm 'UTC'zzz", CultureInfo.InvariantCulture);
}
