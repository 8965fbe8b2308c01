namespace GameOps.Silo.Alerts;

/// <summary>One page of the org's alert rules, oldest first.</summary>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record AlertRulePage(IReadOnlyList<AlertRuleResponse> Rules, string? NextCursor);
