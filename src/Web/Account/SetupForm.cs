namespace GameOps.Web.Account;

public sealed class SetupForm
{
    public string? SetupToken { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string? OrgName { get; set; }
}
