namespace GameOps.EdgeAgent.Tests.Adapters.Quake3;

/// <summary>One datagram the <see cref="Quake3RconDouble"/> sends, <see cref="Delay"/> after the one before it.</summary>
internal sealed record Quake3RconDoubleDatagram(TimeSpan Delay, byte[] Bytes);
