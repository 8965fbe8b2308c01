using System.Collections.Immutable;
using GameOps.AgentProtocol;
using GameOps.Grains.GameServers;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.Grains.Players;
using ServerHealth = GameOps.Grains.GameServers.ServerHealth;

namespace GameOps.Grains.Schedules;

/// <summary>
/// Takes one step of a run as far as the clock allows at <paramref name="now"/>: each call either ends the step or
/// leaves it to the next tick. It changes <paramref name="progress"/> and has it written (<paramref name="write"/>)
/// after sending jobs, so a resumed run waits on them rather than sending them again.
/// </summary>
internal sealed class ScheduleStepRunner(IGrainFactory grains, ScheduleRun run, RunProgress progress, DateTimeOffset now, Func<Task> write)
{
    // Phases of a restart with countdown.
    private const int Gate = 0;
    private const int Countdown = 1;
    private const int Save = 2;
    private const int Saving = 3;
    private const int Restart = 4;
    private const int Restarting = 5;
    private const int Answering = 6;

    private ImmutableArray<ScheduleTarget> Targets => progress.Spec.Targets;

    private Actor Actor => new(ActorKind.Schedule, run.ScheduleId.ToString("D"));

    public Task<StepEnd?> RunAsync(ScheduleStep step) => step.Kind switch
    {
        ScheduleStepKind.Action => ActionAsync(step),
        ScheduleStepKind.Wait => Task.FromResult(now >= progress.StepStartedAt.AddSeconds(step.Seconds ?? 0) ? StepEnd.Succeeded : null),
        ScheduleStepKind.WaitUntil => WaitUntilAsync(step),
        ScheduleStepKind.RestartWithCountdown => RestartAsync(step),
        _ => Task.FromResult<StepEnd?>(new StepEnd(ScheduleStepOutcome.Failed, $"Unknown step kind {step.Kind}.")),
    };

    private async Task<StepEnd?> ActionAsync(ScheduleStep step)
    {
        if (progress.Phase == 0)
        {
            var timeout = step.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : JobLimits.DefaultTimeout;
            if (await SendAsync(step.Action!, step.Arguments ?? ImmutableDictionary<string, string>.Empty, timeout, "a") is { } failed)
            {
                return failed;
            }

            progress.NextPhase(1, now);
            await write();
        }

        return Ended(await JobsAsync(progress.Jobs), requireSuccess: true);
    }

    private async Task<StepEnd?> WaitUntilAsync(ScheduleStep step)
    {
        var holds = step.Until switch
        {
            WaitCondition.NoPlayers => await PlayersOnlineAsync() == 0,
            WaitCondition.HealthUp => await HealthAsync() is { } up && up.All(h => h.Health == ServerHealth.Up),
            WaitCondition.HealthDown => await HealthAsync() is { } down && down.All(h => h.Health is ServerHealth.Down or ServerHealth.Hung),
            WaitCondition.JobsDone => await JobsAsync(progress.LastActionJobs) is not null,
            _ => false,
        };
        if (holds)
        {
            return StepEnd.Succeeded;
        }

        return now >= progress.StepStartedAt.AddSeconds(step.TimeoutSeconds ?? 0)
            ? new StepEnd(ScheduleStepOutcome.TimedOut, $"{step.Until} did not hold within {step.TimeoutSeconds} s.")
            : null;
    }

    private async Task<StepEnd?> RestartAsync(ScheduleStep step)
    {
        var marks = ScheduleRules.MarksOf(step);
        if (progress.Phase == Gate)
        {
            if ((step.SkipIfPlayersOnline || step.DeferMinutes is not null) && await PlayersOnlineAsync() is > 0 and var online)
            {
                if (step.SkipIfPlayersOnline)
                {
                    return new StepEnd(ScheduleStepOutcome.Skipped, $"Skipped: {online} player(s) online.");
                }

                if (now < progress.StepStartedAt.AddMinutes(step.DeferMinutes!.Value))
                {
                    return null;
                }
            }

            progress.NextPhase(Countdown, now);
            progress.RestartAt = now.AddSeconds(marks[0]);
            progress.NextMark = 0;
            await write();
        }

        if (progress.Phase == Countdown)
        {
            var restartAt = progress.RestartAt!.Value;
            var due = -1;
            for (var i = progress.NextMark; i < marks.Length && now >= restartAt.AddSeconds(-marks[i]); i++)
            {
                due = i;
            }

            // Of several marks come at once (a run resumed late), only the last is announced, and not when less than
            // half its time is left: "10 seconds" said with 2 seconds left would mislead.
            if (due >= 0)
            {
                progress.NextMark = due + 1;
                if (restartAt - now >= TimeSpan.FromSeconds(marks[due] / 2.0)
                    && await SendAsync(GameActions.ChatSay, ImmutableDictionary<string, string>.Empty.Add("message", ScheduleRules.Announcement(step, marks[due])), JobLimits.DefaultTimeout, $"m{due}") is { } failed)
                {
                    return failed;
                }

                await write();
            }

            if (now < restartAt)
            {
                return null;
            }

            progress.NextPhase(Save, now);
        }

        if (progress.Phase == Save)
        {
            if (await SendAsync(GameActions.WorldSave, ImmutableDictionary<string, string>.Empty, JobLimits.DefaultTimeout, "save") is { } failed)
            {
                return failed;
            }

            progress.NextPhase(Saving, now);
            await write();
        }

        if (progress.Phase == Saving)
        {
            if (Ended(await JobsAsync(progress.Jobs), requireSuccess: true) is not { } saved)
            {
                return null;
            }

            if (saved.Outcome != ScheduleStepOutcome.Succeeded)
            {
                return saved with { Detail = $"The world was not saved, so the server was not restarted. {saved.Detail}" };
            }

            progress.NextPhase(Restart, now);
        }

        var timeout = TimeSpan.FromSeconds(step.TimeoutSeconds ?? ScheduleLimits.DefaultRestartTimeoutSeconds);
        if (progress.Phase == Restart)
        {
            if (await RestartTargetsAsync(timeout) is { } failed)
            {
                return failed;
            }

            progress.NextPhase(Restarting, now);
            await write();
        }

        if (progress.Phase == Restarting)
        {
            // The game's shutdown command may end its console before it answers: its job's outcome says nothing.
            if (await JobsAsync(progress.Jobs) is not { } ended)
            {
                return TimedOut(timeout);
            }

            if (ended.FirstOrDefault(j => j.Action == GameActions.ServerRestart && j.State != JobState.Succeeded) is { } restart)
            {
                return new StepEnd(ScheduleStepOutcome.Failed, $"Restarting server {restart.ServerId} on host {restart.HostId} ended {restart.State}: {restart.Error}");
            }

            // The wait for the server to answer again counts from the restart, like the jobs' own wait.
            progress.Phase = Answering;
        }

        foreach (var target in progress.ShutDown)
        {
            var server = await grains.GetGrain<IGameServerGrain>(GameServerKeys.For(target.HostId, target.ServerId)).GetAsync();
            if (server is not { Health: ServerHealth.Up, HealthChangedAt: { } changed } || changed <= progress.PhaseStartedAt)
            {
                return TimedOut(timeout);
            }
        }

        return StepEnd.Succeeded;
    }

    private StepEnd? TimedOut(TimeSpan timeout) =>
        now - progress.PhaseStartedAt > timeout
            ? new StepEnd(ScheduleStepOutcome.TimedOut, $"The server did not answer again within {timeout.TotalSeconds:0} s of the restart.")
            : null;

    /// <summary>Restarts each target with its host's power action where the agent offers one, else the game's shutdown command.</summary>
    private async Task<StepEnd?> RestartTargetsAsync(TimeSpan timeout)
    {
        progress.Jobs = [];
        progress.ShutDown = [];
        var jobTimeout = timeout < JobLimits.MaxTimeout ? timeout : JobLimits.MaxTimeout;
        for (var i = 0; i < Targets.Length; i++)
        {
            var target = Targets[i];
            var server = await grains.GetGrain<IGameServerGrain>(GameServerKeys.For(target.HostId, target.ServerId)).GetAsync();
            var power = server is not null && server.Capabilities.Contains(GameActions.ServerRestart);
            if (!power)
            {
                progress.ShutDown.Add(target);
            }

            if (await SendOneAsync(target, i, power ? GameActions.ServerRestart : GameActions.ServerShutdown, ImmutableDictionary<string, string>.Empty, jobTimeout, "restart") is { } failed)
            {
                return failed;
            }
        }

        return null;
    }

    /// <summary>Sends the action to every target as this phase's jobs; a step that failed to send on one ends Failed.</summary>
    private async Task<StepEnd?> SendAsync(string action, ImmutableDictionary<string, string> arguments, TimeSpan timeout, string key)
    {
        progress.Jobs = [];
        for (var i = 0; i < Targets.Length; i++)
        {
            if (await SendOneAsync(Targets[i], i, action, arguments, timeout, key) is { } failed)
            {
                return failed;
            }
        }

        return null;
    }

    private async Task<StepEnd?> SendOneAsync(ScheduleTarget target, int index, string action, ImmutableDictionary<string, string> arguments, TimeSpan timeout, string key)
    {
        // The same key for the same run, step, send and target: a step sent again after a crash finds its job.
        var idempotencyKey = $"schedule/{run.RunId:N}/{progress.Step}/{key}/{index}";
        try
        {
            var submitted = await grains.GetHostGrain(target.HostId)
                .SubmitJobAsync(new SubmitJob(run.OrgId, target.ServerId, action, arguments, timeout, Actor, idempotencyKey));
            progress.Jobs.Add(submitted.Job.Id);
            progress.StepJobs.Add(submitted.Job.Id);
            return null;
        }
        catch (Exception e) when (e is HostNotFoundException or HostQueueFullException or ArgumentException)
        {
            return new StepEnd(ScheduleStepOutcome.Failed, $"{action} was not sent to server {target.ServerId} on host {target.HostId}: {e.Message}");
        }
    }

    /// <summary>The jobs once every one has ended; null while one goes on.</summary>
    private async Task<IReadOnlyList<JobView>?> JobsAsync(List<Guid> jobIds)
    {
        var jobs = new List<JobView>(jobIds.Count);
        foreach (var id in jobIds)
        {
            if (await grains.GetJobGrain(id).GetAsync() is not { IsFinished: true } job)
            {
                return null;
            }

            jobs.Add(job);
        }

        return jobs;
    }

    private static StepEnd? Ended(IReadOnlyList<JobView>? jobs, bool requireSuccess)
    {
        if (jobs is null)
        {
            return null;
        }

        return jobs.FirstOrDefault(j => requireSuccess && j.State != JobState.Succeeded) is { } failed
            ? new StepEnd(failed.State == JobState.TimedOut ? ScheduleStepOutcome.TimedOut : ScheduleStepOutcome.Failed,
                $"{failed.Action} on server {failed.ServerId} of host {failed.HostId} ended {failed.State}: {failed.Error}")
            : StepEnd.Succeeded;
    }

    private async Task<int> PlayersOnlineAsync()
    {
        var online = 0;
        foreach (var target in Targets)
        {
            online += (await grains.GetGrain<IServerPlayersGrain>(GameServerKeys.For(target.HostId, target.ServerId)).GetOnlineAsync()).Length;
        }

        return online;
    }

    /// <summary>Every target's server, or null when one is not known (yet).</summary>
    private async Task<IReadOnlyList<GameServerView>?> HealthAsync()
    {
        var servers = new List<GameServerView>(Targets.Length);
        foreach (var target in Targets)
        {
            if (await grains.GetGrain<IGameServerGrain>(GameServerKeys.For(target.HostId, target.ServerId)).GetAsync() is { } server)
            {
                servers.Add(server);
            }
        }

        return servers.Count == Targets.Length ? servers : null;
    }
}
