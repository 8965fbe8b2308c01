using GameOps.Grains.Schedules;

namespace GameOps.Web.Schedules;

/// <summary>A schedule as the editor edits it, read into a <see cref="ScheduleSpec"/> for the silo to check and save.</summary>
public sealed class ScheduleDraft
{
    public string Name { get; set; } = "";

    public string Cron { get; set; } = "0 4 * * *";

    public string TimeZone { get; set; } = "UTC";

    public bool Enabled { get; set; } = true;

    /// <summary>The targets as <c>hostId/serverId</c>.</summary>
    public List<string> Targets { get; set; } = [];

    public List<StepDraft> Steps { get; } = [];

    public MissedRunPolicy MissedRuns { get; set; }

    public OverlapPolicy Overlap { get; set; }

    public InterruptedRunPolicy Interrupted { get; set; }

    public int RunTimeoutMinutes { get; set; } = 120;

    public static ScheduleDraft From(ScheduleSpec spec)
    {
        var draft = new ScheduleDraft
        {
            Name = spec.Name,
            Cron = spec.Cron,
            TimeZone = spec.TimeZone,
            Enabled = spec.Enabled,
            Targets = [.. spec.Targets.Select(t => Key(t.HostId, t.ServerId))],
            MissedRuns = spec.MissedRuns,
            Overlap = spec.Overlap,
            Interrupted = spec.Interrupted,
            RunTimeoutMinutes = (int)Math.Ceiling(spec.RunTimeout.TotalMinutes),
        };
        draft.Steps.AddRange(spec.Steps.Select(StepDraft.From));
        return draft;
    }

    public static string Key(string hostId, string serverId) => $"{hostId}/{serverId}";

    /// <summary>The spec; what the page could not even read into it goes to <paramref name="errors"/>, keyed as the API keys it.</summary>
    public ScheduleSpec ToSpec(out Dictionary<string, string[]> errors)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var steps = Steps.Select((step, i) => step.ToStep($"steps[{i}]", problems)).ToArray();
        errors = problems;
        return new ScheduleSpec(
            Name,
            Cron,
            TimeZone,
            Enabled,
            [.. Targets.Select(t => t.Split('/', 2) is [var host, var server] ? new ScheduleTarget(host, server) : new ScheduleTarget(t, ""))],
            [.. steps],
            MissedRuns,
            Overlap,
            Interrupted,
            TimeSpan.FromMinutes(RunTimeoutMinutes));
    }
}
