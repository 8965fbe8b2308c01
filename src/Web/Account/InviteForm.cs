namespace GameOps.Web.Account;

public sealed class InviteForm
{
    /// <summary>Joins with a new account made from <see cref="UserName"/> and <see cref="Password"/>.</summary>
    public const string NewAccount = "new";

    /// <summary>Signs in with <see cref="UserName"/> and <see cref="Password"/>, then joins.</summary>
    public const string ExistingAccount = "existing";

    /// <summary>Filled in the browser from the link's fragment, which never reaches the server's logs.</summary>
    public string? Token { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary><see cref="NewAccount"/>, <see cref="ExistingAccount"/>, or anything else for the user already signed in.</summary>
    public string? Mode { get; set; }
}
