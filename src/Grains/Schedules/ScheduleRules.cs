using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Cronos;
using GameOps.AgentProtocol;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using static GameOps.Grains.Schedules.ScheduleLimits;

namespace GameOps.Grains.Schedules;

/// <summary>The checks of a schedule's spec, its cron times and its countdown texts, shared by the API and the grain.</summary>
public static class ScheduleRules
{
    /// <summary>Every problem with the spec that needs no other grain, keyed by the field it concerns; empty when none.</summary>
    public static Dictionary<string, string[]> Validate(ScheduleSpec spec)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(spec.Name) || spec.Name.Trim().Length > MaxNameLength || TextRules.HasControlCharacters(spec.Name))
        {
            errors["name"] = [$"A name is 1 to {MaxNameLength} printable characters."];
        }

        if (!TryParseCron(spec.Cron, out _))
        {
            errors["cron"] = ["A cron expression has five fields: minute hour day-of-month month day-of-week, e.g. '0 4 * * *' (04:00 every day)."];
        }

        if (!TryFindZone(spec.TimeZone, out _))
        {
            errors["timeZone"] = [$"Unknown time zone '{spec.TimeZone}': use an IANA id such as 'Europe/Berlin' or 'UTC'."];
        }

        if (spec.Targets.IsDefaultOrEmpty)
        {
            errors["targets"] = ["A schedule targets at least one game server: { \"hostId\": ..., \"serverId\": ... }."];
        }
        else if (spec.Targets.Length > MaxTargets)
        {
            errors["targets"] = [$"A schedule targets at most {MaxTargets} game servers."];
        }
        else
        {
            for (var i = 0; i < spec.Targets.Length; i++)
            {
                var target = spec.Targets[i];
                if (!HostRules.IsValidHostId(target.HostId) || !JobRules.IsValidServerId(target.ServerId))
                {
                    errors[$"targets[{i}]"] = [$"Game server '{target.ServerId}' on host '{target.HostId}' does not exist."];
                }
                else if (spec.Targets.Take(i).Contains(target))
                {
                    errors[$"targets[{i}]"] = ["A game server is targeted once."];
                }
            }
        }

        if (spec.Steps.IsDefaultOrEmpty)
        {
            errors["steps"] = ["A schedule has at least one step."];
        }
        else if (spec.Steps.Length > MaxSteps)
        {
            errors["steps"] = [$"A schedule has at most {MaxSteps} steps."];
        }
        else
        {
            for (var i = 0; i < spec.Steps.Length; i++)
            {
                ValidateStep(spec.Steps[i], $"steps[{i}]", errors);
            }
        }

        if (spec.RunTimeout < MinRunTimeout || spec.RunTimeout > MaxRunTimeout)
        {
            errors["runTimeoutSeconds"] = [$"The run timeout is {MinRunTimeout.TotalSeconds:0} to {MaxRunTimeout.TotalSeconds:0} seconds."];
        }

        return errors;
    }

    /// <summary>Adds to <paramref name="errors"/> each target that is not a game server of the org, as its agent declared it.</summary>
    public static async Task CheckTargetsAsync(IGrainFactory grains, string orgId, ImmutableArray<ScheduleTarget> targets, Dictionary<string, string[]> errors)
    {
        if (targets.IsDefaultOrEmpty)
        {
            return;
        }

        for (var i = 0; i < targets.Length; i++)
        {
            var target = targets[i];
            if (errors.ContainsKey($"targets[{i}]"))
            {
                continue;
            }

            var host = await grains.GetHostGrain(target.HostId).GetAsync();
            if (host is null || host.OrgId != orgId || !host.Servers.Any(s => s.Id == target.ServerId))
            {
                errors[$"targets[{i}]"] = [$"Game server '{target.ServerId}' on host '{target.HostId}' does not exist."];
            }
        }
    }

    private static void ValidateStep(ScheduleStep step, string field, Dictionary<string, string[]> errors)
    {
        switch (step.Kind)
        {
            case ScheduleStepKind.Action:
                var asJob = new SubmitJob("", "main", step.Action ?? "", step.Arguments ?? ImmutableDictionary<string, string>.Empty, JobLimits.DefaultTimeout, new Actor(ActorKind.Schedule, "check"));
                foreach (var (name, problems) in JobRules.Validate(asJob))
                {
                    errors[$"{field}.{name}"] = problems;
                }

                break;
            case ScheduleStepKind.Wait:
                if (step.Seconds is not (>= 1 and <= MaxSeconds))
                {
                    errors[$"{field}.seconds"] = [$"A wait is 1 to {MaxSeconds} seconds."];
                }

                break;
            case ScheduleStepKind.WaitUntil:
                if (step.Until is not { } until || !Enum.IsDefined(until))
                {
                    errors[$"{field}.until"] = [$"A wait-until names its condition: {string.Join(", ", Enum.GetNames<WaitCondition>())}."];
                }

                if (step.TimeoutSeconds is not (>= 1 and <= MaxSeconds))
                {
                    errors[$"{field}.timeoutSeconds"] = [$"A wait-until has a timeout of 1 to {MaxSeconds} seconds."];
                }

                break;
            case ScheduleStepKind.RestartWithCountdown:
                var marks = MarksOf(step);
                if (step.Marks is { IsDefault: false, IsEmpty: true } || marks.Length > MaxMarks || marks.Any(m => m is < 1 or > MaxSeconds) || marks.Distinct().Count() != marks.Length)
                {
                    errors[$"{field}.marks"] = [$"Marks are 1 to {MaxMarks} different seconds before the restart, each 1 to {MaxSeconds}."];
                }

                if (step.Text is { } text && (text.Length is 0 or > MaxTextLength || TextRules.HasControlCharacters(text)))
                {
                    errors[$"{field}.text"] = [$"An announcement is 1 to {MaxTextLength} printable characters, '{{remaining}}' standing for the time left."];
                }

                if (step.DeferMinutes is { } defer && (defer is < 1 or > MaxDeferMinutes || step.SkipIfPlayersOnline))
                {
                    errors[$"{field}.deferMinutes"] = [$"A restart defers 1 to {MaxDeferMinutes} minutes, and not when it is skipped with players online."];
                }

                if (step.TimeoutSeconds is { } timeout && timeout is < 1 or > MaxSeconds)
                {
                    errors[$"{field}.timeoutSeconds"] = [$"The restart's timeout is 1 to {MaxSeconds} seconds."];
                }

                break;
            default:
                errors[$"{field}.kind"] = [$"A step kind is one of {string.Join(", ", Enum.GetNames<ScheduleStepKind>())}."];
                break;
        }
    }

    /// <summary>The step's countdown marks, longest first (the defaults when it names none).</summary>
    public static ImmutableArray<int> MarksOf(ScheduleStep step) =>
        [.. (step.Marks is { IsDefaultOrEmpty: false } marks ? marks : DefaultMarks).OrderDescending()];

    /// <summary>Five fields, no seconds: a schedule wakes once a minute at most.</summary>
    public static bool TryParseCron(string? text, [NotNullWhen(true)] out CronExpression? cron)
    {
        cron = null;
        return !string.IsNullOrWhiteSpace(text) && text.Length <= 200 && CronExpression.TryParse(text, CronFormat.Standard, out cron);
    }

    public static bool TryFindZone(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        if (string.IsNullOrWhiteSpace(id) || id.Length > 100)
        {
            return false;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }

    /// <summary>
    /// The cron times after <paramref name="after"/>, in the zone's local offset. A time that a spring-forward skips
    /// comes at the first valid time after the gap; a time a fall-back repeats comes once (Cronos' rules).
    /// </summary>
    public static IEnumerable<DateTimeOffset> Occurrences(CronExpression cron, TimeZoneInfo zone, DateTimeOffset after)
    {
        var from = after;
        while (cron.GetNextOccurrence(from, zone) is { } next)
        {
            yield return next;
            from = next;
        }
    }

    /// <summary>
    /// The first <paramref name="count"/> cron times of <paramref name="cron"/> in <paramref name="timeZone"/> after
    /// <paramref name="after"/>: what a schedule's preview shows, saved (the grain) or still being edited (the console).
    /// Empty when the cron or the zone is not valid.
    /// </summary>
    public static ImmutableArray<DateTimeOffset> Preview(string? cron, string? timeZone, DateTimeOffset after, int count) =>
        TryParseCron(cron, out var expression) && TryFindZone(timeZone, out var zone)
            ? Preview(expression, zone, after, count)
            : [];

    public static ImmutableArray<DateTimeOffset> Preview(CronExpression cron, TimeZoneInfo zone, DateTimeOffset after, int count) =>
        [.. Occurrences(cron, zone, after).Take(Math.Clamp(count, 1, MaxPreview))];

    /// <summary>
    /// How many cron times came after <paramref name="cursor"/> up to <paramref name="now"/> (at most
    /// <paramref name="limit"/> counted), and the latest of them.
    /// </summary>
    public static int Due(CronExpression cron, TimeZoneInfo zone, DateTimeOffset cursor, DateTimeOffset now, out DateTimeOffset latest, int limit = 100_000)
    {
        latest = default;
        var count = 0;
        foreach (var at in Occurrences(cron, zone, cursor))
        {
            if (at > now || count == limit)
            {
                break;
            }

            latest = at;
            count++;
        }

        return count;
    }

    /// <summary>"5 minutes", "1 minute", "90 seconds", "1 second": whole minutes as minutes, anything else as seconds.</summary>
    public static string Remaining(int seconds) => seconds switch
    {
        60 => "1 minute",
        1 => "1 second",
        _ when seconds % 60 == 0 => $"{seconds / 60} minutes",
        _ => $"{seconds} seconds",
    };

    public static string Announcement(ScheduleStep step, int seconds) =>
        (step.Text ?? DefaultCountdownText).Replace("{remaining}", Remaining(seconds), StringComparison.Ordinal);
}
