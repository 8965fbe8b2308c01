using System.Collections.Immutable;
using GameOps.Grains.ServerConsole;

namespace GameOps.Silo.ServerConsole;

/// <summary>
/// What one write of a console line store does (docs/adr/0034): a row per server of each host given, its lines in one
/// <see cref="ConsoleLineBlock"/> keyed by the last of their numbers, and the servers whose rows of old lines it deletes.
/// </summary>
public sealed record ConsoleBlocks(ImmutableArray<ConsoleBlocks.Block> Blocks, ImmutableArray<ConsoleBlocks.Prune> Prunes)
{
    /// <summary>The rows for <paramref name="lines"/>, keeping about <paramref name="heldLines"/> of each server (<see cref="ConsoleRetention"/>).</summary>
    public static ConsoleBlocks Of(IReadOnlyList<HostLines> lines, int heldLines)
    {
        var blocks = ImmutableArray.CreateBuilder<Block>();
        var prunes = ImmutableArray.CreateBuilder<Prune>();
        foreach (var host in lines)
        {
            foreach (var server in host.Servers)
            {
                if (server.Lines.IsEmpty)
                {
                    continue;
                }

                blocks.Add(new Block(host.HostId, server.ServerId, server.Lines[0].Sequence, server.Lines[^1].Sequence, ConsoleLineBlock.Encode(server.Lines)));
                if (ConsoleRetention.PruneThrough(server.Lines, heldLines) is { } through)
                {
                    prunes.Add(new Prune(host.HostId, server.ServerId, through));
                }
            }
        }

        return new ConsoleBlocks(blocks.DrainToImmutable(), prunes.DrainToImmutable());
    }

    /// <summary>
    /// Lines read out of a server's rows in the order of their last numbers, as a reader gets them: by number, each number
    /// once (the first row's, should two stores have written it during an agent's hand-over), the first
    /// <paramref name="maxLines"/>.
    /// </summary>
    public static ImmutableArray<ConsoleLine> InOrder(List<ConsoleLine> lines, int maxLines)
    {
        var ordered = true;
        for (var i = 1; i < lines.Count && ordered; i++)
        {
            ordered = lines[i].Sequence > lines[i - 1].Sequence;
        }

        if (!ordered)
        {
            // Stable, so the first row's copy of a number comes first and is the one kept.
            lines = [.. lines.OrderBy(line => line.Sequence)];
            lines = [.. lines.Where((line, i) => i == 0 || line.Sequence != lines[i - 1].Sequence)];
        }

        return [.. lines.Take(maxLines)];
    }

    /// <summary>One row: the lines of a server numbered <paramref name="First"/> to <paramref name="Last"/>, encoded.</summary>
    public readonly record struct Block(string HostId, string ServerId, ulong First, ulong Last, byte[] Lines);

    /// <summary>The rows of a server whose last number is at most <paramref name="Through"/> are to go.</summary>
    public readonly record struct Prune(string HostId, string ServerId, ulong Through);
}
