using System.Collections;
using System.Globalization;

namespace GameOps.Silo.Gateway;

/// <summary>
/// The ids every log line written on one agent stream carries, as a logging scope: structured properties for
/// JSON output, <c>HostId:… ConnectionId:…</c> on the console.
/// </summary>
public readonly struct ConnectionLogScope(string hostId, Guid connectionId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 2;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("HostId", hostId),
        1 => new("ConnectionId", connectionId),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"HostId:{hostId} ConnectionId:{connectionId}");
}
