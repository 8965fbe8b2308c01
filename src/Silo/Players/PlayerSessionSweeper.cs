using GameOps.Grains;
using GameOps.Grains.Players;
using GameOps.Silo.Storage;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Players;

/// <summary>
/// Deletes player sessions that ended longer than <see cref="PlayersOptions.SessionRetention"/> ago (see
/// <see cref="RetentionSweeper"/>). A session still open is kept, however long ago it began: its player is online.
/// </summary>
public sealed class PlayerSessionSweeper(
    IPlayerSessionLog log,
    IDomainClock clock,
    IOptions<PlayersOptions> options,
    ILogger<PlayerSessionSweeper> logger) : RetentionSweeper(clock, logger)
{
    protected override string Records => "player sessions";

    protected override TimeSpan Retention => options.Value.SessionRetention;

    protected override TimeSpan SweepInterval => options.Value.SessionSweepInterval;

    protected override Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        log.DeleteEndedBeforeAsync(cutoff, cancellationToken);
}
