namespace GameOps.Grains.Identity;

/// <summary>Why an invite opens nothing: what its holder is told, so a used link is not taken for a mistyped one.</summary>
public enum InviteRefusal
{
    /// <summary>No invite has this token: mistyped, cut short, or never issued.</summary>
    NotValid,
    Used,
    Revoked,
    Expired,
}
