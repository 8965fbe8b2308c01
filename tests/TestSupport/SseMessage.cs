namespace GameOps.TestSupport;

/// <summary>One Server-Sent Events message: an event with its data (and its id, when it has one), or a comment line (keep-alive and the like).</summary>
public sealed record SseMessage(string? Event, string? Data, string? Comment, string? Id = null);
