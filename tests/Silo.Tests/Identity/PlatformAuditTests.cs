using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace GameOps.Silo.Tests.Identity;

/// <summary>The platform's own changes go to the platform's audit log, which only the platform admin reads; no org sees them.</summary>
public sealed class PlatformAuditTests
{
    [Fact]
    public async Task Setup_accounts_orgs_and_admin_key_rotation_are_in_the_platform_log_with_their_actor()
    {
        await using var factory = new IdentityFactory();
        await SignIn.SetUpAsync(factory, "alice", SetupTests.Password);
        using var alice = await SignIn.TokenClientAsync(factory, "alice", SetupTests.Password);
        var bobId = await SignIn.InvitedAccountAsync(factory, alice, "bob", SetupTests.Password, "Viewer");
        using var bob = await SignIn.TokenClientAsync(factory, "bob", SetupTests.Password);
        using var org = await bob.PostAsJsonAsync("/api/v1/orgs", new { name = "Bob's community" });
        var orgId = (await org.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        using var rotated = await alice.PostAsync("/api/v1/admin-key/rotate", null);
        using var passwordChanged = await bob.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = SetupTests.Password, newPassword = "bob's much longer password" });

        var entries = (await alice.GetFromJsonAsync<JsonElement>("/api/v1/platform/audit"))!.GetProperty("entries").EnumerateArray()
            .Select(e => (Action: e.GetProperty("action").GetString(), Target: e.GetProperty("target").GetString(), Actor: e.GetProperty("actor").GetProperty("id").GetString()))
            .ToList();
        using var bobAgain = await SignIn.TokenClientAsync(factory, "bob", "bob's much longer password");
        using var bobReads = await bobAgain.GetAsync("/api/v1/platform/audit");
        var defaultOrgLog = (await alice.GetFromJsonAsync<JsonElement>("/api/v1/audit"))!.GetProperty("entries").EnumerateArray()
            .Select(e => e.GetProperty("action").GetString()).ToList();

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Contains(("platform.setup", "platform", "setup"), entries);
        Assert.Contains(entries, e => e is { Action: "account.create", Actor: "setup" });
        Assert.Contains(("account.create", $"user/{bobId}", $"user:{bobId}"), entries);
        Assert.Contains(("org.create", $"org/{orgId}", $"user:{bobId}"), entries);
        Assert.Contains(entries, e => e is { Action: "admin-key.rotate", Target: "platform/admin-key" } && e.Actor!.StartsWith("user:", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NoContent, passwordChanged.StatusCode);
        Assert.Equal(("account.password.change", $"user/{bobId}", $"user:{bobId}"), entries[0]);
        Assert.Equal("admin-key.rotate", entries[1].Action);
        Assert.Equal(HttpStatusCode.Forbidden, bobReads.StatusCode);
        Assert.DoesNotContain("account.create", defaultOrgLog);
        Assert.DoesNotContain("admin-key.rotate", defaultOrgLog);
    }
}
