namespace GameOps.Silo.Jobs;

/// <summary>Why a job was refused before it was queued: the caller may not (<c>Forbidden</c>) or the server's policy does not allow it.</summary>
public sealed record JobRefusal(string Title, string Detail);
