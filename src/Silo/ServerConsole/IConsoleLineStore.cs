using System.Collections.Immutable;
using GameOps.Grains.ServerConsole;

namespace GameOps.Silo.ServerConsole;

/// <summary>
/// Where the control plane keeps game servers' console lines, by host, server and the numbers their agent gave them: a
/// row per server per write, its lines in one block (docs/adr/0032, 0034). The embedded store is SQLite, the cluster's
/// PostgreSQL.
/// </summary>
public interface IConsoleLineStore
{
    /// <summary>
    /// Stores every given line in one transaction: all of them, or, when it fails, none. A line whose number its server
    /// has stored already is left as it was, so a line sent twice is stored once. Of each server only the newest
    /// <paramref name="heldLines"/> are kept, give or take <see cref="ConsoleRetention.PruneEvery"/>: the store deletes
    /// the older ones in the same transaction whenever a server's numbers pass a multiple of it.
    /// </summary>
    Task AppendAsync(IReadOnlyList<HostLines> lines, int heldLines, CancellationToken cancellationToken = default);

    /// <summary>Per server of the host, the highest number stored (servers with none stored are left out).</summary>
    Task<ImmutableDictionary<string, ulong>> LastSequencesAsync(string hostId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The stored lines of one server numbered above <paramref name="after"/>, oldest first, at most the newest
    /// <paramref name="maxLines"/> of them, and how many numbers after <paramref name="after"/> are no longer held.
    /// </summary>
    Task<ConsoleBacklog> ReadAsync(string hostId, string serverId, ulong after, int maxLines, CancellationToken cancellationToken = default);
}

/// <summary>Lines of one host's servers, stored together.</summary>
/// <param name="HostId">The host whose agent sent them.</param>
/// <param name="Servers">Per server, its new lines in the order of their numbers.</param>
public sealed record HostLines(string HostId, ImmutableArray<ServerLines> Servers);

/// <summary>The bound on the lines kept per server, shared by the stores.</summary>
public static class ConsoleRetention
{
    /// <summary>A server's old lines are deleted each time its numbers pass a multiple of this, so a store keeps at most this many more than asked.</summary>
    public const ulong PruneEvery = 500;

    /// <summary>
    /// The highest number to delete up to once <paramref name="lines"/> are stored (null: nothing to delete now): when
    /// they pass a multiple of <see cref="PruneEvery"/>, every line more than <paramref name="heldLines"/> below the last.
    /// </summary>
    public static ulong? PruneThrough(ImmutableArray<ConsoleLine> lines, int heldLines)
    {
        if (lines.IsEmpty)
        {
            return null;
        }

        return PruneThrough(lines[0].Sequence, lines[^1].Sequence, heldLines);
    }

    /// <summary>As <see cref="PruneThrough(ImmutableArray{ConsoleLine}, int)"/>, for lines numbered <paramref name="first"/> to <paramref name="last"/>.</summary>
    public static ulong? PruneThrough(ulong first, ulong last, int heldLines) =>
        last / PruneEvery > (first - 1) / PruneEvery && last > (ulong)heldLines ? last - (ulong)heldLines : null;

    /// <summary>What a reader that asked for the lines after <paramref name="after"/> gets, given the held ones and the last number stored.</summary>
    public static ConsoleBacklog Backlog(ImmutableArray<ConsoleLine> lines, ulong lastSequence, ulong after)
    {
        // A gap marker stands for the numbers up to its own: those were told, not missed.
        var firstTold = lines.IsEmpty ? lastSequence + 1 : lines[0].FirstTold;
        var missed = firstTold > after + 1 ? firstTold - after - 1 : 0;
        return new ConsoleBacklog(lines, lastSequence, missed);
    }

    /// <summary>The number to read after: the one asked for, or when more than <paramref name="maxLines"/> lines follow it, the one that leaves the newest of them.</summary>
    public static ulong ReadFrom(ulong after, ulong lastSequence, int maxLines) =>
        lastSequence > (ulong)maxLines ? Math.Max(after, lastSequence - (ulong)maxLines) : after;
}
