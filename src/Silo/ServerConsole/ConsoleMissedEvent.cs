namespace GameOps.Silo.ServerConsole;

/// <summary>The data of a <c>missed</c> event: this many lines after the client's <c>Last-Event-ID</c> are no longer held.</summary>
public sealed record ConsoleMissedEvent(ulong Count);
