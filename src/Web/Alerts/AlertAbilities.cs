namespace GameOps.Web.Alerts;

/// <summary>The alerts permissions of the role table (docs/security.md): alerts.read and alerts.</summary>
public sealed record AlertAbilities(bool Read, bool Manage);
