using GameOps.Grains.Identity;

namespace GameOps.Silo.Orgs;

/// <param name="Token">The invite itself, in this answer only: whoever holds it joins the org once, with the invite's role.</param>
public sealed record CreatedInvite(InviteView Invite, string Token);
