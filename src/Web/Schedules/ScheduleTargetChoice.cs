namespace GameOps.Web.Schedules;

/// <summary>A game server a schedule can target, with the names the page shows.</summary>
public sealed record ScheduleTargetChoice(string HostId, string HostName, string ServerId, string ServerName)
{
    public string Label => $"{ServerName} on {HostName}";
}
