namespace GameOps.EdgeAgent.Adapters.SourceRcon;

/// <summary>One packet as read from the server: its id, its type and its body bytes (not yet decoded: answers split by bytes are joined first).</summary>
internal readonly record struct RconFrame(int Id, int Type, byte[] Body);
