namespace GameOps.EdgeAgent.Adapters.SourceRcon;

/// <summary>See <see cref="RconFraming.QuietPeriod"/>.</summary>
internal sealed class QuietPeriodFraming(TimeSpan quietPeriod) : RconFraming
{
    public TimeSpan Quiet { get; } = quietPeriod;

    internal override async Task ExchangeAsync(RconExchange exchange, string command, CancellationToken cancellationToken)
    {
        var commandId = exchange.NextId();
        await exchange.SendAsync(cancellationToken, new RconPacket(commandId, RconPacketType.ExecCommand, command));

        // The first packet may take as long as the command does (the caller's deadline bounds it).
        RconFrame frame;
        do
        {
            frame = await exchange.ReadAsync(cancellationToken);
        }
        while (!exchange.IsAnswerTo(frame, commandId));

        exchange.Append(frame);
        while (frame.Body.Length >= RconExchange.FullBodyBytes)
        {
            // A full packet may have a successor, or the answer may have been exactly this long: silence decides.
            var next = await exchange.ReadWithinAsync(Quiet, cancellationToken);
            if (next is not { } more)
            {
                return;
            }

            if (exchange.IsAnswerTo(more, commandId))
            {
                exchange.Append(more);
                frame = more;
            }
        }
    }
}
