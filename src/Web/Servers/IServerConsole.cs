using System.Collections.Immutable;
using System.Security.Claims;
using GameOps.Grains.Jobs;
using GameOps.Grains.Players;
using GameOps.Grains.ServerConsole;

namespace GameOps.Web.Servers;

/// <summary>
/// What the game server page reads and changes, implemented by the silo in-process with the REST API's own code. Every
/// call checks the user's permission in the org they picked, on the server where a grant can narrow it; a refusal
/// throws <see cref="Shell.ConsoleRefusedException"/>, bad input <see cref="Shell.ConsoleInputException"/>.
/// </summary>
public interface IServerConsole
{
    /// <summary>The server, its host, its health and what the user may send it; null when the org has no such server.</summary>
    Task<ServerDetail?> GetServerAsync(ClaimsPrincipal user, string orgId, string hostId, string serverId);

    /// <summary>The server's held console lines after <paramref name="after"/> (0 for all of them).</summary>
    Task<ConsoleBacklog> ReadConsoleAsync(ClaimsPrincipal user, string orgId, string hostId, string serverId, ulong after);

    /// <summary>
    /// Hands each batch of the server's new console lines to <paramref name="onLines"/>, one at a time, until disposed;
    /// null when some were dropped because the circuit fell behind (read the held lines again). Subscribed once this returns.
    /// </summary>
    Task<IAsyncDisposable> WatchConsoleAsync(
        ClaimsPrincipal user, string orgId, string hostId, string serverId, Func<ImmutableArray<ConsoleLine>?, Task> onLines, CancellationToken cancellationToken);

    /// <summary>The players online now, longest online first.</summary>
    Task<IReadOnlyList<OnlinePlayer>> ListPlayersAsync(ClaimsPrincipal user, string orgId, string hostId, string serverId);

    /// <summary>
    /// Sends a job as <c>POST /api/v1/hosts/{hostId}/jobs</c> does (the same checks: fields, permission on the server,
    /// the agent's policy); returns the queued job.
    /// </summary>
    Task<JobView> SendAsync(ClaimsPrincipal user, string orgId, string hostId, string serverId, string action, IReadOnlyDictionary<string, string> arguments);

    /// <summary>
    /// Starts a restart with countdown: players are told at the countdown's marks, then the world is saved and the server
    /// restarted, by the same step a schedule's restart runs. Needs the restart the page offers (<c>server.restart</c>);
    /// bad values throw <see cref="Shell.ConsoleFieldsException"/> keyed <c>minutes</c> and <c>message</c>; one going
    /// on already is a refusal.
    /// </summary>
    Task<RestartCountdown> StartRestartCountdownAsync(ClaimsPrincipal user, string orgId, string hostId, string serverId, int minutes, string? message);

    /// <summary>Cancels the countdown's run: nothing more is announced, saved or restarted; jobs already sent end on their own.</summary>
    Task CancelRestartCountdownAsync(ClaimsPrincipal user, string orgId, string hostId, string serverId, Guid runId);
}
