namespace GameOps.Silo.Jobs;

/// <summary>One job of a batch: the fields of a single submit, with its idempotency key in the body.</summary>
public sealed record JobBatchItemRequest(
    string? ServerId,
    string? Action,
    Dictionary<string, string?>? Arguments,
    int? TimeoutSeconds,
    string? IdempotencyKey);
