namespace GameOps.Web.Schedules;

/// <summary>A spec's field errors, keyed as the REST API's 400 keys them, and its next cron times in its zone.</summary>
public sealed record ScheduleCheck(IReadOnlyDictionary<string, string[]> Errors, IReadOnlyList<DateTimeOffset> NextRuns);
