namespace GameOps.Web.Account;

public sealed class SignInForm
{
    public string? UserName { get; set; }

    public string? Password { get; set; }
}
