using GameOps.Grains.Audit;

namespace GameOps.Grains.Identity;

[GenerateSerializer]
[Alias("GameOps.UserState")]
public sealed class UserState : IAuditedState
{
    [Id(0)] public string? Name { get; set; }

    /// <summary>ASP.NET Core Identity's PBKDF2 hash (version 3 format: algorithm, iterations and salt included).</summary>
    [Id(1)] public string? PasswordHash { get; set; }

    [Id(2)] public bool IsPlatformAdmin { get; set; }

    [Id(3)] public List<string> OrgIds { get; set; } = [];

    [Id(4)] public DateTimeOffset CreatedAt { get; set; }

    [Id(5)] public int FailedSignIns { get; set; }

    [Id(6)] public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>Random; replaced to end every session and token (<see cref="UserView.SecurityStamp"/>). Empty for accounts made before stamps.</summary>
    [Id(7)] public string SecurityStamp { get; set; } = "";

    [NonSerialized]
    private readonly List<AuditEntry> _unwrittenAudit = [];

    List<AuditEntry> IAuditedState.UnwrittenAudit => _unwrittenAudit;
}
