namespace GameOps.Silo.Schedules;

public sealed record ScheduleTargetRequest(string? HostId, string? ServerId);
