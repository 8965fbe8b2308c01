using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using static GameOps.Grains.Schedules.ScheduleLimits;

namespace GameOps.Grains.Schedules;

/// <summary>
/// A game server's one-off restart with countdown (the game server page's): one <see cref="ScheduleStepKind.RestartWithCountdown"/>
/// step run by <see cref="IScheduleGrain.RunOnceAsync"/> on a schedule grain of the server's own, so it announces, saves
/// and restarts exactly as a schedule's step does, and one server has one countdown at a time.
/// </summary>
public static class RestartCountdowns
{
    public const int MinMinutes = 1;
    public const int MaxMinutes = 60;

    /// <summary>What the announcement leaves for the caller's message.</summary>
    public static readonly int MaxMessageLength = MaxTextLength - DefaultCountdownText.Length - 1;

    /// <summary>The one-off schedule of <paramref name="hostId"/>'s server <paramref name="serverId"/>: the same id every time.</summary>
    public static Guid ScheduleIdOf(string hostId, string serverId)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"restart-countdown/{hostId}/{serverId}"), hash);
        return new Guid(hash[..16]);
    }

    /// <summary>
    /// The countdown's marks: the whole countdown, then each of the schedules' default marks that comes after it
    /// (10 minutes: 600, 300, 60, 10 seconds).
    /// </summary>
    public static ImmutableArray<int> MarksFor(int minutes) => [minutes * 60, .. DefaultMarks.Where(m => m < minutes * 60)];

    /// <summary>
    /// The one-off spec, or the problems with the request keyed <c>minutes</c> and <c>message</c>. Each announcement is
    /// the default text, followed by <paramref name="message"/> when given.
    /// </summary>
    public static ScheduleSpec Spec(ScheduleTarget target, string serverName, int minutes, string? message, out Dictionary<string, string[]> errors)
    {
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (minutes is < MinMinutes or > MaxMinutes)
        {
            errors["minutes"] = [$"A countdown lasts {MinMinutes} to {MaxMinutes} minutes."];
        }

        var text = string.IsNullOrWhiteSpace(message) ? null : $"{DefaultCountdownText} {message.Trim()}";
        if (text is not null && (text.Length > MaxTextLength || TextRules.HasControlCharacters(text)))
        {
            errors["message"] = [$"A message is at most {MaxMessageLength} printable characters on one line."];
            text = null;
        }

        var step = new ScheduleStep(ScheduleStepKind.RestartWithCountdown, Marks: MarksFor(Math.Clamp(minutes, MinMinutes, MaxMinutes)), Text: text);
        var runTimeout = TimeSpan.FromSeconds(minutes * 60 + DefaultRestartTimeoutSeconds) + TimeSpan.FromMinutes(10);
        var name = $"Restart {serverName} with countdown";
        var spec = new ScheduleSpec(
            name.Length > MaxNameLength ? name[..MaxNameLength] : name,
            "0 0 1 1 *", "UTC", Enabled: false, [target], [step], MissedRunPolicy.Skip, OverlapPolicy.Skip, InterruptedRunPolicy.Resume, runTimeout);
        foreach (var (field, problems) in ScheduleRules.Validate(spec))
        {
            errors.TryAdd(field, problems);
        }

        return spec;
    }
}
