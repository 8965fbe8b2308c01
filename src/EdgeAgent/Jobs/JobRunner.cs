using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Configuration;
using GameOps.EdgeAgent.Policy;
using GameOps.EdgeAgent.Power;
using Microsoft.Extensions.Logging;

namespace GameOps.EdgeAgent.Jobs;

/// <summary>
/// Runs one assignment under this host's policy: the server must be declared here, the action allowed for it,
/// and the adapter must finish before the assignment's deadline. Every outcome is a <see cref="JobResult"/>
/// whose text is safe to send to the control plane.
/// </summary>
public sealed partial class JobRunner(
    AgentConfig config,
    GameAdapterRegistry adapters,
    ServerPolicies policies,
    TimeProvider timeProvider,
    ILogger<JobRunner> logger,
    PowerController? power = null)
{
    /// <summary>The time a job without a deadline may take.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(1);

    /// <summary>The longest output kept and sent; the control plane keeps no more than this either.</summary>
    public const int MaxOutputLength = 64 * 1024;

    /// <summary>The wait before a retry-safe read is tried again after a transport failure; it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);

    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(4);

    private const string Redacted = "[redacted]";
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired (the agent is stopping).</exception>
    public async Task<JobResult> RunAsync(JobAssignment assignment, CancellationToken cancellationToken)
    {
        var server = config.FindServer(assignment.ServerId);
        if (server is null)
        {
            return JobResult.Failure($"no game server '{assignment.ServerId}' on this host");
        }

        if (!adapters.TryGet(server.Kind, out var adapter))
        {
            return JobResult.Failure($"this agent has no adapter for game kind '{server.Kind}' of server '{server.Id}'");
        }

        var isPower = server.Power?.Actions.Contains(assignment.Action, StringComparer.Ordinal) == true && power is not null;

        // What the game cannot do is said before what the host forbids: a policy only ever narrows the kind's actions.
        if (!isPower && !adapter.SupportedActions.Contains(assignment.Action, StringComparer.Ordinal))
        {
            return JobResult.Failure(
                $"game kind '{server.Kind}' of server '{server.Id}' has no action '{assignment.Action}'; " +
                $"its actions are {string.Join(", ", adapter.SupportedActions)}");
        }

        var now = timeProvider.GetUtcNow();
        var deadline = assignment.Deadline is { } stamp ? stamp.ToDateTimeOffset() : now + DefaultTimeout;
        var remaining = deadline - now;
        if (remaining <= TimeSpan.Zero)
        {
            return JobResult.DeadlinePassed($"the job's deadline {deadline:O} had passed when it reached the agent; it was not run");
        }

        // Checked last, so a job that could not run anyway takes no token from its rate limit.
        if (policies.Admit(server, assignment.Action, assignment.Arguments) is { } refusal)
        {
            LogRefused(assignment.JobId, assignment.Action, server.Id, refusal);
            return JobResult.Failure(refusal);
        }

        using var deadlineSource = new CancellationTokenSource(remaining < LongestWait ? remaining : LongestWait, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadlineSource.Token);
        var attempts = 0;
        try
        {
            while (true)
            {
                attempts++;
                try
                {
                    var result = isPower
                ? await power!.ExecuteAsync(server, adapter, assignment.Action, linked.Token)
                : await adapter.ExecuteAsync(server, assignment.Action, assignment.Arguments, linked.Token);
                    return JobResult.Success(Truncate(Redact(result.Text, server)), result.DataJson is { } data ? Redact(data, server) : null)
                        with { Attempts = attempts };
                }
                catch (GameAdapterException exception) when (exception.IsTransportFailure && GameActions.IsReadOnly(assignment.Action))
                {
                    var delay = RetryDelay(attempts);
                    if (timeProvider.GetUtcNow() + delay >= deadline)
                    {
                        return JobResult.Failure($"{Redact(exception.Message, server)} (tried {attempts} times before the deadline)") with { Attempts = attempts };
                    }

                    LogRetrying(assignment.JobId, server.Id, attempts, delay.TotalMilliseconds);
                    await Task.Delay(delay, timeProvider, linked.Token);
                }
            }
        }
        catch (OperationCanceledException) when (deadlineSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return JobResult.DeadlinePassed(
                $"the job did not finish before its deadline {deadline:O}; game server '{server.Id}' may or may not have run it")
                with { Attempts = attempts };
        }
        catch (GameAdapterException exception)
        {
            return JobResult.Failure(Redact(exception.Message, server)) with { Attempts = attempts };
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // An adapter bug must fail this job, not the agent; its message could hold anything, so it stays local.
            LogAdapterFault(assignment.JobId, server.Id, exception);
            return JobResult.Failure($"the agent's {server.Kind} adapter failed unexpectedly ({exception.GetType().Name}); see the agent's log");
        }
    }

    private static TimeSpan RetryDelay(int attempts)
    {
        var delay = FirstRetryDelay * Math.Pow(2, Math.Min(attempts - 1, 10));
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }

    // A console can echo its own password (Source's "rcon_password" with no value prints it): it must never leave the host.
    private static string Redact(string text, GameServerConfig server) =>
        text.Contains(server.Password, StringComparison.Ordinal) ? text.Replace(server.Password, Redacted, StringComparison.Ordinal) : text;

    private static string Truncate(string output) =>
        output.Length <= MaxOutputLength ? output : output[..MaxOutputLength];

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "Job {JobId} ({Action} on game server {ServerId}) {Refusal}")]
    private partial void LogRefused(string jobId, string action, string serverId, string refusal);

    [LoggerMessage(EventId = 42, Level = LogLevel.Information, Message = "Job {JobId}: attempt {Attempt} on game server {ServerId} failed on its way to the game; trying again in {DelayMs} ms")]
    private partial void LogRetrying(string jobId, string serverId, int attempt, double delayMs);

    [LoggerMessage(EventId = 40, Level = LogLevel.Error, Message = "The adapter failed unexpectedly running job {JobId} on game server {ServerId}")]
    private partial void LogAdapterFault(string jobId, string serverId, Exception exception);
}
