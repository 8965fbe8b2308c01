namespace GameOps.Silo.Tests.Identity;

/// <summary>A silo set up once: <see cref="UserName"/> is its platform admin and Owner of the default org.</summary>
public class SetUpSilo : IAsyncLifetime
{
    public const string UserName = "alice";
    public const string Password = SetupTests.Password;

    public SetUpSilo()
        : this(new IdentityFactory())
    {
    }

    private SetUpSilo(IdentityFactory factory) => Factory = factory;

    public IdentityFactory Factory { get; }

    public Task InitializeAsync() => SignIn.SetUpAsync(Factory, UserName, Password);

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    /// <summary>The same, with the API's per-caller rate limits out of reach, for tests that walk every route many times.</summary>
    public sealed class WithoutRateLimits() : SetUpSilo(new IdentityFactory { WithoutRateLimits = true });
}
