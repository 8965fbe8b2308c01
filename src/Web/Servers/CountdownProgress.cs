using System.Collections.Immutable;
using GameOps.Grains;
using GameOps.Grains.Events;
using GameOps.Grains.Schedules;

namespace GameOps.Web.Servers;

/// <summary>
/// A game server's restart with countdown as the org's events tell it: the jobs its one-off schedule sends (announcements,
/// save, restart) with their states, and how the run ended. A run started elsewhere (another tab, another user) is
/// not known from its event alone: <see cref="Apply"/> says when to read the server again.
/// </summary>
public sealed class CountdownProgress
{
    private Guid _scheduleId;

    public RestartCountdown? Countdown { get; private set; }

    /// <summary>The jobs of the shown run, in the order it sent them.</summary>
    public ImmutableList<CountdownJob> Jobs { get; private set; } = [];

    /// <summary>Shows a run read from the server (null: none); a different run than the one shown starts with no jobs.</summary>
    public void Show(Guid scheduleId, RestartCountdown? countdown)
    {
        if (countdown?.RunId != Countdown?.RunId)
        {
            Jobs = [];
        }

        _scheduleId = scheduleId;
        Countdown = countdown;
    }

    public CountdownEvent Apply(OrgEvent orgEvent)
    {
        if (_scheduleId == Guid.Empty)
        {
            return CountdownEvent.Ignored;
        }

        switch (orgEvent)
        {
            case ScheduleRunStarted started when started.ScheduleId == _scheduleId && started.RunId != Countdown?.RunId:
                return CountdownEvent.ReadAgain;
            case ScheduleRunEnded ended when ended.ScheduleId == _scheduleId && ended.RunId == Countdown?.RunId:
                Countdown = Countdown with { Outcome = ended.Outcome, Detail = ended.Detail };
                return CountdownEvent.Changed;
            case JobStateChanged job when Countdown is { IsRunning: true } && job.Actor is { Kind: ActorKind.Schedule } actor
                                          && actor.Id == _scheduleId.ToString("D"):
                var seen = new CountdownJob(job.JobId, job.Action, job.State, job.Error);
                var index = Jobs.FindIndex(j => j.JobId == job.JobId);
                Jobs = index < 0 ? Jobs.Add(seen) : Jobs.SetItem(index, seen);
                return CountdownEvent.Changed;
            default:
                return CountdownEvent.Ignored;
        }
    }
}
