namespace GameOps.Web.Shell;

/// <summary>An org the signed-in user belongs to and their role there (Owner, Admin, Operator, Viewer).</summary>
public sealed record ConsoleOrg(string Id, string Name, string Role);
