namespace GameOps.TestSupport;

/// <summary>One Server-Sent Events message: an event with its data, or a comment line (keep-alive and the like).</summary>
public sealed record SseMessage(string? Event, string? Data, string? Comment);
