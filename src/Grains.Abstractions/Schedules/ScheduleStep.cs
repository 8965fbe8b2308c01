using System.Collections.Immutable;

namespace GameOps.Grains.Schedules;

/// <summary>One step of a schedule; which fields matter depends on <see cref="Kind"/> (see docs/schedules.md).</summary>
/// <param name="Action">The job action of an Action step.</param>
/// <param name="Arguments">The action's arguments.</param>
/// <param name="Seconds">How long a Wait step waits.</param>
/// <param name="Until">What a WaitUntil step waits for.</param>
/// <param name="TimeoutSeconds">
/// How long a WaitUntil step waits before it fails; for a restart, how long the server may take to answer again.
/// </param>
/// <param name="Marks">Seconds before the restart at which it is announced; null for 900, 300, 60 and 10.</param>
/// <param name="Text">The announcement, where <c>{remaining}</c> becomes "5 minutes", "10 seconds".</param>
/// <param name="SkipIfPlayersOnline">A restart with players online is skipped, and the run with it.</param>
/// <param name="DeferMinutes">A restart waits up to this long for the players to leave, then goes ahead.</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.ScheduleStep")]
public sealed record ScheduleStep(
    [property: Id(0)] ScheduleStepKind Kind,
    [property: Id(1)] string? Action = null,
    [property: Id(2)] ImmutableDictionary<string, string>? Arguments = null,
    [property: Id(3)] int? Seconds = null,
    [property: Id(4)] WaitCondition? Until = null,
    [property: Id(5)] int? TimeoutSeconds = null,
    [property: Id(6)] ImmutableArray<int>? Marks = null,
    [property: Id(7)] string? Text = null,
    [property: Id(8)] bool SkipIfPlayersOnline = false,
    [property: Id(9)] int? DeferMinutes = null);
