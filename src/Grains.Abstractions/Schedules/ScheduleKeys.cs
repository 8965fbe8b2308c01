namespace GameOps.Grains.Schedules;

public static class ScheduleKeys
{
    /// <summary>A schedule's grain key: the org is part of it, so no other org's caller can name the grain.</summary>
    public static string For(string orgId, Guid scheduleId) => $"{orgId}/{scheduleId:N}";
}
