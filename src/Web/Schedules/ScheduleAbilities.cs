namespace GameOps.Web.Schedules;

/// <summary>The schedules permissions of the role table (docs/security.md): schedules.read and schedules.</summary>
public sealed record ScheduleAbilities(bool Read, bool Manage);
