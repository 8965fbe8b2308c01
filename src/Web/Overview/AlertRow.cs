using GameOps.Grains.Alerts;

namespace GameOps.Web.Overview;

public sealed record AlertRow(string Id, string RuleName, AlertKind Kind, string HostId, string Subject, string? Detail, DateTimeOffset Since);
