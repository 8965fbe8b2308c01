namespace GameOps.Silo.Gateway;

/// <summary>The highest number of a server's console lines that a write stored, to be acknowledged to its agent.</summary>
public readonly record struct ConsoleAck(string ServerId, ulong Number);
