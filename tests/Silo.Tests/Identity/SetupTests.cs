using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GameOps.Silo.Identity.Commands;

namespace GameOps.Silo.Tests.Identity;

/// <summary>First start, setup with the token from the data folder, and signing in as the account it makes; a silo each.</summary>
public sealed class SetupTests
{
    public const string Password = "correct horse battery";

    [Fact]
    public async Task Setup_needs_the_token_works_once_and_makes_the_platform_admin_owner_of_the_default_org()
    {
        await using var factory = new IdentityFactory();
        var token = StartAndReadSetupToken(factory);
        using var client = factory.CreateClient();

        using var wrong = await client.PostAsJsonAsync("/api/v1/setup", new { setupToken = "gos_" + new string('A', 43), userName = "alice", password = Password, orgName = "Alice's servers" });
        using var done = await client.PostAsJsonAsync("/api/v1/setup", new { setupToken = token, userName = "alice", password = Password, orgName = "Alice's servers" });
        using var again = await client.PostAsJsonAsync("/api/v1/setup", new { setupToken = token, userName = "mallory", password = Password, orgName = "Mallory's" });

        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Created, done.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already set up", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(File.Exists(factory.SetupTokenPath));

        using var signedIn = await SignIn.TokenClientAsync(factory, "alice", Password);
        var org = await signedIn.GetFromJsonAsync<JsonElement>("/api/v1/orgs/default");
        var members = (await signedIn.GetFromJsonAsync<JsonElement>("/api/v1/orgs/default/members")).GetProperty("members").EnumerateArray();
        using var diagnostics = await signedIn.PostAsync("/api/v1/diagnostics/collect-garbage", null);
        Assert.Equal("Alice's servers", org.GetProperty("name").GetString());
        Assert.Equal("Owner", members.Single().GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.OK, diagnostics.StatusCode);

        // The admin key keeps its platform admin power, for automation.
        using var admin = factory.CreateAdminClient();
        using var hosts = await admin.GetAsync("/api/v1/hosts");
        Assert.Equal(HttpStatusCode.OK, hosts.StatusCode);
    }

    [Fact]
    public async Task Setup_command_sets_up_the_running_silo_once_with_the_token_file()
    {
        await using var factory = new IdentityFactory();
        _ = StartAndReadSetupToken(factory);
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var first = await SetupCommand.SetUpAsync(factory.CreateClient(), factory.SetupTokenPath, "bob", Password, "Bob's", output, errors);
        var second = await SetupCommand.SetUpAsync(factory.CreateClient(), factory.SetupTokenPath, "bob", Password, "Bob's", output, errors);

        Assert.Equal(0, first);
        Assert.Equal(1, second);
        Assert.Contains("no setup token", errors.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Starts the silo; its first start has written the token, readable only by its user, before it serves.</summary>
    public static string StartAndReadSetupToken(IdentityFactory factory)
    {
        _ = factory.Server;
        Assert.Equal(FileModes.OwnerOnlyFile, FileModes.Of(factory.SetupTokenPath));
        return File.ReadAllText(factory.SetupTokenPath).Trim();
    }
}
