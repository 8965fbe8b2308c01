namespace GameOps.Silo.Tests.Identity;

/// <summary>A silo set up once: <see cref="UserName"/> is its platform admin and Owner of the default org.</summary>
public sealed class SetUpSilo : IAsyncLifetime
{
    public const string UserName = "alice";
    public const string Password = SetupTests.Password;

    public IdentityFactory Factory { get; } = new();

    public Task InitializeAsync() => SignIn.SetUpAsync(Factory, UserName, Password);

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
