namespace GameOps.Silo.Jobs;

public sealed record CreateJobRequest(
    string? ServerId,
    string? Action,
    Dictionary<string, string?>? Arguments,
    int? TimeoutSeconds);
