using System.Text.Json;
using System.Text.Json.Serialization;

namespace GameOps.EdgeAgent.Adapters.Results;

/// <summary>
/// The typed results adapters return, serialized with source-generated JSON (camelCase, nulls left out) so the
/// agent stays trimmable. Every adapter of every game produces the same shapes for the same action.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PlayerList))]
[JsonSerializable(typeof(GameTime))]
[JsonSerializable(typeof(ServerVersionInfo))]
[JsonSerializable(typeof(ServerStats))]
public sealed partial class GameResultJson : JsonSerializerContext
{
    public static string Serialize(PlayerList players) => JsonSerializer.Serialize(players, Default.PlayerList);

    public static string Serialize(GameTime time) => JsonSerializer.Serialize(time, Default.GameTime);

    public static string Serialize(ServerVersionInfo version) => JsonSerializer.Serialize(version, Default.ServerVersionInfo);

    public static string Serialize(ServerStats stats) => JsonSerializer.Serialize(stats, Default.ServerStats);
}
