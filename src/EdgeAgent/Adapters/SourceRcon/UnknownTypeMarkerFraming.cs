namespace GameOps.EdgeAgent.Adapters.SourceRcon;

/// <summary>See <see cref="RconFraming.UnknownTypeMarker"/>.</summary>
internal sealed class UnknownTypeMarkerFraming : RconFraming
{
    internal override async Task ExchangeAsync(RconExchange exchange, string command, CancellationToken cancellationToken)
    {
        var commandId = exchange.NextId();
        var markerId = exchange.NextId();
        await exchange.SendAsync(cancellationToken, new RconPacket(commandId, RconPacketType.ExecCommand, command));
        var markerSent = false;
        while (true)
        {
            var frame = await exchange.ReadAsync(cancellationToken);
            if (frame.Id == markerId && markerSent)
            {
                // "Unknown request 0": the server has written every packet of the command's answer before this one.
                return;
            }

            if (!exchange.IsAnswerTo(frame, commandId))
            {
                continue; // a late packet of an earlier exchange
            }

            exchange.Append(frame);
            if (!markerSent)
            {
                // Type 0 is RESPONSE_VALUE, a type the server never expects from a client.
                await exchange.SendAsync(cancellationToken, new RconPacket(markerId, RconPacketType.ResponseValue, string.Empty));
                markerSent = true;
            }
        }
    }
}
