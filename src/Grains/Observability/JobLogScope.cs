using System.Collections;
using System.Globalization;

namespace GameOps.Grains.Observability;

/// <summary>
/// The ids every log line written while handling one job carries, as a logging scope: structured properties
/// for JSON output, <c>JobId:… ServerId:… OrgId:…</c> on the console.
/// </summary>
public readonly struct JobLogScope(Guid jobId, string? serverId, string? orgId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 3;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("JobId", jobId),
        1 => new("ServerId", serverId),
        2 => new("OrgId", orgId),
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

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"JobId:{jobId} ServerId:{serverId ?? "?"} OrgId:{orgId ?? "?"}");
}
