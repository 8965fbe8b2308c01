using System.Collections.Immutable;
using System.Globalization;
using GameOps.Grains.Schedules;

namespace GameOps.Web.Schedules;

/// <summary>One step as the step builder edits it: every kind's fields, of which <see cref="Kind"/> picks the ones that count.</summary>
public sealed class StepDraft
{
    /// <summary>The action a Say step sends, and its argument.</summary>
    public const string SayAction = "chat.say";
    public const string SayArgument = "message";

    /// <summary>The action a Save step sends.</summary>
    public const string SaveAction = "world.save";

    public ScheduleStepKind Kind { get; set; }

    public string? Action { get; set; }

    /// <summary>The action's arguments, one <c>name=value</c> a line (a Say step's message is <see cref="Message"/>).</summary>
    public string? Arguments { get; set; }

    public string? Message { get; set; }

    public int? Seconds { get; set; }

    public WaitCondition Until { get; set; }

    public int? TimeoutSeconds { get; set; }

    /// <summary>The countdown's marks in seconds, comma separated; empty for the defaults.</summary>
    public string? Marks { get; set; }

    public string? Text { get; set; }

    public bool SkipIfPlayersOnline { get; set; }

    public int? DeferMinutes { get; set; }

    public bool IsSay => Kind == ScheduleStepKind.Action && Action == SayAction;

    public static StepDraft Say(string message = "") => new() { Kind = ScheduleStepKind.Action, Action = SayAction, Message = message };

    public static StepDraft Save() => new() { Kind = ScheduleStepKind.Action, Action = SaveAction };

    public static StepDraft Wait(int seconds = 60) => new() { Kind = ScheduleStepKind.Wait, Seconds = seconds };

    public static StepDraft WaitUntil() => new() { Kind = ScheduleStepKind.WaitUntil, Until = WaitCondition.NoPlayers, TimeoutSeconds = 600 };

    public static StepDraft Restart() => new() { Kind = ScheduleStepKind.RestartWithCountdown };

    public static StepDraft From(ScheduleStep step) => new()
    {
        Kind = step.Kind,
        Action = step.Action,
        Message = step.Action == SayAction ? step.Arguments?.GetValueOrDefault(SayArgument) : null,
        Arguments = step.Action == SayAction || step.Arguments is null
            ? null
            : string.Join('\n', step.Arguments.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}")),
        Seconds = step.Seconds,
        Until = step.Until ?? WaitCondition.NoPlayers,
        TimeoutSeconds = step.TimeoutSeconds,
        Marks = step.Marks is { } marks ? string.Join(", ", marks) : null,
        Text = step.Text,
        SkipIfPlayersOnline = step.SkipIfPlayersOnline,
        DeferMinutes = step.DeferMinutes,
    };

    /// <summary>The step as the schedule keeps it; what cannot be read (a mark that is not a number) goes to <paramref name="errors"/> under <paramref name="field"/>.</summary>
    public ScheduleStep ToStep(string field, Dictionary<string, string[]> errors) => Kind switch
    {
        ScheduleStepKind.Action => new ScheduleStep(Kind, Action: Action, Arguments: ReadArguments(field, errors)),
        ScheduleStepKind.Wait => new ScheduleStep(Kind, Seconds: Seconds),
        ScheduleStepKind.WaitUntil => new ScheduleStep(Kind, Until: Until, TimeoutSeconds: TimeoutSeconds),
        ScheduleStepKind.RestartWithCountdown => new ScheduleStep(
            Kind, TimeoutSeconds: TimeoutSeconds, Marks: ReadMarks(field, errors), Text: string.IsNullOrEmpty(Text) ? null : Text,
            SkipIfPlayersOnline: SkipIfPlayersOnline, DeferMinutes: DeferMinutes),
        _ => new ScheduleStep(Kind),
    };

    private ImmutableDictionary<string, string>? ReadArguments(string field, Dictionary<string, string[]> errors)
    {
        if (IsSay)
        {
            return ImmutableDictionary<string, string>.Empty.Add(SayArgument, Message ?? "");
        }

        var arguments = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var line in (Arguments ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.Split('=', 2) is not [var name, var value] || name.Trim().Length == 0)
            {
                errors[$"{field}.arguments"] = ["Arguments are one name=value a line."];
                continue;
            }

            arguments[name.Trim()] = value;
        }

        return arguments.Count > 0 ? arguments.ToImmutable() : null;
    }

    private ImmutableArray<int>? ReadMarks(string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(Marks))
        {
            return null;
        }

        var marks = ImmutableArray.CreateBuilder<int>();
        foreach (var part in Marks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                errors[$"{field}.marks"] = ["Marks are whole seconds before the restart, separated by commas, e.g. 900, 300, 60, 10."];
                return null;
            }

            marks.Add(seconds);
        }

        return marks.ToImmutable();
    }
}
