using GameOps.Grains.Schedules;

namespace GameOps.Silo.Schedules;

public sealed record ScheduleStepRequest(
    ScheduleStepKind? Kind,
    string? Action,
    Dictionary<string, string?>? Arguments,
    int? Seconds,
    WaitCondition? Until,
    int? TimeoutSeconds,
    List<int>? Marks,
    string? Text,
    bool? SkipIfPlayersOnline,
    int? DeferMinutes);
