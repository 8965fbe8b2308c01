using System.Text.Json;
using System.Text.Json.Serialization;

namespace GameOps.EdgeAgent.Configuration;

// Source-generated so the agent can publish with Native AOT. An unknown property is an error, so a misspelt
// setting ("heartbeatSecond") fails at start instead of being silently ignored.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(AgentConfigDocument))]
internal sealed partial class AgentConfigJsonContext : JsonSerializerContext;
