namespace GameOps.EdgeAgent.Adapters.SourceRcon;

/// <summary>See <see cref="RconFraming.MirroredEmptyPacket"/>.</summary>
internal sealed class MirroredEmptyPacketFraming : RconFraming
{
    /// <summary>
    /// Sends only the empty RESPONSE_VALUE and waits for its mirror: a round trip through the server's RCON handling
    /// that runs no console command.
    /// </summary>
    public static async Task PingAsync(RconExchange exchange, CancellationToken cancellationToken)
    {
        var mirrorId = exchange.NextId();
        await exchange.SendAsync(cancellationToken, new RconPacket(mirrorId, RconPacketType.ResponseValue, string.Empty));
        while (true)
        {
            var frame = await exchange.ReadAsync(cancellationToken);
            if (frame.Type == RconPacketType.ResponseValue && frame.Id == mirrorId)
            {
                return;
            }
        }
    }

    internal override async Task ExchangeAsync(RconExchange exchange, string command, CancellationToken cancellationToken)
    {
        var commandId = exchange.NextId();
        var mirrorId = exchange.NextId();
        await exchange.SendAsync(
            cancellationToken,
            new RconPacket(commandId, RconPacketType.ExecCommand, command),
            new RconPacket(mirrorId, RconPacketType.ResponseValue, string.Empty));
        while (true)
        {
            var frame = await exchange.ReadAsync(cancellationToken);
            if (exchange.IsAnswerTo(frame, commandId))
            {
                exchange.Append(frame);
            }
            else if (frame.Type == RconPacketType.ResponseValue && frame.Id == mirrorId)
            {
                return;
            }

            // Anything else is a late packet of an earlier exchange, such as the extra packet SRCDS sends after a mirror.
        }
    }
}
