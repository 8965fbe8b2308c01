using System.Globalization;
using System.Text;
using GameOps.Grains.Audit;

namespace GameOps.Silo.Audit;

/// <summary>
/// Audit entries as CSV (RFC 4180: comma separated, CRLF line ends, a field with a comma, a quote or a line break
/// quoted and its quotes doubled). A cell a spreadsheet would read as a formula (starting with = + - @, or a tab or
/// carriage return) gets a leading apostrophe, so opening an export never runs what an actor typed.
/// </summary>
public static class AuditCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static readonly IReadOnlyList<string> Header = ["at", "actorKind", "actor", "address", "via", "target", "action", "summary", "changes"];

    public static string HeaderRow() => Row(Header);

    public static string EntryRow(AuditEntry entry) => Row(
    [
        entry.At.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        entry.Actor.Kind.ToString(),
        entry.Actor.Id,
        entry.Actor.Address,
        entry.Via,
        entry.Target,
        entry.Action,
        entry.Summary,
        entry.Changes,
    ]);

    /// <summary>One row, CRLF ended: a whole string, so the response is written asynchronously a row at a time.</summary>
    public static string Row(IEnumerable<string?> fields) => string.Join(',', fields.Select(Field)) + "\r\n";

    /// <summary>One cell, safe to open in a spreadsheet and quoted as RFC 4180 needs.</summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return value;
        }

        var quoted = new StringBuilder(value.Length + 2).Append('"');
        quoted.Append(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        return quoted.Append('"').ToString();
    }
}
