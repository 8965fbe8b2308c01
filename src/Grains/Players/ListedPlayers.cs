using System.Collections.Immutable;
using System.Text.Json;

namespace GameOps.Grains.Players;

/// <summary>Reads the players a <c>players.list</c> job's typed result lists: <c>{"players":[{"name":"…","id":"…"},…]}</c>, as every adapter returns it.</summary>
public static class ListedPlayers
{
    public static bool TryRead(string? data, out ImmutableArray<ListedPlayer> players)
    {
        players = [];
        if (string.IsNullOrEmpty(data))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(data);
            if (!document.RootElement.TryGetProperty("players", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            var builder = ImmutableArray.CreateBuilder<ListedPlayer>(list.GetArrayLength());
            foreach (var player in list.EnumerateArray())
            {
                if (player.ValueKind != JsonValueKind.Object
                    || !player.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                    || name.GetString() is not { Length: > 0 } text)
                {
                    return false;
                }

                var id = player.TryGetProperty("id", out var idValue) && idValue.ValueKind == JsonValueKind.String ? idValue.GetString() : null;
                builder.Add(new ListedPlayer(text, id));
            }

            players = builder.MoveToImmutable();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
