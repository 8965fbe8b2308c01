namespace GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;

/// <summary>
/// The console command an action became, and, when the game could not take the request as given, a note for the
/// person who asked (e.g. Palworld's Broadcast takes no spaces, so they were sent as underscores).
/// </summary>
public sealed record RconCommand(string Text, string? Note = null);
