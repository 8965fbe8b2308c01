using GameOps.Grains.Identity;

namespace GameOps.Web.Settings;

public sealed record MemberRow(string UserId, string UserName, OrgRole Role, DateTimeOffset Since);
