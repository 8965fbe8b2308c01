namespace GameOps.Web.Audit;

/// <summary>An audit search as the REST listing's query string has it: each part optional, times with their offset (UTC when none).</summary>
public sealed record AuditSearch(string? Target, string? Actor, string? From, string? To)
{
    public static readonly AuditSearch Everything = new(null, null, null, null);

    /// <summary>The CSV of this search, served by the API with the audit listing's permission.</summary>
    public string CsvLink(string orgId)
    {
        var query = new List<string>();
        Add(query, "target", Target);
        Add(query, "actor", Actor);
        Add(query, "from", From);
        Add(query, "to", To);
        return $"/api/v1/orgs/{Uri.EscapeDataString(orgId)}/audit.csv" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }

    private static void Add(List<string> query, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            query.Add($"{name}={Uri.EscapeDataString(value)}");
        }
    }
}
