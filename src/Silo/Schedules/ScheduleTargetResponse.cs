namespace GameOps.Silo.Schedules;

public sealed record ScheduleTargetResponse(string HostId, string ServerId);
