using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GameOps.Silo.Hosts;

namespace GameOps.Silo.Tests.Identity;

public sealed class InviteTests(SetUpSilo silo) : IClassFixture<SetUpSilo>
{
    private IdentityFactory Factory => silo.Factory;

    [Fact]
    public async Task Invite_makes_an_account_once_with_its_role_whose_changes_apply_at_the_next_request()
    {
        using var owner = await SignIn.TokenClientAsync(Factory, SetUpSilo.UserName, SetUpSilo.Password);
        var token = await SignIn.InviteAsync(owner, "Operator");
        using var anonymous = Factory.CreateClient();

        using var accepted = await anonymous.PostAsJsonAsync("/api/v1/invites/accept", new { token, userName = "bob", password = SetUpSilo.Password });
        using var again = await anonymous.PostAsJsonAsync("/api/v1/invites/accept", new { token, userName = "bob2", password = SetUpSilo.Password });
        var userId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString();
        using var bob = await SignIn.TokenClientAsync(Factory, "bob", SetUpSilo.Password);
        using var operatorCanCancelNothingButMayTry = await bob.PostAsync($"/api/v1/jobs/{Guid.NewGuid()}/cancel", null);
        using var operatorCannotAddHosts = await bob.PostAsJsonAsync("/api/v1/hosts", new { name = "Nope" });

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, operatorCanCancelNothingButMayTry.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, operatorCannotAddHosts.StatusCode);

        using var demoted = await owner.PutAsJsonAsync($"/api/v1/orgs/default/members/{userId}", new { role = "Viewer" });
        using var viewerCannotCancel = await bob.PostAsync($"/api/v1/jobs/{Guid.NewGuid()}/cancel", null);
        using var removed = await owner.DeleteAsync($"/api/v1/orgs/default/members/{userId}");
        using var formerMember = await bob.GetAsync("/api/v1/hosts");

        Assert.Equal(HttpStatusCode.OK, demoted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewerCannotCancel.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, formerMember.StatusCode);
    }

    [Fact]
    public async Task Expired_invite_is_refused()
    {
        using var owner = await SignIn.TokenClientAsync(Factory, SetUpSilo.UserName, SetUpSilo.Password);
        var token = await SignIn.InviteAsync(owner, "Viewer", expiresInHours: 1);

        Factory.Clock.Advance(TimeSpan.FromHours(1));
        using var anonymous = Factory.CreateClient();
        using var accepted = await anonymous.PostAsJsonAsync("/api/v1/invites/accept", new { token, userName = "late", password = SetUpSilo.Password });

        Assert.Equal(HttpStatusCode.Forbidden, accepted.StatusCode);
        Assert.Contains("has expired", await DetailAsync(accepted), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_invite_says_whether_it_was_used_revoked_or_never_valid()
    {
        using var owner = await SignIn.TokenClientAsync(Factory, SetUpSilo.UserName, SetUpSilo.Password);
        var used = await SignIn.InviteAsync(owner, "Viewer");
        var revoked = await SignIn.InviteAsync(owner, "Viewer");
        using var anonymous = Factory.CreateClient();
        using var first = await anonymous.PostAsJsonAsync("/api/v1/invites/accept", new { token = used, userName = "used-once", password = SetUpSilo.Password });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var revokedId = revoked["goi_".Length..("goi_".Length + 32)];
        using var revoke = await owner.DeleteAsync($"/api/v1/orgs/default/invites/{revokedId}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        using var again = await anonymous.PostAsJsonAsync("/api/v1/invites/accept", new { token = used, userName = "used-twice", password = SetUpSilo.Password });
        using var afterRevoke = await anonymous.PostAsJsonAsync("/api/v1/invites/accept", new { token = revoked, userName = "revoked", password = SetUpSilo.Password });
        // The right invite id with another secret: only the token's holder learns what became of it.
        using var forged = await anonymous.PostAsJsonAsync("/api/v1/invites/accept", new { token = used[..^4] + "AAAA", userName = "forged", password = SetUpSilo.Password });

        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        Assert.Contains("already used", await DetailAsync(again), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, afterRevoke.StatusCode);
        Assert.Contains("revoked", await DetailAsync(afterRevoke), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains("not valid", await DetailAsync(forged), StringComparison.Ordinal);
        // None of the refused attempts took the user name it asked for.
        using var nameFree = await anonymous.PostAsJsonAsync("/api/v1/invites/accept", new { token = await SignIn.InviteAsync(owner, "Viewer"), userName = "used-twice", password = SetUpSilo.Password });
        Assert.Equal(HttpStatusCode.OK, nameFree.StatusCode);
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString() ?? "";

    [Fact]
    public async Task Per_server_grant_narrows_a_members_console_on_that_server_only()
    {
        using var owner = await SignIn.TokenClientAsync(Factory, SetUpSilo.UserName, SetUpSilo.Password);
        using var created = await owner.PostAsJsonAsync("/api/v1/hosts", new { name = "Box" });
        var hostId = (await created.Content.ReadFromJsonAsync<CreatedHost>(GameOpsApi.Json))!.Host.Id;
        var token = await SignIn.InviteAsync(owner, "Viewer");
        using var anonymous = Factory.CreateClient();
        using var accepted = await anonymous.PostAsJsonAsync("/api/v1/invites/accept", new { token, userName = "carol", password = SetUpSilo.Password });
        var userId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString();
        using var narrowed = await owner.PutAsJsonAsync($"/api/v1/orgs/default/members/{userId}", new { role = "Viewer", servers = new Dictionary<string, string[]> { [$"{hostId}/main"] = [] } });
        using var carol = await SignIn.TokenClientAsync(Factory, "carol", SetUpSilo.Password);

        using var main = await carol.GetAsync($"/api/v1/hosts/{hostId}/servers/main/console", HttpCompletionOption.ResponseHeadersRead);
        using var other = await carol.GetAsync($"/api/v1/hosts/{hostId}/servers/other/console", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, narrowed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, main.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }
}
