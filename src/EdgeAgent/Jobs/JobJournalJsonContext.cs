using System.Text.Json.Serialization;

namespace GameOps.EdgeAgent.Jobs;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JobJournalRecord))]
internal sealed partial class JobJournalJsonContext : JsonSerializerContext;
