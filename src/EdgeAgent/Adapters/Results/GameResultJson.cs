using System.Text.Json;
using System.Text.Json.Serialization;

namespace GameOps.EdgeAgent.Adapters.Results;

/// <summary>
/// The typed results adapters return, serialized with source-generated JSON (camelCase, nulls left out) so the
/// agent stays trimmable. Every adapter of every game produces the same shapes for the same action.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PlayerList))]
public sealed partial class GameResultJson : JsonSerializerContext
{
    public static string Serialize(PlayerList players) => JsonSerializer.Serialize(players, Default.PlayerList);
}
