namespace GameOps.Web.Schedules;

/// <summary>The fields of a schedule as the REST API's 400 names them; a step's are <c>steps[i].seconds</c> and so on.</summary>
public static class ScheduleField
{
    public const string Name = "name";
    public const string Cron = "cron";
    public const string TimeZone = "timeZone";
    public const string Targets = "targets";
    public const string Steps = "steps";
    public const string RunTimeout = "runTimeoutSeconds";

    /// <summary>A field no error is ever keyed by (enabled, the policies).</summary>
    public const string Other = "";

    /// <summary>The top-level field a key belongs to: <c>steps</c> for <c>steps[2].marks</c>.</summary>
    public static string RootOf(string key) => key.IndexOfAny(['[', '.']) is var end and >= 0 ? key[..end] : key;
}
